"""A reader takes the quiz in a real Chromium and downloads the plan."""

import pytest

pytestmark = pytest.mark.browser

ANSWERS = [
    ("radio", "I was laid off or let go recently"),
    ("radio", "A step up from what I do now"),
    ("text", "data <b>analyst</b>"),
    ("text", ""),
    ("radio", "3 to 10 years"),
    ("radio", "3 to 6 months"),
    ("check", "Job boards and one-click applications"),
    ("check", "I apply and hear nothing back"),
    ("number", "6"),
    ("radio", "One to three months"),
    ("number", "2"),
    ("radio", "Online, in forums, chats or video calls"),
    ("radio", "Now and then"),
]


def answer(page, kind, value):
    if kind in ("radio", "check"):
        page.get_by_label(value, exact=True).check()
    elif kind == "text":
        page.get_by_label("Your answer").fill(value)
    else:
        page.locator("input[type=number]").fill(value)


def test_first_question_is_on_screen_before_the_engine_is_ready(guarded_page, site_server):
    page, guard = guarded_page
    page.goto(site_server.url + "quiz/")
    heading = page.locator("#plangen-question")
    heading.wait_for()
    assert heading.text_content() == "Which of these sounds most like you right now?"
    guard.assert_clean()


def test_full_journey_gives_a_plan_and_a_markdown_download(guarded_page, site_server, tmp_path):
    page, guard = guarded_page
    page.goto(site_server.url + "quiz/")
    for kind, value in ANSWERS:
        page.locator("#plangen-question").wait_for()
        answer(page, kind, value)
        page.locator("form button[type=submit]").click()
        page.wait_for_function("1") if False else None
    page.locator("#plangen-plan").wait_for()
    steps = page.locator(".plangen-step")
    assert steps.count() >= 5
    text = page.locator(".plangen-plan").inner_text()
    assert "data <b>analyst</b>" in text  # shown as text, not markup
    assert page.locator(".plangen-plan b", has_text="analyst").count() == 0
    with page.expect_download() as caught:
        page.get_by_role("button", name="Download plan (Markdown)").click()
    download = caught.value
    assert download.suggested_filename == "career-plan.md"
    path = tmp_path / "plan.md"
    download.save_as(path)
    markdown = path.read_text()
    assert markdown.startswith("# Your career action plan")
    assert "data \\<b\\>analyst\\</b\\>" in markdown
    assert "## This week" in markdown
    guard.assert_clean()


def test_last_screen_button_says_see_my_plan(guarded_page, site_server):
    page, guard = guarded_page
    page.goto(site_server.url + "quiz/")
    for kind, value in ANSWERS[:-1]:
        page.locator("#plangen-question").wait_for()
        answer(page, kind, value)
        page.locator("form button[type=submit]").click()
    page.get_by_text("Do you use AI chat tools in your search?").wait_for()
    assert page.locator("form button[type=submit]").text_content() == "See my plan"
    guard.assert_clean()


def test_reload_resumes_at_the_same_question_with_answers_kept(guarded_page, site_server):
    page, guard = guarded_page
    page.goto(site_server.url + "quiz/")
    answer(page, "radio", "I was laid off or let go recently")
    page.locator("form button[type=submit]").click()
    page.get_by_text("What would a good next move look like?").wait_for()
    page.reload()
    page.get_by_text("What would a good next move look like?").wait_for()
    page.get_by_role("button", name="Back", exact=True).click()
    assert page.get_by_label("I was laid off or let go recently", exact=True).is_checked()
    guard.assert_clean()
