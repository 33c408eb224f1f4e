// A saved plan on screen, kept in step with the store: ticks and the week
// are written one key at a time, the files are fetched once per plan, and a
// change made in another tab redraws it where the reader was. Used by the
// quiz page and My plan alike; what differs (how Change works, the buttons
// under the plan) comes in as options.
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
   * shareUrl(share) -> string, extraButtons() -> elements, notice (a sentence shown first).
   * Returns the element that should take the focus; throws when the saved plan cannot be shown.
   */
  show(options, notice = null) {
    this.options = options;
    const state = this.store.state;
    const ticks = state.ticks;
    return renderPlan(this.container, state.plan, {
      ticks,
      onTick: (section, checked) => {
        ticks[section] = checked; // this drawing's copy, for its counts; the store keeps the real one
        this.status.report(this.store.update((saved) => { saved.ticks[section] = checked; }));
      },
      week: state.week,
      onStartWeek: (week) => {
        this.status.report(this.store.update((saved) => { saved.week = week; }));
        this.show(options).focus();
      },
      change: options.change,
      notice,
      calendar: () => this.calendar(),
      downloads: () => this.files(),
      shareUrl: options.shareUrl(state.plan.share),
      extraButtons: options.extraButtons(),
    });
  }

  /** Draw the plan again as another tab left it, keeping the reader's place on the page. */
  redraw() {
    const top = window.scrollY;
    this.show(this.options);
    window.scrollTo(0, top);
  }

  /** The saved plan's files: at once if it has them, else from the engine (planfiles.js), once per plan. */
  files() {
    const plan = this.store.state.plan;
    if (!plan) return Promise.reject(new Error("there is no plan saved"));
    if (this.filesFor?.share !== plan.share) {
      const keep = (made) => this.status.report(this.store.update((state) => {
        // Into the plan stored now, if it is still the same plan.
        if (state.plan?.share === made.share) Object.assign(state.plan, made);
      }));
      this.filesFor = { share: plan.share, get: planFiles(plan, this.engine.planner, this.engine.linkBase, keep) };
    }
    return this.filesFor.get();
  }

  /** Ask for the files in the background, so a click on a download finds them ready. */
  fetchFiles() {
    if (this.store.state.plan) this.files().catch(() => {}); // a click asks again, and says what went wrong
  }

  async calendar() {
    const answers = this.store.state.plan?.answers ?? this.store.state.answers;
    const reply = await this.engine.planner().request({ op: "ics", answers, link_base: this.engine.linkBase, today: todayIso() });
    return reply.ics;
  }
}
