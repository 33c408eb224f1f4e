// Run plangen's engine inside real Pyodide under Node, with the very
// standard library, wheels and content bundle a built site serves.
//   node run_plans.mjs <site assets dir> <bundle file> <requests json> [wheel paths, comma-separated]
// The optional wheels are loaded too (a site whose templates are left to
// Jinja2 ships Jinja2 and Markdown). Prints JSON: the Python version, one reply of plangen.engine.worker.handle
// per request, and every module loaded by then.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";

const [assetsDir, bundlePath, answersPath, extraWheels] = process.argv.slice(2);
const require = createRequire(path.join(process.cwd(), "package.json"));
const { loadPyodide } = require("pyodide");

const runtimeDir = path.resolve(assetsDir, "pyodide") + path.sep;
const pyodide = await loadPyodide({
  indexURL: runtimeDir,
  lockFileURL: runtimeDir + "pyodide-lock.json",
  packageBaseUrl: runtimeDir,
  stdout: () => {},
  stderr: (text) => process.stderr.write(text + "\n"),
});
const requests = JSON.parse(await readFile(answersPath, "utf-8"));
await pyodide.loadPackage(["plangen", ...(extraWheels ? extraWheels.split(",") : [])], { messageCallback: () => {} });
const browser = pyodide.pyimport("plangen.engine.worker");
browser.load(await readFile(bundlePath, "utf-8"));
browser.warm_up();
const replies = requests.map((request) => JSON.parse(browser.handle(JSON.stringify(request))));
const modules = JSON.parse(pyodide.runPython("import json, sys; json.dumps(sorted(sys.modules))"));
process.stdout.write(JSON.stringify({ python: pyodide.runPython("import sys; sys.version"), replies, modules }));
