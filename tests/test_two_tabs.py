"""Two tabs of one reader, in a real Chromium: every write merges into what is
stored now, tabs follow each other, and an import asks before it replaces."""

from __future__ import annotations

import json
import os
import random

import pytest

from plangen.engine.planner import build_plan
from plangen.engine.schedule import Progress

from personas import PERSONAS
from quizdriver import wait_for_plan
from savedplans import open_with_state, read_state, saved_state

pytestmark = pytest.mark.browser

CHANGER = PERSONAS["returning-after-a-break"]  # a 15-step plan
OTHER = PERSONAS["caregiver-part-time"]


@pytest.fixture
def tabs(browser, site_server):
    """Two tabs sharing one browser profile (so one localStorage), and the errors either raised."""
    context = browser.new_context(accept_downloads=True)
    errors: list[str] = []
    pages = []
    for _ in range(2):
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        pages.append(page)
    yield pages
    context.close()
    assert errors == []


def _ticks_on_screen(page) -> dict[str, bool]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.plangen-step input[type=checkbox]')]
        .map((box) => [box.id.slice('tick-'.length), box.checked]))""")


def _wait_for_ticks(page, expected: dict[str, bool]) -> None:
    """Wait until every step's box on ``page`` shows ``expected`` (a step missing there is unticked)."""
    shown: dict[str, bool] = {}
    for _ in range(400):
        shown = _ticks_on_screen(page)
        if shown and all(shown[step] == expected.get(step, False) for step in shown):
            return
        page.wait_for_timeout(25)
    raise AssertionError(f"the tab shows {shown}, not {expected}")


def _stored_ticks(page) -> dict[str, bool]:
    return {step: True for step, ticked in read_state(page)["ticks"].items() if ticked}


def _export_text(built_site, origin: str, answers: dict) -> str:
    return saved_state(built_site, origin, answers)["plan"]["export"]


def _import(page, text: str) -> None:
    if not page.locator("#plangen-import").is_visible():
        page.locator("summary", has_text="Import it").click()
    page.locator("#plangen-import").set_input_files(
        {"name": "career-plan.json", "mimeType": "application/json", "buffer": text.encode("utf-8")})


def test_ticks_made_on_my_plan_and_on_the_quiz_plan_all_survive_reloads(tabs, site_server, built_site, content):
    my_plan, quiz = tabs
    steps = [step.section for step in build_plan(content, CHANGER).steps]
    open_with_state(my_plan, site_server.url, saved_state(built_site, site_server.url, CHANGER), "my-plan/")
    wait_for_plan(my_plan)
    quiz.goto(site_server.url + "quiz/")
    wait_for_plan(quiz)
    for step in steps[:3]:
        my_plan.locator(f"#tick-{step}").check()
    _wait_for_ticks(quiz, dict.fromkeys(steps[:3], True))  # the quiz's tab follows without a reload
    quiz.locator(f"#tick-{steps[5]}").check()
    expected = dict.fromkeys([*steps[:3], steps[5]], True)
    _wait_for_ticks(my_plan, expected)
    for page in (my_plan, quiz):
        page.reload()
        wait_for_plan(page)
        _wait_for_ticks(page, expected)
    assert _stored_ticks(quiz) == expected
    assert my_plan.locator(".plangen-progress-line").inner_text() == f"4 of {len(steps)} steps done."


def test_answers_given_in_a_second_tab_are_never_lost(tabs, site_server, content):
    first, second = tabs
    first.goto(site_server.url + "quiz/")
    first.get_by_label("I was laid off or let go recently", exact=True).check()
    second.goto(site_server.url + "quiz/")
    second.get_by_label("I was laid off or let go recently", exact=True).wait_for()
    second.get_by_role("button", name="Next").click()
    second.get_by_text(content.question("goal").text).wait_for()
    second.get_by_label("Something different from what I've done before", exact=True).check()
    # The first tab still shows the first question; changing it there keeps the second tab's answer.
    first.get_by_label("I have a job, but I'm looking for the next one", exact=True).check()
    assert read_state(first)["answers"] == {"situation": "employed", "goal": "pivot"}
    second.get_by_role("button", name="Back", exact=True).click()
    assert second.get_by_label("I have a job, but I'm looking for the next one", exact=True).is_checked()


def test_an_import_says_what_it_would_replace_and_keep_mine_changes_nothing(tabs, site_server, built_site, content):
    page, _ = tabs
    open_with_state(page, site_server.url, saved_state(built_site, site_server.url, CHANGER, ticks={}), "quiz/")
    wait_for_plan(page)
    steps = [step.section for step in build_plan(content, CHANGER).steps]
    page.locator(f"#tick-{steps[0]}").check()
    page.locator(f"#tick-{steps[1]}").check()
    before = read_state(page)
    _import(page, _export_text(built_site, site_server.url, OTHER))
    status = page.locator(".plangen-status")
    status.get_by_role("button", name="Keep mine").wait_for()
    assert status.inner_text().startswith(
        "This file carries a different set of quiz answers from the ones saved on this device. "
        "Using it replaces your saved plan and its 2 ticked steps.")
    status.get_by_role("button", name="Keep mine").click()
    assert status.inner_text().strip() == "Kept your own plan; nothing was imported."
    after = read_state(page)
    assert (after["answers"], after["ticks"], after["plan"]["share"]) == (before["answers"], before["ticks"], before["plan"]["share"])


def test_an_import_replaces_the_plan_and_its_ticks_only_once_agreed(tabs, site_server, built_site, content):
    page, _ = tabs
    open_with_state(page, site_server.url, saved_state(built_site, site_server.url, CHANGER, ticks={}), "quiz/")
    wait_for_plan(page)
    page.locator(".plangen-step input[type=checkbox]").first.check()
    _import(page, _export_text(built_site, site_server.url, OTHER))
    page.get_by_role("button", name="Replace with the file's plan").click()
    expected = [step.title for step in build_plan(content, OTHER).steps]
    page.locator(".plangen-progress-line", has_text=f"0 of {len(expected)} steps done.").wait_for()
    wait_for_plan(page)  # the new plan, whose later weeks follow its first
    assert page.locator(".plangen-step-title").all_inner_texts() == expected
    assert read_state(page)["ticks"] == {}


def test_importing_the_plan_already_saved_with_the_same_progress_changes_nothing(tabs, site_server, built_site):
    page, _ = tabs
    state = saved_state(built_site, site_server.url, CHANGER, ticks={})
    open_with_state(page, site_server.url, state, "quiz/")
    wait_for_plan(page)
    _import(page, state["plan"]["export"])
    page.locator(".plangen-status", has_text="This file holds the plan already saved on this device; nothing changed.").wait_for()
    assert _stored_ticks(page) == {}


def test_importing_the_plan_already_saved_with_older_progress_asks_before_it_replaces_the_ticks(
        tabs, site_server, built_site, content):
    page, _ = tabs
    state = saved_state(built_site, site_server.url, CHANGER, ticks={})
    open_with_state(page, site_server.url, state, "quiz/")
    wait_for_plan(page)
    first = build_plan(content, CHANGER).steps[0].section
    page.locator(f"#tick-{first}").check()
    _import(page, state["plan"]["export"])  # saved before the tick
    page.locator(".plangen-status", has_text="with other progress. Using it replaces your 1 ticked step on this "
                                             "device.").wait_for()
    page.get_by_role("button", name="Keep mine").click()
    assert page.locator(f"#tick-{first}").is_checked()
    assert _stored_ticks(page) == {first: True}


# --- randomised: ticks, answers and imports interleaved across the two tabs ---------------------

SEEDS = [int(seed) for seed in os.environ.get("PLANGEN_TAB_SEEDS", "1,2").split(",")]


@pytest.mark.parametrize("seed", SEEDS)
def test_interleaved_ticks_changes_and_imports_in_two_tabs_lose_nothing(tabs, site_server, built_site, content, seed):
    """A seeded random run: each step ticks or unticks a box, changes one answer
    from the plan, imports a file, or reloads, in either tab; after each, the
    store and both tabs hold every tick and answer the run has made."""
    rng = random.Random(seed)
    state = saved_state(built_site, site_server.url, CHANGER, ticks={})
    other_export = _export_text(built_site, site_server.url, OTHER)
    pages = dict(zip(("my-plan", "quiz"), tabs))
    open_with_state(pages["my-plan"], site_server.url, state, "my-plan/")
    pages["quiz"].goto(site_server.url + "quiz/")
    for page in pages.values():
        wait_for_plan(page)
    answers = dict(read_state(pages["quiz"])["answers"])
    ticks: dict[str, bool] = {}
    log = []
    done: tuple = ()

    def current_plan(now: tuple | None = None):
        nonlocal done
        done = done if now is None else now
        return build_plan(content, answers, progress=Progress(week=1, done=done))

    for _ in range(14):
        name = rng.choice(list(pages))
        page = pages[name]
        roll = rng.random()
        # On My plan a habit is counted, not ticked: only the quiz's plan has a box for it.
        steps = [s.section for s in current_plan().steps if name == "quiz" or s.kind != "habit"]
        if roll < 0.6:
            step, value = rng.choice(steps), rng.random() < 0.7
            log.append(f"{name}: tick {step} {value}")
            page.locator(f"#tick-{step}").set_checked(value)
            ticks[step] = value
        elif roll < 0.75 and name == "quiz":
            hours = rng.choice([h for h in (4, 6, 8, 10) if h != answers["hours"]])
            log.append(f"{name}: hours {hours}")
            page.get_by_role("button", name="Change: Hours a week").click()
            page.locator('input[name="q-hours"]').fill(str(hours))
            page.get_by_role("button", name="Save and update my plan").click()
            page.locator("#plangen-notice").wait_for()
            wait_for_plan(page)
            answers["hours"] = hours
            # The plan is re-planned from the reader's week: the one-off steps ticked are done and stay.
            done = tuple(sorted((step, 1) for step, value in ticks.items()
                                if value and content.section(step).habit is None))
            kept = {s.section for s in current_plan(done).steps}
            ticks = {step: value for step, value in ticks.items() if step in kept}
        elif roll < 0.85 and name == "quiz":
            log.append(f"{name}: import, then keep mine")
            _import(page, other_export)
            page.get_by_role("button", name="Keep mine").click()
        else:
            log.append(f"{name}: reload")
            page.reload()
            wait_for_plan(page)
        expected = {step: True for step, value in ticks.items() if value}
        assert _stored_ticks(page) == expected, log
        assert read_state(page)["answers"] == answers, log
        for other in pages.values():
            _wait_for_ticks(other, expected)
    print(json.dumps(log))
