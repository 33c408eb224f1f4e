// @ts-check
// The plan engine's home: Pyodide plus the engine's zip, in a Web Worker.
// It speaks the protocol in protocol.js: every reply, the readiness notice
// included, is {id, ok, result | error}; errors are {code, message, …}.
// Python objects never cross: requests and replies are JSON text.
import { ENGINE_ZIP, ENGINE_ZIP_INTEGRITY } from "./engine-files.js";
import { loadPyodide } from "./pyodide/pyodide.mjs";
import {
  FIRST_START_NAME, INTERNAL_MESSAGE, LOAD_MESSAGE, PREFETCH, errorReply, isPlainError, okReply, pageMessageProblem,
  plainError, readyReply,
} from "./protocol.js";
import {
  SnapshotRefused, fetchManifest, fileName, forgetSnapshots, keepSnapshotForNextStart, keptSnapshot, noteStartHere,
} from "./snapshot.js";

/** @typedef {import("./protocol.js").PlainError} PlainError */

const runtimeURL = new URL("./pyodide/", import.meta.url).href;
/** @type {Promise<{browser: any, snapshot: boolean}> | null} one load at a time; reset on failure so a retry really retries */
let loading = null;

/** A download that failed; `detail` holds what Pyodide and the network said. */
class LoadError extends Error {
  /** @param {string} detail */
  constructor(detail) {
    super(LOAD_MESSAGE);
    this.name = "LoadError";
    this.detail = detail;
  }
}

/**
 * A download that failed while the runtime started. The runtime that was
 * starting may be left half-made (Pyodide keeps some of its first try within
 * a worker), so this worker does not start again: the page's Retry starts a
 * fresh one.
 */
class DownloadFailed extends LoadError {}

/**
 * What Pyodide says while it starts (its stderr, a runtime file it could not
 * fetch), kept so that a failed start carries it in its detail.
 */
class PyodideLog {
  constructor() {
    /** @type {string[]} */
    this.lines = [];
    /** @param {string} line */
    this.add = (line) => { this.lines.push(String(line)); };
  }

  /** @param {string} context */
  detail(context) {
    return [context, ...this.lines].join("\n");
  }
}

// Pyodide does not reject when some of its downloads fail (the failure
// surfaces as an unhandled rejection), so a load also ends at the first one.
/** @param {PyodideLog} log @returns {Promise<never>} */
function unhandledFailure(log) {
  return new Promise((_, reject) => {
    self.addEventListener("unhandledrejection", (event) => {
      event.preventDefault();
      log.add(String(event.reason?.message ?? event.reason));
      reject(new DownloadFailed(log.detail("A download failed while the engine started:")));
    }, { once: true });
  });
}

// The engine's Python files, as one zip that Python reads in place (site/enginezip.py):
// written into Pyodide's file system before Python starts, first on sys.path.
const ENGINE_PATH = "/lib/plangen-engine.zip";

/**
 * The engine's zip, fetched at once, in parallel with the runtime; the
 * browser checks it against this build's integrity.
 * @returns {Promise<Uint8Array>}
 */
async function downloadEngine() {
  const url = new URL(`./${ENGINE_ZIP}`, import.meta.url).href;
  let response;
  try {
    response = await fetch(url, { integrity: ENGINE_ZIP_INTEGRITY });
  } catch (error) {
    throw new LoadError(`the engine's files ${url} could not be fetched or do not match this build `
      + `(${ENGINE_ZIP_INTEGRITY}): ${String(/** @type {any} */ (error)?.message ?? error)}`);
  }
  if (!response.ok) throw new LoadError(`the engine's files ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * @typedef {object} Boot  a started runtime with the engine's files in place
 * @property {any} pyodide
 * @property {PyodideLog} log  what Pyodide said while starting
 * @property {() => void} started  from now on Python's stderr is a developer's warning
 * @property {string | null} snapshotBundle  started from a snapshot holding this bundle; null: the usual way
 */

/**
 * @param {PyodideLog} log
 * @param {object} [extra]  more options for loadPyodide
 * @returns {Promise<{pyodide: any, started: () => void}>}
 */
async function loadRuntime(log, extra = {}) {
  let started = false;
  let pyodide;
  try {
    pyodide = await loadPyodide({
      indexURL: runtimeURL,
      lockFileURL: runtimeURL + "pyodide-lock.json",
      packageBaseUrl: runtimeURL,
      stdout: () => {},
      // While starting, Python's stderr is part of what went wrong (Pyodide reports a
      // package it could not load there); later it is a developer's warning.
      stderr: (/** @type {string} */ line) => (started ? console.warn(line) : log.add(line)),
      ...extra,
    });
  } catch (error) {
    log.add(String(/** @type {any} */ (error)?.message ?? error));
    throw new LoadError(log.detail("Pyodide could not start:"));
  }
  return { pyodide, started: () => { started = true; } };
}

/** The usual start: Pyodide, with the engine's zip in place before Python starts. @param {PyodideLog} log @returns {Promise<Boot>} */
async function startPyodide(log) {
  const engine = downloadEngine();
  const runtime = loadRuntime(log, {
    env: { PYTHONPATH: ENGINE_PATH },
    // A failed download is reported by `engine` below; Python then starts without it, unused.
    fsInit: async (/** @type {any} */ fs) => {
      const bytes = await engine.catch(() => null);
      if (bytes) fs.writeFile(ENGINE_PATH, bytes);
    },
  });
  runtime.catch(() => {}); // when the engine's download failed first, that is the error reported
  const [, { pyodide, started }] = await Promise.all([engine, runtime]);
  return { pyodide, log, started, snapshotBundle: null };
}

/**
 * A start from the snapshot kept on this device, when the site still names
 * it; any doubt is a `SnapshotRefused` (or Pyodide's own refusal of another
 * runtime build), and the caller starts the usual way.
 * @param {{name: string, memory: Promise<Uint8Array>}} kept @param {PyodideLog} log
 * @returns {Promise<Boot>}
 */
async function startFromSnapshot(kept, log) {
  const manifest = fetchManifest(); // in parallel with the runtime's start
  manifest.catch(() => {});
  const { pyodide, started } = await loadRuntime(log, { _loadSnapshot: kept.memory });
  const current = await manifest;
  if (current?.file !== kept.name) throw new SnapshotRefused(`the site's engine is now ${current?.file ?? "none"}`);
  const held = pyodide.globals.get("PLANGEN_SNAPSHOT_BUNDLE");
  if (held !== current.bundle) throw new SnapshotRefused(`it holds ${held ?? "no bundle"}, not ${current.bundle}`);
  return { pyodide, log, started, snapshotBundle: held };
}

/** @param {unknown} error */
function refusal(error) {
  const reason = error instanceof LoadError ? error.detail : String(/** @type {any} */ (error)?.message ?? error);
  console.info(`plangen: the engine starts the usual way, not from the snapshot kept here: ${reason}`);
}

/**
 * A start, or the first of its downloads to fail.
 * @param {(log: PyodideLog) => Promise<Boot>} start @returns {Promise<Boot>}
 */
function watched(start) {
  const log = new PyodideLog();
  return Promise.race([start(log), unhandledFailure(log)]);
}

/**
 * From the snapshot kept here if there is one and it passes, else the usual
 * way. A worker the page names for the first start on this device
 * (enginestart.js) has none to look for. A snapshot that fails is dropped
 * either way; when a download failed, that is the error reported (see
 * DownloadFailed), and the fresh worker of a Retry starts the usual way.
 * @returns {Promise<Boot>}
 */
async function startEngineRuntime() {
  const kept = self.name === FIRST_START_NAME ? null : await keptSnapshot().catch(() => null);
  if (kept) {
    try {
      return await watched((log) => startFromSnapshot(kept, log));
    } catch (error) {
      await forgetSnapshots().catch(() => {});
      if (error instanceof DownloadFailed) throw error;
      refusal(error);
    }
  }
  return watched(startPyodide);
}

/** @type {Promise<Boot> | null} the runtime's start; reset after a failure was reported, so a retry really retries */
let booting = null;

/** @param {boolean} [usual]  skip the snapshot (it holds another bundle than the page's) */
function boot(usual = false) {
  if (!booting) {
    booting = usual ? watched(startPyodide) : startEngineRuntime();
    booting.catch(() => {}); // reported to the load that awaits it
  }
  return booting;
}

// The runtime starts the moment this worker exists, not when the page's first
// message arrives: the page creates the worker as early as it can
// (enginestart.js), long before it knows what to ask.
boot();

/**
 * The bundle's questions alone, as JSON, cut out with the browser's JSON
 * parser, so that the engine reads the whole bundle (most of it is the
 * sections a plan needs) only when a plan first needs it; null when the text
 * is not a bundle, which the engine then reports itself.
 * @param {string} text @returns {string | null}
 */
function quizPart(text) {
  try {
    const { format, questions } = JSON.parse(text);
    return JSON.stringify({ format, questions });
  } catch {
    return null;
  }
}

/**
 * The content bundle's text, fetched and read at once, in parallel with the
 * runtime; a failure is a LoadError, reported where the text is awaited.
 * @param {string} bundleUrl @returns {Promise<string>}
 */
async function readBundle(bundleUrl) {
  try {
    const response = await fetch(bundleUrl);
    if (!response.ok) throw new LoadError(`content bundle ${bundleUrl}: HTTP ${response.status}`);
    return await response.text();
  } catch (error) {
    if (error instanceof LoadError) throw error;
    throw new LoadError(`content bundle ${bundleUrl}: ${String(/** @type {any} */ (error)?.message ?? error)}`);
  }
}

/** @type {Map<string, Promise<string>>} bundles the page named before its `load` (PREFETCH), by address */
const prefetched = new Map();

/** @param {string} bundleUrl */
function prefetch(bundleUrl) {
  if (loading || prefetched.has(bundleUrl)) return;
  const text = readBundle(bundleUrl);
  text.catch(() => {}); // reported by the load that takes it
  prefetched.set(bundleUrl, text);
}

/**
 * The bundle's text: the one prefetched, else read now. A prefetch is taken
 * once (a later load reads afresh), and one for another address is dropped.
 * @param {string} bundleUrl
 */
function bundleText(bundleUrl) {
  const text = prefetched.get(bundleUrl) ?? readBundle(bundleUrl);
  prefetched.clear();
  text.catch(() => {}); // reported where it is awaited; unused after a start from the snapshot
  return text;
}

/** @param {string} bundleUrl */
async function startEngine(bundleUrl) {
  const bundle = bundleText(bundleUrl);
  let runtime;
  try {
    runtime = await boot();
    if (runtime.snapshotBundle !== null && runtime.snapshotBundle !== fileName(bundleUrl)) {
      refusal(new SnapshotRefused(`it holds ${runtime.snapshotBundle}, and this page reads ${fileName(bundleUrl)}`));
      booting = null;
      runtime = await boot(true);
    }
  } catch (error) {
    booting = null; // reported now; the next load starts the runtime again, from scratch
    throw error;
  }
  const { pyodide, started } = runtime;
  if (runtime.snapshotBundle !== null) {
    started();
    return { browser: pyodide.pyimport("plangen.engine.worker"), snapshot: true };
  }
  const text = await bundle;
  const browser = pyodide.pyimport("plangen.engine.worker");
  const quiz = quizPart(text);
  // Given its questions apart, the engine needs the whole text only for a first plan: it asks then, and
  // only then is it copied into Python (tens of milliseconds on a cold start).
  browser.load(quiz === null ? text : () => text, quiz);
  started();
  return { browser, snapshot: false };
}

/** @param {string} bundleUrl */
function load(bundleUrl) {
  if (!loading) {
    loading = startEngine(bundleUrl);
    loading.catch(() => { loading = null; });
  }
  return loading;
}

/**
 * Any failure as plain data. Tracebacks and HTTP details go in `detail`,
 * which the page logs; the reader gets a sentence.
 * @param {unknown} error
 * @returns {PlainError}
 */
function toPlainError(error) {
  if (error instanceof LoadError) return plainError("load", error.message, { detail: error.detail });
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return plainError("internal", INTERNAL_MESSAGE, { detail });
}

// Warm-up waits until the page has been quiet this long. Right after ready the
// page asks several small things in a row (the saved answers, the questions
// shown, a share link's answers, a plan), and none of them should queue behind
// a warm-up step such as importing Jinja2, which takes a second on a cold,
// busy machine; a plan asked for meanwhile imports what it needs itself.
const QUIET_MS = 100;
let lastRequestEnd = 0;

/**
 * Make the first plan quick while the reader answers questions: one step of
 * the engine's warm-up per task (a module, Markdown's extensions, a section
 * template), each once the page has been quiet for QUIET_MS, so a request
 * arriving meanwhile waits for one step at most; then `done`.
 * @param {any} browser @param {() => void} done @param {number} step
 */
function warmUp(browser, done, step = 0) {
  setTimeout(() => {
    if (performance.now() - lastRequestEnd < QUIET_MS) {
      warmUp(browser, done, step);
      return;
    }
    let more = false;
    try {
      more = browser.warm_up(step);
    } catch (error) {
      console.warn(String(error));
    }
    if (more) warmUp(browser, done, step + 1);
    else done();
  }, Math.max(0, lastRequestEnd + QUIET_MS - performance.now()));
}

/** @type {Promise<void> | null} */
let keeping = null;

/**
 * After a start the usual way: note it; and once the engine is warm and the
 * page quiet, if the reader has come back, keep the snapshot for the next
 * start (snapshot.js).
 * @returns {() => void}  what to do once warm
 */
function noteStart() {
  const returning = noteStartHere().catch(() => false);
  return () => {
    keeping ??= returning.then((again) => (again ? keepSnapshotForNextStart() : undefined)).catch((error) => {
      console.info(`plangen: the engine's snapshot was not kept for the next start: ${error?.message ?? error}`);
    });
  };
}

/** @param {MessageEvent} event */
self.onmessage = async ({ data }) => {
  const id = Number.isInteger(data?.id) ? data.id : -1;
  const problem = pageMessageProblem(data);
  if (problem) {
    self.postMessage(errorReply(id, plainError("request", INTERNAL_MESSAGE, { detail: problem })));
    return;
  }
  if (data.type === PREFETCH) {
    prefetch(data.bundleUrl);
    return;
  }
  try {
    const { browser, snapshot } = await load(data.bundleUrl);
    if (data.type === "load") {
      self.postMessage(readyReply(id, snapshot ? "snapshot" : "usual"));
      lastRequestEnd = performance.now(); // the page's first questions follow at once
      warmUp(browser, snapshot ? () => {} : noteStart());
      return;
    }
    const { ok, error, ...result } = JSON.parse(browser.handle(JSON.stringify(data.request)));
    lastRequestEnd = performance.now();
    if (ok === true) self.postMessage(okReply(id, result));
    else if (isPlainError(error)) self.postMessage(errorReply(id, error));
    else throw new Error(`the engine replied outside the protocol: ${JSON.stringify(error)}`);
  } catch (error) {
    self.postMessage(errorReply(id, toPlainError(error)));
  }
};
