"""The quiz's controls stay put, in a real Chromium: Next keeps its place on
every screen at every width, nothing floats over a control, a scale's end
labels sit at their own ends, and each question is a history entry."""

from __future__ import annotations

import pytest

from personas import PERSONAS
from quizdriver import QuizDriver
from savedplans import open_with_state

pytestmark = pytest.mark.browser

READER = PERSONAS["returning-after-a-break"]


@pytest.fixture
def quiz_at(browser, site_server):
    contexts = []

    def open_quiz(width: int, height: int = 844):
        context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(site_server.url + "quiz/")
        page.locator("#plangen-question").wait_for()
        return page

    yield open_quiz
    for context in contexts:
        context.close()


NEXT_BOX_JS = """() => { const r = document.querySelector('.plangen-next').getBoundingClientRect();
    return [Math.round(r.left), Math.round(r.width)]; }"""


@pytest.mark.parametrize("width", [360, 390, 1280])
def test_next_keeps_its_place_on_every_screen(quiz_at, content, width):
    page = quiz_at(width)
    driver = QuizDriver(page, content)
    places = []
    while not page.locator("#plangen-plan").count():
        question = driver.current_question()
        places.append((question.id, page.evaluate(NEXT_BOX_JS)))
        if question.id in READER:
            driver.answer(question, READER[question.id])
        driver.submit()
        driver._wait_for_change(question.id)
    assert len({tuple(place) for _, place in places}) == 1, places


# Scroll the control to the middle, then up a little (which is when a "back to top" control shows),
# and ask what the page has at the control's centre.
HIT_JS = """(index) => {
    const control = document.querySelectorAll('form.plangen-form :is(input, button:not(:disabled))')[index];
    control.scrollIntoView({block: 'center'});
    window.scrollBy(0, 120);
    window.scrollBy(0, -60);
    const r = control.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const label = control.closest('label');
    return hit === control || control.contains(hit) || (label && label.contains(hit)) ? null
        : `${control.name || control.textContent} is covered by ${hit?.tagName}.${hit?.className}`;
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_covers_the_quiz_controls_on_any_screen(quiz_at, content, width):
    page = quiz_at(width)
    driver = QuizDriver(page, content)
    covered = []
    while not page.locator("#plangen-plan").count():
        question = driver.current_question()
        count = page.locator("form.plangen-form :is(input, button:not(:disabled))").count()
        for index in range(count):
            problem = page.evaluate(HIT_JS, index)
            if problem:
                covered.append(f"{question.id}: {problem}")
        if question.id in READER:
            driver.answer(question, READER[question.id])
        driver.submit()
        driver._wait_for_change(question.id)
    assert covered == []


ENDS_JS = """() => {
    const row = document.querySelector('.plangen-scale-row').getBoundingClientRect();
    const low = document.querySelector('.plangen-scale-min').getBoundingClientRect();
    const high = document.querySelector('.plangen-scale-max').getBoundingClientRect();
    return {rowLeft: row.left, rowRight: row.right, lowLeft: low.left, lowRight: low.right,
            highLeft: high.left, highRight: high.right};
}"""


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_a_scales_end_labels_sit_at_their_own_ends(browser, site_server, content, width):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    question = content.question("networking_comfort")
    open_with_state(page, site_server.url, {"version": 1, "answers": {}, "position": question.id, "plan": None,
                                            "ticks": {}})
    page.locator(".plangen-scale-row").wait_for()
    assert page.locator(".plangen-scale-min").inner_text() == question.min_label
    assert page.locator(".plangen-scale-max").inner_text() == question.max_label
    ends = page.evaluate(ENDS_JS)
    context.close()
    assert abs(ends["lowLeft"] - ends["rowLeft"]) <= 1  # the low end's words start under the first point
    assert abs(ends["highRight"] - ends["rowRight"]) <= 1  # the high end's words end under the last
    assert ends["lowRight"] < ends["highLeft"]  # each on its own side


def test_the_first_questions_back_is_unseen_and_cannot_be_used(quiz_at):
    page = quiz_at(390)
    back = page.locator(".plangen-back")
    assert back.is_disabled()
    assert page.evaluate("getComputedStyle(document.querySelector('.plangen-back')).visibility") == "hidden"


# --- history --------------------------------------------------------------------------------

def _question_text(page) -> str:
    return page.locator("#plangen-question").inner_text().rsplit(" (", 1)[0]


def test_the_browsers_back_and_forward_move_between_questions_and_a_reload_keeps_the_place(quiz_at, content):
    page = quiz_at(390)
    driver = QuizDriver(page, content)
    texts = []
    for _ in range(3):
        question = driver.current_question()
        texts.append(question.text)
        driver.answer(question, READER[question.id])
        driver.submit()
        driver._wait_for_change(question.id)
    texts.append(driver.current_question().text)
    for expected in reversed(texts[:-1]):
        page.go_back()
        page.locator("#plangen-question", has_text=expected).wait_for()
    assert page.url.endswith("/quiz/")  # still on the quiz, at its first question
    page.go_forward()
    page.locator("#plangen-question", has_text=texts[1]).wait_for()
    page.go_forward()
    page.locator("#plangen-question", has_text=texts[2]).wait_for()
    page.reload()
    page.locator("#plangen-question", has_text=texts[2]).wait_for()
    page.go_back()
    page.locator("#plangen-question", has_text=texts[1]).wait_for()
    assert _question_text(page) == texts[1]


def test_the_page_back_button_and_the_browsers_back_agree(quiz_at, content):
    page = quiz_at(390)
    driver = QuizDriver(page, content)
    first = driver.current_question()
    driver.answer(first, READER[first.id])
    driver.submit()
    driver._wait_for_change(first.id)
    second = driver.current_question()
    page.get_by_role("button", name="Back", exact=True).click()
    page.locator("#plangen-question", has_text=first.text).wait_for()
    page.go_forward()
    page.locator("#plangen-question", has_text=second.text).wait_for()
