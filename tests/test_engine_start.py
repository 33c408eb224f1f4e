"""The quiz page starts its engine before its own modules run, and with one worker."""

from __future__ import annotations

import re

import pytest

from personas import PERSONAS
from polling import until
from quizdriver import QuizDriver, wait_for_plan

from plangen.site.quizpages import engine_start_script

pytestmark = pytest.mark.browser

# Counts the workers a page creates, remembering each one's script and name,
# and whether an engine became ready.
COUNT_WORKERS = """
(() => {
  const Native = window.Worker;
  window.__workers = [];
  window.__workerNames = [];
  window.__ready = false;
  window.Worker = class extends Native {
    constructor(url, options, ...rest) {
      super(url, options, ...rest);
      window.__workers.push(String(url));
      window.__workerNames.push(options?.name ?? "");
      this.addEventListener("message", ({ data }) => {
        if (data?.ok === true && data.result?.ready === true) window.__ready = true;
      });
    }
  };
})();
"""
FIRST_START_NAME = "plangen engine, first start here"  # web/protocol.js (tests/test_protocol.py checks both spell it)


def _expect_request_without_the_quiz_module(browser, site_server, url_pattern: str) -> None:
    """The quiz page asks for `url_pattern` though its own module (quiz.js, which sends `load`) never loads."""
    context = browser.new_context()
    try:
        context.route("**/assets/plangen/quiz.js", lambda route: route.abort())
        page = context.new_page()
        with page.expect_request(url_pattern, timeout=120_000):
            page.goto(site_server.url + "quiz/")
    finally:
        context.close()


def test_the_runtime_starts_downloading_even_when_the_quiz_module_never_loads(browser, site_server):
    _expect_request_without_the_quiz_module(browser, site_server, "**/pyodide/pyodide.asm.wasm")


def test_the_bundle_downloads_while_the_engine_starts_even_before_the_quiz_module_asks_for_it(browser, site_server):
    # Only the inline start's prefetch names the bundle: nobody sends `load`.
    _expect_request_without_the_quiz_module(browser, site_server, "**/assets/plangen/content.*.json")


def test_a_quiz_page_downloads_its_bundle_once_though_both_its_start_and_its_load_name_it(browser, site_server):
    context = browser.new_context()
    try:
        context.add_init_script(COUNT_WORKERS)
        page = context.new_page()
        bundles = []
        page.on("request", lambda request: bundles.append(request.url) if "/content." in request.url else None)
        page.goto(site_server.url + "quiz/")
        until(lambda: page.evaluate("window.__ready"), 120, "readiness notice from the engine")
        assert len(bundles) == 1, bundles
    finally:
        context.close()


def test_a_quiz_page_makes_one_worker_from_question_to_plan(guarded_page, site_server, content):
    page, guard = guarded_page
    page.context.add_init_script(COUNT_WORKERS)
    page.goto(site_server.url + "quiz/")
    QuizDriver(page, content).take(PERSONAS["new-graduate"])
    wait_for_plan(page)
    workers = page.evaluate("window.__workers")
    assert len(workers) == 1 and workers[0].endswith("/assets/plangen/worker.js"), workers
    guard.assert_clean()


def test_the_quiz_page_runs_the_engine_start_inline_before_it_loads_any_stylesheet_or_script(built_site):
    head = (built_site / "quiz/index.html").read_text(encoding="utf-8").split("</head>")[0]
    first = re.search(r"<script\b[^>]*>|<link\b[^>]*rel=\"stylesheet\"[^>]*>", head)
    assert first is not None and re.fullmatch(
        r'<script data-worker="\.\./assets/plangen/worker\.js" data-bundle="\.\./assets/plangen/content\.[0-9a-f]+\.json">',
        first.group(0)), first.group(0)
    assert head[first.end():].startswith(engine_start_script() + "</script>")


def test_a_first_visit_names_its_worker_a_first_start_and_a_later_one_does_not(browser, site_server):
    context = browser.new_context(seed_snapshot=False)
    try:
        context.add_init_script(COUNT_WORKERS)
        page = context.new_page()
        names = []
        for _ in range(2):
            page.goto(site_server.url + "quiz/")
            until(lambda: page.evaluate("window.__ready"), 120, "readiness notice from the engine")
            names += page.evaluate("window.__workerNames")
        assert names == [FIRST_START_NAME, "plangen engine"]
    finally:
        context.close()


def test_a_sites_own_quiz_page_that_loads_the_engine_start_by_src_starts_the_one_worker(browser, site_server):
    """As a site's older quiz.html in its custom_dir does: `<script type="module" src=...enginestart.js>`."""
    context = browser.new_context(seed_snapshot=False)  # a first start, whose worker's name says so
    try:
        context.add_init_script(COUNT_WORKERS)

        def by_src(route):
            response = route.fetch()
            html, count = re.subn(r'<script data-worker="[^"]*"[^>]*>.*?</script>',
                                  '<script type="module" async src="../assets/plangen/enginestart.js"></script>',
                                  response.text(), count=1, flags=re.S)
            assert count == 1
            route.fulfill(response=response, body=html)

        context.route("**/quiz/", by_src)
        page = context.new_page()
        page.goto(site_server.url + "quiz/")
        until(lambda: page.evaluate("window.__ready"), 120, "readiness notice from the engine")
        assert page.evaluate("window.__workers") == [site_server.url + "assets/plangen/worker.js"]
        assert page.evaluate("window.__workerNames") == [FIRST_START_NAME]
    finally:
        context.close()
