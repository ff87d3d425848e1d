// The actor network: canonical actors as nodes (area by mentions), merged events between
// them as edges (green cooperation, red conflict), placed by a small force layout.

import { s, h, replace, widthOf } from "./dom.js";
import { tone } from "./timeline.js";

/** Edges of the network from merged events: one per source → target and quad class, with a count
 * and the mean Goldstein score (the same grouping as `Newsgraph.network`). */
export function edgesOf(events) {
  const groups = new Map();
  for (const e of events) {
    if (!e.source_id || !e.target_id || e.source_id === e.target_id) continue;
    const key = `${e.source_id}\u0000${e.target_id}\u0000${e.quad_class}`;
    const edge = groups.get(key) ?? { source: e.source_id, target: e.target_id, quad_class: e.quad_class, count: 0, total: 0 };
    edge.count += 1;
    edge.total += e.goldstein ?? 0;
    groups.set(key, edge);
  }
  return [...groups.values()].map(({ total, ...edge }) => ({ ...edge, goldstein: total / edge.count }));
}

/** Node radius: area grows with mentions, so radius with their square root. */
export const radius = (mentions) => Math.min(30, 4 + 2.2 * Math.sqrt(mentions ?? 0));

/** Positions {id: {x, y}} inside width × height by Fruchterman–Reingold: nodes repel, edges pull,
 * a weak pull to the centre keeps unconnected actors in view. Deterministic (starts on a circle). */
export function layout(nodes, edges, width, height, iterations = 300) {
  const n = nodes.length;
  const k = Math.sqrt((width * height) / Math.max(n, 1)) * 0.8;
  const pos = nodes.map((_, i) => ({ x: width / 2 + (width / 3) * Math.cos((2 * Math.PI * i) / n),
    y: height / 2 + (height / 3) * Math.sin((2 * Math.PI * i) / n) }));
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const radii = nodes.map((node) => radius(node.mentions));
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)]).filter(([a, b]) => a !== undefined && b !== undefined);
  // Gravity strong enough that n nodes repelling each other settle within ~0.45 of the box:
  // at radius R the repulsion n·k²/R balances the pull g·R.
  const reach = 0.45 * Math.min(width, height);
  const gravity = (n * k * k) / (reach * reach);
  for (let step = 0; step < iterations; step++) {
    const shift = pos.map(() => ({ x: 0, y: 0 }));
    repel(pos, shift, k);
    attract(pos, shift, links, k);
    const heat = (width / 8) * (1 - step / iterations) + 0.5;
    pos.forEach((p, i) => {
      shift[i].x += (width / 2 - p.x) * gravity;
      shift[i].y += (height / 2 - p.y) * gravity;
      const length = Math.hypot(shift[i].x, shift[i].y) || 1;
      p.x += (shift[i].x / length) * Math.min(length, heat);
      p.y += (shift[i].y / length) * Math.min(length, heat);
    });
    separate(pos, radii);
  }
  return fit(nodes, pos, width, height);
}

/** Push apart any two nodes whose circles (plus a gap) overlap, half the overlap each. */
function separate(pos, radii) {
  for (let i = 0; i < pos.length; i++) {
    for (let j = i + 1; j < pos.length; j++) {
      const dx = pos[i].x - pos[j].x;
      const dy = pos[i].y - pos[j].y;
      const d = Math.hypot(dx, dy) || 0.01;
      const overlap = radii[i] + radii[j] + 8 - d;
      if (overlap <= 0) continue;
      const [ux, uy] = [(dx / d) * (overlap / 2), (dy / d) * (overlap / 2)];
      pos[i].x += ux; pos[i].y += uy;
      pos[j].x -= ux; pos[j].y -= uy;
    }
  }
}

function repel(pos, shift, k) {
  for (let i = 0; i < pos.length; i++) {
    for (let j = i + 1; j < pos.length; j++) {
      const dx = pos[i].x - pos[j].x || 0.01 * (i - j);
      const dy = pos[i].y - pos[j].y;
      const d2 = Math.max(dx * dx + dy * dy, 0.01);
      const force = (k * k) / d2;  // k²/d along the unit vector (dx, dy)/d
      shift[i].x += dx * force; shift[i].y += dy * force;
      shift[j].x -= dx * force; shift[j].y -= dy * force;
    }
  }
}

function attract(pos, shift, links, k) {
  for (const [a, b] of links) {
    const dx = pos[a].x - pos[b].x;
    const dy = pos[a].y - pos[b].y;
    const force = Math.hypot(dx, dy) / k;  // d²/k along the unit vector
    shift[a].x -= dx * force; shift[a].y -= dy * force;
    shift[b].x += dx * force; shift[b].y += dy * force;
  }
}

/** Scale positions into the box with a margin wide enough for the biggest node and its label. */
function fit(nodes, pos, width, height) {
  const margin = 34;
  const labels = 110;  // room right of the rightmost node for its name
  const xs = pos.map((p) => p.x);
  const ys = pos.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (width - 2 * margin - labels) / Math.max(x1 - x0, 1);
  const sy = (height - 2 * margin) / Math.max(y1 - y0, 1);
  return new Map(nodes.map((node, i) => [node.id, {
    x: x1 > x0 ? margin + (pos[i].x - x0) * sx : width / 2,
    y: y1 > y0 ? margin + (pos[i].y - y0) * sy : height / 2,
  }]));
}

/** Draw the network of `nodes` and `edges` into `node`; `onNode(actor)` runs when an actor is clicked. */
export function drawNetwork(node, nodes, edges, onNode) {
  if (!nodes.length) {
    replace(node, h("p", { class: "empty" }, "No actors in events."));
    return;
  }
  const width = widthOf(node, 600);
  const height = Math.round(Math.max(320, Math.min(560, width * 0.75)));
  const at = layout(nodes, edges, width, height);
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "network", role: "img",
    "aria-label": `${nodes.length} actors, ${edges.length} relations` });
  svg.append(s("g", { class: "edges" }, curvedEdges(edges, at, names)));
  svg.append(s("g", { class: "nodes" }, nodes.map((actor) => nodeMark(actor, at.get(actor.id), onNode))));
  // Names above every circle, so a big node never hides a neighbour's name.
  svg.append(s("g", { class: "labels", "aria-hidden": "true" }, nodes.map((actor) => {
    const p = at.get(actor.id);
    const gap = radius(actor.mentions) + 3;
    const left = p.x + gap + actor.name.length * 6 > width;  // ~6 px a character: keep long names inside
    return s("text", { x: (left ? p.x - gap : p.x + gap).toFixed(1), y: (p.y + 4).toFixed(1),
      "text-anchor": left ? "end" : "start" }, actor.name);
  })));
  replace(node, svg, h("ul", { class: "legend" }, h("li", { class: "coop" }, "— cooperation (quad 1–2)"),
    h("li", { class: "conflict" }, "— conflict (quad 3–4)"), h("li", {}, "circle area ∝ mentions")));
}

/** Edges as curves, bent apart when one pair of actors has several (e.g. cooperation and conflict). */
function curvedEdges(edges, at, names) {
  const pairs = new Map();
  for (const e of edges) {
    const key = [e.source, e.target].sort().join("\u0000");
    pairs.set(key, [...(pairs.get(key) ?? []), e]);
  }
  return [...pairs.values()].flatMap((group) => group.map((e, i) => {
    const [a, b] = [at.get(e.source), at.get(e.target)];
    if (!a || !b) return null;
    const bend = (i - (group.length - 1) / 2) * 18 * (e.source < e.target ? 1 : -1);
    const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const cx = (a.x + b.x) / 2 - ((b.y - a.y) / length) * bend;
    const cy = (a.y + b.y) / 2 + ((b.x - a.x) / length) * bend;
    const label = `${names.get(e.source)} → ${names.get(e.target)}: ${e.count} ${tone(e.quad_class)} event(s), ` +
      `mean Goldstein ${Number(e.goldstein ?? 0).toFixed(1)}`;
    return s("path", { d: `M${a.x},${a.y} Q${cx},${cy} ${b.x},${b.y}`, class: `edge ${tone(e.quad_class)}`,
      "stroke-width": 1 + 1.5 * Math.log2(e.count), "data-source": e.source, "data-target": e.target,
      "data-quad": e.quad_class }, s("title", {}, label));
  }));
}

function nodeMark(actor, p, onNode) {
  const r = radius(actor.mentions);
  const g = s("g", { class: `actor ${actor.type ?? "unknown"}`, tabindex: 0, role: "button", "data-id": actor.id,
    "data-mentions": actor.mentions, transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})` },
  s("title", {}, `${actor.name} (${actor.type ?? "actor"}${actor.country ? `, ${actor.country}` : ""}): ` +
    `${actor.mentions} mentions`),
  s("circle", { r: r.toFixed(2) }));
  g.addEventListener("click", () => onNode(actor));
  g.addEventListener("keydown", (e) => { if (e.key === "Enter") onNode(actor); });
  return g;
}
