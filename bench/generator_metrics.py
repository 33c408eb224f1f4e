"""This site built by each generator through ``plangen build --generator``,
against that generator's own build of the same sources without plangen
(measured in the same run, alternating, caches warm).

The projects are the ones ``build_metrics`` makes: a copy with the plugin
and a copy without it. Without plangen, Zensical's quiz page is empty; the
difference is what plangen's two phases cost on each generator.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .build_metrics import make_project
from .stats import Metric, ratio_metric

GENERATORS = ("mkdocs", "properdocs", "zensical")


def _timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return elapsed


def with_plangen(generator: str, config: Path, site_dir: Path) -> float:
    """Seconds of ``plangen build --generator GENERATOR`` into ``site_dir``."""
    return _timed([sys.executable, "-m", "plangen.cli.main", "--root", str(config.parent), "build",
                   "--generator", generator, "--site-dir", str(site_dir)], config.parent)


def without_plangen(generator: str, config: Path, site_dir: Path) -> float:
    """Seconds of the generator's own build of a copy without the plugin."""
    if generator == "zensical":  # it writes to the config's site_dir; it has no option to move it
        return _timed([sys.executable, "-m", "zensical", "build", "--config-file", str(config)], config.parent)
    return _timed([sys.executable, "-m", generator, "build", "--quiet", "--config-file", str(config),
                   "--site-dir", str(site_dir)], config.parent)


def measure_generators(runs: int, progress) -> dict[str, Metric]:
    """Per generator: seconds with plangen, seconds without, and their run-by-run ratio."""
    metrics: dict[str, Metric] = {}
    with tempfile.TemporaryDirectory(prefix="plangen-bench-generators-") as tmp:
        root = Path(tmp)
        plugged, plain = make_project(root / "with", True), make_project(root / "without", False)
        for generator in GENERATORS:
            built = Metric(f"{generator}: plangen build", "s", note="wall time, fresh site dir, caches warm")
            baseline = Metric(f"{generator}: its own build without plangen (baseline)", "s", note="same sources")
            with_plangen(generator, plugged, root / f"warm-{generator}")  # fills caches first
            without_plangen(generator, plain, root / f"warm-plain-{generator}")
            for index in range(runs):
                pair = [(built, with_plangen, plugged), (baseline, without_plangen, plain)]
                for metric, build, config in pair if index % 2 == 0 else pair[::-1]:
                    metric.add(build(generator, config, root / f"site-{generator}-{metric is built}-{index}"))
                progress(f"{generator} build run {index + 1}/{runs}")
            metrics[f"generator_{generator}"] = built
            metrics[f"generator_{generator}_baseline"] = baseline
            metrics[f"generator_{generator}_ratio"] = ratio_metric(f"{generator}: with / without plangen", built,
                                                                   baseline, note="paired by run")
    return metrics
