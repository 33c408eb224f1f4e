"""Readers take the quiz in a real Chromium: journeys, resume, downloads, links."""

import json
import re

import pytest
from icalendar import Calendar

from personas import PERSONAS
from quizdriver import QuizDriver, download, wait_for_plan

pytestmark = pytest.mark.browser


@pytest.fixture
def quiz(guarded_page, site_server, content):
    page, guard = guarded_page
    page.goto(site_server.url + "quiz/")
    yield page, QuizDriver(page, content), guard
    guard.assert_clean()



def _visible_ids(content, answers):
    from plangen.engine.answers import visible_questions

    return [q.id for q in visible_questions(content, answers)]


def test_first_question_is_on_screen_and_answerable_before_the_engine_is_ready(quiz):
    page, driver, _ = quiz
    assert page.locator("#plangen-question").inner_text() == "Which of these sounds most like you right now? (required)"
    # The engine reports readiness later; answering works at once.
    driver.answer(driver.current_question(), "laid-off")
    assert page.get_by_label("I was laid off or let go recently", exact=True).is_checked()


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_persona_journey_shows_the_questions_the_engine_branches_to_and_the_plan(quiz, content, persona):
    page, driver, _ = quiz
    answers = PERSONAS[persona]
    seen = driver.take(answers)
    assert seen == _visible_ids(content, {k: v for k, v in answers.items() if v != ""})
    from plangen.engine.planner import build_plan

    expected = [step.title for step in build_plan(content, answers).steps]
    shown = [text.strip() for text in page.locator(".plangen-step-title").all_inner_texts()]
    assert shown == expected


def test_required_question_says_so_before_moving_on(quiz):
    page, driver, _ = quiz
    driver.submit()
    assert page.locator("#plangen-error").inner_text() == "This question needs an answer before you go on."
    assert page.locator("#plangen-question").inner_text().startswith("Which of these sounds most like you")


def test_back_keeps_answers_and_forward_again(quiz):
    page, driver, _ = quiz
    q = driver.current_question()
    driver.answer(q, "employed")
    driver.submit()
    page.get_by_text("What would a good next move look like?").wait_for()
    driver.answer(driver.current_question(), "pivot")
    page.get_by_role("button", name="Back", exact=True).click()
    assert page.get_by_label("I have a job, but I'm looking for the next one", exact=True).is_checked()
    driver.submit()
    assert page.get_by_label("Something different from what I've done before", exact=True).is_checked()


def test_progress_counts_the_questions_this_reader_will_see(quiz, content):
    page, driver, _ = quiz
    driver.answer(driver.current_question(), "student")
    driver.submit()
    page.get_by_text("What would a good next move look like?").wait_for()
    total = len(_visible_ids(content, {"situation": "student"}))
    # The second question shows at once; the count is the engine's once it has checked the first answer.
    page.locator(".plangen-progress", has_text=re.compile(f"^Question 2 of {total}$")).wait_for()
    assert page.locator(".plangen-progress").inner_text() == f"Question 2 of {total}"


def test_reload_resumes_at_the_same_question_with_answers_kept(quiz):
    page, driver, _ = quiz
    driver.answer(driver.current_question(), "laid-off")
    driver.submit()
    page.get_by_text("What would a good next move look like?").wait_for()
    page.reload()
    page.get_by_text("What would a good next move look like?").wait_for()
    page.get_by_role("button", name="Back", exact=True).click()
    assert page.get_by_label("I was laid off or let go recently", exact=True).is_checked()


def test_plan_survives_a_reload_and_ticks_persist(quiz):
    page, driver, _ = quiz
    driver.take(PERSONAS["new-graduate"])
    first = page.locator(".plangen-step input[type=checkbox]").first
    first.check()
    page.reload()
    wait_for_plan(page)
    assert page.locator(".plangen-step input[type=checkbox]").first.is_checked()
    assert page.locator(".plangen-progress-line").inner_text().startswith("1 of ")


def test_start_over_asks_first_then_clears_everything(quiz):
    page, driver, _ = quiz
    driver.take(PERSONAS["new-graduate"])
    page.get_by_role("button", name="Start over").click()
    page.get_by_role("button", name="Cancel").click()
    assert page.locator("#plangen-plan").count() == 1
    page.get_by_role("button", name="Start over").click()
    page.get_by_role("button", name="Yes, start over").click()
    page.locator("#plangen-question").wait_for()
    assert not page.get_by_label("I'm a student or just starting out", exact=True).is_checked()
    page.reload()
    page.locator("#plangen-question").wait_for()
    assert page.evaluate("JSON.parse(localStorage.getItem('plangen:state') || '{}').answers || {}") == {}


def test_markdown_download_has_the_plan_and_the_reader_words_as_text(quiz, tmp_path):
    page, driver, _ = quiz
    driver.take({**PERSONAS["laid-off-short-runway"], "role": "data <b>analyst</b>"})
    assert "data <b>analyst</b>" in page.locator(".plangen-summary").inner_text()
    assert page.locator(".plangen-plan b", has_text="analyst").count() == 0
    markdown = download(page, "Download plan (Markdown)", tmp_path).read_text()
    assert markdown.startswith("# Your career action plan")
    assert "data \\<b\\>analyst\\</b\\>" in markdown
    for title in page.locator(".plangen-step-title").all_inner_texts():
        assert title.strip() in markdown


def test_html_download_is_standalone_and_prints_every_step(quiz, tmp_path, browser):
    page, driver, _ = quiz
    driver.take(PERSONAS["mid-career-changer"])
    titles = [t.strip() for t in page.locator(".plangen-step-title").all_inner_texts()]
    path = download(page, "Printable page (HTML)", tmp_path)
    text = path.read_text()
    assert "<script" not in text and "http" not in text.split("<body>")[0]
    printed = browser.new_page()
    printed.goto(path.as_uri())
    pdf = printed.pdf(format="A4")
    printed.close()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    for title in titles:
        assert title in text


def test_calendar_download_parses_with_every_step_dated_within_the_quarter(quiz, tmp_path):
    page, driver, _ = quiz
    driver.take(PERSONAS["returning-after-a-break"])
    titles = [t.strip() for t in page.locator(".plangen-step-title").all_inner_texts()]
    calendar = Calendar.from_ical(download(page, "Calendar (.ics)", tmp_path).read_bytes())
    events = calendar.walk("VEVENT")
    named = [str(e.get("summary")).rsplit(" (", 1)[0] for e in events]
    assert sorted(set(named)) == sorted(titles)
    # A one-off step is one event; a habit has one per run of weeks with the same target, each
    # starting on the first day of a week of its own.
    for title in set(named):
        starts = sorted(e.decoded("dtstart") for e, name in zip(events, named) if name == title)
        assert all((b - a).days % 7 == 0 and b > a for a, b in zip(starts, starts[1:])), title
    days = [e.decoded("dtstart") for e in events]
    assert (max(days) - min(days)).days < 13 * 7


def test_json_download_imports_back_into_a_fresh_browser(quiz, tmp_path, browser, site_server):
    page, driver, _ = quiz
    driver.take(PERSONAS["employed-but-stuck"])
    titles = page.locator(".plangen-step-title").all_inner_texts()
    path = download(page, "Answers and plan (.json)", tmp_path)
    data = json.loads(path.read_text())
    assert data["kind"] == "plangen-plan" and data["answers"]["situation"] == "pushed-out"
    other = browser.new_context().new_page()
    other.goto(site_server.url + "quiz/")
    other.locator("summary", has_text="Import it").click()
    other.locator("#plangen-import").set_input_files(str(path))
    wait_for_plan(other, timeout=60_000)
    assert other.locator(".plangen-step-title").all_inner_texts() == titles
    other.context.close()


def test_share_link_rebuilds_the_same_plan_elsewhere_and_says_what_it_carries(quiz, browser):
    page, driver, _ = quiz
    driver.take(PERSONAS["laid-off-short-runway"])
    titles = page.locator(".plangen-step-title").all_inner_texts()
    link = page.locator("#plangen-share-url").input_value()
    assert "#answers=" in link and "?" not in link
    assert "never sent to any server" in page.locator(".plangen-share").inner_text()
    other = browser.new_context().new_page()
    requested = []
    other.on("request", lambda r: requested.append(r.url))
    other.goto(link)
    wait_for_plan(other, timeout=60_000)
    assert other.locator(".plangen-step-title").all_inner_texts() == titles
    assert not any("answers=" in url for url in requested)
    assert "#" not in other.url
    other.context.close()


def test_my_plan_page_shows_the_saved_plan_and_its_ticks(quiz, site_server):
    page, driver, _ = quiz
    driver.take(PERSONAS["new-graduate"])
    titles = page.locator(".plangen-step-title").all_inner_texts()
    page.locator(".plangen-step input[type=checkbox]").nth(1).check()
    page.goto(site_server.url + "my-plan/")
    wait_for_plan(page)
    assert page.locator(".plangen-step-title").all_inner_texts() == titles
    assert page.locator(".plangen-step input[type=checkbox]").nth(1).is_checked()


def test_my_plan_page_without_a_plan_points_to_the_quiz(guarded_page, site_server):
    page, guard = guarded_page
    page.goto(site_server.url + "my-plan/")
    page.get_by_text("There is no plan saved on this device yet.").wait_for()
    guard.assert_clean()
