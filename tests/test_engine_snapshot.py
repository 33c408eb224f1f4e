"""A returning reader's engine starts from the build's memory snapshot, and
any snapshot that is not this build's own is refused for the usual start."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from personas import PERSONAS
from polling import until
from quizdriver import QuizDriver, wait_for_plan
from snapshot_start import STARTED_NOTE, seeded_context

from plangen.engine.answers import check_answers
from plangen.engine.planner import build_plan
from plangen.site.snapshot import MANIFEST, SCRIPT

pytestmark = pytest.mark.browser

ASSETS = "assets/plangen/"
CACHE = f"plangen-engine:/{ASSETS}{MANIFEST}"
STARTED = f"{ASSETS}engine-started-here"

# Records how each engine of the page started, from the worker's readiness notice.
RECORD_STARTS = """
(() => {
  const Native = window.Worker;
  window.__engineStarts = [];
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ({ data }) => {
        if (data?.ok === true && data.result?.ready === true) window.__engineStarts.push(data.result.started);
      });
    }
  };
})();
"""

KEPT_JS = """async (name) => {
  const cache = await caches.open(name);
  return (await cache.keys()).map((request) => new URL(request.url).pathname);
}"""

SEED_JS = """async ([name, url, from, started, noted]) => {
  const cache = await caches.open(name);
  for (const request of await cache.keys()) await cache.delete(request);
  await cache.put(url, await fetch(from));
  await cache.put(started, new Response("1"));
  if (noted) localStorage.setItem(noted, "1");
}"""


class Reader:
    """One reader's browser (its caches last across visits), visiting the quiz page."""

    def __init__(self, browser, site_server):
        self.context = browser.new_context(seed_snapshot=False)  # these tests say what the cache holds
        self.context.add_init_script(RECORD_STARTS)
        self.url = site_server.url
        self.requests: list[str] = []
        self.worker_console: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.page.on("worker", lambda worker: worker.on("console", lambda m: self.worker_console.append(m.text)))

    def visit(self) -> str:
        """Open the quiz page; return how its engine started, once it is ready."""
        self.requests.clear()
        self.page.goto(self.url + "quiz/")
        return until(lambda: (self.page.evaluate("window.__engineStarts") or [None])[0], 120,
                      "readiness notice from the engine")

    def kept(self) -> list[str]:
        return self.page.evaluate(KEPT_JS, CACHE)

    def wait_kept(self, name: str) -> None:
        until(lambda: f"/{ASSETS}{name}" in self.kept(), 120, f"{name} kept in the cache")

    def seed(self, snapshot: bytes, name: str, noted: bool = True) -> None:
        """Put ``snapshot`` into this reader's cache as if kept from an earlier visit, under ``name``;
        ``noted``: with the note of that visit the page keeps (False: as if the reader cleared it)."""
        self.context.route("**/seeded.snapshot", lambda route: route.fulfill(
            body=snapshot, content_type="application/octet-stream"))
        self.page.evaluate(SEED_JS, [CACHE, f"/{ASSETS}{name}", f"/{ASSETS}seeded.snapshot", f"/{STARTED}",
                                     STARTED_NOTE if noted else None])

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def reader(browser, site_server):
    one = Reader(browser, site_server)
    yield one
    one.close()


@pytest.fixture(scope="module")
def manifest(built_site) -> dict:
    return json.loads((built_site / ASSETS / MANIFEST).read_text())


def _memory(built_site: Path, manifest: dict) -> bytearray:
    return bytearray(gzip.decompress((built_site / ASSETS / manifest["file"]).read_bytes()))


def test_the_build_names_its_snapshot_and_the_bundle_it_holds(built_site, manifest):
    page = (built_site / "quiz/index.html").read_text()
    assert manifest["bundle"] in page
    assert (built_site / ASSETS / manifest["file"]).stat().st_size > 1_000_000
    # Gzip of a started Python's memory: tens of megabytes once unpacked.
    assert len(_memory(built_site, manifest)) > 10_000_000


def test_the_snapshot_is_not_in_the_offline_copy(built_site, manifest):
    assert manifest["file"] not in (built_site / "sw.js").read_text()


def test_a_first_visit_starts_the_usual_way_and_never_downloads_the_snapshot(reader):
    assert reader.visit() == "usual"
    until(lambda: f"/{STARTED}" in reader.kept(), 60, "note of the first start")
    assert reader.kept() == [f"/{STARTED}"]
    assert not [url for url in reader.requests if url.endswith(".snapshot")]


def test_a_page_that_never_started_an_engine_here_does_not_look_for_a_snapshot(reader, built_site, manifest):
    reader.page.goto(reader.url)  # a page of the site that starts no engine
    reader.seed((built_site / ASSETS / manifest["file"]).read_bytes(), manifest["file"], noted=False)
    assert reader.visit() == "usual"
    assert f"/{ASSETS}{manifest['file']}" in reader.kept(), "not looked at, so not refused and dropped either"
    assert not any("not from the snapshot" in line for line in reader.worker_console)
    assert reader.visit() == "snapshot"


def test_a_returning_reader_keeps_the_snapshot_and_then_starts_from_it(reader, manifest, content):
    reader.visit()
    until(lambda: f"/{STARTED}" in reader.kept(), 60, "note of the first start")
    assert reader.visit() == "usual"
    reader.wait_kept(manifest["file"])
    assert reader.visit() == "snapshot"
    assert not [url for url in reader.requests if re.search(r"/engine\.[0-9a-f]+\.zip$", url)], \
        "a snapshot start needs no engine zip"
    QuizDriver(reader.page, content).take(PERSONAS["new-graduate"])
    wait_for_plan(reader.page)
    shown = [title.strip() for title in reader.page.locator(".plangen-step-title").all_inner_texts()]
    plan = build_plan(content, check_answers(content, PERSONAS["new-graduate"]))
    assert shown == [step.title for step in plan.steps]


def test_a_snapshot_of_another_runtime_build_is_refused(reader, built_site, manifest, content):
    memory = _memory(built_site, manifest)
    memory[16:48] = bytes(32)  # the runtime's build id, as Pyodide writes it in the header
    reader.visit()
    reader.seed(gzip.compress(bytes(memory), compresslevel=1), manifest["file"])
    assert reader.visit() == "usual"
    assert any("not from the snapshot" in line and "build id" in line for line in reader.worker_console)
    QuizDriver(reader.page, content).take(PERSONAS["new-graduate"])
    wait_for_plan(reader.page)
    # Refused, it is dropped; the current one is kept for the next start.
    reader.wait_kept(manifest["file"])
    assert reader.visit() == "snapshot"


def test_a_snapshot_holding_another_bundle_is_refused(reader, built_site, manifest, tmp_path):
    runtime = built_site / ASSETS / "pyodide"
    other = tmp_path / "other"
    result = subprocess.run([shutil.which("node"), str(SCRIPT), str(runtime), str(built_site / ASSETS / manifest["bundle"]),
                             "content.000000000000.json", str(other)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    reader.visit()
    reader.seed(gzip.compress(other.read_bytes(), compresslevel=1), manifest["file"])
    assert reader.visit() == "usual"
    assert any("not from the snapshot" in line and "content.000000000000.json" in line
               for line in reader.worker_console)


def test_a_snapshot_the_site_no_longer_names_is_refused(reader, built_site, manifest):
    reader.visit()
    reader.seed((built_site / ASSETS / manifest["file"]).read_bytes(), "engine.0000000000000000.snapshot")
    assert reader.visit() == "usual"
    assert any("not from the snapshot" in line and manifest["file"] in line for line in reader.worker_console)
    reader.wait_kept(manifest["file"])
    assert f"/{ASSETS}engine.0000000000000000.snapshot" not in reader.kept()


def test_a_page_reading_another_bundle_starts_the_usual_way(reader, built_site, manifest, content):
    """A page of another build (an old copy, say) gets an engine with its own bundle."""
    renamed = "content.111111111111.json"
    reader.visit()
    reader.seed((built_site / ASSETS / manifest["file"]).read_bytes(), manifest["file"])

    def page_naming_renamed(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(manifest["bundle"], renamed))

    reader.context.route("**/quiz/", page_naming_renamed)
    reader.context.route(f"**/{renamed}", lambda route: route.fulfill(
        body=(built_site / ASSETS / manifest["bundle"]).read_bytes(), content_type="application/json"))
    assert reader.visit() == "usual"
    assert any("not from the snapshot" in line and renamed in line for line in reader.worker_console)
    QuizDriver(reader.page, content).take(PERSONAS["new-graduate"])
    wait_for_plan(reader.page)


def test_a_download_failing_as_the_engine_starts_from_the_snapshot_offers_retry_which_starts_the_usual_way(
        reader, built_site, manifest, content):
    reader.page.goto(reader.url)  # a page of the site that starts no engine: the runtime is not in any cache yet
    reader.seed((built_site / ASSETS / manifest["file"]).read_bytes(), manifest["file"])
    reader.context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    reader.page.goto(reader.url + "quiz/")
    reader.page.get_by_label("I have a job, but I'm looking for the next one", exact=True).check()
    retry = reader.page.locator(".plangen-status").get_by_role("button", name="Retry")
    retry.wait_for()
    # The snapshot is dropped (it may have been the cause), so the fresh worker of Retry starts the usual way.
    assert f"/{ASSETS}{manifest['file']}" not in reader.kept()
    reader.context.unroute("**/pyodide.asm.wasm")
    retry.click()
    QuizDriver(reader.page, content).take(PERSONAS["mid-career-changer"])
    wait_for_plan(reader.page)
    assert reader.page.evaluate("window.__engineStarts") == ["usual"]


def test_the_suites_snapshot_mode_seeds_what_makes_the_quiz_start_from_the_snapshot(browser, site_server):
    """PLANGEN_TEST_ENGINE_START=snapshot (tests/snapshot_start.py) would silently test the usual start without it."""
    context = seeded_context(browser.new_context(seed_snapshot=False))
    try:
        context.add_init_script(RECORD_STARTS)
        page = context.new_page()
        page.goto(site_server.url + "quiz/")
        assert until(lambda: (page.evaluate("window.__engineStarts") or [None])[0], 120,
                     "readiness notice from the engine") == "snapshot"
    finally:
        context.close()
