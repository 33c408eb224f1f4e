"""The quiz page starts its engine before its own modules run, and with one worker."""

from __future__ import annotations

import pytest

from personas import PERSONAS
from quizdriver import QuizDriver, wait_for_plan

pytestmark = pytest.mark.browser

# Counts the workers a page creates, and remembers the first one's script.
COUNT_WORKERS = """
(() => {
  const Native = window.Worker;
  window.__workers = [];
  window.Worker = class extends Native {
    constructor(url, ...rest) {
      super(url, ...rest);
      window.__workers.push(String(url));
    }
  };
})();
"""


def test_the_runtime_starts_downloading_even_when_the_quiz_module_never_loads(browser, site_server):
    context = browser.new_context()
    try:
        context.route("**/assets/plangen/quiz.js", lambda route: route.abort())
        page = context.new_page()
        with page.expect_request("**/pyodide/pyodide.asm.wasm", timeout=120_000):
            page.goto(site_server.url + "quiz/")
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
