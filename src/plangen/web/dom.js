// Tiny DOM helpers. Text always goes in as text (textContent), never as HTML.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/**
 * Call `callback` once, at the start of the frame after the next one, so what is on the page now is
 * painted first without it (a frame's requestAnimationFrame callbacks run before that frame is laid
 * out and painted). A hidden tab paints no frames, so after `latestMs` it is called anyway.
 * @param {() => void} callback
 */
export function afterNextPaint(callback, latestMs = 200) {
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    callback();
  };
  requestAnimationFrame(() => requestAnimationFrame(once));
  setTimeout(once, latestMs);
}

export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A button that asks before it acts: `label` shows `warning` with `yes` and
 * Cancel; `yes` calls `onYes`, Cancel puts the button back.
 */
export function confirmControl(label, warning, yes, onYes) {
  const box = h("span", { class: "plangen-start-over" });
  const ask = h("button", { type: "button", class: "md-button", onclick: () => {
    box.replaceChildren(
      h("span", { role: "alert" }, warning),
      h("button", { type: "button", class: "md-button", onclick: onYes }, yes),
      h("button", { type: "button", class: "md-button", onclick: () => box.replaceChildren(ask) }, "Cancel"));
    box.querySelector("button").focus();
  } }, label);
  box.append(ask);
  return box;
}
