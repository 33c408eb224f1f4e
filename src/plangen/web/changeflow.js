// Changing one answer from the plan: that question alone, on a draft of the
// answers kept until "Save and update my plan"; then the plan is rebuilt,
// the ticks of steps still in it are kept, and one line says what changed.
// "Back to my plan" changes nothing and returns to where the change began.
import { progressFor } from "./progress.js";
import { savedPlan, skippedQuestions } from "./saved.js";
import { REQUIRED } from "./quizflow.js";

export class ChangeFlow {
  /** @param {any} page  the quiz page (quiz.js): its store, planner, status and screens */
  constructor(page) {
    this.page = page;
  }

  /**
   * Open question `id` alone, on a copy of the answers. `from` is where the
   * change began: "plan" (this page) or "my-plan" (the My plan page).
   */
  start(id, from = "plan") {
    const { store, status } = this.page;
    status.report(store.update((state) => {
      state.edit = { question: id, answers: structuredClone(state.answers), from };
    }));
    this.page.showQuestion(id, { editing: true });
  }

  /** The reader changed the answer on screen: it goes into the draft, not the answers. */
  input(id, value) {
    this.page.status.report(this.page.store.update((state) => {
      if (!state.edit) return; // another tab saved or dropped this change meanwhile
      if (value === null) delete state.edit.answers[id];
      else state.edit.answers[id] = value;
    }));
  }

  /** Back to where the change began, with nothing changed. */
  cancel() {
    const { store, status } = this.page;
    const from = store.state.edit?.from;
    status.report(store.update((state) => { state.edit = null; }));
    if (from === "my-plan") this.page.openMyPlan();
    else this.page.showPlan();
  }

  /**
   * Rebuild the plan from the changed answer. Ticks of steps still in the
   * plan are kept; the notice says what the change did. An answer the engine
   * refuses (this one, or a question the change now asks for) opens that
   * question, with the draft kept.
   */
  async save(id, screen) {
    const { page } = this;
    const { store, status, planner, byId } = page;
    const draft = store.state.edit?.answers;
    if (!draft) return page.showPlan(); // another tab finished this change
    if (byId.get(id).required && !(id in draft)) {
      screen.showError(REQUIRED);
      return;
    }
    screen.setBusy(true);
    status.say("Updating your plan…");
    let reply;
    let skipped;
    try {
      // From the week the reader is in: steps done stay done, the weeks to come are re-planned.
      reply = await planner.request({ op: "plan", answers: draft, link_base: page.linkBase,
        progress: progressFor(store.state) });
      skipped = await skippedQuestions(planner, byId, reply.answers);
    } catch (error) {
      status.say("");
      screen.setBusy(false);
      if (error.code === "answer" && byId.has(error.question) && error.question !== id) {
        status.report(store.update((state) => { if (state.edit) state.edit.question = error.question; }));
        page.showQuestion(error.question, { editing: true });
        page.showError(error.question, error.message);
      } else if (error.code === "answer") screen.showError(error.message);
      else if (error.code !== "cancelled") status.fault(`Your plan could not be updated: ${error.message}`, () => this.save(id, screen), "Try again");
      return;
    }
    let before = null;
    status.say("");
    status.report(store.update((state) => {
      before = state.plan?.data ?? null;
      state.answers = draft; // as typed; the engine ignores answers to questions it does not ask
      state.plan = savedPlan(reply, skipped);
      const kept = new Set(reply.plan.steps.map((step) => step.section));
      state.ticks = Object.fromEntries(Object.entries(state.ticks).filter(([section]) => kept.has(section)));
      state.edit = null;
      state.position = "plan";
    }));
    page.answersChanged();
    page.showPlan(before ? changeNotice(before, reply.plan) : null);
  }
}

/**
 * One line on what a changed answer (or a check-in) did to the plan, naming the steps;
 * `unchanged` is the line for a plan with the same steps in the same weeks.
 */
export function changeNotice(before, after,
  unchanged = "Your answer is saved; your plan has the same steps in the same weeks.") {
  const weekOf = new Map(before.steps.map((step) => [step.section, step.week]));
  const now = new Set(after.steps.map((step) => step.section));
  const added = after.steps.filter((step) => !weekOf.has(step.section));
  const removed = before.steps.filter((step) => !now.has(step.section));
  const moved = after.steps.filter((step) => weekOf.has(step.section) && weekOf.get(step.section) !== step.week);
  const count = (n, what) => `${n} step${n === 1 ? "" : "s"} ${what}`;
  const named = (steps) => steps.map((step) => `“${step.title}”`).join(", ");
  const parts = [];
  if (added.length) parts.push(`${count(added.length, "added")} (${named(added)})`);
  if (removed.length) parts.push(`${count(removed.length, "removed")} (${named(removed)})`);
  if (moved.length) {
    parts.push(`${count(moved.length, "moved")} (${moved.map((step) => `“${step.title}” to week ${step.week}`).join(", ")})`);
  }
  return parts.length ? `Your plan changed: ${parts.join("; ")}.` : unchanged;
}
