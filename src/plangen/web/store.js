// Answers and progress in localStorage, versioned, never trusted blindly.
import { FILE_KINDS } from "./planfiles.js";

const KEY = "plangen:state";
export const VERSION = 1;

function empty() {
  // week: the plan week the reader is in; edit: one answer being changed from the plan, as a draft.
  return { version: VERSION, answers: {}, position: null, plan: null, ticks: {}, week: 1, edit: null };
}

const UNREADABLE = "Your saved answers could not be read, so the quiz starts fresh.";

function isObject(value) {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value);
}

/** Read saved state; returns {state, problem} where problem is a sentence or null. */
export function loadState() {
  let text = null;
  try {
    text = window.localStorage.getItem(KEY);
  } catch {
    return { state: empty(), problem: "This browser is not letting the page save anything, so answers last only until you close it." };
  }
  if (text === null) return { state: empty(), problem: null };
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { state: empty(), problem: UNREADABLE };
  }
  if (!isObject(data)) return { state: empty(), problem: UNREADABLE };
  const state = empty();
  // Keep each part that has the right shape; the engine later drops answers that no longer fit.
  if (isObject(data.answers)) state.answers = data.answers;
  if (data.version !== VERSION) {
    return { state, problem: "Your saved answers came from another version of this quiz; the ones that still fit are kept." };
  }
  if (typeof data.position === "string") state.position = data.position;
  if (isObject(data.ticks)) state.ticks = data.ticks;
  if (isObject(data.plan) && isObject(data.plan.data)) state.plan = withFilesChecked(data.plan);
  if (Number.isInteger(data.week) && data.week >= 1 && data.week <= 13) state.week = data.week;
  if (isObject(data.edit) && typeof data.edit.question === "string" && isObject(data.edit.answers)) state.edit = data.edit;
  return { state, problem: null };
}

// A saved plan counts without its files (they are made just after it is
// shown, and may not have arrived before the page closed); a file that is not
// text is dropped, so it is made again rather than offered.
function withFilesChecked(plan) {
  for (const kind of FILE_KINDS) if (kind in plan && typeof plan[kind] !== "string") delete plan[kind];
  return plan;
}

/** Save state; returns a sentence if saving failed, else null. */
export function saveState(state) {
  try {
    window.localStorage.setItem(KEY, JSON.stringify({ ...state, version: VERSION }));
    return null;
  } catch {
    return "Your answers could not be saved on this device; they will be lost if you close the page.";
  }
}

export function clearState() {
  try {
    window.localStorage.removeItem(KEY);
  } catch {
    /* nothing saved to clear */
  }
  return empty();
}
