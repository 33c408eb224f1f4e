"""The plan's title and download names come from the plan itself (the site's
settings, via the engine's `plan.title` and `plan.file_name`), with today's
words for plans that carry neither, and a saved name that could be anything
is never used as a file name or as markup."""

from __future__ import annotations

import json

import pytest

from plangen.engine import worker as engine

from personas import PERSONAS
from savedplans import saved_plan_state
from quizdriver import download, wait_for_plan

pytestmark = pytest.mark.browser

KEY = "plangen:state"
DOWNLOADS = {"Download plan (Markdown)": "md", "Printable page (HTML)": "html", "Answers and plan (.json)": "json",
             "Calendar (.ics)": "ics"}


@pytest.fixture(scope="module")
def saved_state(built_site, site_server) -> dict:
    """A saved state as the quiz stores it, the plan made by the real engine, without title or file name."""
    engine.load(next((built_site / "assets/plangen").glob("content.*.json")).read_text())
    answers = PERSONAS["mid-career-changer"]
    state = saved_plan_state(answers, site_server.url)
    for key in ("title", "file_name"):
        del state["plan"]["data"][key]
    return state


def _open_my_plan(page, site_server, state: dict) -> None:
    page.goto(site_server.url)
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, json.dumps(state)])
    page.goto(site_server.url + "my-plan/")
    wait_for_plan(page)


def _with(state: dict, **fields) -> dict:
    copy = json.loads(json.dumps(state))
    copy["plan"]["data"].update(fields)
    return copy


def _names(page, folder) -> list[str]:
    return [download(page, button, folder).name for button in DOWNLOADS]


def test_downloads_and_heading_follow_the_plans_own_title_and_file_name(guarded_page, site_server, saved_state,
                                                                        tmp_path):
    page, guard = guarded_page
    _open_my_plan(page, site_server, _with(saved_state, title="Plan de carrière", file_name="plan-de-carriere"))
    assert page.locator("#plangen-plan").inner_text() == "Plan de carrière"
    assert _names(page, tmp_path) == [f"plan-de-carriere.{ext}" for ext in DOWNLOADS.values()]
    guard.assert_clean()


def test_a_plan_without_title_or_file_name_keeps_todays_words(guarded_page, site_server, saved_state, tmp_path):
    page, guard = guarded_page
    _open_my_plan(page, site_server, saved_state)
    assert page.locator("#plangen-plan").inner_text() == "Your plan"
    assert _names(page, tmp_path) == [f"career-plan.{ext}" for ext in DOWNLOADS.values()]
    guard.assert_clean()


@pytest.mark.parametrize("file_name", ["../../evil", "plan.exe", "<b>x</b>", "", 42, "a" * 81, "-plan", "plan\u202egnp"])
def test_a_saved_file_name_that_could_be_anything_falls_back_and_a_title_stays_text(
        guarded_page, site_server, saved_state, tmp_path, file_name):
    page, guard = guarded_page
    title = '<img src=x onerror="window.__pwned=1">Mine'
    _open_my_plan(page, site_server, _with(saved_state, title=title, file_name=file_name))
    assert page.locator("#plangen-plan").inner_text() == title
    assert page.locator("#plangen-plan img").count() == 0
    assert download(page, "Download plan (Markdown)", tmp_path).name == "career-plan.md"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    guard.assert_clean()


def test_the_quiz_page_uses_the_plans_names_too(guarded_page, site_server, saved_state, tmp_path):
    page, guard = guarded_page
    state = _with(saved_state, title="Ein Plan", file_name="mein-plan")
    page.goto(site_server.url)
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, json.dumps(state)])
    page.goto(site_server.url + "quiz/")
    wait_for_plan(page)
    assert page.locator("#plangen-plan").inner_text() == "Ein Plan"
    assert download(page, "Printable page (HTML)", tmp_path).name == "mein-plan.html"
    # The import hint names the file the reader will have downloaded.
    assert "Choose a mein-plan.json downloaded from this site." in page.locator(".plangen-import").text_content()
    guard.assert_clean()
