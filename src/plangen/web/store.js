// Answers and progress in localStorage, versioned, never trusted blindly.

const KEY = "plangen:state";
export const VERSION = 1;

function empty() {
  return { version: VERSION, answers: {}, position: null, plan: null, ticks: {} };
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
  try {
    const data = JSON.parse(text);
    if (!data || typeof data !== "object" || data.version !== VERSION) throw new Error("version");
    const state = empty();
    if (data.answers && typeof data.answers === "object" && !Array.isArray(data.answers)) state.answers = data.answers;
    if (typeof data.position === "string") state.position = data.position;
    if (data.ticks && typeof data.ticks === "object") state.ticks = data.ticks;
    if (data.plan && typeof data.plan === "object") state.plan = data.plan;
    return { state, problem: null };
  } catch {
    return { state: empty(), problem: "Your saved answers could not be read, so the quiz starts fresh." };
  }
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
