// The map: pygal_maps_world's country shapes (served by the app, no tiles, no CDN), countries
// shaded by how many events happened there, a marker with a tooltip at each one's centre.

import { s, h, replace } from "./dom.js";

let countries = null;  // ISO alpha-3 → {iso2, name}, loaded once
let world = null;      // the <svg> of the world map, loaded once

/** Load the map and the ISO alpha-3 → alpha-2 table into `node` (once). */
export async function loadMap(node) {
  if (world) return;
  const [svgText, table] = await Promise.all([
    fetch("/static/vendor/worldmap.svg").then((r) => (r.ok ? r.text() : Promise.reject(new Error(`world map: ${r.status}`)))),
    fetch("/static/countries.json").then((r) => r.json()),
  ]);
  const parsed = new DOMParser().parseFromString(svgText, "image/svg+xml");
  if (parsed.querySelector("parsererror")) throw new Error("the world map SVG does not parse");
  world = document.importNode(parsed.documentElement, true);
  world.setAttribute("class", "worldmap");
  world.setAttribute("role", "img");
  world.dataset.fullView = world.getAttribute("viewBox");
  countries = table;
  replace(node, world, h("p", { class: "note", id: "map-note" }));
}

/** Events per country (ISO alpha-3 of the event's location), most first. */
export function countByCountry(events) {
  const counts = new Map();
  for (const e of events) if (e.location_country) counts.set(e.location_country, (counts.get(e.location_country) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** A country's name by ISO alpha-3 (the code itself when unknown). */
export const countryName = (iso3) => countries?.[iso3]?.name ?? iso3;

/** Shade and mark the countries of `events`, `selected` (ISO alpha-3) outlined; `onCountry(iso3)` runs
 * when a marker is clicked. */
export function drawMap(events, onCountry, selected = null) {
  if (!world) return;
  unmark();
  const counts = countByCountry(events);
  const { placed, missing } = shade(counts);
  // Markers are sized against the zoomed view so that they read the same at any zoom.
  const unit = zoomTo(placed.map((p) => p.box)) / 120;
  world.append(s("g", { class: "markers" }, placed.map((p) => markerAt(p, unit, onCountry, p.iso3 === selected))));
  const located = counts.reduce((sum, [, n]) => sum + n, 0);
  document.getElementById("map-note").textContent = `${located} of ${events.length} events have a located country.` +
    (missing.length ? ` Too small for the map: ${missing.join(", ")}.` : "");
}

/** Remove the previous drawing's shading and markers. */
function unmark() {
  world.querySelectorAll(".shaded").forEach((g) => {
    g.classList.remove("shaded", ...[1, 2, 3, 4, 5].map((n) => `shade-${n}`));
    delete g.dataset.count;
  });
  world.querySelector("g.markers")?.remove();
}

/** Shade each counted country in five steps up to the busiest; the placed ones (with their boxes) and
 * the names of those the map has no shape for. */
function shade(counts) {
  const most = counts.length ? counts[0][1] : 1;
  const placed = [];
  const missing = [];
  for (const [iso3, count] of counts) {
    const shape = shapeOf(iso3);
    const name = countryName(iso3);
    if (!shape) {
      missing.push(`${name} (${count})`);
      continue;
    }
    shape.classList.add("shaded", `shade-${Math.max(1, Math.ceil((5 * count) / most))}`);
    shape.dataset.count = count;
    placed.push({ box: shape.getBBox(), iso3, name, count });
  }
  return { placed, missing };
}

/** The <g> of a country's shapes by ISO alpha-3, or null when the map has none. */
function shapeOf(iso3) {
  const iso2 = countries[iso3]?.iso2;
  // Codes come from our own table; the pattern check keeps the selector well-formed regardless.
  return iso2 && /^[a-z]{2}$/.test(iso2) ? world.querySelector(`g.country.${iso2}`) : null;
}

function markerAt({ box, iso3, name, count }, unit, onCountry, selected) {
  const marker = s("circle", { cx: box.x + box.width / 2, cy: box.y + box.height / 2, r: unit * (0.6 + 0.4 * Math.sqrt(count)),
    class: selected ? "marker selected" : "marker", tabindex: 0, role: "button", "data-country": iso3, "data-count": count },
  s("title", {}, `${name}: ${count} event${count === 1 ? "" : "s"}`));
  marker.addEventListener("click", () => onCountry(iso3));
  marker.addEventListener("keydown", (e) => { if (e.key === "Enter") onCountry(iso3); });
  return marker;
}

/** Fit the view to the marked countries (padded; the whole world when there are none); returns its width. */
function zoomTo(boxes) {
  const [, , fullW, fullH] = world.dataset.fullView.split(/\s+/).map(Number);
  if (!boxes.length) {
    world.setAttribute("viewBox", world.dataset.fullView);
    return fullW;
  }
  let x0 = Math.min(...boxes.map((b) => b.x));
  let y0 = Math.min(...boxes.map((b) => b.y));
  let x1 = Math.max(...boxes.map((b) => b.x + b.width));
  let y1 = Math.max(...boxes.map((b) => b.y + b.height));
  // At least a sixth of the world wide, padded, with the map's own aspect ratio.
  const w = Math.min(fullW, Math.max((x1 - x0) * 1.3, fullW / 6));
  const hgt = Math.min(fullH, Math.max((y1 - y0) * 1.3, w * (fullH / fullW)));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  [x0, y0] = [Math.max(0, Math.min(fullW - w, cx - w / 2)), Math.max(0, Math.min(fullH - hgt, cy - hgt / 2))];
  world.setAttribute("viewBox", `${x0.toFixed(0)} ${y0.toFixed(0)} ${w.toFixed(0)} ${hgt.toFixed(0)}`);
  return w;
}
