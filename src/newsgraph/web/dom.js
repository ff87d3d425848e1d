// DOM helpers. Article text is untrusted: every string goes in through textContent or a
// text node, attributes through setAttribute; nothing is ever parsed as markup.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Set attributes on `node`, refusing inline handlers and inline style (CSP forbids them anyway). */
function setAttributes(node, attrs) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (/^on/i.test(name) || name === "style") throw new Error(`refusing attribute ${name}`);
    node.setAttribute(name, value === true ? "" : String(value));
  }
}

/** Append children: nodes as they are, anything else as a text node. */
function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element with attributes and children (strings become text, never markup). */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attrs);
  return append(node, children);
}

/** An SVG element with attributes and children. */
export function s(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attrs);
  return append(node, children);
}

/** Remove every child of `node`, then append `children`. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** The width in CSS pixels a chart in `node` should be drawn at (its box, or a fallback when hidden). */
export function widthOf(node, fallback = 800) {
  const width = Math.floor(node.getBoundingClientRect().width);
  return width > 0 ? width : fallback;
}
