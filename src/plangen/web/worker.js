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

function load(bundleUrl) {
  if (!loading) {
    loading = (async () => {
      const bundle = fetch(bundleUrl); // in parallel with the runtime
      bundle.catch(() => {}); // its failure is reported where it is awaited
      const pyodide = await loadPyodide({
        indexURL: runtimeURL,
        lockFileURL: runtimeURL + "pyodide-lock.json",
        packageBaseUrl: runtimeURL,
        stdout: () => {},
        stderr: () => {},
      });
      await pyodide.loadPackage(["plangen"], { messageCallback: () => {}, errorCallback: () => {} });
      const response = await bundle;
      if (!response.ok) throw new Error(`content bundle: HTTP ${response.status}`);
      const browser = pyodide.pyimport("plangen.browser");
      browser.load(await response.text());
      return { pyodide, browser };
    })();
    loading.catch(() => { loading = null; });
  }
  return loading;
}

function plainError(error) {
  // A Python traceback is for developers, not readers: log it, send a sentence.
  if (error?.name === "PythonError") {
    console.warn(error.message);
    return { type: "InternalError", message: "Something went wrong inside the planner." };
  }
  return { type: error?.name || "Error", message: String(error?.message || error) };
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
      if (data.request.op === "ics") await pyodide.loadPackage(["icalendar"], { messageCallback: () => {} });
      const reply = browser.handle(JSON.stringify(data.request));
      self.postMessage({ id, type: "result", result: JSON.parse(reply) });
    } else {
      throw new Error(`unknown message type ${type}`);
    }
  } catch (error) {
    self.postMessage({ id, type: "error", error: plainError(error) });
  }
};
