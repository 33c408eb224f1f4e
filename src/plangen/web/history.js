// @ts-check
// The quiz page's screens as entries in the browser's history, so Back and
// Forward move between them and a reload keeps the place. An entry's state
// names its screen ("q:<id>", "edit:<id>" or "plan") and the one before it.

/** The screen the current history entry names, or null. */
export function currentScreen() {
  const key = history.state?.plangen;
  return typeof key === "string" ? key : null;
}

/**
 * A screen's key split into its kind and question: "q:hours" -> ["q", "hours"], "plan" -> ["plan", ""].
 * @param {string} key
 * @returns {[string, string]}
 */
export function parseScreen(key) {
  const colon = key.indexOf(":");
  return colon < 0 ? [key, ""] : [key.slice(0, colon), key.slice(colon + 1)];
}

/**
 * Record the screen `key`: "push" a new entry, "replace" this one, or "none".
 * @param {string} key
 * @param {"push" | "replace" | "none"} mode
 */
export function recordScreen(key, mode) {
  const previous = currentScreen();
  if (mode === "push" && previous !== key) history.pushState({ plangen: key, prev: previous }, "");
  else if (mode !== "none") history.replaceState({ plangen: key, prev: history.state?.prev ?? null }, "");
}

/**
 * Go back to the screen `key`: the browser's own Back when the entry before is
 * that screen (so Forward still works), else `showInPlace()`.
 * @param {string} key
 * @param {() => void} showInPlace
 */
export function backToScreen(key, showInPlace) {
  if (history.state?.prev === key) history.back();
  else showInPlace();
}

/**
 * Call `listener(key)` when Back or Forward lands on an entry of this page.
 * @param {(key: string | null) => void} listener
 */
export function onScreenChange(listener) {
  window.addEventListener("popstate", () => listener(currentScreen()));
}

/**
 * What the address bar's fragment asks for: a share link's answers
 * (`#answers=…`, as it is, for the engine to read) or one answer to change
 * (`#change=<question>`, from My plan). Either is taken out of the address
 * bar, so a reload does not ask again.
 * @returns {{link: string | null, change: string | null}}
 */
export function takeFragment() {
  const hash = window.location.hash;
  const link = hash.startsWith("#answers=") ? hash : null;
  const change = hash.startsWith("#change=") ? fragmentValue(hash.slice("#change=".length)) : null;
  if (link || hash.startsWith("#change=")) {
    history.replaceState(history.state, "", window.location.pathname + window.location.search);
  }
  return { link, change };
}

/** A value from the address bar's fragment, or null when it is not valid percent-encoding. */
function fragmentValue(/** @type {string} */ text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
