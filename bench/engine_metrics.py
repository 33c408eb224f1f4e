"""`build_plan` per plan, in CPython and in Pyodide under Node.

Both sides use the content bundle the built site serves and the same answer
sets (``plangen.authoring.sampling.answer_sets(content, 300, seed=1)``). Each run
reports the median per-plan time over all sets; a warm-up pass is not counted.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from plangen.engine import worker as browser
from plangen.engine.bundle import content_from_plain
from plangen.engine.planner import build_plan
from plangen.engine.model import Content
from plangen.authoring.sampling import answer_sets

from .site import ASSETS, ROOT
from .stats import Metric, percentile

ANSWER_SETS = 300
SEED = 1
LINK_BASE = "http://127.0.0.1/"
SCRIPT = Path(__file__).with_name("pyodide_build_plan.mjs")


def time_plans(content: Content, sets: list[dict], rounds: int) -> list[list[float]]:
    """Per-plan milliseconds of ``build_plan`` for ``rounds`` passes (after one warm-up)."""
    passes = []
    for index in range(rounds + 1):
        timings = []
        for answers in sets:
            start = time.perf_counter()
            build_plan(content, answers, link_base=LINK_BASE)
            timings.append((time.perf_counter() - start) * 1000)
        if index:
            passes.append(timings)
    return passes


def time_handle(bundle_text: str, sets: list[dict], rounds: int) -> list[list[float]]:
    """Per-request milliseconds of ``plangen.engine.worker.handle`` for ``op: plan``."""
    browser.load(bundle_text)
    requests = [json.dumps({"op": "plan", "answers": a, "link_base": LINK_BASE}) for a in sets]
    passes = []
    for index in range(rounds + 1):
        timings = []
        for request in requests:
            start = time.perf_counter()
            browser.handle(request)
            timings.append((time.perf_counter() - start) * 1000)
        if index:
            passes.append(timings)
    return passes


def _metric(label: str, passes: list[list[float]], note: str) -> Metric:
    metric = Metric(label, "ms", note=note)
    for timings in passes:
        metric.add(statistics.median(timings))
    return metric


def _detail(passes: list[list[float]]) -> dict:
    flat = [t for timings in passes for t in timings]
    return {"mean": statistics.fmean(flat), "p95": percentile(flat, 0.95), "max": max(flat), "plans": len(flat)}


def measure_engine(site_dir: Path, bundle: Path, runs: int) -> tuple[dict[str, Metric], dict]:
    """CPython and Pyodide timings; returns metrics and extra detail for the JSON."""
    bundle_text = bundle.read_text(encoding="utf-8")
    content = content_from_plain(json.loads(bundle_text))
    sets = list(answer_sets(content, ANSWER_SETS, seed=SEED))
    note = f"median per plan over {len(sets)} answer sets"
    cpython_plan = time_plans(content, sets, runs)
    cpython_handle = time_handle(bundle_text, sets, runs)
    metrics = {
        "build_plan_cpython": _metric("build_plan, CPython", cpython_plan, note),
        "handle_plan_cpython": _metric("handle(op plan), CPython", cpython_handle, note),
    }
    detail: dict = {"answer_sets": len(sets), "seed": SEED,
                    "cpython": {"build_plan": _detail(cpython_plan), "handle": _detail(cpython_handle)}}
    pyodide = run_pyodide(site_dir, bundle, sets, runs)
    metrics["build_plan_pyodide"] = _metric("build_plan, Pyodide (Node)", pyodide["passes_build_plan"], note)
    metrics["handle_plan_pyodide"] = _metric("handle(op plan), Pyodide (Node)", pyodide["passes_handle"], note)
    metrics["pyodide_node_runtime"] = Metric("Node: loadPyodide(), engine zip on the path", "ms",
                                             [pyodide["runtime_ms"]], note="one run")
    metrics["pyodide_node_engine"] = Metric("Node: import + bundle", "ms",
                                            [pyodide["engine_ms"]], note="one run")
    detail["pyodide"] = {"python": pyodide["python"], "runtime_ms": pyodide["runtime_ms"],
                         "engine_ms": pyodide["engine_ms"], "first_call_ms": pyodide["first_call_ms"],
                         "build_plan": _detail(pyodide["passes_build_plan"]),
                         "handle": _detail(pyodide["passes_handle"])}
    return metrics, detail


def run_pyodide(site_dir: Path, bundle: Path, sets: list[dict], runs: int) -> dict:
    """Run bench/pyodide_build_plan.mjs under Node and parse its JSON."""
    if shutil.which("node") is None:
        raise RuntimeError("node is not on PATH")
    with tempfile.TemporaryDirectory(prefix="plangen-bench-") as tmp:
        answers = Path(tmp) / "answers.json"
        answers.write_text(json.dumps(sets))
        result = subprocess.run(
            ["node", str(SCRIPT), str(site_dir / ASSETS), str(bundle), str(answers), str(runs)],
            capture_output=True, text=True, cwd=ROOT, timeout=1800,
        )
    if result.returncode != 0:
        raise RuntimeError(f"pyodide_build_plan.mjs failed:\n{result.stderr[-3000:]}")
    data = json.loads(result.stdout)
    data["passes_build_plan"] = [p["build_plan"] for p in data["passes"]]
    data["passes_handle"] = [p["handle"] for p in data["passes"]]
    return data
