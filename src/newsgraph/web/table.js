// The event table and its filters (the same ones as `newsgraph events`).

import { h, replace } from "./dom.js";
import { tone } from "./timeline.js";

export const FILTERS = ["actor", "country", "cameo", "plover", "status", "since", "until"];
const PLOVER = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const STATUS = ["occurred", "planned", "possible", "negated"];

/** The filter form; `onFilter(params)` runs with the non-empty filters on submit and on reset. */
export function filterForm(onFilter) {
  const field = (name, control) => h("label", {}, h("span", {}, name), control);
  const choice = (name, values) => h("select", { name }, h("option", { value: "" }, "any"),
    values.map((v) => h("option", { value: v }, v)));
  const form = h("form", { id: "filters", class: "filters" },
    field("actor", h("input", { name: "actor", type: "search", placeholder: "name or alias" })),
    field("country", h("input", { name: "country", placeholder: "actor ISO3", title: "country (ISO alpha-3) of either actor", size: 6, maxlength: 3 })),
    field("cameo", h("input", { name: "cameo", placeholder: "code prefix", size: 6, maxlength: 4 })),
    field("plover", choice("plover", PLOVER)),
    field("status", choice("status", STATUS)),
    field("since", h("input", { name: "since", placeholder: "YYYY[-MM[-DD]]", size: 10 })),
    field("until", h("input", { name: "until", placeholder: "YYYY[-MM[-DD]]", size: 10 })),
    h("button", { type: "submit" }, "Filter"), h("button", { type: "reset" }, "Clear"));
  form.addEventListener("submit", (e) => { e.preventDefault(); onFilter(formFilters(form)); });
  form.addEventListener("reset", () => setTimeout(() => onFilter({}), 0));  // after the fields clear
  return form;
}

/** The form's non-empty filters as query parameters. */
export function formFilters(form) {
  const data = new FormData(form);
  return Object.fromEntries(FILTERS.map((k) => [k, String(data.get(k) ?? "").trim()]).filter(([, v]) => v));
}

/** Set one filter field (e.g. from a click on the network or the map) and submit the form. */
export function applyFilter(form, name, value) {
  form.elements.namedItem(name).value = value;
  form.requestSubmit();
}

/** Draw `events` as table rows into `node`; `onPick(event)` runs when a row is clicked. */
export function drawTable(node, events, total, onPick) {
  const head = h("thead", {}, h("tr", {}, ["date", "status", "source", "event", "target", "where", "article",
    "evidence"].map((c) => h("th", { scope: "col" }, c))));
  const body = h("tbody", {}, events.map((e) => row(e, onPick)));
  const count = h("p", { class: "note", id: "event-count" },
    total > events.length ? `Showing ${events.length} of ${total} events.` : `${events.length} events.`);
  replace(node, count, h("table", { class: "events" }, head, body));
}

function row(e, onPick) {
  const tr = h("tr", { class: `st-${e.status}`, tabindex: 0, "data-id": e.id, "data-article": e.article,
    "data-status": e.status },
  h("td", { class: "date" }, e.date ?? "—"),
  h("td", {}, h("span", { class: `badge st-${e.status}` }, e.status)),
  h("td", {}, e.source ?? "—"),
  h("td", { class: tone(e.quad_class), title: e.plover ?? "" }, `${e.cameo} ${e.plover ?? ""}`),
  h("td", {}, e.target ?? "—"),
  h("td", {}, e.location ?? e.location_country ?? "—"),
  h("td", { class: "doc" }, e.article),
  h("td", { class: "evidence" }, e.evidence ?? ""));
  tr.addEventListener("click", () => onPick(e));
  tr.addEventListener("keydown", (k) => { if (k.key === "Enter") onPick(e); });
  return tr;
}
