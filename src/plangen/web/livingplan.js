// @ts-check
// A saved plan that lives with the reader: their progress in the store (its
// own key, "progress": start date, week, steps done, habit counts, check-ins),
// the weekly check-in that re-plans the weeks ahead, "Start next week", and
// the engine started in the background once the page is idle, so a check-in
// or a download does not wait for it. The plan view is told what to draw
// (the check-in, a habit's counter, a review's figures, the picture).
import { checkinForm } from "./checkin.js";
import { changeNotice } from "./changeflow.js";
import { h } from "./dom.js";
import {
  LAST_WEEK, checkinDue, checkinOf, countOf, movedTo, progressFor, progressOf, withCheckin, withCount, withTick,
} from "./progress.js";
import { checkpointFigures, habitCounter, habitTarget, progressFigure } from "./progressview.js";
import { savedPlan, todayIso } from "./saved.js";

/**
 * Start the engine once the page has nothing else to do, without delaying it.
 * @param {() => unknown} start
 */
export function startWhenIdle(start) {
  const begin = () => { start(); };
  if ("requestIdleCallback" in window) window.requestIdleCallback(begin, { timeout: 4000 });
  else setTimeout(begin, 1500);
}

export class LivingPlan {
  /**
   * @param {import("./store.js").Store} store
   * @param {import("./status.js").StatusLine} status
   * @param {{planner: () => import("./planner.js").Planner, linkBase: string}} engine
   * @param {(notice: string | null) => HTMLElement} redraw  draws the plan again and returns what takes the focus
   */
  constructor(store, status, engine, redraw) {
    this.store = store;
    this.status = status;
    this.engine = engine;
    this.redraw = redraw;
    this.busy = false;
  }

  /**
   * Save a change to the progress (and keep the week the plan view reads in step); the plan's files,
   * made from the progress before, are made again when next asked (`stale` false: they still hold).
   */
  change(/** @type {(progress: any, state: any) => any} */ how, stale = true) {
    this.status.report(this.store.update((state) => {
      state.progress = how(progressOf(state), state);
      state.week = state.progress.week;
      if (stale) dropFiles(state.plan);
    }));
  }

  /** The options the plan view takes from the reader's progress. */
  viewOptions() {
    const state = this.store.state;
    const progress = progressOf(state);
    if (!state.progress?.started) this.change((p) => p, false); // the start date is kept from the plan's first showing
    const plan = state.plan.data;
    const week = progress.week;
    const due = checkinDue(progress, todayIso());
    return {
      week,
      dates: (/** @type {number} */ w) => plan.weeks?.find((row) => row.week === w)?.label ?? `week ${w}`,
      ticks: { ...state.ticks, ...habitTicks(plan, progress) },
      onTick: (/** @type {string} */ section, /** @type {boolean} */ checked) => {
        this.status.report(this.store.update((saved) => { saved.ticks[section] = checked; }));
        this.change((p) => withTick(p, section, checked));
      },
      onStartWeek: (/** @type {number} */ next) => this.startWeek(next),
      top: due ? this.checkinBox(due, plan, progress, state.ticks) : null,
      // Once every step is ticked, the plan view offers "Start week N" itself.
      thisWeekEnd: due ? null : this.nextWeekButton(week, plan),
      stepIntro: (/** @type {any} */ step) => (step.kind === "habit" ? habitTarget(step, week) : null),
      stepExtra: (/** @type {any} */ step) => {
        if (step.kind === "habit") {
          return habitCounter({ step, week, countIn: (w) => countOf(progress, step.section, w),
            onChange: (count) => this.count(step.section, week, count) });
        }
        return step.kind === "checkpoint" && step.week <= week ? checkpointFigures(progress, step.week, plan) : null;
      },
      afterTimeline: progressFigure(plan),
    };
  }

  /** Count a habit, then draw the plan again where the reader was, the same button focused. */
  count(/** @type {string} */ section, /** @type {number} */ week, /** @type {number} */ count) {
    const label = document.activeElement?.getAttribute("aria-label");
    const top = window.scrollY;
    this.change((p) => withCount(p, section, week, count));
    this.redraw(null);
    window.scrollTo(0, top);
    const button = [...document.querySelectorAll(`#step-${CSS.escape(section)} button`)]
      .find((b) => b.getAttribute("aria-label") === label && !(/** @type {HTMLButtonElement} */ (b)).disabled);
    (button ?? document.querySelector(`#step-${CSS.escape(section)} .plangen-count`))?.focus?.();
  }

  /** "Start next week": moves the reader on, and the check-in for that week follows. */
  nextWeekButton(/** @type {number} */ week, /** @type {any} */ plan) {
    if (week >= LAST_WEEK) return null;
    return h("div", { class: "plangen-buttons plangen-next-week" }, h("button", { type: "button", class: "md-button",
      onclick: () => this.startWeek(week + 1, plan) }, "Start next week"));
  }

  startWeek(/** @type {number} */ next, plan = this.store.state.plan.data) {
    this.change((p) => movedTo(p, plan, next));
    this.redraw(null).focus();
  }

  checkinBox(/** @type {number} */ week, /** @type {any} */ plan, /** @type {any} */ progress, /** @type {any} */ ticks) {
    const open = plan.steps.filter((step) => step.kind !== "habit" && step.week === week - 1 && !ticks[step.section]);
    return checkinForm({
      week, open, previous: checkinOf(progress, week),
      onSave: ({ checkin, done }) => this.saveCheckin(week, checkin, done),
      onSkip: () => this.saveCheckin(week, { week, applications: null, replies: null, interviews: null, energy: null }, []),
    });
  }

  /** Save the check-in, then re-plan the weeks still to come and say what changed. */
  async saveCheckin(/** @type {number} */ week, /** @type {any} */ checkin, /** @type {string[]} */ done) {
    if (this.busy) return;
    this.busy = true;
    const plan = this.store.state.plan.data;
    this.status.report(this.store.update((state) => { for (const section of done) state.ticks[section] = true; }));
    this.change((p) => {
      let moved = movedTo(p, plan, Math.max(p.week, week));
      for (const section of done) moved = { ...moved, done: { ...moved.done, [section]: week - 1 } };
      return withCheckin(moved, checkin);
    });
    this.status.say("Updating your plan…");
    try {
      const state = this.store.state;
      const reply = await this.engine.planner().request({ op: "plan", answers: state.plan.answers,
        link_base: this.engine.linkBase, progress: progressFor(state) });
      let before = null;
      this.status.say("");
      this.status.report(this.store.update((saved) => {
        before = saved.plan?.data ?? null;
        saved.plan = savedPlan(reply, saved.plan?.skipped ?? []);
      }));
      this.redraw(before ? checkinNotice(before, reply.plan) : null).focus();
    } catch (error) {
      this.status.say("");
      if (error.code !== "cancelled") {
        this.status.fault(`Your check-in is saved, but the plan could not be updated: ${error.message}`,
          () => this.saveCheckin(week, checkin, done), "Try again");
      }
    } finally {
      this.busy = false;
    }
  }
}

/** A habit counts as ticked for the week once its target is met, so "every step of the week" holds habits too. */
function habitTicks(/** @type {any} */ plan, /** @type {any} */ progress) {
  /** @type {Record<string, boolean>} */
  const ticks = {};
  for (const step of plan.steps) {
    if (step.kind !== "habit") continue;
    const target = (step.targets ?? []).find((/** @type {any} */ t) => t.week === progress.week);
    ticks[step.section] = Boolean(target) && countOf(progress, step.section, progress.week) >= target.count;
  }
  return ticks;
}

/** The plan's files were made from the progress before this change: they are made again when next asked. */
function dropFiles(/** @type {any} */ plan) {
  if (!plan) return;
  for (const kind of ["markdown", "html", "export"]) delete plan[kind];
}

/** One line on what a check-in did to the weeks ahead. */
export function checkinNotice(/** @type {any} */ before, /** @type {any} */ after) {
  return changeNotice(before, after, "Your check-in is saved; your plan has the same steps in the same weeks.");
}
