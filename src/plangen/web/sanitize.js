// An allowlist for the HTML and SVG the engine produces. The engine's output
// is trusted when it comes fresh from the worker, but a saved plan comes back
// from localStorage, which anything with access to this browser can edit, so
// it is always rebuilt from allowed elements and attributes only.

const HTML_ELEMENTS = new Set([
  "P", "UL", "OL", "LI", "STRONG", "EM", "B", "I", "CODE", "PRE", "BLOCKQUOTE", "A", "BDI", "BR", "HR",
  "H3", "H4", "H5", "H6", "TABLE", "THEAD", "TBODY", "TR", "TH", "TD", "SPAN", "DIV",
]);
const SVG_ELEMENTS = new Set(["svg", "title", "desc", "line", "rect", "text", "g"]);
const SVG_ATTRIBUTES = new Set([
  "viewBox", "class", "role", "aria-labelledby", "id", "x", "y", "x1", "y1", "x2", "y2", "width", "height", "text-anchor",
]);
// Paint and size, only as plain values: a colour can never become url(...) pointing elsewhere.
const SVG_VALUES = new Map([
  ["fill", /^(#[0-9a-fA-F]{3,8}|none|currentColor)$/],
  ["stroke", /^(#[0-9a-fA-F]{3,8}|none|currentColor)$/],
  ["font-size", /^\d{1,2}$/],
]);

/** An absolute http(s) URL for `value`, or null for anything else (javascript:, data:, ...). */
export function safeHref(value) {
  try {
    const url = new URL(value, window.location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function copyHtml(node, doc) {
  if (node.nodeType === Node.TEXT_NODE) return doc.createTextNode(node.data);
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  if (!HTML_ELEMENTS.has(node.tagName)) return doc.createTextNode(node.textContent);
  const clean = doc.createElement(node.tagName.toLowerCase());
  if (node.tagName === "A") {
    const href = safeHref(node.getAttribute("href") ?? "");
    if (href) clean.setAttribute("href", href);
  }
  if (node.hasAttribute("class")) clean.setAttribute("class", node.getAttribute("class"));
  if (node.hasAttribute("id") && /^[a-z0-9-]+$/.test(node.getAttribute("id"))) clean.setAttribute("id", node.getAttribute("id"));
  for (const child of node.childNodes) {
    const copy = copyHtml(child, doc);
    if (copy) clean.append(copy);
  }
  return clean;
}

/** A <div> holding only allowed elements and attributes from `markup`. */
export function safeHtml(markup) {
  const parsed = new DOMParser().parseFromString(`<div>${markup}</div>`, "text/html").body.firstElementChild;
  return copyHtml(parsed, document) ?? document.createElement("div");
}

function copySvg(node, doc) {
  if (node.nodeType === Node.TEXT_NODE) return doc.createTextNode(node.data);
  if (node.nodeType !== Node.ELEMENT_NODE || !SVG_ELEMENTS.has(node.localName)) return null;
  const clean = doc.createElementNS("http://www.w3.org/2000/svg", node.localName);
  for (const { name, value } of node.attributes) {
    if (SVG_ATTRIBUTES.has(name) || SVG_VALUES.get(name)?.test(value)) clean.setAttribute(name, value);
  }
  for (const child of node.childNodes) {
    const copy = copySvg(child, doc);
    if (copy) clean.append(copy);
  }
  return clean;
}

/** An <svg> holding only allowed chart elements from `markup`, or null. */
export function safeSvg(markup) {
  const parsed = new DOMParser().parseFromString(markup, "image/svg+xml").documentElement;
  return parsed.localName === "svg" ? copySvg(parsed, document) : null;
}
