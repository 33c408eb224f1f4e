"""Any site can use plangen, with any generator: the built wheel, installed
(not editable) into a fresh virtual environment, scaffolds a site with
``plangen new --generator G`` that builds with ``mkdocs build --strict`` (the
plugin alone) or ``plangen build --strict`` (ProperDocs, Zensical, installed
through plangen's extras) and whose quiz gives a plan in Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import ARTIFACTS, ROOT, PageGuard
from plangen.authoring.loader import Project, load_content
from plangen.engine.planner import build_plan
from plangen.site.devserver import SiteServer
from plangen.site.runtime import PYODIDE_VERSION
from quizdriver import QuizDriver, wait_for_plan

pytestmark = pytest.mark.browser

# Generous, bounded: installing from the package index and fetching the
# browser's wheels can be slow on a loaded machine, never endless.
STEP_TIMEOUT = 900
# The environment a site owner's shell would have: none of this repo's test
# settings, and no virtual environment but the new one.
CLEAN_ENV = {k: v for k, v in os.environ.items()
             if not k.startswith(("PLANGEN_", "PYTHON", "VIRTUAL_ENV", "PYTEST"))}


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env or CLEAN_ENV, capture_output=True, text=True,
                            timeout=STEP_TIMEOUT)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


BUILT_IN: dict[str, float] = {}  # the wheel's build time, for the report


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """plangen's wheel, built like a release from a clean copy of the sources
    (an in-tree build/ folder could carry files that no longer exist)."""
    started = time.monotonic()
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(work / "dist"),
          str(source)], cwd=work, env=dict(CLEAN_ENV, PIP_DISABLE_PIP_VERSION_CHECK="1"))
    BUILT_IN["build_wheel"] = round(time.monotonic() - started, 1)
    return next((work / "dist").glob("plangen-*.whl"))


def test_wheel_carries_every_file_of_the_package(wheel):
    in_wheel = {name for name in zipfile.ZipFile(wheel).namelist() if name.startswith("plangen/")}
    tracked = subprocess.run(["git", "ls-files", "src/plangen"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    expected = {path.removeprefix("src/") for path in tracked}
    assert expected - in_wheel == set()


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with plangen installed from its wheel, as `pip install plangen` would."""
    started = time.monotonic()
    venv = tmp_path_factory.mktemp("venv") / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=venv.parent)
    _run([str(venv / "bin/python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
         cwd=venv.parent)
    BUILT_IN["venv_and_pip_install"] = round(time.monotonic() - started, 1)
    return venv


# The runtime's bytecode, wheels and compressed copies a first site built;
# later sites start from a copy, as a second site on the same machine would,
# so each generator costs its own build and not the same cold caches again.
CACHES: list[Path] = []


@pytest.mark.parametrize("generator", ["mkdocs", "zensical", "properdocs"])
def test_install_scaffold_build_and_take_the_quiz(wheel, venv, tmp_path, browser, generator):
    started = time.monotonic()
    times: dict[str, float] = {}

    def lap(name: str) -> None:
        times[name] = round(time.monotonic() - started - sum(times.values()), 1)

    if generator != "mkdocs":  # the generator comes with plangen's extra of the same name
        _run([str(venv / "bin/python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
              f"{wheel}[{generator}]"], cwd=tmp_path)
    lap("pip_install_extra")

    site = tmp_path / "mysite"
    new = _run([str(venv / "bin/plangen"), "new", str(site), "--generator", generator], cwd=tmp_path)
    assert "npm install" in new.stdout and f"built with {generator}" in new.stdout
    assert json.loads((site / "package.json").read_text())["dependencies"] == {"pyodide": PYODIDE_VERSION}
    _run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=site)
    if CACHES:
        shutil.copytree(CACHES[0], site / ".cache")
    lap("plangen_new_and_npm_install")

    if generator == "mkdocs":
        build = _run([str(venv / "bin/mkdocs"), "build", "--strict"], cwd=site)
    else:
        build = _run([str(venv / "bin/plangen"), "build", "--strict"], cwd=site)
        assert f"with {generator} in" in build.stdout
    assert "WARNING  -" not in build.stderr, build.stderr  # strict fails on them anyway; say which
    for page in ("index.html", "quiz/index.html", "my-plan/index.html", "guides/first-steps/index.html"):
        assert (site / "site" / page).is_file(), page
    assert (site / "site" / "sw.js").is_file()  # offline after one visit, with no option set
    if not CACHES:
        CACHES.append(shutil.copytree(site / ".cache", tmp_path.parent / "first-site-cache"))
    lap("build")

    content = load_content(Project(site))
    answers = {"situation": "starting", "hours": 4, "role": "product designer"}
    expected = [step.title for step in build_plan(content, answers).steps]
    assert len(expected) == 3  # the two starter steps and the weekly application habit
    with SiteServer(site / "site") as server:
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(60_000)
        guard = PageGuard(server.url)
        page.on("request", guard.on_request)
        page.on("pageerror", lambda error: guard.errors.append(str(error)))
        page.on("console", lambda message: guard.errors.append(message.text) if message.type == "error" else None)
        try:
            page.goto(server.url + "quiz/")
            assert QuizDriver(page, content).take(answers) == ["situation", "hours", "role"]
            wait_for_plan(page)
            shown = [text.strip() for text in page.locator(".plangen-step-title").all_inner_texts()]
            assert shown == expected
            assert "product designer" in page.locator("#plangen").inner_text()  # the reader's words, in the step
            # My plan finds the quiz through the plugin, not a fixed path.
            page.goto(server.url + "my-plan/")
            wait_for_plan(page)
            change = page.get_by_role("link", name="Change my answers")
            assert change.evaluate("a => a.href") == server.url + "quiz/"
            guard.assert_clean()
        finally:
            context.close()
    lap("quiz_in_chromium")

    total = round(time.monotonic() - started, 1)
    times = {**BUILT_IN, **times}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"install-and-scaffold-{generator}.json").write_text(json.dumps({"total_s": total, **times}, indent=1))
    print(f"{generator}: scaffold, build and quiz: {total} s {times}")
