"""Next does not wait for the engine when the questions file alone says what
comes next: a question with no `show_if` follows at once, ready or not. The
engine still checks every answer once it is up, and one it refuses brings the
reader back to its question.

The engine is kept from starting, deterministically, by holding back the
runtime's download (`pyodide.asm.wasm`) until the test lets it through.
"""

from __future__ import annotations

import json

import pytest

from plangen.engine.answers import check_answers
from plangen.engine.errors import AnswerError

from personas import PERSONAS
from quizdriver import QuizDriver

pytestmark = pytest.mark.browser

RUNTIME = "**/pyodide.asm.wasm"
READER = PERSONAS["visa-limited"]  # answers every question up to its visa constraint
WAITING = "Getting the planner ready… your answers are kept."


class HeldRuntime:
    """Holds the runtime's download until `release` (the worker cannot be ready meanwhile)."""

    def __init__(self, context, page):
        self.page = page
        self.held: list = []
        self.released = False
        context.route(RUNTIME, self._hold)

    def _hold(self, route) -> None:
        if self.released:
            route.continue_()
        else:
            self.held.append(route)

    def wait_until_asked(self) -> None:
        """Wait until the worker has asked for the runtime (so it really is waiting for it)."""
        for _ in range(1200):
            if self.held:
                return
            self.page.wait_for_timeout(50)
        raise AssertionError("the worker never asked for the runtime")

    def release(self) -> None:
        self.released = True
        for route in self.held:
            route.continue_()
        self.held.clear()


@pytest.fixture
def held(guarded_page, site_server, content):
    """(page, driver, held runtime) on a fresh quiz page whose engine cannot start until released."""
    page, guard = guarded_page
    runtime = HeldRuntime(page.context, page)
    yield page, QuizDriver(page, content), runtime
    runtime.release()
    guard.assert_clean()


def _open_quiz(page, site_server, saved: dict | None = None) -> None:
    if saved is not None:
        page.goto(site_server.url)
        page.evaluate("(text) => localStorage.setItem('plangen:state', text)", json.dumps(saved))
    page.goto(site_server.url + "quiz/")


def _on_screen(driver) -> str:
    return driver.current_question().id


def _status(page) -> str:
    return page.locator(".plangen-status").inner_text().strip()


def test_the_first_next_before_the_engine_is_ready_shows_the_next_question_at_once(held, site_server, content):
    page, driver, runtime = held
    _open_quiz(page, site_server)
    first, second = content.questions[0], content.questions[1]
    assert second.show_if is None  # so the questions file alone says it follows
    runtime.wait_until_asked()
    driver.answer(first, READER[first.id])
    driver.submit()
    page.get_by_role("heading", name=second.text).wait_for()
    assert runtime.held and not runtime.released  # the engine has not even got its runtime yet
    assert _status(page) == ""  # nothing to wait for, so nothing said


def test_a_question_behind_a_show_if_waits_for_the_engine_and_says_so(held, site_server, content):
    page, driver, runtime = held
    before = [q.id for q in content.questions]
    gate = next(q for q in content.questions if q.show_if is not None)  # the visa question, behind constraints
    previous = content.questions[before.index(gate.id) - 1]
    answers = {key: READER[key] for key in before[:before.index(previous.id)] if key in READER}
    _open_quiz(page, site_server, {"version": 1, "answers": answers, "position": previous.id, "plan": None,
                                   "ticks": {}})
    runtime.wait_until_asked()
    assert _on_screen(driver) == previous.id
    driver.answer(previous, READER[previous.id])
    driver.submit()
    page.locator(".plangen-status", has_text=WAITING).wait_for()
    assert _on_screen(driver) == previous.id  # still there: only the engine can say the next one is asked
    runtime.release()
    page.get_by_role("heading", name=gate.text).wait_for()
    page.locator(".plangen-status", has_text=WAITING).wait_for(state="detached")
    assert _status(page) == ""


def _refusal(content, answers: dict) -> AnswerError:
    with pytest.raises(AnswerError) as refused:
        check_answers(content, answers, complete=False)
    return refused.value


def test_an_answer_the_engine_refuses_later_brings_the_reader_back_to_its_question(held, site_server, content):
    page, driver, runtime = held
    first, second, third = content.questions[:3]
    assert second.show_if is None and third.show_if is None
    _open_quiz(page, site_server)
    runtime.wait_until_asked()
    driver.answer(first, READER[first.id])
    driver.submit()
    page.get_by_role("heading", name=second.text).wait_for()
    # An option the quiz does not have (as a hand-edited page could send): only the engine can tell.
    page.evaluate("""(name) => {
        const input = document.querySelector(`input[name="${name}"]`);
        input.value = "no-such-option";
        input.click();
    }""", f"q-{second.id}")
    driver.submit()
    page.get_by_role("heading", name=third.text).wait_for()  # shown at once, not yet checked
    refused = _refusal(content, {first.id: READER[first.id], second.id: "no-such-option"})
    assert refused.question == second.id
    runtime.release()
    page.locator("#plangen-error", has_text=refused.message).wait_for()
    assert _on_screen(driver) == second.id
    assert page.locator("#plangen-error").inner_text() == refused.message
