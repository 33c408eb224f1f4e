// @ts-check
// The weekly check-in on My plan: four short questions as a week begins
// (what got done, applications sent, replies and interviews, energy), each
// one skippable. The form only collects; the caller saves and re-plans.
import { h } from "./dom.js";
import { ENERGIES, checkinFrom } from "./progress.js";

const ENERGY_WORDS = { low: "Low", ok: "Getting by", good: "Good" };

/**
 * @param {object} options
 * @param {number} options.week  the week that has begun; the questions are about the one before
 * @param {Array<{section: string, title: string}>} options.open  last week's steps not yet ticked
 * @param {Record<string, any> | null} options.previous  a check-in already made for this week, to edit
 * @param {(result: {checkin: object, done: string[]}) => void} options.onSave
 * @param {() => void} options.onSkip
 * @returns {HTMLElement}
 */
export function checkinForm({ week, open, previous, onSave, onSkip }) {
  const last = week - 1;
  const number = (name, label) => {
    const id = `plangen-checkin-${name}`;
    return h("p", { class: "plangen-checkin-field" }, h("label", { for: id }, label), " ",
      h("input", { type: "number", id, name, min: "0", max: "9999", step: "1", inputmode: "numeric",
        value: Number.isInteger(previous?.[name]) ? previous[name] : null }));
  };
  const doneBoxes = open.map((step) => {
    const id = `plangen-checkin-done-${step.section}`;
    return h("li", {}, h("input", { type: "checkbox", id, name: "done", value: step.section }),
      h("label", { for: id }, step.title));
  });
  const form = h("form", { class: "plangen-checkin-form", novalidate: true },
    h("fieldset", {}, h("legend", {}, `What got done in week ${last}?`),
      doneBoxes.length
        ? [h("p", { class: "plangen-hint" }, "Tick any of these you finished."), h("ul", { class: "plangen-checkin-done" }, doneBoxes)]
        : h("p", {}, `Nothing planned for week ${last} is left to tick.`)),
    number("applications", `Applications sent in week ${last}`),
    h("fieldset", {}, h("legend", {}, "Replies and interviews"),
      number("replies", "Replies (any answer from a person)"),
      number("interviews", "Interviews")),
    h("fieldset", {}, h("legend", {}, "Your energy this week"),
      h("p", { class: "plangen-checkin-energy" }, ENERGIES.map((energy) => {
        const id = `plangen-checkin-energy-${energy}`;
        return h("span", {}, h("input", { type: "radio", id, name: "energy", value: energy,
          checked: previous?.energy === energy }), h("label", { for: id }, ENERGY_WORDS[energy]));
      }))),
    h("div", { class: "plangen-buttons" },
      h("button", { type: "submit", class: "md-button md-button--primary" }, "Save and update my plan"),
      h("button", { type: "button", class: "md-button", onclick: onSkip }, "Skip this week")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const raw = Object.fromEntries(["applications", "replies", "interviews", "energy"]
      .map((name) => [name, /** @type {string | null} */ (data.get(name))]));
    onSave({ checkin: checkinFrom(week, raw), done: /** @type {string[]} */ (data.getAll("done")) });
  });
  return h("section", { class: "plangen-checkin", "aria-labelledby": "plangen-checkin-title" },
    h("h3", { id: "plangen-checkin-title", tabindex: "-1" }, `Week ${week} has begun: how did week ${last} go?`),
    h("p", {}, "Every question can be skipped. Your answers stay on this device; your plan adjusts the weeks ahead to them."),
    form);
}
