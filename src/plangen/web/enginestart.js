// @ts-check
// The quiz page loads this first, as an async module in its <head>: it creates
// the engine's worker at once, and the worker starts Pyodide as soon as it
// exists, while the page is still parsed, styled and its own modules fetched.
// planner.js takes this worker over (takeEarlyWorker) instead of making one.
// If planner.js got there first, this does nothing.
//
// It also tells the worker, by its name, when no engine has started from this
// site on this device before (protocol.js FIRST_START_NAME, spelled out here
// because this script imports nothing): the worker then skips looking
// for a kept snapshot, a Cache Storage check that took up to 200 ms on a first
// visit. The page can tell at once from localStorage; a wrong hint only costs
// time (a snapshot left unused once, or the check made), never correctness.

/** @typedef {{worker: Worker, error: string | null}} EarlyWorker */

const FIRST_START_NAME = "plangen engine, first start here";

/** Whether this is the first engine start from this site on this device, noting that it is one. */
function firstStartHere() {
  const key = `plangen-engine-started:${new URL("./", import.meta.url).pathname}`;
  try {
    if (localStorage.getItem(key) !== null) return false;
    localStorage.setItem(key, "1");
    return true;
  } catch {
    return false; // storage refused: the worker looks for itself
  }
}

const slot = /** @type {any} */ (globalThis);
if (!("plangenEarlyWorker" in slot)) {
  const name = firstStartHere() ? FIRST_START_NAME : "plangen engine";
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module", name });
  /** @type {EarlyWorker} */
  const early = { worker, error: null };
  // A worker that fails before planner.js listens: kept, so the page can still say so.
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    early.error ??= event.message || "the worker failed to start";
  });
  slot.plangenEarlyWorker = early;
}
