"""Keyboard-only use, axe-core checks, and screenshots at phone and desktop widths."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ARTIFACTS
from personas import PERSONAS
from quizdriver import KeyboardQuizDriver, QuizDriver

pytestmark = pytest.mark.browser
SERIOUS = {"serious", "critical"}


def _serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"] if v["impact"] in SERIOUS
    ]


def test_keyboard_only_reader_completes_the_quiz(guarded_page, site_server, content):
    page, guard = guarded_page
    page.goto(site_server.url + "quiz/")
    driver = KeyboardQuizDriver(page, content)
    driver.take(PERSONAS["mid-career-changer"])
    assert page.evaluate("document.activeElement.id") == "plangen-plan"
    assert page.locator(".plangen-step").count() >= 6
    guard.assert_clean()


def test_focus_moves_to_each_new_question_heading(guarded_page, site_server, content):
    page, guard = guarded_page
    page.goto(site_server.url + "quiz/")
    driver = QuizDriver(page, content)
    driver.answer(driver.current_question(), "employed")
    driver.submit()
    page.get_by_text("What would a good next move look like?").wait_for()
    assert page.evaluate("document.activeElement.id") == "plangen-question"


@pytest.mark.parametrize("path", ["", "blog/", "blog/2026/06/02/the-robot-read-it-first/", "guides/community/", "quiz/", "my-plan/"])
def test_page_has_no_serious_axe_violations(guarded_page, site_server, path):
    page, guard = guarded_page
    page.goto(site_server.url + path)
    page.wait_for_load_state("networkidle")
    assert _serious_violations(page) == []


def test_quiz_screens_and_plan_have_no_serious_axe_violations(guarded_page, site_server, content):
    page, guard = guarded_page
    page.goto(site_server.url + "quiz/")
    driver = QuizDriver(page, content)
    problems = []
    answers = PERSONAS["returning-after-a-break"]
    while not page.locator("#plangen-plan").count():
        question = driver.current_question()
        problems += [f"{question.id}: {p}" for p in _serious_violations(page)]
        if question.id in answers:
            driver.answer(question, answers[question.id])
        driver.submit()
        driver._wait_for_change(question.id)
    problems += [f"plan: {p}" for p in _serious_violations(page)]
    assert problems == []


@pytest.mark.parametrize("width, height, name", [(360, 740, "phone"), (1280, 900, "desktop")])
def test_quiz_and_plan_fit_and_are_saved_as_screenshots(browser, site_server, content, width, height, name):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(site_server.url + "quiz/")
    driver = QuizDriver(page, content)
    driver.current_question()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"quiz-{name}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    driver.take(PERSONAS["laid-off-short-runway"])
    page.screenshot(path=ARTIFACTS / f"plan-{name}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
