// @ts-check
// The worker protocol, in one place: what the page (planner.js) may send the
// worker (worker.js), what the worker may answer, and the error codes both
// sides use. Both files build and check their messages with the helpers
// below, so a shape cannot drift on one side only. README.md ("The worker
// protocol") is the reader's copy; tests/test_protocol.py keeps the two equal.
//
// Page -> worker, every message with an `id` the reply will name:
//   {id, type: "load", bundleUrl}                      start the engine
//   {id, type: "request", bundleUrl, request: {op, …}}  ask the engine
// and one hint without an id or a reply, sent as the worker is created:
//   {type: "prefetch", bundleUrl}                      fetch this bundle now
// Worker -> page, one envelope for every reply (the readiness notice too):
//   {id, ok: true, result}          result is {ready: true, started} for "load"
//   {id, ok: false, error: {code, message, question?, detail?}}

/**
 * The engine's operations (plangen.engine.worker.OPS in Python).
 * @type {readonly ["visible", "clean", "plan", "downloads", "ics", "import", "import_link"]}
 */
export const OPS = Object.freeze(/** @type {const} */ (["visible", "clean", "plan", "downloads", "ics", "import", "import_link"]));

/** @typedef {typeof OPS[number]} Op */

/**
 * Stable error codes; never a Python or JavaScript class name.
 * - answer:    one of the reader's answers does not fit; `question` names it
 * - request:   the engine refused a request (a file or link that is not a plan, a bad field)
 * - content:   the site's content is broken; for its authors (`detail`), not the reader
 * - internal:  a bug in plangen; `detail` says what, the reader gets a sentence
 * - load:      the engine's files could not be downloaded (Retry may help)
 * - timeout:   the worker did not answer in time (page side)
 * - crashed:   the worker stopped (page side)
 * - cancelled: the request was dropped because the planner restarted (page side)
 */
export const CODES = Object.freeze(/** @type {const} */ ([
  "answer", "request", "content", "internal", "load", "timeout", "crashed", "cancelled",
]));

/** @typedef {typeof CODES[number]} Code */

/**
 * @typedef {object} PlainError  An error as plain data: it crosses postMessage as it is.
 * @property {Code} code
 * @property {string} message    a sentence a reader can be shown
 * @property {string | null} [question]  the question at fault (code "answer")
 * @property {string} [detail]   for developers: logged to the console, never shown
 */

/**
 * Progress, as the store keeps it and the `.json` export carries it (plangen.engine.tracking):
 * @typedef {{started?: string | null, week?: number, done?: Record<string, number>,
 *   counts?: Record<string, Record<string, number>>,
 *   checkins?: Array<{week: number, applications?: number | null, replies?: number | null,
 *     interviews?: number | null, energy?: "low" | "ok" | "good" | null}>}} Progress
 */

/**
 * @typedef {{op: "visible" | "clean", answers: object}
 *   | {op: "plan" | "downloads", answers: object, link_base: string, progress?: Progress}
 *   | {op: "ics", answers: object, link_base: string, progress?: Progress, today?: string, why?: boolean}
 *   | {op: "import", text: string}
 *   | {op: "import_link", fragment: string}} EngineRequest
 */

/** @typedef {{id: number, type: "load", bundleUrl: string}} LoadMessage */
/** @typedef {{id: number, type: "request", bundleUrl: string, request: EngineRequest}} RequestMessage */
/** @typedef {{type: "prefetch", bundleUrl: string}} PrefetchMessage */
/** @typedef {LoadMessage | RequestMessage | PrefetchMessage} PageMessage */

/** @typedef {{id: number, ok: true, result: object}} OkReply */
/** @typedef {{id: number, ok: false, error: PlainError}} ErrorReply */
/** @typedef {OkReply | ErrorReply} Reply */

/**
 * The worker's name when the page knows that no engine has started from this
 * site on this device: the worker then has no kept snapshot to look for.
 * enginestart.js, which imports nothing so that the worker starts sooner,
 * spells the same name (tests/test_protocol.py checks that they agree).
 */
export const FIRST_START_NAME = "plangen engine, first start here";

/**
 * The one page message without an id: enginestart.js sends it as it creates
 * the worker, so that the bundle downloads while Pyodide starts rather than
 * once the page's own modules have loaded and sent `load` (and once the
 * worker, busy starting Python, gets round to reading that). It spells the
 * same type (tests/test_protocol.py checks).
 */
export const PREFETCH = "prefetch";

/** What the reader is told when the fault is not theirs to fix. */
export const INTERNAL_MESSAGE = "Something went wrong inside the planner.";
/** What the reader is told when the engine's files did not arrive. */
export const LOAD_MESSAGE = "Its files could not be downloaded; check your connection and retry.";

/**
 * @param {Code} code
 * @param {string} message
 * @param {{question?: string | null, detail?: string}} [extra]
 * @returns {PlainError}
 */
export function plainError(code, message, extra = {}) {
  /** @type {PlainError} */
  const error = { code, message };
  if (extra.question) error.question = extra.question;
  if (extra.detail) error.detail = extra.detail;
  return error;
}

/** @param {number} id @param {string} bundleUrl @returns {LoadMessage} */
export function loadMessage(id, bundleUrl) {
  return { id, type: "load", bundleUrl };
}

/** @param {number} id @param {string} bundleUrl @param {EngineRequest} request @returns {RequestMessage} */
export function requestMessage(id, bundleUrl, request) {
  return { id, type: "request", bundleUrl, request };
}

/** @param {number} id @param {object} result @returns {OkReply} */
export function okReply(id, result) {
  return { id, ok: true, result };
}

/**
 * The readiness notice; `started` says how the engine started: "snapshot"
 * (from the memory snapshot kept on this device) or "usual".
 * @param {number} id @param {"snapshot" | "usual"} started @returns {OkReply}
 */
export function readyReply(id, started) {
  return okReply(id, { ready: true, started });
}

/** @param {number} id @param {PlainError} error @returns {ErrorReply} */
export function errorReply(id, error) {
  return { id, ok: false, error };
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Why `message` is not a page message the worker understands, or null if it is.
 * @param {unknown} message
 * @returns {string | null}
 */
export function pageMessageProblem(message) {
  if (!isObject(message)) return "a message must be an object";
  if (typeof message.bundleUrl !== "string") return "a message needs the bundle's address";
  if (message.type === PREFETCH) return null; // the one message without an id
  if (!Number.isInteger(message.id)) return "a message needs a whole-number id";
  if (message.type === "load") return null;
  if (message.type !== "request") return `unknown message type ${JSON.stringify(message.type)}`;
  if (!isObject(message.request)) return "a request needs a request object";
  const op = message.request.op;
  if (!OPS.includes(/** @type {Op} */ (op))) return `unknown op ${JSON.stringify(op)}`;
  return null;
}

/**
 * Whether `error` is a PlainError with a known code.
 * @param {unknown} error
 * @returns {error is PlainError}
 */
export function isPlainError(error) {
  return isObject(error) && CODES.includes(/** @type {Code} */ (error.code)) && typeof error.message === "string";
}

/**
 * Whether `reply` is a well-formed worker reply (the envelope, not the result's fields).
 * @param {unknown} reply
 * @returns {reply is Reply}
 */
export function isReply(reply) {
  if (!isObject(reply) || !Number.isInteger(reply.id)) return false;
  if (reply.ok === true) return isObject(reply.result);
  return reply.ok === false && isPlainError(reply.error);
}
