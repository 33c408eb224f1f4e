// Run plangen's engine inside real Pyodide under Node, with the very
// standard library, engine zip and content bundle a built site serves.
//   node run_plans.mjs <site assets dir> <bundle file> <requests json> [wheel paths, comma-separated]
//   node run_plans.mjs <site assets dir> <bundle file> <requests json> --snapshot
// The optional wheels go on Python's path after the engine zip (a site whose templates are left to
// Jinja2 ships Jinja2 and Markdown). With --snapshot the engine starts from
// the memory snapshot the site serves (engine-snapshot.json names it), as a
// returning reader's worker does, and neither engine zip nor bundle is loaded.
// Prints JSON: the Python version, one reply of plangen.engine.worker.handle
// per request, every module loaded by then, and the source files Python had to
// compile (a module whose bytecode the site serves is loaded from it, so that
// list shows bytecode that is missing or unusable).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";
import { engineZipOptions } from "../../src/plangen/site/node/engine_zip.mjs";

const [assetsDir, bundlePath, answersPath, extra] = process.argv.slice(2);
const fromSnapshot = extra === "--snapshot";
const require = createRequire(path.join(process.cwd(), "package.json"));
const { loadPyodide } = require("pyodide");

const runtimeDir = path.resolve(assetsDir, "pyodide") + path.sep;
let snapshot;
if (fromSnapshot) {
  const manifest = JSON.parse(await readFile(path.join(assetsDir, "engine-snapshot.json"), "utf-8"));
  snapshot = gunzipSync(await readFile(path.join(assetsDir, manifest.file)));
}
const pyodide = await loadPyodide({
  indexURL: runtimeDir,
  lockFileURL: runtimeDir + "pyodide-lock.json",
  packageBaseUrl: runtimeDir,
  stdout: () => {},
  stderr: (text) => process.stderr.write(text + "\n"),
  ...(fromSnapshot ? { _loadSnapshot: snapshot } : await engineZipOptions(runtimeDir, extra ? extra.split(",") : [])),
});
const requests = JSON.parse(await readFile(answersPath, "utf-8"));
// Every module whose source is compiled passes through SourceLoader.source_to_code,
// or, read from a zip (the engine's, the standard library), zipimport._compile_source.
pyodide.runPython(`
import zipimport
from importlib._bootstrap_external import SourceLoader
compiled_sources = []
_source_to_code = SourceLoader.source_to_code
def _recorded(self, data, path, *args, **kwargs):
    compiled_sources.append(str(path))
    return _source_to_code(self, data, path, *args, **kwargs)
SourceLoader.source_to_code = _recorded
_compile_source = zipimport._compile_source
def _recorded_in_zip(pathname, source):
    compiled_sources.append(str(pathname))
    return _compile_source(pathname, source)
zipimport._compile_source = _recorded_in_zip
`);
let browser;
if (fromSnapshot) {
  browser = pyodide.pyimport("plangen.engine.worker");
} else {
  browser = pyodide.pyimport("plangen.engine.worker");
  browser.load(await readFile(bundlePath, "utf-8"));
  browser.warm_up();
}
const replies = requests.map((request) => JSON.parse(browser.handle(JSON.stringify(request))));
const modules = JSON.parse(pyodide.runPython("import json, sys; json.dumps(sorted(sys.modules))"));
const compiled = JSON.parse(pyodide.runPython("json.dumps(compiled_sources)"));
process.stdout.write(JSON.stringify({ python: pyodide.runPython("import sys; sys.version"), replies, modules, compiled }));
