"""``mkdocs build`` with the plangen plugin against the same site without it.

Two temporary project copies (docs/, overrides/, quiz/, mkdocs.yml, with
node_modules and .cache symlinked): one as is, one with the ``plangen``
plugin removed from mkdocs.yml and ``template:`` removed from every page
whose override template reads the plugin's ``plangen`` context (the quiz
page, for one). Builds alternate
between the two, each into a fresh site folder.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from .site import ROOT, mkdocs_build
from .stats import Metric, ratio_metric

COPIED = ("docs", "overrides", "quiz")
LINKED = ("node_modules", ".cache")


def without_plugin(config_text: str, name: str = "plangen") -> str:
    """mkdocs.yml text with the ``- name`` plugin entry (and any options under it) removed."""
    lines = config_text.splitlines(keepends=True)
    kept: list[str] = []
    skip_deeper_than: int | None = None
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if skip_deeper_than is not None:
            if line.strip() and indent <= skip_deeper_than:
                skip_deeper_than = None
            else:
                continue
        if re.fullmatch(rf"\s*-\s*{re.escape(name)}\s*:?\s*(#.*)?", line.rstrip("\n")):
            skip_deeper_than = indent
            continue
        kept.append(line)
    return "".join(kept)


_TEMPLATE_LINE = re.compile(r"(?m)^template:\s*[\"']?([^\"'\n]+?)[\"']?\s*$\n?")


def plugin_templates(project: Path) -> set[str]:
    """Override templates that use the plugin's ``plangen`` context."""
    overrides = project / "overrides"
    return {path.relative_to(overrides).as_posix() for path in overrides.rglob("*.html")
            if "plangen." in path.read_text(encoding="utf-8")} if overrides.is_dir() else set()


def without_template(page_text: str, templates: set[str]) -> str:
    """A page's text with a ``template:`` naming one of ``templates`` dropped from its front matter."""
    if not page_text.startswith("---"):
        return page_text
    end = page_text.find("\n---", 3)
    front = page_text[:end] if end != -1 else ""
    match = _TEMPLATE_LINE.search(front)
    if match is None or match[1].strip() not in templates:
        return page_text
    return page_text[:match.start()] + page_text[match.end():]


def make_project(target: Path, plugin: bool) -> Path:
    """Copy the site sources into ``target``; return its mkdocs.yml."""
    target.mkdir(parents=True)
    for name in COPIED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name, symlinks=True)
    for name in LINKED:
        if (ROOT / name).exists():
            (target / name).symlink_to(ROOT / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not plugin:
        stripped = without_plugin(config)
        if stripped == config:
            raise RuntimeError("mkdocs.yml has no '- plangen' plugin line to remove")
        config = stripped
        templates = plugin_templates(target)
        for page in (target / "docs").rglob("*.md"):
            text = page.read_text(encoding="utf-8")
            stripped = without_template(text, templates)
            if stripped != text:
                page.write_text(stripped, encoding="utf-8")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target / "mkdocs.yml"


def measure_build(runs: int, progress) -> dict[str, Metric]:
    """Alternate builds with and without the plugin; seconds and the overhead ratio."""
    with_plugin = Metric("mkdocs build, with plangen", "s", note="wall time of the subprocess, fresh site dir")
    baseline = Metric("mkdocs build, without plangen (baseline)", "s", note="same sources, plugin removed")
    with tempfile.TemporaryDirectory(prefix="plangen-bench-build-") as tmp:
        root = Path(tmp)
        configs = {"with": make_project(root / "with", True), "without": make_project(root / "without", False)}
        for name, config in configs.items():  # fills caches (wheels, bytecode) first
            mkdocs_build(config, root / f"warm-up-{name}")
        for index in range(runs):
            order = ["with", "without"] if index % 2 == 0 else ["without", "with"]
            for name in order:
                elapsed = mkdocs_build(configs[name], root / f"site-{name}-{index}")
                (with_plugin if name == "with" else baseline).add(elapsed)
            progress(f"build run {index + 1}/{runs}")
    overhead = ratio_metric("plugin build overhead", with_plugin, baseline)
    overhead.unit = "%"
    overhead.values = [(value - 1) * 100 for value in overhead.values]
    overhead.note = "per run: with / without - 1, builds paired by run"
    fastest = Metric("plugin build overhead, fastest vs fastest", "%",
                     [(with_plugin.low / baseline.low - 1) * 100], note="min of each; least disturbed by load")
    return {"build_with_plugin": with_plugin, "build_without_plugin": baseline, "build_overhead": overhead,
            "build_overhead_fastest": fastest}
