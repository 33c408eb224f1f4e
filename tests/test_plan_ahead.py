"""On the last question the plan is asked for while the reader looks the
answer over, so "See my plan" shows it without waiting for the engine; an
answer changed after that gets its own plan, never the one made before."""

from __future__ import annotations

import pytest

from personas import PERSONAS
from quizdriver import QuizDriver, wait_for_plan

pytestmark = pytest.mark.browser

READER = PERSONAS["new-graduate"]

# Records the op of every request the page posts to the engine's worker, and every reply's id.
COUNT_REQUESTS = """(() => {
  window.__posted = [];
  window.__replied = 0;
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => { if (event.data && event.data.id !== undefined) window.__replied += 1; });
    }
    postMessage(message, ...rest) {
      if (message && message.request) window.__posted.push(message.request.op);
      return super.postMessage(message, ...rest);
    }
  };
})();"""


def _posted(page) -> list[str]:
    return page.evaluate("() => window.__posted")


def _to_the_last_question(page, driver) -> None:
    """Answer every question up to the one whose button says "See my plan", and stop there."""
    button = page.locator("form.plangen-form button[type=submit]")
    while True:
        question = driver.current_question()
        page.wait_for_function("() => window.__replied > 0")  # the engine is ready and has counted the questions
        if button.inner_text() == "See my plan":
            return
        if question.id in READER:
            driver.answer(question, READER[question.id])
        driver.submit()
        driver._wait_for_change(question.id)


def _settled(page) -> None:
    """Wait until every request posted has its reply."""
    page.wait_for_function("() => window.__replied >= window.__posted.length")


@pytest.fixture
def last_question(browser, site_server, content):
    context = browser.new_context()
    context.add_init_script(COUNT_REQUESTS)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(site_server.url + "quiz/")
    driver = QuizDriver(page, content)
    _to_the_last_question(page, driver)
    yield page, driver
    context.close()


def test_the_plan_asked_for_on_the_last_question_is_the_one_shown(last_question):
    page, driver = last_question
    question = driver.current_question()
    driver.answer(question, READER[question.id])
    page.wait_for_function("() => window.__posted.includes('plan')")
    _settled(page)
    driver.submit()
    wait_for_plan(page)
    assert _posted(page).count("plan") == 1


def test_an_answer_changed_after_the_plan_was_asked_for_gets_a_plan_of_its_own(last_question):
    page, driver = last_question
    question = driver.current_question()
    first, other = [option for option in question.options if option.id != READER[question.id]][:2]
    driver.answer(question, first.id)
    page.wait_for_function("() => window.__posted.includes('plan')")
    _settled(page)
    driver.answer(question, other.id)
    driver.submit()
    wait_for_plan(page)
    shown = page.locator(".plangen-summary dt", has_text=question.summary).locator("xpath=following-sibling::dd[1]")
    assert shown.inner_text() == other.label
    assert _posted(page).count("plan") >= 2
