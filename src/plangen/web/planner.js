// The page's side of the worker protocol: ids, one readiness promise,
// a timeout, and a retry that throws the old worker away.

// Generous defaults for slow phones; a page may lower them via
// globalThis.plangenConfig = {readyTimeoutMs, requestTimeoutMs}.
const config = globalThis.plangenConfig ?? {};
const READY_TIMEOUT_MS = config.readyTimeoutMs ?? 60000;
const REQUEST_TIMEOUT_MS = config.requestTimeoutMs ?? 20000;

export class PlannerError extends Error {
  constructor(type, message) {
    super(message);
    this.name = type;
  }
}

export class Planner {
  constructor(bundleUrl) {
    this.bundleUrl = new URL(bundleUrl, window.location.href).href; // the worker resolves URLs against its own
    this.nextId = 1;
    this.pending = new Map();
    this.start();
  }

  start() {
    this.worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    this.worker.onmessage = ({ data }) => this.settle(data);
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      this.failAll(new PlannerError("WorkerError", "The planner stopped unexpectedly."));
    };
    this.isReady = false;
    this.readyPromise = this.send({ type: "load" }, READY_TIMEOUT_MS).then(() => {
      this.isReady = true;
    });
    // Callers attach their own handlers; this one only stops "unhandled rejection" noise.
    this.readyPromise.catch(() => {});
  }

  /** Tear the worker down and load again from scratch. */
  retry() {
    this.failAll(new PlannerError("Retry", "Restarting the planner."));
    this.worker.terminate();
    this.start();
    return this.readyPromise;
  }

  ready() {
    return this.readyPromise;
  }

  async request(request) {
    await this.readyPromise;
    const reply = await this.send({ type: "request", request }, REQUEST_TIMEOUT_MS);
    if (!reply.ok) throw new PlannerError(reply.error.type, reply.error.message);
    return reply;
  }

  send(message, timeoutMs) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new PlannerError("Timeout", "The planner did not answer in time."));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.worker.postMessage({ id, bundleUrl: this.bundleUrl, ...message });
    });
  }

  settle(data) {
    const waiting = this.pending.get(data.id);
    if (!waiting) return;
    this.pending.delete(data.id);
    clearTimeout(waiting.timer);
    if (data.type === "error") waiting.reject(new PlannerError(data.error.type, data.error.message));
    else waiting.resolve(data.result ?? null);
  }

  failAll(error) {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
      this.pending.delete(id);
    }
  }
}
