// Plans that come from elsewhere: a `.json` file saved from this site, or a
// share link carrying answers after the #. Both are read here and checked by
// the engine; when they would replace a different plan, answers or ticks
// saved on this device, the reader is told what and asked first.
import { h } from "./dom.js";
import { planFileName } from "./plankeep.js";
import { progressFor } from "./progress.js";

const MAX_IMPORT_BYTES = 500_000;

export class PlanImport {
  /**
   * @param {any} page  the quiz page (quiz.js): its store, planner and status
   * @param {(answers: object, keepTicks: boolean, progress: object | null) => Promise<void>} adopt  makes
   *   and shows the plan for answers the reader chose to use; keepTicks when nothing different was
   *   replaced; progress when a file carried its ticks, counts and check-ins
   */
  constructor(page, adopt) {
    this.page = page;
    this.adopt = adopt;
  }

  /** The "Import it" control under the quiz. */
  control() {
    const input = h("input", { type: "file", id: "plangen-import", accept: ".json,application/json",
      onchange: () => { if (input.files[0]) this.importFile(input.files[0]); input.value = ""; } });
    return h("details", { class: "plangen-import" },
      h("summary", {}, "Have a plan saved as .json? Import it"),
      h("p", {}, `Choose a ${planFileName(this.page.store.state.plan?.data, "json")} downloaded from this site. It is read here in your browser and never uploaded.`),
      h("label", { for: "plangen-import" }, "Plan file (.json)"), " ", input);
  }

  async importFile(file) {
    const { status, planner } = this.page;
    if (file.size > MAX_IMPORT_BYTES) {
      status.say("That file is too large to be a plan saved from this site; nothing was changed.");
      return;
    }
    let reply;
    try {
      reply = await planner.request({ op: "import", text: await file.text() });
    } catch (error) {
      status.say(`${error.message} Nothing was changed.`);
      return;
    }
    this.offer(reply.answers, "This file", "Replace with the file's plan", "Kept your own plan; nothing was imported.",
      reply.progress ?? null);
  }

  /** A share link's fragment (#answers=…), read once the engine is ready. */
  async useLink(fragment) {
    let answers;
    try {
      answers = (await this.page.planner.request({ op: "import_link", fragment })).answers;
    } catch (error) {
      this.page.status.say(`${error.message} Nothing was changed.`);
      return;
    }
    this.offer(answers, "This link", "Use the link's answers", "Kept your own answers.");
  }

  /**
   * Use `answers` at once when nothing different is saved here; else say what
   * they would replace, with a button for each choice.
   */
  offer(answers, source, replaceLabel, keptSentence, progress = null) {
    const { status, store } = this.page;
    const state = store.state;
    const samePlan = Boolean(state.plan) && sameAnswers(answers, state.plan.answers);
    // A file of the plan saved here may carry other progress than this device's: using it would
    // replace this device's ticks, counts and check-ins, so that is asked first too.
    const otherProgress = samePlan && progress !== null && !sameProgress(progress, progressFor(state));
    const replaced = whatWouldBeReplaced(state, answers) ?? (otherProgress ? progressWords(state) : null);
    if (!replaced && samePlan) {
      // The plan saved here already: nothing to make, and its ticks and week stay as they are.
      this.page.status.say(`${source} holds the plan already saved on this device; nothing changed.`);
      this.page.showPlan();
      return;
    }
    if (!replaced) {
      this.adopt(answers, true, progress);
      return;
    }
    const differs = samePlan ? "holds the plan saved on this device with other progress"
      : "carries a different set of quiz answers from the ones saved on this device";
    status.say(`${source} ${differs}. Using it replaces ${replaced}. `,
      h("button", { type: "button", class: "md-button md-button--primary", onclick: () => this.adopt(answers, false, progress) }, replaceLabel),
      " ", h("button", { type: "button", class: "md-button", onclick: () => status.say(keptSentence) }, "Keep mine"));
    status.focusChoice();
  }
}

/**
 * What using `answers` would replace in `state`, in words ("your plan and its
 * 3 ticked steps"), or null when nothing different would be lost.
 */
export function whatWouldBeReplaced(state, answers) {
  const ticked = state.plan ? state.plan.data.steps.filter((step) => state.ticks[step.section]).length : 0;
  if (sameAnswers(answers, state.plan?.answers ?? state.answers) && !state.edit) return null;
  if (state.plan) {
    return ticked ? `your saved plan and its ${ticked} ticked step${ticked === 1 ? "" : "s"}` : "your saved plan and its answers";
  }
  const n = Object.keys(state.answers).length;
  return n ? `your ${n} saved answer${n === 1 ? "" : "s"}` : null;
}

/** This device's progress in words ("your 3 ticked steps and 2 check-ins"), or null when it has none. */
function progressWords(state) {
  const progress = progressFor(state);
  const parts = [];
  const ticked = Object.keys(progress.done).length;
  const counted = Object.values(progress.counts ?? {}).some((weeks) => Object.values(weeks).some((n) => n > 0));
  if (ticked) parts.push(`${ticked} ticked step${ticked === 1 ? "" : "s"}`);
  if (counted) parts.push("habit counts");
  const checkins = (progress.checkins ?? []).length;
  if (checkins) parts.push(`${checkins} check-in${checkins === 1 ? "" : "s"}`);
  return parts.length ? `your ${parts.join(" and ")} on this device` : null;
}

/** Whether two progress records say the same, whatever the order of their keys. */
function sameProgress(a, b) {
  const canonical = (value) => (Array.isArray(value) ? value.map(canonical)
    : value && typeof value === "object"
      ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])])) : value);
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Whether two sets of answers hold the same answers, whatever the order of their keys. */
function sameAnswers(a, b) {
  const sorted = (object) => Object.fromEntries(Object.entries(object ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}
