"""Offline after one visit: the site's service worker in a real Chromium.

Each browser test gets a server of its own (a new origin, so no service
worker or cache from another test), makes one visit, waits until the worker
is active with its cache complete, then takes the network away for real: the
server stops and the context goes offline.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import ROOT, build_site
from personas import PERSONAS
from plangen.site.devserver import SiteServer
from plangen.site.headers import headers_for, read_headers_file
from plangen.site.serviceworker import SERVICE_WORKER, browser_first, precache_entries, precache_files, version
from quizdriver import QuizDriver, download, wait_for_plan

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for the bench's request-logging server
from bench.site import LoggingSiteServer  # noqa: E402

pytestmark = pytest.mark.browser

SETTLE_MS = 180_000  # a bound, never a wait: the promise below settles as soon as the cache is complete

# The offline copy's caches; the engine's worker keeps its snapshot in a cache of its own
# ("plangen-engine:…", tests/test_engine_snapshot.py).
OFFLINE_CACHES = """const offlineCaches = async () => (await caches.keys()).filter((name) => name.startsWith("plangen-offline:"));"""
# The worker is active only after its install filled the cache; report that
# cache, or fail after SETTLE_MS rather than hang.
SETTLED_JS = """(limit) => Promise.race([
  (async () => {""" + OFFLINE_CACHES + """
    const registration = await navigator.serviceWorker.ready;
    const caches_ = {};
    for (const name of await offlineCaches()) caches_[name] = (await (await caches.open(name)).keys()).length;
    return { scope: registration.scope, caches: caches_ };
  })(),
  new Promise((_, reject) => setTimeout(() => reject(new Error("no active service worker")), limit)),
])"""
UPDATE_JS = "() => navigator.serviceWorker.getRegistration().then((registration) => registration.update())"
CACHES_JS = "async () => { " + OFFLINE_CACHES + " return offlineCaches(); }"


def cache_name(site: Path, path: str = "/") -> str:
    return f"plangen-offline:{path}:{version(precache_entries(site))}"


@pytest.fixture
def server(built_site):
    server = SiteServer(built_site).start()
    yield server
    server.stop()


@pytest.fixture
def context(browser):
    context = browser.new_context(service_workers="allow", accept_downloads=True)
    context.set_default_timeout(60_000)
    yield context
    context.close()


def visit_once(page, url: str) -> dict:
    """The first visit: open ``url`` and wait until the worker has precached everything."""
    page.goto(url)
    page.locator("h1").first.wait_for()
    return page.evaluate(SETTLED_JS, SETTLE_MS)


def cut_network(context, server) -> None:
    """No network at all: nothing answers, and the browser knows it is offline."""
    server.stop()
    context.set_offline(True)


def first_visit_to_the_quiz(context, server, built_site):
    page = context.new_page()
    settled = visit_once(page, server.url + "quiz/")
    assert settled["caches"] == {cache_name(built_site): len(precache_entries(built_site)) + 1}
    return page


# --- what one visit leaves behind -------------------------------------------------------------

def test_one_visit_to_the_quiz_fills_one_cache_named_after_the_build(context, server, built_site):
    page = context.new_page()
    settled = visit_once(page, server.url + "quiz/")
    # Every listed file, and the list of their hashes the next build reuses files by.
    assert settled == {"scope": server.url, "caches": {cache_name(built_site): len(precache_entries(built_site)) + 1}}


RECORD_ORDER_JS = """
window.__order = [];
window.addEventListener("plangen:ready", () => window.__order.push("ready"));
const register = ServiceWorkerContainer.prototype.register;
ServiceWorkerContainer.prototype.register = function (...args) {
  window.__order.push("register");
  return register.apply(this, args);
};
"""


def test_the_quiz_page_precaches_only_after_the_engine_is_ready(context, server):
    context.add_init_script(RECORD_ORDER_JS)
    page = context.new_page()
    visit_once(page, server.url + "quiz/")
    assert page.evaluate("() => window.__order") == ["ready", "register"]


# --- with the network gone --------------------------------------------------------------------

PAGES = {
    "": "Plan your next move",
    "blog/2026/07/01/not-your-fault/": "It's not your fault (and that's useful to know)",
    "guides/where-they-gather/": "Find where your target role gathers",
    "quiz/": "Build your plan",
    "my-plan/": "My plan",
}


def test_every_page_opens_with_the_network_gone(context, server, built_site):
    page = first_visit_to_the_quiz(context, server, built_site)
    cut_network(context, server)
    for path, title in PAGES.items():
        page.goto(server.url + path)
        assert page.locator("h1").first.inner_text().rstrip("¶") == title, path
        # Styled and scripted from the cache, too: the theme's script sets up its header.
        assert page.locator("link[rel=stylesheet]").first.evaluate("link => link.sheet !== null")


def test_a_page_not_in_the_cache_leads_to_the_home_page_offline(context, server, built_site):
    page = first_visit_to_the_quiz(context, server, built_site)
    cut_network(context, server)
    page.goto(server.url + "no-such-page/")
    assert page.url == server.url
    assert page.locator("h1").first.inner_text().rstrip("¶") == PAGES[""]


def test_a_new_plan_made_offline_downloads_in_every_format(context, server, built_site, content, tmp_path):
    page = first_visit_to_the_quiz(context, server, built_site)
    cut_network(context, server)
    page.goto(server.url + "quiz/")
    QuizDriver(page, content).take(PERSONAS["returning-after-a-break"])
    titles = [t.strip() for t in page.locator(".plangen-step-title").all_inner_texts()]
    assert titles
    assert download(page, "Download plan (Markdown)", tmp_path).read_text().startswith("# ")
    assert "<html" in download(page, "Printable page (HTML)", tmp_path).read_text()
    # Every step is in the calendar (a habit as one recurring event per run of the same weekly target).
    calendar = Calendar.from_ical(download(page, "Calendar (.ics)", tmp_path).read_bytes())
    assert {str(event.get("summary")).rsplit(" (", 1)[0] for event in calendar.walk("VEVENT")} == set(titles)
    assert json.loads(download(page, "Answers and plan (.json)", tmp_path).read_text())["kind"] == "plangen-plan"


def test_a_json_plan_imports_offline_and_my_plan_shows_it(context, server, built_site, content, tmp_path):
    page = first_visit_to_the_quiz(context, server, built_site)
    QuizDriver(page, content).take(PERSONAS["employed-but-stuck"])
    titles = page.locator(".plangen-step-title").all_inner_texts()
    exported = download(page, "Answers and plan (.json)", tmp_path)
    page.get_by_role("button", name="Start over").click()
    page.get_by_role("button", name="Yes, start over").click()
    page.locator("#plangen-question").wait_for()
    cut_network(context, server)
    page.goto(server.url + "quiz/")
    page.locator("summary", has_text="Import it").click()
    page.locator("#plangen-import").set_input_files(str(exported))
    wait_for_plan(page)
    assert page.locator(".plangen-step-title").all_inner_texts() == titles
    page.goto(server.url + "my-plan/")
    wait_for_plan(page)
    # On My plan a habit is counted, not ticked, so its title is not a checkbox's label.
    assert page.locator(".plangen-step .plangen-step-title").all_inner_texts() == titles


# --- a new build ------------------------------------------------------------------------------

CHANGED_QUESTION = "Which of these sounds most like you today?"


def built_with_one_change(tmp_path_factory, label: str, file: str, old: str, new: str) -> Path:
    """This site built from a copy of its sources in which ``old`` became
    ``new`` in ``file``."""
    source = tmp_path_factory.mktemp(label + "-source")
    for name in ("docs", "quiz", "overrides"):
        shutil.copytree(ROOT / name, source / name)
    shutil.copy(ROOT / "mkdocs.yml", source / "mkdocs.yml")
    for name in ("node_modules", ".cache"):  # the runtime and the wheels, as they are
        (source / name).symlink_to(ROOT / name)
    text = (source / file).read_text()
    assert old in text, f"{file} no longer holds {old!r}"
    (source / file).write_text(text.replace(old, new))
    out = tmp_path_factory.mktemp(label + "-site")
    result = build_site(out, source / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory) -> Path:
    """One question reworded: a new bundle, questions file and quiz page, the rest the same."""
    return built_with_one_change(tmp_path_factory, "changed", "quiz/questions.yaml",
                                 "Which of these sounds most like you right now?", CHANGED_QUESTION)


def _replace_contents(folder: Path, source: Path) -> None:
    for child in folder.iterdir():
        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    shutil.copytree(source, folder, dirs_exist_ok=True)


def test_a_new_build_is_offered_then_replaces_the_old_cache(context, built_site, changed_site, tmp_path):
    served = tmp_path / "served"
    shutil.copytree(built_site, served)
    with SiteServer(served) as server:
        page = context.new_page()
        visit_once(page, server.url + "quiz/")
        page.locator("#plangen-question").wait_for()
        _replace_contents(served, changed_site)  # the host now serves the new build
        page.evaluate(UPDATE_JS)  # what the browser does on its own at the next navigation
        reload = page.locator("#plangen-update").get_by_role("button", name="Reload")
        reload.wait_for(timeout=SETTLE_MS)
        assert page.locator("#plangen-update").inner_text().startswith("A new version of this site is ready.")
        # Until the reader says so, the open page keeps its version.
        assert page.locator("#plangen-question").inner_text().startswith("Which of these sounds most like you right now?")
        with page.expect_navigation():
            reload.click()
        page.locator("#plangen-question").wait_for()
        assert page.evaluate(CACHES_JS) == [cache_name(changed_site)]
    context.set_offline(True)
    page.reload()
    assert page.locator("#plangen-question").inner_text().startswith(CHANGED_QUESTION)


# --- where it lives and what it lists ---------------------------------------------------------

def test_served_from_a_sub_path_the_worker_keeps_to_that_path(context, built_site, tmp_path):
    root = tmp_path / "host"
    root.mkdir()
    (root / "plan").symlink_to(built_site)
    with SiteServer(root, header_rules=read_headers_file(built_site)) as server:
        page = context.new_page()
        settled = visit_once(page, server.url + "plan/guides/")
        assert settled == {"scope": server.url + "plan/",
                           "caches": {cache_name(built_site, "/plan/"): len(precache_entries(built_site)) + 1}}
        cut_network(context, server)
        page.goto(server.url + "plan/quiz/")
        page.locator("#plangen-question").wait_for()


# Pages a reader opens (each loads the theme's search index), then a plan and its calendar.
JOURNEY = ("", "blog/2026/07/01/not-your-fault/", "guides/where-they-gather/", "my-plan/")


@pytest.mark.usual_start  # counts every request, and seeding a snapshot is one more
def test_the_precache_list_is_what_the_pages_load_from_this_site(browser, built_site, content, tmp_path):
    with LoggingSiteServer(built_site) as server:
        page = browser.new_page(accept_downloads=True)  # service workers blocked: every request reaches the server
        page.set_default_timeout(60_000)
        for path in JOURNEY:
            page.goto(server.url + path, wait_until="networkidle")
        page.goto(server.url + "quiz/")
        QuizDriver(page, content).take(PERSONAS["new-graduate"])
        download(page, "Calendar (.ics)", tmp_path)
        page.close()
        requested = {path.split("?", 1)[0].lstrip("/") for path, status in server.take_log() if status in (200, 304)}
    listed = {entry.url for entry in precache_entries(built_site)}
    assert requested - {SERVICE_WORKER} <= listed
    files = precache_files(built_site)
    named = "\n".join(path.read_text(encoding="utf-8") for path in
                      [*built_site.rglob("*.html"), *(built_site / "assets/plangen").glob("*.js")])
    # Nothing more: a file this journey did not load is another page, or one a page or module names.
    for path in files:
        if path.endswith(".html") or (path.removesuffix("index.html") in requested):
            continue
        assert path in requested or Path(path).name in named, path
    assert all((built_site / path).is_file() for path in files)  # this site's own files, by relative path


def test_only_files_no_other_build_can_pair_with_are_left_to_the_browser_online(built_site):
    online = set(browser_first(precache_entries(built_site)))
    assert "assets/plangen/pyodide/pyodide.asm.wasm" in online  # compiled once, kept with the HTTP cache
    # Pages, their modules and the lock always come from one build's cache, so they match each other.
    kept = {"assets/plangen/pyodide/pyodide-lock.json", "assets/plangen/quiz.js", "assets/plangen/worker.js", "quiz/"}
    assert kept & online == set()
    assert all(url.startswith("assets/plangen/") for url in online)


def test_the_service_worker_is_revalidated_and_served_under_the_site_policy(built_site):
    rules = read_headers_file(built_site)
    worker, page = headers_for(rules, "/" + SERVICE_WORKER), headers_for(rules, "/quiz/")
    assert worker["Cache-Control"] == "no-cache"
    assert worker["Content-Security-Policy"] == page["Content-Security-Policy"]


@pytest.fixture(scope="module")
def site_without_offline(tmp_path_factory) -> Path:
    return built_with_one_change(tmp_path_factory, "no-offline", "mkdocs.yml",
                                 "\n  - plangen\n", "\n  - plangen:\n      offline: false\n")


def test_offline_false_registers_nothing_and_the_policy_stays_the_same(built_site, site_without_offline):
    assert "PLANGEN_PRECACHE" in (built_site / SERVICE_WORKER).read_text()
    assert "PLANGEN_PRECACHE" not in (site_without_offline / SERVICE_WORKER).read_text()
    assert "plangen-service-worker" not in (site_without_offline / "quiz/index.html").read_text()
    policy = [headers_for(read_headers_file(site), "/")["Content-Security-Policy"]
              for site in (built_site, site_without_offline)]
    assert policy[0] == policy[1]  # registering it adds no inline script, nor any source


GONE_JS = """(limit) => new Promise((resolve, reject) => {""" + OFFLINE_CACHES + """
  const started = performance.now();
  const look = async () => {
    const registrations = await navigator.serviceWorker.getRegistrations();
    const names = await offlineCaches();
    if (registrations.length === 0 && names.length === 0) resolve(true);
    else if (performance.now() - started > limit) reject(new Error(`still there: ${names} ${registrations.map((r) => [r.active?.scriptURL, r.active?.state, r.waiting?.state, r.installing?.state])}`));
    else setTimeout(look, 100);
  };
  look();
})"""


def test_turning_offline_off_removes_the_copy_a_reader_kept(context, built_site, site_without_offline, tmp_path):
    served = tmp_path / "served"
    shutil.copytree(built_site, served)
    with SiteServer(served) as server:
        page = context.new_page()
        visit_once(page, server.url)
        _replace_contents(served, site_without_offline)
        page.evaluate(UPDATE_JS)  # what the browser does on its own at the next navigation
        reload = page.locator("#plangen-update").get_by_role("button", name="Reload")
        reload.wait_for(timeout=SETTLE_MS)
        with page.expect_navigation():
            reload.click()
        assert page.evaluate(GONE_JS, SETTLE_MS) is True
        page.locator("h1").first.wait_for()  # and the page came from the network
