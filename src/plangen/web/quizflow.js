// Going through the quiz: which question follows, the engine's check of the
// answers as the reader goes, how many questions this reader is asked, and
// making the plan after the last one. The engine decides what is shown; this
// file holds no rules of its own.
import { freshProgress, progressFor } from "./progress.js";
import { savedPlan, skippedQuestions, todayIso } from "./saved.js";

export const REQUIRED = "This question needs an answer before you go on.";
// How long an answer to the last question stays unchanged before its plan is asked for ahead of time.
const PREFETCH_AFTER_MS = 250;

export class QuizFlow {
  /**
   * @param {any} page  the quiz page (quiz.js): its store, planner, status and screens
   * @param {string} countWords  how many questions readers are asked ("14 to 19"), until the engine counts this reader's
   */
  constructor(page, countWords) {
    this.page = page;
    this.countWords = countWords;
    this.visible = null; // ids the engine says are shown; null until it has answered
    this.latestCheck = null; // the engine's check of the answers whose outcome counts
    this.latestRefresh = Promise.resolve(false); // and its promise
  }

  /** Once the engine is ready: clean the answers saved on this device, then count the questions. */
  async onReady(savedAnswers) {
    const { planner, store, status } = this.page;
    // Only the answers saved before this page opened are cleaned; one given since is the engine's check to refuse.
    const cleaned = await planner.request({ op: "clean", answers: savedAnswers });
    let dropped = [];
    status.report(store.update((state) => {
      const same = (id) => JSON.stringify(state.answers[id]) === JSON.stringify(savedAnswers[id]);
      dropped = cleaned.dropped.filter((id) => id in state.answers && same(id));
      for (const id of dropped) delete state.answers[id];
    }));
    if (dropped.length) {
      const n = dropped.length;
      status.say(`${n} saved answer${n === 1 ? " no longer fits" : "s no longer fit"} the quiz and ${n === 1 ? "was" : "were"} cleared; the rest are kept.`);
    }
    await this.refreshVisible();
  }

  /**
   * Ask the engine which questions are shown; it checks the answers so far as
   * it works that out. Resolves true once `visible` is up to date. A check
   * that a later one replaced settles with the later one's outcome (false if
   * that failed: its failure is the later caller's to report, once).
   */
  refreshVisible() {
    const token = {};
    this.latestCheck = token;
    const superseded = () => this.latestRefresh.catch(() => false);
    const refresh = (async () => {
      let reply;
      try {
        reply = await this.page.planner.request(this.visibleRequest(this.page.store.state.answers));
      } catch (error) {
        if (this.latestCheck !== token) return superseded();
        throw error;
      }
      if (this.latestCheck !== token) return superseded();
      this.visible = reply.visible;
      this.page.redescribe();
      return true;
    })();
    this.latestRefresh = refresh;
    return refresh;
  }

  /** The engine's check of the answers, while the reader carries on. */
  checkInBackground() {
    this.refreshVisible().catch((error) => this.checkFailed(error));
  }

  /**
   * The engine refused an answer, or could not check: an answer's question is
   * shown again with the engine's sentence; anything else offers Retry.
   */
  checkFailed(error) {
    if (error.code === "answer") {
      const id = this.page.byId.has(error.question) ? error.question : this.page.screenQuestion();
      if (!id) this.page.status.say(error.message);
      else this.page.showError(id, error.message);
    } else if (error.code !== "cancelled") this.page.status.fault(error.message, () => this.refreshVisible());
  }

  order() {
    const ids = this.visible ?? this.page.questions.map((q) => q.id);
    return ids.filter((id) => this.page.byId.has(id));
  }

  /** Set the counter, Back and Next of the screen showing question `id`. */
  describe(screen, id) {
    const order = this.order();
    const index = Math.max(order.indexOf(id), 0);
    screen.setBackHidden(index === 0);
    const counted = this.visible !== null;
    screen.setNextLabel(counted && index === order.length - 1 ? "See my plan" : "Next");
    screen.setProgress(`Question ${index + 1} of ${counted ? order.length : this.countWords}`);
  }

  /**
   * The question after `id` when the questions file alone decides it: the next
   * one has no `show_if`, so it is asked whatever the answers. Else null, and
   * the engine decides.
   */
  nextWithoutEngine(id) {
    const questions = this.page.questions;
    const following = questions[questions.findIndex((q) => q.id === id) + 1];
    return following && !following.conditional ? following.id : null;
  }

  /** Next on question `id`, whose screen is `screen`. */
  async next(id, screen) {
    const { page } = this;
    const question = page.byId.get(id);
    if (question.required && !(id in page.store.state.answers)) {
      screen.showError(REQUIRED);
      return;
    }
    const now = this.nextWithoutEngine(id);
    if (now) {
      // Shown at once, ready or not; the engine checks the answers meanwhile and, if one does not fit, brings it back.
      page.showQuestion(now);
      this.checkInBackground();
      return;
    }
    if (!page.planner.isReady) page.status.say("Getting the planner ready… your answers are kept.");
    screen.setBusy(true);
    let checked;
    try {
      checked = await this.refreshVisible(); // the engine checks the answers as it works out what comes next
    } catch (error) {
      screen.setBusy(false);
      this.checkFailed(error);
      return;
    }
    if (page.screenQuestion() !== id) return; // the reader moved on meanwhile, or was sent back
    screen.setBusy(false);
    if (!checked) return; // a later check failed, and said so
    page.status.say("");
    const order = this.order();
    const following = order[order.indexOf(id) + 1];
    if (following) page.showQuestion(following);
    else await this.finish(screen);
  }

  /**
   * An answer was given to question `id`: on the last question, once the engine is ready, ask
   * for the plan these answers make while the reader looks them over, so "See my plan" shows it
   * at once (`finish` makes the same request, which the planner answers with this one). The
   * check of the answers that "See my plan" makes first (`next`) is asked ahead too, so the
   * click waits for no worker at all when the answers are the same.
   */
  prefetchPlan(id) {
    clearTimeout(this.prefetchTimer);
    const order = this.order();
    if (this.visible === null || order[order.length - 1] !== id || !this.page.planner.isReady) return;
    this.prefetchTimer = setTimeout(() => {
      const { planner, store } = this.page;
      const answers = store.state.answers;
      planner.prefetch(this.visibleRequest(answers));
      planner.prefetch(this.planRequest(answers, freshProgress(todayIso())));
    }, PREFETCH_AFTER_MS);
  }

  /** The engine's request for the questions shown to a reader with `answers`, which checks them too. */
  visibleRequest(answers) {
    return { op: "visible", answers };
  }

  /** The engine's request for the plan of `answers`, with `progress`. */
  planRequest(answers, progress) {
    return { op: "plan", answers, link_base: this.page.linkBase, progress };
  }

  /** Back from question `id`. */
  async back(id) {
    const { page } = this;
    const before = page.questions[page.questions.findIndex((q) => q.id === id) - 1];
    if (this.visible === null && before?.conditional) {
      // Whether that question was asked is the engine's to say.
      page.status.say("Getting the planner ready… your answers are kept.");
      try {
        if (!(await this.refreshVisible()) || page.screenQuestion() !== id) return;
      } catch (error) {
        this.checkFailed(error);
        return;
      }
      page.status.say("");
    }
    const order = this.order();
    const previous = order[order.indexOf(id) - 1];
    if (previous) page.backTo(previous);
  }

  /**
   * Make the plan from the answers saved now, and show it. With `adopted`
   * ({answers, keepTicks}, from a file or a link), from those answers: they
   * are saved with the plan, in one write, so another tab never sees the
   * answers without their plan.
   */
  async finish(screen = null, adopted = null) {
    const { page } = this;
    page.status.say("Putting your plan together…");
    const adopt = (state) => {
      state.answers = adopted.answers;
      state.edit = null;
      if (!adopted.keepTicks) state.ticks = {};
      if (adopted.progress) {
        // A file's progress comes whole: its steps done are the ticks, its week the reader's.
        state.ticks = Object.fromEntries(Object.keys(adopted.progress.done ?? {}).map((section) => [section, true]));
        state.week = adopted.progress.week;
      }
    };
    try {
      const answers = adopted ? adopted.answers : page.store.state.answers;
      // A new plan starts today; an adopted one that keeps its ticks keeps its progress too.
      const progress = adopted?.progress ?? (adopted?.keepTicks ? progressFor(page.store.state) : freshProgress(todayIso()));
      const reply = await page.planner.request(this.planRequest(answers, progress));
      // The questions shown are known already when the reader has just answered the last of them.
      const skipped = await skippedQuestions(page.planner, page.byId, reply.answers, adopted ? null : this.visible);
      page.status.say("");
      // After clearing the status, so a failure to save stays on screen.
      page.status.report(page.store.update((state) => {
        if (adopted) adopt(state);
        state.plan = savedPlan(reply, skipped);
        state.position = "plan";
        if (adopted?.progress || !adopted?.keepTicks) state.progress = progress;
        if (!adopted?.keepTicks && !adopted?.progress) state.week = 1;
      }));
      page.showPlan();
    } catch (error) {
      // Answers the reader chose to use are kept even so, for the question at fault to show them.
      if (adopted && error.code === "answer") page.status.report(page.store.update((state) => { adopt(state); state.plan = null; }));
      if (error.code === "answer" && page.byId.has(error.question)) page.refuse(page.byId.get(error.question), error.message);
      else if (error.code === "answer") page.status.say(`Your plan could not be made: ${error.message}`);
      else page.status.fault(`Your plan could not be made: ${error.message}`, () => this.finish(screen, adopted), "Try again");
      screen?.setBusy(false);
    }
  }
}
