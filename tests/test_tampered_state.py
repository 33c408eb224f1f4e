"""Saved state that is corrupt, truncated, from another version, edited by
hand, or that cannot be saved at all: the page keeps working, says what
happened in one sentence, keeps every answer that still fits, and a plan
edited to carry script shows without running anything."""

from __future__ import annotations

import json
import re

import pytest

from plangen.engine.answers import visible_questions
from plangen.engine.planner import build_plan

from plangen.site.devserver import SiteServer

from hostile import PAGE_DANGERS_JS, PageWatch, SteadyQuizDriver
from personas import PERSONAS
from quizdriver import wait_for_plan
from savedplans import KEY, open_with_state, read_state, saved_state

pytestmark = pytest.mark.browser

PERSONA = PERSONAS["mid-career-changer"]
UNREADABLE = "Your saved answers could not be read, so the quiz starts fresh."
OTHER_VERSION = "Your saved answers came from another version of this quiz; the ones that still fit are kept."
NOT_SAVED = "Your answers could not be saved on this device; they will be lost if you close the page."
NO_STORAGE = "This browser is not letting the page save anything, so answers last only until you close it."
PLAN_CLEARED = ("Your saved plan could not be shown, so it was cleared; your answers are kept. "
                "Go through them to build it again.")
PWN = "window.__pwned=1"

QUOTA_EXCEEDED = """
Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};
"""
STORAGE_DISABLED = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("Access is denied for this document.", "SecurityError"); },
});
"""


@pytest.fixture
def tab(guarded_page, site_server):
    """A guarded page that also fails the test if any dialog opens."""
    page, guard = guarded_page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    assert dialogs == [], f"script ran and opened dialogs: {dialogs}"
    guard.assert_clean()


@pytest.fixture
def watched(browser):
    """Open pages on a server in fresh contexts, watched but allowed console errors
    (the test judges them): ``watched(server)`` returns (page, watch)."""
    contexts = []

    def open_page(server):
        context = browser.new_context()
        contexts.append(context)
        watch = PageWatch(context, server.url)
        page = context.new_page()
        page.set_default_timeout(60_000)
        return page, watch

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def server_without_csp(built_site):
    """The same site served with no headers at all, as a host that ignores `_headers` would."""
    with SiteServer(built_site, header_rules=[]) as server:
        yield server


@pytest.fixture(scope="module")
def saved_plan(built_site, site_server) -> dict:
    """A real saved state holding a plan, as the quiz page stores it (made by the engine in CPython)."""
    return saved_state(built_site, site_server.url, PERSONA)


def _open(page, site_server, saved: str | None, path: str = "quiz/") -> None:
    open_with_state(page, site_server.url, saved, path)


def _saved(page):
    return read_state(page)


def _status_is(page, sentence: str) -> None:
    page.locator(".plangen-status", has_text=sentence).wait_for()
    assert page.locator(".plangen-status").inner_text().strip() == sentence


def _make_a_plan(page, content) -> None:
    SteadyQuizDriver(page, content).take(PERSONA)
    wait_for_plan(page)
    assert page.locator(".plangen-step").count() > 0


def _assert_nothing_ran(page, origin: str) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate(PAGE_DANGERS_JS, origin) == []


# --- unreadable, other version, hand-edited answers -----------------------------------------

TRUNCATED = json.dumps({"version": 1, "answers": PERSONA, "position": "hours", "plan": None, "ticks": {}})[:57]


@pytest.mark.parametrize("saved", ["{{{ not json", TRUNCATED, "null", "[1, 2, 3]", '"a string"', ""],
                         ids=["not-json", "truncated", "null", "array", "string", "empty"])
def test_unreadable_saved_state_starts_fresh_with_one_sentence_and_a_plan_can_be_made(tab, site_server, content, saved):
    _open(tab, site_server, saved)
    _status_is(tab, UNREADABLE)
    assert tab.locator("#plangen-question").inner_text().startswith("Which of these sounds most like you")
    _make_a_plan(tab, content)


def test_saved_state_from_another_version_keeps_the_answers_that_fit(tab, site_server, content, saved_plan):
    answers = {"situation": "employed", "goal": "pivot", "role": "kept words", "hours": 6}
    old = {**saved_plan, "version": 0, "answers": answers, "position": "hours", "ticks": {"weekly-plan": True}}
    _open(tab, site_server, json.dumps(old))
    _status_is(tab, OTHER_VERSION)
    # The old plan and position are not trusted; the answers are, once the engine agrees.
    assert tab.locator("#plangen-plan").count() == 0
    assert tab.get_by_label("I have a job, but I'm looking for the next one", exact=True).is_checked()
    # The count comes from the engine once it has the kept answers (polled: the CSP forbids wait_for_function).
    tab.locator(".plangen-progress", has_text=re.compile(f"of {len(visible_questions(content, answers))}$")).wait_for()
    assert _saved(tab)["answers"] == answers
    _make_a_plan(tab, content)


def test_saved_state_without_a_version_counts_as_another_version(tab, site_server):
    _open(tab, site_server, json.dumps({"answers": {"situation": "student"}}))
    _status_is(tab, OTHER_VERSION)
    assert tab.get_by_label("I'm a student or just starting out", exact=True).is_checked()


def test_hand_edited_answers_keep_every_answer_that_still_fits(tab, site_server, content):
    edited = {"situation": "astronaut", "goal": "pivot", "role": 42, "background": "teaching", "hours": 999,
              "blockers": ["no-network", "no-network"], "favourite_colour": "teal", "networking_comfort": 3,
              "community": "online"}
    state = {"version": 1, "answers": edited, "position": "no-such-question", "plan": {"data": "x"}, "ticks": "x"}
    _open(tab, site_server, json.dumps(state))
    _status_is(tab, "5 saved answers no longer fit the quiz and were cleared; the rest are kept.")
    assert _saved(tab)["answers"] == {"goal": "pivot", "background": "teaching", "networking_comfort": 3,
                                      "community": "online"}
    assert tab.locator("#plangen-question").inner_text().startswith("Which of these sounds most like you")
    _make_a_plan(tab, content)


def test_one_hand_edited_answer_that_no_longer_fits_is_named_in_the_singular(tab, site_server):
    state = {"version": 1, "answers": {"situation": "employed", "goal": "moon"}, "position": "goal", "plan": None,
             "ticks": {}}
    _open(tab, site_server, json.dumps(state))
    _status_is(tab, "1 saved answer no longer fits the quiz and was cleared; the rest are kept.")
    assert _saved(tab)["answers"] == {"situation": "employed"}


def _submit_text(page) -> str:
    return page.locator("form.plangen-form button[type=submit]").inner_text()


def test_a_plan_refused_for_one_answer_names_it_and_goes_straight_back_to_it(tab, site_server, content):
    # A saved answer edited to a choice the quiz does not have is cleared when the
    # page opens, so the plan, which needs that required answer, is refused for it.
    question = content.question("experience")
    order = [q.id for q in visible_questions(content, PERSONA)]
    state = {"version": 1, "answers": {**PERSONA, "experience": "astronaut"}, "position": order[-1], "plan": None,
             "ticks": {}}
    _open(tab, site_server, json.dumps(state))
    _status_is(tab, "1 saved answer no longer fits the quiz and was cleared; the rest are kept.")
    for _ in range(400):  # "See my plan" once the engine has said which questions are shown
        if _submit_text(tab) == "See my plan":
            break
        tab.wait_for_timeout(50)
    assert _submit_text(tab) == "See my plan"
    tab.locator("form.plangen-form button[type=submit]").click()
    refusal = tab.locator(".plangen-refusal")
    refusal.wait_for()
    assert refusal.get_attribute("role") == "alert"
    assert refusal.locator("p").inner_text() == f"Your plan could not be made: “{question.text}” needs an answer."
    assert tab.evaluate("document.activeElement.classList.contains('plangen-refusal')")
    assert tab.locator("#plangen-plan").count() == 0
    # Straight to that question, not Back through every screen in between.
    refusal.get_by_role("button", name="Change this answer").click()
    assert tab.locator("#plangen-question").inner_text() == f"{question.text} (required)"
    assert tab.evaluate("document.activeElement.id") == "plangen-question"
    assert tab.locator(".plangen-refusal").count() == 0
    seen = SteadyQuizDriver(tab, content).take(PERSONA)  # answer it, then Next through the rest
    assert seen == order[order.index("experience"):]
    wait_for_plan(tab)
    titles = tab.locator(".plangen-step-title").all_inner_texts()
    assert titles == [step.title for step in build_plan(content, PERSONA).steps]
    assert _saved(tab)["answers"]["experience"] == PERSONA["experience"]


# --- a saved plan edited by hand --------------------------------------------------------

def _poisoned(saved_plan: dict) -> dict:
    state = json.loads(json.dumps(saved_plan))
    data = state["plan"]["data"]
    # The page draws steps from the plan's step list, this week's first; the phases repeat them.
    step = next(step for step in data["steps"] if step["week"] == 1)
    for phase in data["phases"]:
        phase["steps"] = [step if other["section"] == step["section"] else other for other in phase["steps"]]
    step["body_html"] += (f'<img src=x onerror="{PWN}"><script>{PWN}</script>'
                          f'<a href="javascript:{PWN}">a javascript link</a><iframe srcdoc="<script>parent.{PWN}</script>">'
                          f'</iframe><p onclick="{PWN}" style="position:fixed">styled</p><svg><script>{PWN}</script></svg>')
    step["url"] = f"javascript:{PWN}"
    step["title"] = f'<img src=x onerror="{PWN}">Poisoned title'
    step["section"] = f'"><img src=x onerror="{PWN}">'
    data["summary"][0]["value"] = f'<img src=x onerror="{PWN}">'
    data["timeline_svg"] = (f'<svg xmlns="http://www.w3.org/2000/svg" onload="{PWN}"><script>{PWN}</script>'
                            f'<foreignObject><img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="{PWN}"/>'
                            f'</foreignObject><a href="javascript:{PWN}"><text>x</text></a></svg>')
    state["plan"]["share"] = f'"><img src=x onerror="{PWN}">'
    return state


@pytest.mark.parametrize("path", ["quiz/", "my-plan/"])
@pytest.mark.parametrize("policy", ["with-csp", "without-csp"])
def test_hand_edited_saved_plan_with_script_shows_without_running_anything(
        watched, site_server, server_without_csp, saved_plan, path, policy):
    # Without the Content-Security-Policy the sanitizer alone must keep it inert.
    server = site_server if policy == "with-csp" else server_without_csp
    page, watch = watched(server)
    _open(page, server, json.dumps(_poisoned(saved_plan)), path)
    wait_for_plan(page)
    first = page.locator(".plangen-step").first
    first.locator("details").evaluate("(details) => { details.open = true; }")  # this week's bodies open anyway
    assert "a javascript link" in first.inner_text()
    assert first.locator("label strong").inner_text() == f'<img src=x onerror="{PWN}">Poisoned title'
    assert first.locator(".plangen-link a").get_attribute("href") == "#"
    first.locator(".plangen-link a").click()
    page.locator(".plangen-plan").hover()
    page.wait_for_timeout(300)  # give any stray handler its chance
    _assert_nothing_ran(page, "http://127.0.0.1:")  # links point at the server the plan was made for
    watch.assert_no_dialogs()
    watch.assert_stayed_home()
    assert watch.page_errors == []
    # With the policy, Chrome may still report the handlers it refused while the
    # sanitizer parsed the markup; anything else in the console is a fault.
    assert [e for e in watch.console_errors if "Content Security Policy" not in e] == []


def test_saved_plan_that_cannot_be_shown_is_cleared_on_the_quiz_and_the_answers_stay(tab, site_server, content,
                                                                                    saved_plan):
    broken = {**saved_plan, "plan": {**saved_plan["plan"], "data": {"summary": [], "phases": "not a list"}}}
    _open(tab, site_server, json.dumps(broken))
    _status_is(tab, PLAN_CLEARED)
    assert _saved(tab)["plan"] is None and _saved(tab)["answers"] == saved_plan["answers"]
    _make_a_plan(tab, content)


def _broken_below_this_week(saved_plan: dict) -> dict:
    """A saved plan whose steps and weeks are fine but whose "Where you are" is not a list: the top of the
    plan draws, and the part after this week, which the page draws a frame later, cannot."""
    return {**saved_plan, "plan": {**saved_plan["plan"], "data": {**saved_plan["plan"]["data"], "summary": "not a list"}}}


def test_saved_plan_whose_later_part_cannot_be_shown_is_cleared_on_the_quiz_and_the_answers_stay(
        tab, site_server, content, saved_plan):
    _open(tab, site_server, json.dumps(_broken_below_this_week(saved_plan)))
    _status_is(tab, PLAN_CLEARED)
    assert tab.locator(".plangen-plan").count() == 0
    assert _saved(tab)["plan"] is None and _saved(tab)["answers"] == saved_plan["answers"]
    _make_a_plan(tab, content)


def test_saved_plan_whose_later_part_cannot_be_shown_points_my_plan_readers_to_the_quiz(tab, site_server, saved_plan):
    _open(tab, site_server, json.dumps(_broken_below_this_week(saved_plan)), "my-plan/")
    tab.get_by_text("The plan saved on this device could not be shown.").wait_for()
    assert tab.locator(".plangen-plan").count() == 0
    assert tab.get_by_role("link", name="Open the quiz").count() == 1


def test_saved_plan_that_cannot_be_shown_points_my_plan_readers_to_the_quiz(tab, site_server, saved_plan):
    broken = {**saved_plan, "plan": {**saved_plan["plan"], "data": {"summary": [], "phases": "not a list"}}}
    _open(tab, site_server, json.dumps(broken), "my-plan/")
    tab.get_by_text("The plan saved on this device could not be shown.").wait_for()
    assert tab.get_by_role("link", name="Open the quiz").count() == 1


# --- nothing can be saved ------------------------------------------------------------------

def test_when_storage_is_full_the_reader_is_told_and_a_plan_can_still_be_made(tab, site_server, content):
    tab.add_init_script(QUOTA_EXCEEDED)
    tab.goto(site_server.url + "quiz/")
    _status_is(tab, NOT_SAVED)
    _make_a_plan(tab, content)


def test_when_storage_is_full_the_plan_screen_still_says_the_plan_is_not_kept(tab, site_server, content):
    tab.add_init_script(QUOTA_EXCEEDED)
    tab.goto(site_server.url + "quiz/")
    _make_a_plan(tab, content)
    assert tab.locator(".plangen-status").inner_text().strip() == NOT_SAVED


def test_when_storage_is_disabled_the_reader_is_told_and_a_plan_can_still_be_made(watched, site_server, content):
    page, watch = watched(site_server)
    page.add_init_script(STORAGE_DISABLED)
    page.goto(site_server.url + "quiz/")
    page.locator(".plangen-status p").wait_for()
    assert page.locator(".plangen-status").inner_text().strip() in {NO_STORAGE, NOT_SAVED}
    _make_a_plan(page, content)
    watch.assert_stayed_home()
    # mkdocs-material's own inline helpers read localStorage unguarded and throw
    # SecurityError; nothing from the quiz may.
    assert set(watch.page_errors) <= {"Access is denied for this document."}
    assert watch.console_errors == []


def test_when_storage_is_disabled_the_plan_screen_still_says_the_plan_is_not_kept(watched, site_server, content):
    page, _ = watched(site_server)
    page.add_init_script(STORAGE_DISABLED)
    page.goto(site_server.url + "quiz/")
    _make_a_plan(page, content)
    assert page.locator(".plangen-status").inner_text().strip() in {NO_STORAGE, NOT_SAVED}


def test_when_storage_is_disabled_my_plan_says_so_and_points_to_the_quiz(watched, site_server):
    page, watch = watched(site_server)
    page.add_init_script(STORAGE_DISABLED)
    page.goto(site_server.url + "my-plan/")
    _status_is(page, NO_STORAGE)
    assert page.get_by_text("There is no plan saved on this device yet.").count() == 1
    watch.assert_stayed_home()


def test_when_storage_is_full_ticking_a_step_on_my_plan_says_it_was_not_saved(tab, site_server, saved_plan):
    _open(tab, site_server, json.dumps(saved_plan), "my-plan/")
    wait_for_plan(tab)
    tab.evaluate(f"() => {{ {QUOTA_EXCEEDED} }}")
    tab.locator(".plangen-step input[type=checkbox]").first.check()
    _status_is(tab, NOT_SAVED)
    assert tab.locator(".plangen-progress-line").inner_text().startswith("1 of ")
