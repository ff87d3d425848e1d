// The timeline: merged events placed by the date they happened (not the date reported),
// one marker each, drawn by status (occurred filled, planned hollow and dashed, possible
// faded, negated struck through) and coloured by cooperation or conflict.

import { s, h, replace, widthOf } from "./dom.js";
import { span, ticks } from "./dates.js";

const LANE = 16;
const MARGIN = { left: 16, right: 16, top: 10, bottom: 28 };

/** The CSS class of a CAMEO quad class: 1–2 cooperation, 3–4 conflict. */
export function tone(quad) {
  if (quad === 1 || quad === 2) return "coop";
  if (quad === 3 || quad === 4) return "conflict";
  return "neutral";
}

/** One line describing an event: date, status, who did what to whom. */
export function describe(event) {
  const what = event.cameo_name ?? event.plover ?? `CAMEO ${event.cameo}`;
  const whom = event.target ? ` → ${event.target}` : "";
  return `${event.date ?? "undated"} · ${event.status} · ${event.source ?? "?"}: ${what} (${event.cameo})${whom}`;
}

/** Draw `events` (merged events) into `node`; `onPick(event)` runs when a marker is clicked. */
export function drawTimeline(node, events, onPick) {
  const dated = events.map((e) => ({ event: e, span: span(e.date) })).filter((d) => d.span);
  const undated = events.length - dated.length;
  if (!dated.length) {
    replace(node, h("p", { class: "empty" }, `No dated events (${undated} undated).`));
    return;
  }
  const width = widthOf(node);
  const x = scale(dated, width);
  const lanes = assignLanes(dated.map((d) => x(mid(d.span))));
  const height = MARGIN.top + (Math.max(...lanes) + 1) * LANE + MARGIN.bottom;
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "timeline", role: "img",
    "aria-label": `${dated.length} dated events on a timeline` });
  svg.append(axis(x, height));
  dated.forEach((d, i) => svg.append(marker(d, x, MARGIN.top + lanes[i] * LANE + LANE / 2, onPick)));
  const note = undated ? h("p", { class: "note" }, `${undated} undated event(s) are not placed; see the table.`) : null;
  replace(node, svg, legend(), note);
}

const mid = ([start, end]) => (start + end) / 2;

/** Time (ms) → x, linear within each cluster of events; a long empty stretch between clusters
 * (a 2008 visit in a story about 2019) is cut out and drawn as a break so the clusters stay readable. */
function scale(dated, width) {
  const segments = clusters(dated.map((d) => d.span));
  const inner = width - MARGIN.left - MARGIN.right - GAP * (segments.length - 1);
  let left = MARGIN.left;
  const placed = segments.map(({ a, b, n }) => {
    // Each cluster gets room by how many events it holds, but never less than a few markers' worth.
    const room = Math.max(inner * (n / dated.length), Math.min(80, inner / segments.length));
    const part = { a, b, left, right: left + room };
    left += room + GAP;
    return part;
  });
  const squeeze = (width - MARGIN.right - MARGIN.left) / (left - GAP - MARGIN.left);
  for (const part of placed) {  // the minimum widths may overshoot; scale everything back inside
    part.left = MARGIN.left + (part.left - MARGIN.left) * squeeze;
    part.right = MARGIN.left + (part.right - MARGIN.left) * squeeze;
  }
  const x = (t) => {
    const part = placed.find((p) => t <= p.b) ?? placed[placed.length - 1];
    return part.left + ((t - part.a) / (part.b - part.a)) * (part.right - part.left);
  };
  x.parts = placed;
  return x;
}

const GAP = 26;
const DAY = 86_400_000;

/** Padded time ranges {a, b, n: spans inside} covering the spans, split where nothing happens for a long while. */
function clusters(spans) {
  const sorted = [...spans].sort((p, q) => p[0] - q[0]);
  const from = sorted[0][0];
  const to = Math.max(...sorted.map((p) => p[1]));
  const quiet = Math.max((to - from) * 0.2, 180 * DAY);
  const out = [];
  for (const [start, end] of sorted) {
    const last = out[out.length - 1];
    if (!last || start - last.b > quiet) out.push({ a: start, b: end, n: 1 });
    else Object.assign(last, { b: Math.max(last.b, end), n: last.n + 1 });
  }
  return out.map(({ a, b, n }) => {
    const pad = Math.max((b - a) * 0.03, 3 * DAY);
    return { a: a - pad, b: b + pad, n };
  });
}

/** Lane (row) per marker so that markers closer than a marker's width stack instead of overlap. */
function assignLanes(xs) {
  const order = xs.map((value, i) => [value, i]).sort((a, b) => a[0] - b[0]);
  const ends = [];
  const lanes = new Array(xs.length);
  for (const [value, i] of order) {
    let lane = ends.findIndex((end) => end + 14 <= value);
    if (lane < 0) lane = ends.length < 14 ? ends.push(0) - 1 : ends.indexOf(Math.min(...ends));
    ends[lane] = value;
    lanes[i] = lane;
  }
  return lanes;
}

/** The time axis: ticks per cluster, and a break mark where empty time was cut out. */
function axis(x, height) {
  const y = height - MARGIN.bottom;
  const g = s("g", { class: "axis" });
  x.parts.forEach((part, i) => {
    g.append(s("line", { x1: part.left, x2: part.right, y1: y, y2: y }));
    for (const tick of ticks(part.a, part.b, Math.max(1, Math.floor((part.right - part.left) / 90)))) {
      const tx = x(tick.t);
      g.append(s("line", { x1: tx, x2: tx, y1: MARGIN.top, y2: y + 4, class: "grid" }),
        s("text", { x: tx, y: height - 8, "text-anchor": "middle" }, tick.label));
    }
    if (i > 0) {
      const bx = part.left - GAP / 2;
      g.append(s("g", { class: "break" }, s("title", {}, "time without events left out"),
        s("line", { x1: bx - 6, x2: bx - 2, y1: y + 5, y2: y - 5 }), s("line", { x1: bx + 2, x2: bx + 6, y1: y + 5, y2: y - 5 })));
    }
  });
  return g;
}

/** One event's marker: a span bar for its date's precision, a circle, a strike for negated events. */
function marker({ event, span: [start, end] }, x, y, onPick) {
  const cx = x((start + end) / 2);
  const g = s("g", { class: `event st-${event.status} ${tone(event.quad_class)}`, tabindex: 0, role: "button",
    "data-id": event.id, "data-status": event.status, "data-date": event.date },
  s("title", {}, `${describe(event)}\nreported by ${(event.docs ?? []).join(", ")}`),
  s("line", { x1: x(start), x2: Math.max(x(end), x(start) + 1), y1: y, y2: y, class: "span" }),
  s("circle", { cx, cy: y, r: 5 }));
  if (event.status === "negated") g.append(s("line", { x1: cx - 7, x2: cx + 7, y1: y + 5, y2: y - 5, class: "strike" }));
  g.addEventListener("click", () => onPick(event));
  g.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") onPick(event); });
  return g;
}

/** The key: the four statuses as they are drawn, and the two tones. */
function legend() {
  const items = ["occurred", "planned", "possible", "negated"].map((status) => {
    const sample = s("svg", { width: 18, height: 14, viewBox: "0 0 18 14" },
      s("g", { class: `event st-${status} neutral` }, s("circle", { cx: 9, cy: 7, r: 5 }),
        status === "negated" ? s("line", { x1: 2, x2: 16, y1: 12, y2: 2, class: "strike" }) : null));
    return h("li", {}, sample, ` ${status}`);
  });
  items.push(h("li", { class: "coop" }, "■ cooperation"), h("li", { class: "conflict" }, "■ conflict"));
  return h("ul", { class: "legend" }, items);
}
