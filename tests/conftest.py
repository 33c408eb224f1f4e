"""Shared fixtures: the real content, a built site served on 127.0.0.1, and a
real Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plangen.authoring.loader import Project, load_content
from plangen.site.devserver import SiteServer
import snapshot_start
from snapshot_start import seeding_context, seeding_page

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = os.environ.get("PLANGEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def content():
    """The site's real, validated content."""
    return load_content(Project(ROOT))


@pytest.fixture(scope="session")
def basic_content():
    """A small fixture project whose plans the tests know exactly."""
    return load_content(Project(FIXTURES / "basic"))


def build_site(out_dir: Path, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess:
    """Run the real ``mkdocs build --strict`` into ``out_dir``."""
    env = dict(
        os.environ, NO_MKDOCS_2_WARNING="1",
        PLANGEN_PYODIDE_DIR=str(ROOT / "node_modules/pyodide"),
        PLANGEN_WHEEL_CACHE=str(ROOT / ".cache/browser-wheels"),
    )
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(out_dir)],
        capture_output=True, text=True, env=env,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = build_site(out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def site_server(built_site):
    with SiteServer(built_site) as server:
        yield server


def plangen_build(out_dir: Path, generator: str | None, config: Path = ROOT / "mkdocs.yml",
                  strict: bool = True) -> subprocess.CompletedProcess:
    """Run the real ``plangen build [--generator GENERATOR] [--strict]`` into
    ``out_dir`` (no ``--generator``: the site's own choice)."""
    env = dict(
        os.environ, PLANGEN_PYODIDE_DIR=str(ROOT / "node_modules/pyodide"),
        PLANGEN_WHEEL_CACHE=str(ROOT / ".cache/browser-wheels"),
    )
    command = [sys.executable, "-m", "plangen.cli.main", "--root", str(config.parent), "build",
               "--config-file", config.name, "--site-dir", str(out_dir)]
    command += (["--generator", generator] if generator else []) + (["--strict"] if strict else [])
    return subprocess.run(command, capture_output=True, text=True, env=env)


def _site_built_by(generator: str, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp(f"{generator}-site")
    result = plangen_build(out, generator)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """This site built once per session by Zensical, with plangen's two phases around it."""
    return _site_built_by("zensical", tmp_path_factory)


@pytest.fixture(scope="session")
def properdocs_site(tmp_path_factory) -> Path:
    """This site built once per session by ProperDocs, which runs plangen's MkDocs plugin."""
    return _site_built_by("properdocs", tmp_path_factory)


@pytest.fixture(scope="session")
def zensical_server(zensical_site):
    with SiteServer(zensical_site) as server:
        yield server


@pytest.fixture(autouse=True)
def _usual_start_only(request):
    """A test marked ``usual_start`` sees the usual start even when every other
    test starts from the snapshot (snapshot_start.py)."""
    snapshot_start.paused = request.node.get_closest_marker("usual_start") is not None
    yield
    snapshot_start.paused = False


class NoServiceWorkers:
    """The session's Chromium, whose contexts and pages block service workers
    unless a test asks for them (``service_workers="allow"``): the site
    registers one after a visit, and a test must see the network, not what
    a previous visit left in a cache."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, seed_snapshot: bool = True, **options):
        context = self._browser.new_context(**{"service_workers": "block", **options})
        return seeding_context(context) if seed_snapshot else context

    def new_page(self, **options):
        return seeding_page(self._browser.new_page(**{"service_workers": "block", **options}))

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; run ./dev test, which installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield NoServiceWorkers(browser)
        browser.close()


class PageGuard:
    """Records what a page does that a test must never allow."""

    def __init__(self, origin: str):
        self.origin = origin
        self.off_origin: list[str] = []
        self.errors: list[str] = []

    def on_request(self, request) -> None:
        if not (request.url.startswith(self.origin) or request.url.startswith(("blob:", "data:"))):
            self.off_origin.append(request.url)

    def assert_clean(self) -> None:
        assert self.off_origin == [], f"requests left the origin: {self.off_origin}"
        assert self.errors == [], f"page errors: {self.errors}"


@pytest.fixture
def guarded_page(browser, site_server):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    guard = PageGuard(site_server.url)
    page.on("request", guard.on_request)
    page.on("pageerror", lambda error: guard.errors.append(str(error)))
    page.on("console", lambda message: guard.errors.append(message.text) if message.type == "error" else None)
    page.set_default_timeout(60_000)
    yield page, guard
    context.close()


def node_available() -> bool:
    return shutil.which("node") is not None and (ROOT / "node_modules" / "pyodide" / "package.json").is_file()


def run_in_pyodide(built_site: Path, requests: list[dict], work_dir: Path, bundle: Path | None = None,
                   wheels: list[Path] = (), snapshot: bool = False) -> tuple[dict, Path]:
    """Answer ``requests`` with the engine in real Pyodide under Node, from the
    runtime, standard library, wheels and bundle the built site serves (or
    ``bundle``, with ``wheels`` loaded too), or with ``snapshot`` from the
    memory snapshot the site serves to returning readers.
    Returns run_plans.mjs's output (python, replies, modules) and the bundle."""
    import json

    assets = built_site / "assets/plangen"
    bundle = bundle or next(assets.glob("content.*.json"))
    requests_file = work_dir / "requests.json"
    requests_file.write_text(json.dumps(requests))
    extra = []
    if wheels:  # served as a site serves them: in an engine zip, after the site's own
        from plangen.site.enginezip import write_engine_zip

        more = write_engine_zip(list(wheels), work_dir, work_dir / "engine-zip-cache")
        extra = [str(work_dir / more.name)]
    if snapshot:
        extra = ["--snapshot"]
    result = subprocess.run(
        ["node", str(ROOT / "tests/pyodide/run_plans.mjs"), str(assets), str(bundle), str(requests_file), *extra],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), bundle
