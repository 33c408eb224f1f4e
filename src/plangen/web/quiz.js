// The quiz page: one screen at a time (a question, one answer being changed,
// or the plan), each a history entry, so the browser's Back and Forward move
// between them and a reload keeps the place. It wires the parts together and
// holds no rules: the quiz flow (quizflow.js), the change flow
// (changeflow.js), the question's controls (controls.js), the plan
// (planscreen.js), files and links from elsewhere (importshare.js), and the
// store every tab shares (store.js).
import { confirmControl, h } from "./dom.js";
import { Planner } from "./planner.js";
import { Store } from "./store.js";
import { StatusLine } from "./status.js";
import { questionScreen, refusalNote } from "./controls.js";
import { QuizFlow } from "./quizflow.js";
import { ChangeFlow } from "./changeflow.js";
import { PlanScreen } from "./planscreen.js";
import { PlanImport } from "./importshare.js";
import { backToScreen, currentScreen, onScreenChange, parseScreen, recordScreen, takeFragment } from "./history.js";

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

class QuizPage {
  constructor(root, content) {
    this.root = root;
    this.questions = content.questions;
    this.byId = new Map(this.questions.map((q) => [q.id, q]));
    this.store = new Store();
    this.planner = new Planner(root.dataset.bundle);
    this.linkBase = new URL(root.dataset.site, window.location.href).href;
    this.status = new StatusLine(this.planner);
    this.status.afterLoad = () => this.onReady();
    this.main = h("div", { class: "plangen-main" });
    this.flow = new QuizFlow(this, root.dataset.questionCount || `about ${this.questions.length}`);
    this.change = new ChangeFlow(this);
    this.plan = new PlanScreen(this.main, this.store, this.status, { planner: () => this.planner, linkBase: this.linkBase });
    this.imports = new PlanImport(this, (answers, keepTicks, progress) => this.adopt(answers, keepTicks, progress));
    this.screen = null; // {kind: "question", id, editing, view} or {kind: "plan"}
    root.replaceChildren(this.status.element, this.main, this.imports.control());
    this.status.report(this.store.problem);
    this.savedAnswers = this.store.state.answers; // as loaded, for the engine to clean
    const { link, change: changing } = takeFragment();
    this.pendingLink = link;
    if (this.pendingLink) this.status.say("Reading the answers in your link…");
    this.planner.ready().then(() => this.onReady(), (error) => this.status.loadFailed(error, () => this.onReady()));
    onScreenChange((key) => this.onHistory(key));
    this.store.follow((state) => this.onOtherTab(state));
    const state = this.store.state;
    // "Change" on My plan links here with #change=<question>: that question alone, over the saved plan.
    if (changing && state.plan && this.byId.has(changing)) this.change.start(changing, "my-plan");
    else if (!this.onHistory(currentScreen(), "replace")) this.openSaved(state);
  }

  /** Where the saved state says the reader was. */
  openSaved(state) {
    if (state.plan && state.position === "plan" && this.byId.has(state.edit?.question)) {
      this.showQuestion(state.edit.question, { editing: true, history: "replace" });
    } else if (state.plan && state.position === "plan") this.showPlan(null, { history: "replace" });
    else this.showQuestion(this.byId.has(state.position) ? state.position : this.questions[0].id, { history: "replace" });
  }

  async onReady() {
    try {
      await this.flow.onReady(this.savedAnswers);
      const link = this.pendingLink;
      this.pendingLink = null;
      if (link) await this.imports.useLink(link);
    } catch (error) {
      if (error.code === "answer") this.flow.checkFailed(error);
      else if (error.code !== "cancelled") this.status.fault(error.message, () => this.onReady());
    }
  }

  // --- screens and history --------------------------------------------------

  /**
   * Show the screen a history entry names ("q:<id>", "edit:<id>" or "plan"),
   * if it can still be shown. Returns whether it was.
   */
  onHistory(key, mode = "none") {
    if (typeof key !== "string") return false;
    const state = this.store.state;
    const [kind, id] = parseScreen(key);
    if (kind === "q" && this.byId.has(id)) this.showQuestion(id, { history: mode });
    else if (kind === "edit" && state.edit?.question === id && state.plan) this.showQuestion(id, { editing: true, history: mode });
    else if ((kind === "plan" || kind === "edit") && state.plan) {
      if (state.edit) this.status.report(this.store.update((saved) => { saved.edit = null; })); // left a change by Back
      this.showPlan(null, { history: mode === "none" ? "none" : "replace" });
    } else return false;
    return true;
  }

  /** The question on screen, or null on the plan. */
  screenQuestion() {
    return this.screen?.kind === "question" ? this.screen.id : null;
  }

  /**
   * Show question `id`. With `editing`, it is one answer changed from the
   * plan: a draft until "Save", and Back returns to where the change began.
   */
  showQuestion(id, { editing = false, history: mode = "push" } = {}) {
    const question = this.byId.get(id);
    if (!editing) this.status.report(this.store.update((state) => { state.position = id; }));
    const state = this.store.state;
    const saved = (editing ? state.edit?.answers : state.answers)?.[id];
    const view = questionScreen(question, saved, {
      editing,
      onInput: (value) => (editing ? this.change.input(id, value) : this.answer(id, value)),
      onSubmit: () => (editing ? this.change.save(id, view) : this.flow.next(id, view)),
      onBack: () => (editing ? this.change.cancel() : this.flow.back(id)),
    });
    this.screen = { kind: "question", id, editing, view };
    this.root.dataset.screen = "question";
    this.main.replaceChildren(view.form);
    this.redescribe();
    recordScreen(`${editing ? "edit" : "q"}:${id}`, mode);
    view.heading.focus();
  }

  /** The counter and buttons of the question on screen, after the engine counted again. */
  redescribe() {
    const screen = this.screen;
    if (screen?.kind !== "question") return;
    if (screen.editing) {
      screen.view.setBackHidden(false);
      screen.view.setProgress("Changing one answer; your plan is rebuilt when you save.");
    } else this.flow.describe(screen.view, screen.id);
  }

  /** An answer given on screen; a saved plan is out of date once answers change. */
  answer(id, value) {
    this.status.report(this.store.update((state) => {
      if (value === null) delete state.answers[id];
      else state.answers[id] = value;
      state.plan = null;
    }));
    this.flow.prefetchPlan(id);
  }

  /** Back to question `previous`: the history entry before, when it is that question; else in place. */
  backTo(previous) {
    backToScreen(`q:${previous}`, () => this.showQuestion(previous, { history: "replace" }));
  }

  /** Show `message` on question `id`'s screen, opening it if another is on screen. */
  showError(id, message) {
    if (this.screenQuestion() !== id) {
      const editing = Boolean(this.screen?.editing && this.store.state.edit);
      this.showQuestion(id, { editing });
    }
    this.screen.view.showError(message);
  }

  showPlan(notice = null, { history: mode = "push" } = {}) {
    this.screen = { kind: "plan" };
    this.root.dataset.screen = "plan";
    let focus;
    try {
      focus = this.plan.show(this.planOptions(), notice);
    } catch {
      this.dropUnshowablePlan();
      return;
    }
    // A new history entry saves the scroll place, for which Chromium lays the page out at once: drawn in
    // stages, that is the top and this week alone, laid out once for the focus too.
    recordScreen("plan", mode);
    focus.focus();
    this.plan.fetchFiles(); // the files, once the plan is on screen
  }

  /** A saved plan that cannot be shown (edited by hand, say) is dropped; the answers stay. */
  dropUnshowablePlan() {
    this.status.report(this.store.update((state) => { state.plan = null; }));
    this.status.say("Your saved plan could not be shown, so it was cleared; your answers are kept. Go through them to build it again.");
    this.showQuestion(this.questions[0].id, { history: "replace" });
  }

  planOptions() {
    return {
      staged: true,
      onBroken: () => this.dropUnshowablePlan(),
      change: (id) => (this.byId.has(id) ? { onclick: () => this.change.start(id) } : null),
      shareUrl: (share) => `${window.location.origin}${window.location.pathname}#${share}`,
      extraButtons: () => [
        h("button", { type: "button", class: "md-button", onclick: () => this.showQuestion(this.questions[0].id) }, "Change my answers"),
        confirmControl("Start over", "This clears your answers and plan on this device. ", "Yes, start over", () => this.startOver()),
      ],
    };
  }

  /**
   * The plan was refused because of one answer: say which, and offer to go
   * straight to that question rather than Back through every screen. Shown
   * above the current screen, announced and focused, until the next screen.
   */
  refuse(question, message) {
    this.status.say("");
    this.main.querySelector(".plangen-refusal")?.remove();
    const note = refusalNote(question, message, () => this.showQuestion(question.id));
    this.main.prepend(note);
    note.focus();
  }

  startOver() {
    this.store.clear();
    this.status.say("Your answers were cleared.");
    this.answersChanged();
    this.showQuestion(this.questions[0].id);
  }

  /** The answers changed as a whole: the engine counts the questions again. */
  answersChanged() {
    this.flow.refreshVisible().catch(() => {});
  }

  /**
   * Make and show the plan for `answers` from a file or a link the reader chose to use, with the
   * file's progress (its ticks, counts and check-ins) when it carries some.
   */
  async adopt(answers, keepTicks, progress = null) {
    this.status.say("Answers loaded.");
    await this.flow.finish(null, { answers, keepTicks, progress });
    this.answersChanged();
  }

  openMyPlan() {
    window.location.assign(new URL(this.root.dataset.myPlanUrl, window.location.href).href);
  }

  // --- other tabs -----------------------------------------------------------

  /** Another tab changed the saved state: follow it without losing this screen's place. */
  onOtherTab(state) {
    const screen = this.screen;
    if (screen?.kind === "plan") {
      if (!state.plan) this.openSaved(state);
      else this.plan.redraw();
      return;
    }
    if (screen?.kind !== "question") return;
    if (screen.editing && !state.edit) {
      this.openSaved(state); // the change was saved or dropped in the other tab
      return;
    }
    const stored = (screen.editing ? state.edit.answers : state.answers)[screen.id];
    if (!same(stored, screen.view.value())) this.showQuestion(screen.id, { editing: screen.editing, history: "none" });
    if (!screen.editing) this.flow.checkInBackground();
  }
}

async function main(root) {
  let content;
  try {
    const response = await fetch(root.dataset.questions);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    content = await response.json();
  } catch (error) {
    root.replaceChildren(h("p", { role: "alert" }, `The quiz could not load its questions (${error.message}). Reload the page to try again.`));
    return;
  }
  new QuizPage(root, content);
}

const root = document.getElementById("plangen");
if (root) main(root);
