// One question on screen: its heading, help, controls, error line and the
// Back and Next buttons. It draws and reads; what an answer or a button
// does is the caller's (the quiz flow, the change flow).
import { h } from "./dom.js";

/**
 * @typedef {object} QuestionScreen
 * @property {HTMLFormElement} form
 * @property {HTMLElement} heading  takes the focus when the screen shows
 * @property {(text: string) => void} setProgress
 * @property {(hidden: boolean) => void} setBackHidden  Back keeps its place when hidden, so Next never moves
 * @property {(label: string) => void} setNextLabel
 * @property {(busy: boolean) => void} setBusy  Next is disabled while the engine works
 * @property {(message: string) => void} showError  announced, and given the focus
 * @property {() => unknown} value  the answer on screen, or null when none
 */

/**
 * Draw `question` with `saved` (its saved answer, if any) selected.
 * @param {any} question  one entry of the questions file
 * @param {unknown} saved
 * @param {{editing: boolean, onInput: (value: unknown) => void, onSubmit: () => void, onBack: () => void}} handlers
 * @returns {QuestionScreen}
 */
export function questionScreen(question, saved, { editing, onInput, onSubmit, onBack }) {
  const name = `q-${question.id}`;
  // The question is the fieldset's legend and the screen's heading at once.
  const heading = h("h2", { id: "plangen-question", tabindex: "-1" }, question.text, " ",
    h("span", { class: "plangen-required" }, question.required ? "(required)" : "(optional)"));
  const describedBy = [question.help ? "plangen-help" : null, "plangen-error"].filter(Boolean).join(" ");
  const error = h("p", { id: "plangen-error", class: "plangen-error", role: "alert", tabindex: "-1" });
  let form;
  const value = () => readValue(question, [...form.querySelectorAll(`[name="${name}"]`)]);
  const changed = () => {
    error.textContent = "";
    onInput(value());
  };
  const fieldset = h("fieldset", { class: "plangen-fieldset", "aria-describedby": describedBy },
    h("legend", { class: "plangen-legend" }, heading),
    question.help ? h("p", { id: "plangen-help", class: "plangen-help" }, question.help) : null,
    controlsFor(question, saved, name, changed));
  const back = h("button", { type: "button", class: "md-button plangen-back", onclick: onBack },
    editing ? "Back to my plan" : "Back");
  const next = h("button", { type: "submit", class: "md-button md-button--primary plangen-next" },
    editing ? "Save and update my plan" : "Next");
  const progress = h("p", { class: "plangen-progress" });
  form = h("form", { class: "plangen-form", novalidate: true, "aria-label": editing ? "Change one answer" : "Quiz question",
    onsubmit: (event) => { event.preventDefault(); onSubmit(); } },
    progress, fieldset, error,
    // Back and Next each keep one column of their own, on every screen and at every width.
    h("div", { class: "plangen-nav" }, back, next));
  return {
    form, heading, value,
    setProgress: (text) => { progress.textContent = text; },
    setBackHidden: (hidden) => {
      back.classList.toggle("plangen-placeholder", hidden);
      back.disabled = hidden;
    },
    setNextLabel: (label) => { next.textContent = label; },
    setBusy: (busy) => { next.disabled = busy; },
    showError: (message) => {
      error.textContent = message;
      error.focus();
    },
  };
}

/** The inputs for one question, with `saved` selected. */
function controlsFor(question, saved, name, onchange) {
  if (question.type === "single" || question.type === "multi") {
    const type = question.type === "single" ? "radio" : "checkbox";
    return h("div", { class: "plangen-options" }, question.options.map((option) => {
      const checked = type === "radio" ? saved === option.id : Array.isArray(saved) && saved.includes(option.id);
      return h("label", { class: "plangen-option" },
        h("input", { type, name, value: option.id, checked, onchange }), h("span", {}, option.label));
    }));
  }
  if (question.type === "scale" && question.max - question.min <= 10) return scaleRow(question, saved, name, onchange);
  if (question.type === "scale") {
    return h("div", { class: "plangen-field" },
      h("label", { for: name }, `A whole number from ${question.min} (${question.min_label}) to ${question.max} (${question.max_label})`),
      h("input", { type: "number", id: name, name, min: question.min, max: question.max, step: 1, inputmode: "numeric",
        value: Number.isInteger(saved) ? saved : null, oninput: onchange }));
  }
  return h("div", { class: "plangen-field" },
    h("label", { for: name }, `Your answer (up to ${question.max_length} characters)`),
    h("input", { type: "text", id: name, name, maxlength: question.max_length, autocomplete: "off", spellcheck: "false",
      value: typeof saved === "string" ? saved : null, oninput: onchange }));
}

/** A short scale as one row of points, its two end labels under its two ends. */
function scaleRow(question, saved, name, onchange) {
  const values = Array.from({ length: question.max - question.min + 1 }, (_, i) => question.min + i);
  const label = (value) => (value === question.min ? `${value}: ${question.min_label}`
    : value === question.max ? `${value}: ${question.max_label}` : String(value));
  return h("div", { class: "plangen-scale" },
    h("div", { class: "plangen-scale-row" },
      values.map((value) => h("label", { class: "plangen-scale-point" },
        h("input", { type: "radio", name, value, checked: saved === value, onchange, "aria-label": label(value) }),
        h("span", { "aria-hidden": "true" }, String(value))))),
    h("div", { class: "plangen-scale-ends", "aria-hidden": "true" },
      h("span", { class: "plangen-scale-end plangen-scale-min" }, question.min_label),
      h("span", { class: "plangen-scale-end plangen-scale-max" }, question.max_label)));
}

/** The answer the inputs hold: an option id, a list, a number, text, or null for none. */
function readValue(question, inputs) {
  let value;
  if (question.type === "multi") value = inputs.filter((i) => i.checked).map((i) => i.value);
  else if (question.type === "single") value = inputs.find((i) => i.checked)?.value ?? null;
  else if (question.type === "scale") {
    const raw = inputs.length > 1 ? inputs.find((i) => i.checked)?.value ?? "" : inputs[0].value.trim();
    value = raw === "" ? null : Number(raw);
  } else value = inputs[0].value;
  return value === "" || (Array.isArray(value) && value.length === 0) ? null : value;
}

/** Why a plan was refused, naming the answer at fault, with a button that opens it (`onChange`). */
export function refusalNote(question, message, onChange) {
  return h("div", { class: "plangen-refusal", role: "alert", tabindex: "-1" },
    // The engine's sentence usually names the question already; say it once.
    h("p", {}, message.includes(question.text) ? `Your plan could not be made: ${message}`
      : `Your plan could not be made because of your answer to “${question.text}”: ${message}`),
    h("div", { class: "plangen-buttons" },
      h("button", { type: "button", class: "md-button md-button--primary", onclick: onChange }, "Change this answer")));
}
