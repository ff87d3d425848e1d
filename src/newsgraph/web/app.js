// The page: a story picker driving a timeline, an actor network, a map, an event table and
// the quotes; any event or quote opens its article with the evidence highlighted.

import { getAll, getJSON } from "./api.js";
import { h, replace } from "./dom.js";
import { drawArticle } from "./article.js";
import { countryName, drawMap, loadMap } from "./map.js";
import { drawNetwork, edgesOf } from "./network.js";
import { drawQuotes } from "./quotes.js";
import { applyFilter, drawTable, filterForm } from "./table.js";
import { describe, drawTimeline } from "./timeline.js";

const $ = (id) => document.getElementById(id);
const state = {
  story: "", stories: [],
  filters: {}, events: [], total: 0, place: null,  // the table's API filters, its rows, and a map pick
  pending: 0, tickets: { merged: 0, events: 0, quotes: 0 },
  redraw: () => {},  // draws the timeline and the network again (at a new width)
};
const articles = new Map();  // external id → article, fetched once each

/** Mark the page busy while `work` runs (ready when nothing else is loading either), and show a
 * failure instead of failing silently. */
async function busy(work) {
  state.pending += 1;
  document.body.dataset.state = "loading";
  try {
    await work();
    $("status").textContent = "";
  } catch (error) {
    $("status").textContent = `Could not load: ${error.message}`;
    console.error(error);
  } finally {
    state.pending -= 1;
    if (!state.pending) document.body.dataset.state = $("status").textContent ? "error" : "ready";
  }
}

/** A new ticket for `view`; an answer that comes back holding an older one is dropped (the user moved on). */
const ticket = (view) => ++state.tickets[view];
const stale = (view, held) => held !== state.tickets[view];

/** Keep the items of one of the selected story's articles (all of them when no story is picked). */
/** The API's story filter for the picked story (the server pages through that story only). */
const storyParam = () => (state.story ? { story: state.story } : {});

async function loadStories() {
  state.stories = (await getAll("/api/stories")).items;
  replace($("story"), h("option", { value: "" }, "All stories"), state.stories.map((story) =>
    h("option", { value: story.id }, `${story.label} (${story.n_articles} article${story.n_articles === 1 ? "" : "s"})`)));
  const wanted = new URLSearchParams(location.hash.slice(1)).get("story");
  if (state.stories.some((story) => String(story.id) === wanted)) state.story = $("story").value = wanted;
}

/** Timeline and network: both drawn from the merged events of the story. */
async function loadMerged() {
  const held = ticket("merged");
  const story = state.story || undefined;
  const [merged, network] = await Promise.all([getAll("/api/merged-events", { story }), getJSON("/api/network", { story })]);
  if (stale("merged", held)) return;
  // Actors of the story's events only; edges from the same events, so a story shows its own relations.
  const involved = new Set(merged.items.flatMap((e) => [e.source_id, e.target_id]).filter(Boolean));
  const nodes = network.nodes.filter((n) => involved.has(n.id));
  // The layout is quadratic in actors: beyond a readable number keep the most mentioned ones.
  const shown = nodes.sort((a, b) => b.mentions - a.mentions || a.id.localeCompare(b.id)).slice(0, MAX_ACTORS);
  const kept = new Set(shown.map((n) => n.id));
  const edges = edgesOf(merged.items).filter((e) => kept.has(e.source) && kept.has(e.target));
  state.redraw = () => {
    drawTimeline($("timeline"), merged.items, openMerged);
    drawNetwork($("network"), shown, edges, (actor) => applyFilter($("filters"), "actor", actor.name));
    if (shown.length < nodes.length) {
      $("network").append(h("p", { class: "note" }, `The ${shown.length} most mentioned of ${nodes.length} actors.`));
    }
  };
  state.redraw();
}

const MAX_ACTORS = 80;

/** The events under the table's filters (the API's) and the story. */
async function loadEvents(filters) {
  const held = ticket("events");
  state.filters = filters;
  const { items, total } = await getAll("/api/events", { ...filters, ...storyParam() });
  if (stale("events", held)) return;
  state.events = items;
  state.total = total;
  drawEvents();
}

/** The map (every filtered event) and the table (those located in the picked country, if one is). */
function drawEvents() {
  const rows = state.place ? state.events.filter((e) => e.location_country === state.place) : state.events;
  drawMap(state.events, pickPlace, state.place);
  drawTable($("events"), rows, state.place ? rows.length : state.total, openEvent);
  if (!state.place) {
    replace($("place"));
    return;
  }
  const clear = h("button", { type: "button", "aria-label": "Show events everywhere" }, "×");
  clear.addEventListener("click", () => pickPlace(null));
  replace($("place"), h("span", { class: "chip" }, `located in ${countryName(state.place)} `, clear));
}

/** Show only the events located in `iso3` (again: all of them). */
function pickPlace(iso3) {
  state.place = iso3 === state.place ? null : iso3;
  drawEvents();
}

async function loadQuotes() {
  const held = ticket("quotes");
  const { items, total } = await getAll("/api/quotes", storyParam());
  if (stale("quotes", held)) return;
  drawQuotes($("quotes"), items, total, openQuote);
}

async function refresh() {
  state.place = null;
  await Promise.all([loadMerged(), loadEvents(state.filters), loadQuotes()]);
}

async function openArticle(key, start, end, label) {
  if (!articles.has(key)) articles.set(key, await getJSON(`/api/articles/${encodeURIComponent(key)}`));
  drawArticle($("article"), articles.get(key), { start, end, label });
}

/** A per-article event (table row): its evidence sentence in its article. */
const openEvent = (e) => busy(() => openArticle(e.article, e.evidence_start, e.evidence_end, `Evidence: ${describe(e)}`));

/** A merged event (timeline marker): the evidence in the first article that reported it. */
const openMerged = (e) => {
  const first = (e.mentions ?? [])[0];
  if (!first) return;
  const also = e.mentions.length > 1 ? ` (also reported by ${e.mentions.length - 1} more)` : "";
  busy(() => openArticle(first.article, first.evidence_start, first.evidence_end, `Evidence: ${describe(e)}${also}`));
};

const openQuote = (q) => busy(() => openArticle(q.article, q.start_char ?? q.start, q.end_char ?? q.end,
  `Quote: ${q.speaker ?? q.speaker_text ?? "unattributed"} ${q.verb ?? "said"}`));

function main() {
  $("filters-slot").replaceWith(filterForm((filters) => busy(() => loadEvents(filters))));
  $("story").addEventListener("change", (e) => {
    state.story = e.target.value;
    history.replaceState(null, "", state.story ? `#story=${state.story}` : location.pathname);
    busy(refresh);
  });
  let resizing = 0;
  window.addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => state.redraw(), 200);  // once the user has stopped dragging
  });
  busy(async () => {
    await Promise.all([loadStories(), loadMap($("map"))]);
    await refresh();
  });
}

main();
