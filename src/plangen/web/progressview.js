// @ts-check
// My plan's picture of the weeks so far (drawn by the engine, kept in the
// saved plan, rebuilt from allowed elements here), its table with the same
// numbers, a habit's weekly counter, and the reader's own figures beside a
// review's questions.
import { h } from "./dom.js";
import { safeSvg } from "./sanitize.js";
import { ENERGIES, figuresSoFar } from "./progress.js";

const cell = (/** @type {unknown} */ value) => (Number.isInteger(value) ? String(value) : "–");

/**
 * The picture and its table, or null for a plan without one.
 * @param {{progress?: {svg?: unknown, summary?: unknown, rows?: unknown} | null}} plan
 */
export function progressFigure(plan) {
  const progress = plan.progress;
  if (!progress || !Array.isArray(progress.rows)) return null;
  const table = h("table", { class: "plangen-weeks plangen-progress-table" },
    h("caption", {}, "Your weeks so far"),
    h("thead", {}, h("tr", {}, ["Week", "Applications", "Replies", "Interviews", "Steps done"]
      .map((name) => h("th", { scope: "col" }, name)))),
    h("tbody", {}, progress.rows.map((/** @type {any} */ row) => h("tr", {},
      h("th", { scope: "row" }, cell(row.week)), h("td", {}, cell(row.applications)), h("td", {}, cell(row.replies)),
      h("td", {}, cell(row.interviews)), h("td", {}, `${cell(row.done)} of ${cell(row.planned)}`)))));
  return h("section", { class: "plangen-progress-box", "aria-labelledby": "plangen-progress-title" },
    h("h3", { id: "plangen-progress-title" }, "Your weeks so far"),
    h("figure", { class: "plangen-figure" }, safeSvg(String(progress.svg ?? "")),
      h("figcaption", {}, String(progress.summary ?? "")),
      h("details", { class: "plangen-weeks-table", open: true }, h("summary", {}, "The same, week by week, as a table"), table)));
}

/**
 * A habit's count for the week shown: "2 of 3 this week" with buttons to count
 * one more or one fewer, and the weeks before it, still readable.
 * @param {object} options
 * @param {{section: string, title: string, targets?: Array<{week: number, count: number, text: string}>}} options.step
 * @param {number} options.week
 * @param {(week: number) => number} options.countIn
 * @param {(count: number) => void} options.onChange
 */
export function habitCounter({ step, week, countIn, onChange }) {
  const targets = Array.isArray(step.targets) ? step.targets : [];
  const target = targets.find((t) => t.week === week) ?? null;
  const count = countIn(week);
  const status = h("span", { class: "plangen-count", role: "status", "aria-live": "polite" },
    target ? `${count} of ${target.count} this week` : `${count} this week`);
  const button = (label, delta, name) => h("button", { type: "button",
    class: `md-button plangen-count-button ${delta < 0 ? "plangen-count-less" : "plangen-count-more"}`,
    "aria-label": `${name}: ${step.title}`, disabled: count + delta < 0 || count + delta > 99,
    onclick: () => onChange(count + delta) }, label);
  const earlier = [];
  for (let past = 1; past < week; past += 1) {
    const done = countIn(past);
    const goal = targets.find((t) => t.week === past);
    if (done || goal) earlier.push(`week ${past}: ${done}${goal ? ` of ${goal.count}` : ""}`);
  }
  // One line, the count between the buttons, so a habit takes about a line more than a step on a phone;
  // the target's words open with the instructions (`habitTarget`).
  return h("div", { class: "plangen-habit" },
    h("p", { class: "plangen-counter" }, button("−", -1, "One fewer"), status, button("+", 1, "One more")),
    earlier.length ? h("p", { class: "plangen-earlier-counts" }, `Earlier: ${earlier.join(", ")}.`) : null);
}

/** A habit's target for `week` in words ("This week: send 3 tailored applications."), or null. */
export function habitTarget(/** @type {any} */ step, /** @type {number} */ week) {
  const target = (Array.isArray(step.targets) ? step.targets : []).find((t) => t.week === week);
  return target ? h("p", { class: "plangen-target" }, `This week: ${target.text}.`) : null;
}

const ENERGY_WORDS = { low: "low", ok: "getting by", good: "good" };

/**
 * The reader's own figures so far, shown beside a review's questions in a checkpoint week.
 * @param {Required<import("./protocol.js").Progress>} progress
 * @param {number} week
 * @param {{steps: Array<{kind?: string, week: number, section: string}>}} plan
 */
export function checkpointFigures(progress, week, plan) {
  const so = figuresSoFar(progress, week);
  const planned = plan.steps.filter((s) => s.kind !== "habit" && s.week < week);
  const done = planned.filter((s) => s.section in progress.done).length;
  const plannedCount = Object.entries(progress.planned).filter(([w]) => Number(w) < week)
    .reduce((sum, [, n]) => sum + (Number.isInteger(n) ? n : 0), 0);
  return h("aside", { class: "plangen-my-figures", "aria-label": "Your own figures so far" },
    h("p", {}, h("strong", {}, "Your figures so far"), ` (from ${so.weeks} check-in${so.weeks === 1 ? "" : "s"}):`),
    h("ul", {},
      h("li", {}, `${so.applications} application${so.applications === 1 ? "" : "s"} sent`),
      h("li", {}, `${so.replies} repl${so.replies === 1 ? "y" : "ies"}, ${so.interviews} interview${so.interviews === 1 ? "" : "s"}`),
      // Only where the plan knows what those weeks held (a re-plan keeps just the steps done in them).
      Math.max(plannedCount, planned.length) ? h("li", {}, `${done} of ${Math.max(plannedCount, planned.length)} planned steps done`) : null,
      h("li", {}, so.energy && ENERGIES.includes(so.energy) ? `energy last reported: ${ENERGY_WORDS[so.energy]}` : "energy not reported yet")));
}
