// The reader's saved state, in localStorage: versioned, never trusted blindly,
// and shared by every open tab of the site.
//
// A write never saves a copy this page held in memory: `update` reads what is
// stored now, applies one change to it (one answer, one tick, the week...) and
// saves the result, so a tick or an answer written meanwhile by another tab
// stays. Other tabs hear of every write through the `storage` event and
// `follow` hands them the new state. A feature that keeps something new (a
// habit's weekly count, say) adds its own key the same way: `update` keeps
// every key it does not touch.
import { FILE_KINDS } from "./planfiles.js";

const KEY = "plangen:state";
export const VERSION = 1;

/** The state of a reader who has saved nothing yet. */
function empty() {
  // week: the plan week the reader is in; edit: one answer being changed from the plan, as a draft.
  return { version: VERSION, answers: {}, position: null, plan: null, ticks: {}, week: 1, edit: null };
}

const UNREADABLE = "Your saved answers could not be read, so the quiz starts fresh.";
const NO_STORAGE = "This browser is not letting the page save anything, so answers last only until you close it.";
const NOT_SAVED = "Your answers could not be saved on this device; they will be lost if you close the page.";

function isObject(value) {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value);
}

/**
 * Saved text as state: {state, problem}, where problem is a sentence or null.
 * Each part with the right shape is kept; the engine later drops answers that no longer fit.
 * @param {string | null} text
 */
export function parseState(text) {
  if (text === null) return { state: empty(), problem: null };
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { state: empty(), problem: UNREADABLE };
  }
  if (!isObject(data)) return { state: empty(), problem: UNREADABLE };
  const state = { ...data, ...empty() }; // keys this version does not know are carried along untouched
  if (isObject(data.answers)) state.answers = data.answers;
  if (data.version !== VERSION) {
    return { state: { ...empty(), answers: state.answers },
      problem: "Your saved answers came from another version of this quiz; the ones that still fit are kept." };
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

/** The state stored now, read afresh: {text, state, problem}; text is undefined when storage cannot be read. */
function readStored() {
  let text;
  try {
    text = window.localStorage.getItem(KEY);
  } catch {
    return { text: undefined, state: empty(), problem: NO_STORAGE };
  }
  return { text, ...parseState(text) };
}

export class Store {
  constructor() {
    const { text, state, problem } = readStored();
    /** False when the browser refuses storage: the state then lives in this page only. */
    this.available = text !== undefined;
    /** False after a write failed (storage full): until one succeeds, this page's copy is the newest. */
    this.written = true;
    this.current = state;
    /** A sentence about the saved state as it was found, or null. */
    this.problem = problem;
    this.listeners = new Set();
    window.addEventListener("storage", (event) => {
      if (event.key !== KEY && event.key !== null) return; // null: another tab cleared all storage
      // What is stored now, not the event's value: this page may have written since that event was sent.
      const state = this.state;
      for (const listener of this.listeners) listener(state);
    });
  }

  /** The state stored now, read afresh (a copy: change it only through `update`). */
  get state() {
    if (!this.available || !this.written) return structuredClone(this.current);
    const stored = readStored();
    return stored.text === undefined ? structuredClone(this.current) : stored.state;
  }

  /**
   * Apply `change(state)` to the state stored now and save it. Returns a
   * sentence when it could not be saved (the page keeps the change until it
   * closes), else null.
   * @param {(state: any) => void} change
   */
  update(change) {
    const stored = this.available && this.written ? readStored() : null;
    const state = stored && stored.text !== undefined ? stored.state : structuredClone(this.current);
    change(state);
    this.current = state;
    if (!this.available) return NO_STORAGE;
    try {
      window.localStorage.setItem(KEY, JSON.stringify({ ...state, version: VERSION }));
      this.written = true;
      return null;
    } catch {
      this.written = false;
      return NOT_SAVED;
    }
  }

  /** Forget everything saved on this device. */
  clear() {
    try {
      window.localStorage.removeItem(KEY);
    } catch {
      /* nothing saved to clear */
    }
    this.current = empty();
  }

  /**
   * Call `listener(state)` whenever another tab changes the saved state.
   * @param {(state: any) => void} listener
   */
  follow(listener) {
    this.listeners.add(listener);
  }
}
