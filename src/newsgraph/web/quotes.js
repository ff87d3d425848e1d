// The quotes list: who said what, in which article; a click shows the quote in its article.

import { h, replace } from "./dom.js";

/** Draw `quotes` into `node`; `onPick(quote)` runs when one is clicked. */
export function drawQuotes(node, quotes, total, onPick) {
  if (!quotes.length) {
    replace(node, h("p", { class: "empty" }, "No quotes."));
    return;
  }
  const items = quotes.map((q) => {
    const li = h("li", { tabindex: 0, role: "button", "data-id": q.id, "data-article": q.article },
      h("blockquote", {}, `“${q.text}”`),
      h("p", { class: "who" }, `${q.speaker ?? q.speaker_text ?? "unattributed"}`,
        q.channel ? ` (${q.channel})` : "", ` — ${q.article}`));
    li.addEventListener("click", () => onPick(q));
    li.addEventListener("keydown", (k) => { if (k.key === "Enter") onPick(q); });
    return li;
  });
  const note = total > quotes.length ? h("p", { class: "note" }, `Showing ${quotes.length} of ${total} quotes.`) : null;
  replace(node, note, h("ol", { class: "quotes" }, items));
}
