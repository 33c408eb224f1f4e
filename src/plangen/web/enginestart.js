// @ts-check
// The quiz page runs this first, inline in its <head> (the plugin writes it
// there: site/quizpages.py engine_start_script): it creates the engine's
// worker at once, and the worker starts Pyodide as soon as it exists, while
// the page is still parsed, styled and its own modules fetched. Inline, it
// waits for no download of its own; as a file it cost a cold visit 100-300 ms
// before the worker existed. A classic script, so that a site's own quiz.html
// may still load it by `src` (module or not). planner.js takes this worker
// over (takeEarlyWorker) instead of making one; if planner.js got there
// first, this does nothing.
//
// It also tells the worker, by its name, when no engine has started from this
// site on this device before (protocol.js FIRST_START_NAME, spelled out here
// because this script imports nothing): the worker then skips looking for a
// kept snapshot, a Cache Storage check that took up to 200 ms on a first
// visit. The page can tell at once from localStorage; a wrong hint only costs
// time (a snapshot left unused once, or the check made), never correctness.
//
// And, when the page names its content bundle (`data-bundle`), it sends the
// worker protocol.js's one message without an id, PREFETCH: the worker
// fetches and reads the bundle while Pyodide starts. Otherwise the bundle's
// address arrives with the page's `load`, once the page's own modules have
// loaded, and the worker, busy starting Python, may read that message only
// after Python is up; it then fetched the bundle last, 10-60 ms on a cold
// visit.

/** @typedef {{worker: Worker, error: string | null}} EarlyWorker */

(() => {
  const FIRST_START_NAME = "plangen engine, first start here";
  const PREFETCH = "prefetch";
  const slot = /** @type {any} */ (globalThis);
  if ("plangenEarlyWorker" in slot) return;
  // Inline: `data-worker` names the worker from the page; by `src`: beside this file.
  const script = /** @type {HTMLScriptElement | null} */ (document.currentScript
    ?? document.querySelector('script[src$="enginestart.js"]'));
  const workerURL = new URL(script?.dataset.worker ?? "worker.js", script?.src || document.baseURI);

  /** Whether this is the first engine start from this site on this device, noting that it is one. */
  const firstStartHere = () => {
    const key = `plangen-engine-started:${new URL("./", workerURL).pathname}`;
    try {
      if (localStorage.getItem(key) !== null) return false;
      localStorage.setItem(key, "1");
      return true;
    } catch {
      return false; // storage refused: the worker looks for itself
    }
  };

  const name = firstStartHere() ? FIRST_START_NAME : "plangen engine";
  const worker = new Worker(workerURL, { type: "module", name });
  const bundle = script?.dataset.bundle;
  // Resolved as planner.js resolves the address it sends with `load`, so the worker sees the same one.
  if (bundle) worker.postMessage({ type: PREFETCH, bundleUrl: new URL(bundle, window.location.href).href });
  /** @type {EarlyWorker} */
  const early = { worker, error: null };
  // A worker that fails before planner.js listens: kept, so the page can still say so.
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    early.error ??= event.message || "the worker failed to start";
  });
  slot.plangenEarlyWorker = early;
})();
