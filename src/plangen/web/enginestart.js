// @ts-check
// The quiz page loads this first, as an async module in its <head>: it creates
// the engine's worker at once, and the worker starts Pyodide as soon as it
// exists, while the page is still parsed, styled and its own modules fetched.
// planner.js takes this worker over (takeEarlyWorker) instead of making one.
// If planner.js got there first, this does nothing.

/** @typedef {{worker: Worker, error: string | null}} EarlyWorker */

const slot = /** @type {any} */ (globalThis);
if (!("plangenEarlyWorker" in slot)) {
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  /** @type {EarlyWorker} */
  const early = { worker, error: null };
  // A worker that fails before planner.js listens: kept, so the page can still say so.
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    early.error ??= event.message || "the worker failed to start";
  });
  slot.plangenEarlyWorker = early;
}
