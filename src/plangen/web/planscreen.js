// A saved plan on screen, kept in step with the store: ticks and the week
// are written one key at a time, the files are fetched once per plan, and a
// change made in another tab redraws it where the reader was. Used by the
// quiz page and My plan alike; what differs (how Change works, the buttons
// under the plan) comes in as options.
import { LivingPlan } from "./livingplan.js";
import { progressFor } from "./progress.js";
import { planFiles } from "./planfiles.js";
import { renderPlan } from "./planview.js";
import { todayIso } from "./saved.js";

export class PlanScreen {
  /**
   * @param {HTMLElement} container
   * @param {import("./store.js").Store} store
   * @param {import("./status.js").StatusLine} status
   * @param {{planner: () => import("./planner.js").Planner, linkBase: string}} engine  started on first use
   */
  constructor(container, store, status, engine) {
    this.container = container;
    this.store = store;
    this.status = status;
    this.engine = engine;
    this.filesFor = null; // {share, get}: one files request per plan
  }

  /**
   * Draw the saved plan. options: change(question) -> {onclick} | {href},
   * shareUrl(share) -> string, extraButtons() -> elements, notice (a sentence shown first),
   * living (true on My plan: the check-in, habit counters and the picture of the weeks so far),
   * staged (the top and this week first, the rest after the next paint; see renderPlan) with
   * onBroken(error) for a plan whose rest then cannot be shown. `whole` draws it all at once even
   * so: a redraw that puts the reader back where they were needs the whole page there.
   * Returns the element that should take the focus; throws when the saved plan cannot be shown.
   */
  show(options, notice = null, { whole = false } = {}) {
    this.options = options;
    const state = this.store.state;
    const living = options.living
      ? (this.living ??= new LivingPlan(this.store, this.status, this.engine,
        (line) => this.show(this.options, line, { whole: true })))
        .viewOptions()
      : {};
    const ticks = living.ticks ?? state.ticks;
    return renderPlan(this.container, state.plan, {
      ...living,
      ticks,
      onTick: (section, checked) => {
        ticks[section] = checked; // this drawing's copy, for its counts; the store keeps the real one
        if (living.onTick) living.onTick(section, checked);
        else this.status.report(this.store.update((saved) => { saved.ticks[section] = checked; }));
      },
      week: living.week ?? state.week,
      onStartWeek: living.onStartWeek ?? ((week) => {
        this.status.report(this.store.update((saved) => { saved.week = week; }));
        this.show(options).focus();
      }),
      change: options.change,
      notice,
      calendar: (why) => this.calendar(why),
      downloads: () => this.files(),
      shareUrl: options.shareUrl(state.plan.share),
      extraButtons: options.extraButtons(),
      staged: Boolean(options.staged) && !whole,
      onBroken: options.onBroken,
    });
  }

  /** Draw the plan again as another tab left it, keeping the reader's place on the page. */
  redraw() {
    const top = window.scrollY;
    this.show(this.options, null, { whole: true });
    window.scrollTo(0, top);
  }

  /** The saved plan's files: at once if it has them, else from the engine (planfiles.js), once per plan. */
  files() {
    const state = this.store.state;
    const plan = state.plan;
    if (!plan) return Promise.reject(new Error("there is no plan saved"));
    // The files carry the reader's ticks, counts and check-ins: new progress, new files.
    const progress = progressFor(state);
    const key = JSON.stringify([plan.share, progress]);
    if (this.filesFor?.key !== key) {
      const keep = (made) => this.status.report(this.store.update((stored) => {
        // Into the plan stored now, if it is still the same plan with the same progress.
        if (stored.plan && JSON.stringify([stored.plan.share, progressFor(stored)]) === key) Object.assign(stored.plan, made);
      }));
      this.filesFor = { key, get: planFiles(plan, this.engine.planner, this.engine.linkBase, keep, progress) };
    }
    return this.filesFor.get();
  }

  /** Ask for the files in the background, so a click on a download finds them ready. */
  fetchFiles() {
    if (this.store.state.plan) this.files().catch(() => {}); // a click asks again, and says what went wrong
  }

  /** The calendar, dated from the plan's start; `why` puts each step's reasons in (the reader's choice). */
  async calendar(why = false) {
    const state = this.store.state;
    const answers = state.plan?.answers ?? state.answers;
    const reply = await this.engine.planner().request({ op: "ics", answers, link_base: this.engine.linkBase,
      progress: progressFor(state), today: todayIso(), why: Boolean(why) });
    return reply.ics;
  }
}
