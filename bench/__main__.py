"""``python -m bench [--runs N] [--quick] [--only NAME,...]``: run, print, write JSON."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from .report import render, write_json
from .site import ROOT

NAMES = ("first_question", "worker_ready", "plan", "next", "journeys", "living", "sizes", "build_plan", "build",
         "generators", "scaling")
NEEDS_SITE = {"first_question", "worker_ready", "plan", "next", "journeys", "living", "sizes", "build_plan"}
NEEDS_BROWSER = {"first_question", "worker_ready", "plan", "next", "journeys", "living", "sizes"}
TIMED = {"first_question", "worker_ready", "plan", "next", "journeys"}
# Also timed through a plain static server that sends no precompressed copies, as many hosts do.
TIMED_PLAIN = {"first_question", "worker_ready", "journeys"}
RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=None, help="repetitions of each measurement (default 5)")
    parser.add_argument("--quick", action="store_true", help="2 runs and no scaling")
    parser.add_argument("--only", default="", help="comma-separated subset of: " + ", ".join(NAMES))
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"where to write results (default {RESULTS})")
    args = parser.parse_args(argv)
    args.runs = args.runs if args.runs is not None else 2 if args.quick else 5
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    chosen = [name.strip().replace("-", "_") for name in args.only.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in NAMES]
    if unknown:
        parser.error(f"unknown --only name(s): {', '.join(unknown)}; choose from {', '.join(NAMES)}")
    args.want = set(chosen) or set(NAMES)
    if args.quick and not chosen:
        args.want.discard("scaling")
    return args


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _git() -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return rev + (" (dirty)" if dirty else "")
    except OSError:
        return "?"


def _meta(args: argparse.Namespace) -> dict:
    meta = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "runs": args.runs,
            "only": sorted(args.want), "git": _git(), "cpus": os.cpu_count(), "python": platform.python_version(),
            "load_average_start": os.getloadavg()}
    try:
        meta["node"] = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
        meta["pyodide"] = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text())["version"]
    except (OSError, ValueError):
        pass
    return meta


class Run:
    """One benchmark run: collects metrics and per-section errors."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.results: dict = {"meta": _meta(args), "metrics": {}, "errors": {}}

    def guarded(self, name: str, work) -> None:
        progress(f"{name} …")
        try:
            work()
        except Exception as error:  # one broken section must not hide the others
            traceback.print_exc()
            self.results["errors"][name] = f"{type(error).__name__}: {error}"

    def site_sections(self) -> None:
        from .site import build_site, bundle_path, write_baseline

        want = self.args.want
        with tempfile.TemporaryDirectory(prefix="plangen-bench-site-") as tmp:
            site_dir = Path(tmp) / "site"
            progress("building the site")
            build_site(site_dir)
            if want & NEEDS_BROWSER:
                self.guarded("browser", lambda: self.browser_sections(site_dir, write_baseline(site_dir)))
            if "build_plan" in want:
                self.guarded("build_plan", lambda: self.engine_section(site_dir, bundle_path(site_dir)))

    def browser_sections(self, site_dir: Path, baseline: str) -> None:
        from .browser_metrics import VISIT_LABELS, VISITS, BrowserSuite, chromium
        from .site import LoggingSiteServer
        from .sizes import measure_sizes
        from .stats import ratio_metric

        want = self.args.want
        with LoggingSiteServer(site_dir) as server, LoggingSiteServer(site_dir, encodings=()) as plain, \
                chromium() as chrome:
            self.results["meta"]["chromium"] = f"Chromium {chrome.version}"
            saved: dict = {}
            for served_by, suffix, names in ((server, "", TIMED), (plain, "plain", TIMED_PLAIN)):
                if not want & names:
                    continue

                def timings(served_by=served_by, suffix=suffix, names=names) -> None:
                    suite = BrowserSuite(served_by.url, baseline, want & names, served_by.take_log, server=suffix,
                                         saved_state=saved.get("state"))
                    try:
                        suite.run(chrome, self.args.runs, progress)
                    finally:  # keep what was measured even if a later step failed
                        saved["state"] = suite.saved_state
                        metrics = self.results["metrics"]
                        metrics.update(suite.metrics)
                        self.results.setdefault("http_statuses", {}).update(
                            {f"{visit} {suffix}".strip(): counts for visit, counts in suite.statuses.items()})
                        end = f"_{suffix}" if suffix else ""
                        for visit in VISITS:
                            ours, base = metrics.get(f"worker_ready_{visit}{end}"), metrics.get(f"baseline_ready_{visit}{end}")
                            if ours and base:
                                metrics[f"worker_vs_baseline_{visit}{end}"] = ratio_metric(
                                    f"worker ready / baseline, {VISIT_LABELS[visit]}{', ' + suffix + ' server' if suffix else ''}",
                                    ours, base, note="paired by run")
                self.guarded(f"browser timings {suffix}".strip(), timings)
            if "living" in want:
                def living() -> None:
                    from .living import measure_living

                    measure_living(chrome, server.url, site_dir, self.args.runs, progress, self.results["metrics"])
                self.guarded("my plan", living)
            if "sizes" in want:
                def sizes() -> None:
                    self.results["sizes"] = measure_sizes(chrome, server, site_dir)
                self.guarded("sizes", sizes)

    def engine_section(self, site_dir: Path, bundle: Path) -> None:
        from .engine_metrics import measure_engine

        metrics, detail = measure_engine(site_dir, bundle, self.args.runs)
        self.results["metrics"].update(metrics)
        self.results["engine"] = detail

    def build_section(self) -> None:
        from .build_metrics import measure_build

        self.results["metrics"].update(measure_build(self.args.runs, progress))

    def generators_section(self) -> None:
        from .generator_metrics import measure_generators

        self.results["metrics"].update(measure_generators(self.args.runs, progress))

    def scaling_section(self) -> None:
        from .scaling import measure_scaling

        self.results["scaling"] = measure_scaling(self.args.runs, progress)

    def run(self) -> dict:
        want = self.args.want
        if want & NEEDS_SITE:
            self.guarded("site", self.site_sections)
        if "build" in want:
            self.guarded("build", self.build_section)
        if "generators" in want:
            self.guarded("generators", self.generators_section)
        if "scaling" in want:
            self.guarded("scaling", self.scaling_section)
        self.results["meta"]["load_average_end"] = os.getloadavg()
        return self.results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = Run(args).run()
    print(render(results))
    write_json(results, args.json)
    progress(f"wrote {args.json}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
