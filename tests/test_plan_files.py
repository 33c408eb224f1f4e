"""A plan's files (Markdown, HTML, .json) are made after the plan is on screen
and kept in the saved plan; a saved plan without them still shows, and gets
them when a download is asked for."""

from __future__ import annotations

import json

import pytest

from plangen.engine import worker as engine

from personas import PERSONAS
from quizdriver import QuizDriver, download, wait_for_plan
from savedplans import saved_plan_state

pytestmark = pytest.mark.browser

KEY = "plangen:state"
READER = PERSONAS["mid-career-changer"]
FILES = ("markdown", "html", "export")


@pytest.fixture(scope="module")
def saved_state(built_site, site_server) -> dict:
    engine.load(next((built_site / "assets/plangen").glob("content.*.json")).read_text())
    return saved_plan_state(READER, site_server.url)


def _saved(page) -> dict:
    return json.loads(page.evaluate("(key) => localStorage.getItem(key)", KEY))


def _wait_for_saved_files(page) -> dict:
    """Poll the saved state until its plan holds every file (a settled state, however slow the engine)."""
    for _ in range(1200):
        plan = _saved(page).get("plan") or {}
        if all(isinstance(plan.get(kind), str) for kind in FILES):
            return plan
        page.wait_for_timeout(50)
    raise AssertionError("the plan's files were never saved")


@pytest.mark.parametrize("stored", ["missing", "not text"])
def test_a_saved_plan_without_its_files_shows_on_my_plan_and_makes_them_when_asked(
        guarded_page, site_server, saved_state, tmp_path, stored):
    page, guard = guarded_page
    state = json.loads(json.dumps(saved_state))
    for kind in FILES:
        if stored == "missing":
            del state["plan"][kind]
        else:
            state["plan"][kind] = {"not": "text"}
    page.goto(site_server.url)
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, json.dumps(state)])
    page.goto(site_server.url + "my-plan/")
    wait_for_plan(page)
    assert page.locator(".plangen-step").count() > 0
    saved = download(page, "Download plan (Markdown)", tmp_path).read_text(encoding="utf-8")
    assert saved == saved_state["plan"]["markdown"]
    assert {kind: _wait_for_saved_files(page)[kind] for kind in FILES} == {
        kind: saved_state["plan"][kind] for kind in FILES}
    guard.assert_clean()


def test_the_quiz_saves_the_plans_files_once_the_plan_is_on_screen(guarded_page, site_server, content,
                                                                    saved_state):
    page, guard = guarded_page
    page.goto(site_server.url + "quiz/")
    QuizDriver(page, content).take(READER)
    wait_for_plan(page)
    plan = _wait_for_saved_files(page)
    assert plan["markdown"] == saved_state["plan"]["markdown"]
    assert json.loads(plan["export"]) == json.loads(saved_state["plan"]["export"])
    guard.assert_clean()
