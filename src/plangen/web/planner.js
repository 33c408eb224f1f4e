// @ts-check
// The page's side of the worker protocol (protocol.js): ids, one readiness
// promise, a timeout, and a retry that throws the old worker away.
import { INTERNAL_MESSAGE, isReply, loadMessage, plainError, requestMessage } from "./protocol.js";

/** @typedef {import("./protocol.js").PlainError} PlainError */
/** @typedef {import("./protocol.js").Code} Code */
/** @typedef {import("./protocol.js").EngineRequest} EngineRequest */

// Generous defaults for slow phones; a page may change them via
// globalThis.plangenConfig = {readyTimeoutMs, requestTimeoutMs}, read each time a wait starts.
/** @param {"readyTimeoutMs" | "requestTimeoutMs"} name @param {number} fallback */
const setting = (name, fallback) => /** @type {any} */ (globalThis).plangenConfig?.[name] ?? fallback;
const readyTimeoutMs = () => setting("readyTimeoutMs", 60000);
const requestTimeoutMs = () => setting("requestTimeoutMs", 20000);

/** A refused or failed request: the protocol's PlainError as a thrown value. */
export class PlannerError extends Error {
  /** @param {PlainError} error */
  constructor(error) {
    super(error.message);
    this.name = "PlannerError";
    /** @type {Code} */
    this.code = error.code;
    /** @type {string | null} the question at fault, for code "answer" */
    this.question = error.question ?? null;
    /** @type {string | undefined} */
    this.detail = error.detail;
  }
}

/**
 * @typedef {object} Waiting
 * @property {(result: any) => void} resolve
 * @property {(error: PlannerError) => void} reject
 * @property {ReturnType<typeof setTimeout>} timer
 */

/**
 * The worker enginestart.js created as the page began, if any, once: the
 * first planner takes it, and from then on enginestart.js makes none.
 * @returns {import("./enginestart.js").EarlyWorker | null}
 */
function takeEarlyWorker() {
  const slot = /** @type {any} */ (globalThis);
  const early = slot.plangenEarlyWorker ?? null;
  slot.plangenEarlyWorker = null;
  return early;
}

export class Planner {
  /** @param {string} bundleUrl */
  constructor(bundleUrl) {
    this.bundleUrl = new URL(bundleUrl, window.location.href).href; // the worker resolves URLs against its own
    this.nextId = 1;
    /** @type {Map<number, Waiting>} */
    this.pending = new Map();
    this.start();
  }

  start() {
    /** @type {Map<string, {key: string, promise: Promise<any>}>} one request asked ahead of time per op */
    this.prefetched = new Map(); // a new worker answers afresh: what the old one was asked is gone with it
    const early = takeEarlyWorker();
    this.worker = early?.worker ?? new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    this.worker.onmessage = ({ data }) => this.settle(data);
    /** @param {string} detail */
    const crashed = (detail) => this.failAll(new PlannerError(plainError("crashed", "The planner stopped unexpectedly.",
      { detail })));
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      crashed(event.message);
    };
    this.isReady = false;
    this.readyPromise = this.send((id) => loadMessage(id, this.bundleUrl), readyTimeoutMs()).then(() => {
      this.isReady = true;
      window.dispatchEvent(new CustomEvent("plangen:ready")); // offline.js precaches from now on
    });
    // Callers attach their own handlers; this one only stops "unhandled rejection" noise.
    this.readyPromise.catch(() => {});
    if (early?.error) crashed(early.error); // it failed before anyone listened
  }

  /** Tear the worker down and load again from scratch. */
  retry() {
    this.failAll(new PlannerError(plainError("cancelled", "Restarting the planner.")));
    this.worker?.terminate();
    this.start();
    return this.readyPromise;
  }

  ready() {
    return this.readyPromise;
  }

  /**
   * Ask the engine; resolves with the op's result, rejects with a PlannerError.
   * @param {EngineRequest} request
   * @returns {Promise<any>}
   */
  async request(request) {
    const early = this.prefetched.get(request.op);
    if (early && early.key === JSON.stringify(request)) {
      this.prefetched.delete(request.op);
      return early.promise;
    }
    await this.readyPromise;
    return this.send((id) => requestMessage(id, this.bundleUrl, request), requestTimeoutMs());
  }

  /**
   * Ask now for what is likely to be asked next (the plan, while the reader looks over the last
   * question), so that the same request, when it comes, is answered by this one. Its failure
   * stays quiet until that request is made; another prefetch of the same op replaces it.
   * @param {EngineRequest} request
   */
  prefetch(request) {
    const key = JSON.stringify(request);
    if (this.prefetched.get(request.op)?.key === key) return;
    const promise = this.request(request);
    promise.catch(() => {});
    this.prefetched.set(request.op, { key, promise });
  }

  /**
   * @param {(id: number) => import("./protocol.js").PageMessage} make
   * @param {number} timeoutMs
   * @returns {Promise<any>}
   */
  send(make, timeoutMs) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new PlannerError(plainError("timeout", "The planner did not answer in time.")));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.worker?.postMessage(make(id));
    });
  }

  /** @param {unknown} data */
  settle(data) {
    const id = /** @type {any} */ (data)?.id;
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    clearTimeout(waiting.timer);
    if (!isReply(data)) {
      console.warn("plangen: a reply outside the protocol:", data);
      waiting.reject(new PlannerError(plainError("internal", INTERNAL_MESSAGE)));
    } else if (data.ok) {
      waiting.resolve(data.result);
    } else {
      // What went wrong in detail is for developers; the reader sees the sentence.
      if (data.error.detail) console.warn(`plangen (${data.error.code}): ${data.error.detail}`);
      waiting.reject(new PlannerError(data.error));
    }
  }

  /** @param {PlannerError} error */
  failAll(error) {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
      this.pending.delete(id);
    }
  }
}
