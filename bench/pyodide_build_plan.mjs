// Time plangen's engine inside real Pyodide under Node, with the engine zip and
// content bundle a built site serves (modelled on tests/pyodide/run_plans.mjs).
//   node pyodide_build_plan.mjs <site assets dir> <bundle file> <answer sets json> <runs>
// Prints JSON: per timed pass, the per-plan milliseconds of build_plan alone
// and of browser.handle({op: "plan"}) (what the worker runs), plus start-up times.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import { engineZipOptions } from "../src/plangen/site/node/engine_zip.mjs";

const [assetsDir, bundlePath, answersPath, runsText] = process.argv.slice(2);
const runs = Number(runsText || "3");
const require = createRequire(path.join(process.cwd(), "package.json"));
const { loadPyodide } = require("pyodide");

const started = performance.now();
const runtimeDir = path.resolve(assetsDir, "pyodide") + path.sep;
const pyodide = await loadPyodide({
  lockFileURL: runtimeDir + "pyodide-lock.json",
  packageBaseUrl: runtimeDir,
  stdout: () => {},
  stderr: (text) => process.stderr.write(text + "\n"),
  ...(await engineZipOptions(runtimeDir)),
});
const loadedRuntime = performance.now();
const bundleText = await readFile(bundlePath, "utf-8");
const browser = pyodide.pyimport("plangen.engine.worker");
browser.load(bundleText);
pyodide.globals.set("bundle_text", bundleText);
const planOnly = pyodide.runPython(`
import json
from plangen.engine.bundle import content_from_plain
from plangen.engine.planner import build_plan

_bench_content = content_from_plain(json.loads(bundle_text))

def plan_only(answers_text):
    build_plan(_bench_content, json.loads(answers_text), link_base="http://127.0.0.1/")

plan_only
`);
const loadedEngine = performance.now();

const answerSets = JSON.parse(await readFile(answersPath, "utf-8"));
const requests = answerSets.map((answers) => JSON.stringify({ op: "plan", answers, link_base: "http://127.0.0.1/" }));
const answerTexts = answerSets.map((answers) => JSON.stringify(answers));

function pass() {
  const buildPlan = [];
  const handle = [];
  for (let i = 0; i < answerTexts.length; i++) {
    let t = performance.now();
    planOnly(answerTexts[i]);
    buildPlan.push(performance.now() - t);
    t = performance.now();
    const reply = browser.handle(requests[i]);
    handle.push(performance.now() - t);
    if (!JSON.parse(reply).ok) throw new Error(`plan failed: ${reply}`);
  }
  return { build_plan: buildPlan, handle };
}

const t0 = performance.now();
const firstReply = browser.handle(requests[0]);
const firstCall = performance.now() - t0;
if (!JSON.parse(firstReply).ok) throw new Error(`plan failed: ${firstReply}`);
pass(); // warm-up, not reported
const passes = [];
for (let r = 0; r < runs; r++) passes.push(pass());
planOnly.destroy();
process.stdout.write(JSON.stringify({
  python: pyodide.runPython("import sys; sys.version"),
  runtime_ms: loadedRuntime - started,
  engine_ms: loadedEngine - loadedRuntime,
  first_call_ms: firstCall,
  passes,
}));
