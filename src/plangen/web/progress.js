// @ts-check
// A reader's progress through their plan, on the page's side: the plain shape
// the engine reads (plangen.engine.tracking, "progress" in protocol.js), and
// the small changes the page makes to it (a tick, a habit count, a check-in,
// a new week). Every function returns a new object; the store saves it.
//
// The page may read the clock (the engine never does): the plan's start date
// is the reader's local date when the plan was first made, and the week a
// reader is in by date counts seven days at a time from it.

import { todayIso } from "./saved.js";

/** @typedef {import("./protocol.js").Progress} Progress */

export const LAST_WEEK = 13;
export const ENERGIES = Object.freeze(["low", "ok", "good"]);
export const FIGURES = Object.freeze(["applications", "replies", "interviews"]);
const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970 for a "YYYY-MM-DD" text, or null (calendar days, so no time zone or clock change counts). */
function dayNumber(/** @type {unknown} */ text) {
  const match = typeof text === "string" ? ISO_DAY.exec(text) : null;
  if (!match) return null;
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return isoFromUtc(utc) === text ? utc / DAY_MS : null;
}

function isoFromUtc(/** @type {number} */ utc) {
  return new Date(utc).toISOString().slice(0, 10);
}

/** The plan week `today` falls in, counted from `started` (1 on the start date), or null. */
export function weekOnDate(/** @type {unknown} */ started, /** @type {string} */ today) {
  const first = dayNumber(started);
  const now = dayNumber(today);
  return first === null || now === null ? null : Math.floor((now - first) / 7) + 1;
}

const isObject = (/** @type {unknown} */ value) => Boolean(value) && typeof value === "object" && !Array.isArray(value);
const isWeek = (/** @type {unknown} */ value) => Number.isInteger(value) && /** @type {number} */ (value) >= 1
  && /** @type {number} */ (value) <= LAST_WEEK;

/**
 * A new plan's progress: week 1 begins `today`.
 * @param {string} today
 * @returns {Required<Progress>}
 */
export function freshProgress(today) {
  return { started: today, week: 1, done: {}, counts: {}, planned: {}, checkins: [] };
}

/**
 * Progress as saved, kept to its shape (the engine checks it strictly again);
 * a plan saved before progress existed starts it on `today`.
 * @param {unknown} value
 * @param {string} today
 * @returns {Required<Progress>}
 */
export function readProgress(value, today) {
  const data = isObject(value) ? /** @type {Record<string, any>} */ (value) : {};
  return {
    ...freshProgress(today),
    started: dayNumber(data.started) === null ? today : data.started,
    week: isWeek(data.week) ? data.week : 1,
    done: isObject(data.done) ? { ...data.done } : {},
    counts: isObject(data.counts) ? structuredClone(data.counts) : {},
    planned: isObject(data.planned) ? { ...data.planned } : {},
    checkins: Array.isArray(data.checkins) ? data.checkins.filter((c) => isObject(c) && isWeek(c.week)) : [],
  };
}

/** A one-off step ticked (done in the reader's current week) or unticked. */
export function withTick(/** @type {Required<Progress>} */ progress, /** @type {string} */ section,
  /** @type {boolean} */ checked) {
  const done = { ...progress.done };
  if (checked) done[section] ??= progress.week;
  else delete done[section];
  return { ...progress, done };
}

/** How many times the habit `section` was done in `week` (0 when not counted). */
export function countOf(/** @type {Required<Progress>} */ progress, /** @type {string} */ section, /** @type {number} */ week) {
  const value = progress.counts[section]?.[String(week)];
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/** The habit `section` done `count` times in `week` (0 to 99). */
export function withCount(/** @type {Required<Progress>} */ progress, /** @type {string} */ section,
  /** @type {number} */ week, /** @type {number} */ count) {
  const weeks = { ...(progress.counts[section] ?? {}) };
  const kept = Math.max(0, Math.min(99, Math.trunc(count)));
  if (kept) weeks[String(week)] = kept;
  else delete weeks[String(week)];
  return { ...progress, counts: { ...progress.counts, [section]: weeks } };
}

/** The check-in made as `checkin.week` began, replacing any earlier one for that week. */
export function withCheckin(/** @type {Required<Progress>} */ progress, /** @type {any} */ checkin) {
  const others = progress.checkins.filter((c) => c.week !== checkin.week);
  return { ...progress, checkins: [...others, checkin].sort((a, b) => a.week - b.week) };
}

/** The check-in made as `week` began, or null. */
export function checkinOf(/** @type {Required<Progress>} */ progress, /** @type {number} */ week) {
  return progress.checkins.find((c) => c.week === week) ?? null;
}

/**
 * The reader moves on to `week`: the weeks left behind keep how many one-off
 * steps and reviews they held (a re-plan keeps only what was done in them).
 * @param {Required<Progress>} progress
 * @param {{steps: Array<{kind?: string, week: number}>}} plan  the plan shown until now
 * @param {number} week
 */
export function movedTo(progress, plan, week) {
  const planned = { ...progress.planned };
  for (let past = progress.week; past < week; past += 1) {
    planned[String(past)] = plan.steps.filter((step) => step.kind !== "habit" && step.week === past).length;
  }
  return { ...progress, week: Math.min(week, LAST_WEEK), planned };
}

/** The week a check-in is due for: a week that began by date (or by "Start next week") and has none yet. */
export function checkinDue(/** @type {Required<Progress>} */ progress, /** @type {string} */ today) {
  const byDate = weekOnDate(progress.started, today) ?? 1;
  const week = Math.min(Math.max(progress.week, byDate), LAST_WEEK);
  return week > 1 && !checkinOf(progress, week) ? week : null;
}

/**
 * A check-in from the form's raw values: a figure left empty, or not a whole
 * number from 0 to 9999, is skipped (null), as is an energy not picked.
 * @param {number} week
 * @param {Record<string, string | null | undefined>} raw
 */
export function checkinFrom(week, raw) {
  /** @type {Record<string, number | string | null>} */
  const checkin = { week };
  for (const name of FIGURES) {
    const text = String(raw[name] ?? "").trim();
    const value = /^\d{1,4}$/.test(text) ? Number(text) : null;
    checkin[name] = value;
  }
  checkin.energy = ENERGIES.includes(String(raw.energy)) ? String(raw.energy) : null;
  return checkin;
}

/** Totals of the check-ins made up to and including `week` (each reports the week before it). */
export function figuresSoFar(/** @type {Required<Progress>} */ progress, /** @type {number} */ week) {
  const made = progress.checkins.filter((c) => c.week <= week);
  /** @type {Record<string, number>} */
  const totals = {};
  for (const name of FIGURES) totals[name] = made.reduce((sum, c) => sum + (Number.isInteger(c[name]) ? c[name] : 0), 0);
  const energy = [...made].reverse().find((c) => ENERGIES.includes(c.energy))?.energy ?? null;
  return { weeks: made.length, ...totals, energy };
}

/** The reader's progress as stored now (a plan saved before progress existed starts it today, in its saved week). */
export function progressOf(/** @type {any} */ state) {
  return readProgress(state.progress ?? { week: state.week }, todayIso());
}

/**
 * The progress to send the engine: as stored, with the ticks as the truth of what is done (a tick
 * made where no week was noted, on the quiz page, counts as done in its own week or the reader's,
 * whichever is earlier; an unticked step is not done).
 * @param {any} state
 */
export function progressFor(state) {
  const progress = progressOf(state);
  const steps = state.plan?.data?.steps ?? [];
  /** @type {Record<string, number>} */
  const done = {};
  for (const step of steps) {
    if (step.kind === "habit" || !state.ticks?.[step.section]) continue;
    done[step.section] = progress.done[step.section] ?? Math.min(step.week, progress.week);
  }
  return { ...progress, done };
}
