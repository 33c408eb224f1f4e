// The plan engine's home: Pyodide plus the plangen wheel, in a Web Worker.
//
// Protocol (every message carries the id of the request it answers):
//   page -> worker  {id, type: "load", bundleUrl}
//                   {id, type: "request", bundleUrl, request: {op, answers, ...}}
//   worker -> page  {id, type: "ready"} | {id, type: "result", result}
//                   | {id, type: "error", error: {type, message}}
// Python objects never cross: requests and replies are JSON text.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const runtimeURL = new URL("./pyodide/", import.meta.url).href;
let loading = null; // one load at a time; reset on failure so a retry really retries

class LoadError extends Error {
  constructor(detail) {
    super("Its files could not be downloaded; check your connection and retry.");
    this.name = "LoadError";
    this.detail = detail;
  }
}

// Pyodide does not reject when some of its downloads fail (the failure
// surfaces as an unhandled rejection), so a load also ends at the first one.
function unhandledFailure() {
  return new Promise((_, reject) => {
    self.addEventListener("unhandledrejection", (event) => {
      event.preventDefault();
      reject(new LoadError(String(event.reason?.message ?? event.reason)));
    }, { once: true });
  });
}

async function startEngine(bundleUrl) {
  const bundle = fetch(bundleUrl); // in parallel with the runtime
  bundle.catch(() => {}); // its failure is reported where it is awaited
  const pyodide = await loadPyodide({
    indexURL: runtimeURL,
    lockFileURL: runtimeURL + "pyodide-lock.json",
    packageBaseUrl: runtimeURL,
    stdout: () => {},
    stderr: () => {},
  });
  try {
    await pyodide.loadPackage(["plangen"], { messageCallback: () => {}, errorCallback: () => {} });
  } catch (error) {
    throw new LoadError(String(error?.message ?? error));
  }
  let response;
  try {
    response = await bundle;
  } catch (error) {
    throw new LoadError(String(error?.message ?? error));
  }
  if (!response.ok) throw new LoadError(`content bundle: HTTP ${response.status}`);
  const browser = pyodide.pyimport("plangen.engine.worker");
  browser.load(await response.text());
  return { pyodide, browser };
}

function load(bundleUrl) {
  if (!loading) {
    loading = Promise.race([startEngine(bundleUrl), unhandledFailure()]);
    loading.catch(() => { loading = null; });
  }
  return loading;
}

function plainError(error) {
  // Tracebacks and HTTP details are for developers: log them, send a sentence.
  if (error?.name === "LoadError") {
    console.warn(error.detail);
    return { type: "LoadError", message: error.message };
  }
  if (error?.name === "PythonError") console.warn(error.message);
  return { type: "InternalError", message: "Something went wrong inside the planner." };
}

self.onmessage = async ({ data }) => {
  const { id, type } = data;
  try {
    const { pyodide, browser } = await load(data.bundleUrl);
    if (type === "load") {
      self.postMessage({ id, type: "ready" });
      // Import the plan-making modules while the reader answers questions.
      setTimeout(() => { try { browser.warm_up(); } catch (error) { console.warn(String(error)); } }, 0);
    } else if (type === "request") {
      // The calendar library is only fetched when someone asks for a calendar.
      if (data.request.op === "ics") {
        try {
          await pyodide.loadPackage(["icalendar"], { messageCallback: () => {}, errorCallback: () => {} });
        } catch (error) {
          throw new LoadError(String(error?.message ?? error));
        }
      }
      const reply = JSON.parse(browser.handle(JSON.stringify(data.request)));
      if (reply.error?.detail) console.warn(reply.error.detail);
      self.postMessage({ id, type: "result", result: reply });
    } else {
      throw new Error(`unknown message type ${type}`);
    }
  } catch (error) {
    self.postMessage({ id, type: "error", error: plainError(error) });
  }
};
