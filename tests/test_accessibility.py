"""Keyboard-only use, axe-core checks, and screenshots at phone and desktop widths."""

import json
from contextlib import contextmanager

import pytest
from axe_playwright_python.sync_playwright import Axe

from plangen.engine.answers import visible_questions

from conftest import ARTIFACTS
from personas import PERSONAS
from quizdriver import KeyboardQuizDriver, QuizDriver, wait_for_plan
from savedplans import open_with_state, saved_state

pytestmark = pytest.mark.browser
SERIOUS = {"serious", "critical"}


# Running CSS transitions and animations, by name and target (evaluate: a strict CSP allows it).
RUNNING_JS = """() => document.getAnimations().filter((a) => a.playState === "running" || a.playState === "pending")
    .map((a) => `${a.transitionProperty ?? a.animationName ?? a.constructor.name} on ${a.effect?.target?.localName}`)"""


def _settle(page) -> None:
    """Wait until no transition or animation is running: a scan taken half-way
    through mkdocs-material's 125 ms colour fades reports contrast that is not there."""
    running: list[str] = []
    for _ in range(200):
        running = page.evaluate(RUNNING_JS)
        if not running:
            return
        page.wait_for_timeout(25)
    raise AssertionError(f"the page never settled: {running}")


def _serious_violations(page) -> list[str]:
    _settle(page)
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
    page.emulate_media(reduced_motion="reduce")
    page.goto(site_server.url + path)
    page.wait_for_load_state("networkidle")
    assert _serious_violations(page) == []


def test_quiz_screens_and_plan_have_no_serious_axe_violations(guarded_page, site_server, content):
    page, guard = guarded_page
    page.emulate_media(reduced_motion="reduce")
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
    wait_for_plan(page)
    problems += [f"plan: {p}" for p in _serious_violations(page)]
    assert problems == []


def test_a_plan_refused_for_one_answer_has_no_serious_axe_violations(guarded_page, site_server, content):
    page, guard = guarded_page
    page.emulate_media(reduced_motion="reduce")
    answers = PERSONAS["mid-career-changer"]
    order = [q.id for q in visible_questions(content, answers)]
    # A required answer gone from the saved state: the plan is refused for it.
    state = {"version": 1, "answers": {k: v for k, v in answers.items() if k != "experience"},
             "position": order[-1], "plan": None, "ticks": {}}
    page.goto(site_server.url)
    page.evaluate("(text) => localStorage.setItem('plangen:state', text)", json.dumps(state))
    page.goto(site_server.url + "quiz/")
    submit = page.locator("form.plangen-form button[type=submit]", has_text="See my plan")
    submit.wait_for()
    submit.click()
    page.locator(".plangen-refusal").wait_for()
    assert _serious_violations(page) == []
    guard.assert_clean()


# Elements whose transitions or animations take any time at all.
MOVING_JS = """() => [...document.querySelectorAll("*")].filter((element) => {
    const style = getComputedStyle(element);
    const times = `${style.transitionDuration},${style.animationDuration}`.split(",").map(parseFloat);
    return times.some((time) => time > 0);
}).map((element) => element.localName + (element.className ? "." + String(element.className).split(" ")[0] : ""))"""


def test_the_quiz_page_draws_state_changes_at_once_for_readers_who_ask_for_less_motion(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_server.url + "quiz/")
    page.locator("#plangen-question").wait_for()
    # The theme fades its buttons and more; the probe must be able to see that...
    assert any(name.startswith("button.md-button") for name in page.evaluate(MOVING_JS))
    page.emulate_media(reduced_motion="reduce")
    # ...and the site's own stylesheet stills all of it, the theme's header and search included.
    assert page.evaluate(MOVING_JS) == []
    context.close()


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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_errors_the_plan_the_change_flow_and_my_plan_have_no_serious_axe_violations(
        browser, site_server, built_site, content, scheme):
    with _axe_scans(browser, scheme) as (page, scan):
        _scan_quiz_plan_and_change(page, scan, site_server, built_site)


def _scan_quiz_plan_and_change(page, scan, site_server, built_site) -> None:
    page.goto(site_server.url + "quiz/")
    page.locator("form.plangen-form button[type=submit]").click()
    page.locator("#plangen-error").wait_for()
    scan("required-answer error")

    answers = PERSONAS["employed-but-stuck"]  # a plan with steps left out, so that list is scanned too
    open_with_state(page, site_server.url, saved_state(built_site, site_server.url, answers))
    wait_for_plan(page)
    page.locator("details.plangen-left-out summary").click()
    page.locator(".plangen-weeks-table summary").click()
    page.get_by_role("button", name="Show all instructions").click()
    scan("plan, everything open")

    page.get_by_role("button", name="Change: Hours a week").click()
    page.locator('input[name="q-hours"]').fill("2")
    scan("change flow")
    page.get_by_role("button", name="Save and update my plan").click()
    page.locator("#plangen-notice").wait_for()
    wait_for_plan(page)
    scan("plan after a change")

    page.goto(site_server.url + "my-plan/")
    wait_for_plan(page)
    scan("my plan")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_new_states_have_no_serious_axe_violations_in_either_scheme(browser, site_server, built_site, content, scheme):
    """A scale with its end labels, a first question with its Back held unseen, a ticked (folded)
    step, Add an answer rows, an import asking before it replaces, and My plan at 390 px."""
    with _axe_scans(browser, scheme, viewport={"width": 390, "height": 844}) as (page, scan):
        _scan_new_states(page, scan, site_server, built_site)


def _scan_new_states(page, scan, site_server, built_site) -> None:
    page.goto(site_server.url + "quiz/")
    page.locator("#plangen-question").wait_for()
    scan("first question")
    open_with_state(page, site_server.url, {"version": 1, "answers": {}, "position": "networking_comfort",
                                            "plan": None, "ticks": {}})
    page.locator(".plangen-scale-row").wait_for()
    scan("a scale")

    answers = PERSONAS["returning-after-a-break"]
    open_with_state(page, site_server.url, saved_state(built_site, site_server.url, answers))
    wait_for_plan(page)
    page.locator(".plangen-this-week .plangen-step input[type=checkbox]").first.check()
    assert page.get_by_role("button", name="Add an answer: Shaping the search").count() == 1
    other = saved_state(built_site, site_server.url, PERSONAS["caregiver-part-time"])["plan"]["export"]
    page.locator("summary", has_text="Import it").click()
    page.locator("#plangen-import").set_input_files(
        {"name": "career-plan.json", "mimeType": "application/json", "buffer": other.encode("utf-8")})
    page.get_by_role("button", name="Keep mine").wait_for()
    scan("plan with a ticked step, skipped questions and an import asking first")

    page.goto(site_server.url + "my-plan/")
    wait_for_plan(page)
    scan("my plan at 390 px")


@contextmanager
def _axe_scans(browser, scheme: str, **options):
    """A page in ``scheme`` with reduced motion, and ``scan(state)`` noting its serious axe violations;
    on leaving, there must be none."""
    context = browser.new_context(color_scheme=scheme, reduced_motion="reduce", **options)
    page = context.new_page()
    page.set_default_timeout(60_000)
    problems: list[str] = []

    def scan(state: str) -> None:
        problems.extend(f"{state}: {problem}" for problem in _serious_violations(page))

    try:
        yield page, scan
    finally:
        context.close()
    assert problems == []
