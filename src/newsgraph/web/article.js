// The article pane: an article's text with one span (an event's evidence sentence or a quote)
// wrapped in <mark>. The text is untrusted and only ever enters the page as text nodes.

import { h, replace } from "./dom.js";

/** The text split around the span [start, end) given in Unicode code points (Python's offsets), so
 * characters outside the BMP (emoji, some CJK) do not shift the highlight. */
export function splitAt(text, start, end) {
  const points = Array.from(text ?? "");
  const clamp = (n) => Math.max(0, Math.min(points.length, Number(n) || 0));
  const [a, b] = [clamp(start), clamp(end)];
  return [points.slice(0, a).join(""), points.slice(a, Math.max(a, b)).join(""), points.slice(Math.max(a, b)).join("")];
}

/** Show `article` in `node` with the span `highlight` ({start, end, label}) marked and scrolled to. */
export function drawArticle(node, article, highlight) {
  const [before, marked, after] = splitAt(article.text, highlight.start, highlight.end);
  const mark = h("mark", { id: "evidence" }, marked);
  const meta = [article.source, article.published, article.external_id ?? article.id].filter(Boolean).join(" · ");
  replace(node,
    h("header", {}, h("h2", { id: "article-title" }, article.title || "(untitled)"), h("p", { class: "meta" }, meta),
      h("button", { type: "button", class: "close", "aria-label": "Close article" }, "×")),
    h("p", { class: "why" }, highlight.label),
    h("div", { class: "text", id: "article-text" }, before, mark, after));
  node.hidden = false;
  node.querySelector("button.close").addEventListener("click", () => { node.hidden = true; });
  mark.scrollIntoView({ block: "center" });
}
