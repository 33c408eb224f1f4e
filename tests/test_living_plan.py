"""My plan as it lives with the reader, in a real Chromium: the weekly check-in
re-plans the weeks ahead and says what changed, ticks survive it, it works
offline; habits are counted week by week across reloads and tabs; the
picture of the weeks so far shows the stored figures with readable labels;
the calendar is dated from the plan's start and keeps answers out."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from plangen.engine import worker as engine
from plangen.engine.planner import build_plan
from plangen.engine.schedule import CheckIn, Progress

from conftest import ARTIFACTS
from personas import PERSONAS
from quizdriver import download, wait_for_plan
from savedplans import KEY, open_with_state, read_state

pytestmark = pytest.mark.browser

READER = PERSONAS["visa-limited"]
MATERIALS = ("read-the-posting", "plain-format-resume", "mirror-language-honestly", "track-callback-rate")
SILENT = [{"week": w, "applications": 5, "replies": 0, "interviews": 0, "energy": "ok"} for w in (2, 3, 4)]


def _ask(request: dict) -> dict:
    reply = json.loads(engine.handle(json.dumps(request)))
    assert reply["ok"], reply
    return reply


def living_state(built_site, origin: str, answers: dict, progress: dict, ticks: dict | None = None) -> dict:
    """Saved state for a plan already re-planned with ``progress``, as My plan keeps it."""
    engine.load(next((built_site / "assets/plangen").glob("content.*.json")).read_text())
    reply = _ask({"op": "plan", "answers": answers, "link_base": origin, "progress": progress})
    plan = {"data": reply["plan"], "share": reply["share"], "answers": reply["answers"], "skipped": []}
    return {"version": 1, "answers": reply["answers"], "position": "plan", "plan": plan,
            "ticks": ticks or {}, "week": progress.get("week", 1), "edit": None, "progress": progress}


def started_weeks_ago(weeks: int) -> str:
    """A start date that puts today in week ``weeks + 1`` (the page reads the real clock)."""
    return (date.today() - timedelta(weeks=weeks)).isoformat()


@pytest.fixture
def my_plan(guarded_page, site_server, built_site):
    page, guard = guarded_page

    def open_plan(progress: dict, ticks: dict | None = None, answers: dict = READER):
        state = living_state(built_site, site_server.url, answers, progress, ticks)
        open_with_state(page, site_server.url, state, "my-plan/")
        wait_for_plan(page)
        return page

    yield open_plan
    guard.assert_clean()


def week_of(page, section: str) -> str:
    return page.locator(f"#step-{section}").evaluate(
        "(li) => li.closest('.plangen-this-week') ? 'this' : (li.closest('.plangen-week')?.id ?? 'other')")


# --- the check-in ------------------------------------------------------------------------------

def materials_moved_in(content):
    """The plan before week 5's check-in, and the materials steps that check-in brings into week 5."""
    before = build_plan(content, READER, progress=Progress(week=5, checkins=tuple(CheckIn(**c) for c in SILENT)))
    after = build_plan(content, READER, progress=Progress(
        week=5, checkins=tuple(CheckIn(**c) for c in [*SILENT, {"week": 5, "applications": 4, "replies": 0,
                                                                 "interviews": 0, "energy": "ok"}])))
    weeks_before = {s.section: s.week for s in before.steps}
    moved_in = [s for s in after.steps if s.section in MATERIALS and s.week == 5 and weeks_before.get(s.section) != 5]
    assert moved_in, "the fixture must be a reader whose materials move"
    return before, moved_in


def test_no_replies_after_four_weeks_brings_the_materials_into_this_week_and_the_notice_names_them(my_plan, content):
    before, moved_in = materials_moved_in(content)

    ticked = next(s.section for s in before.steps if s.kind == "once" and s.week == 5 and s.section not in MATERIALS)
    page = my_plan({"started": started_weeks_ago(4), "week": 5, "checkins": SILENT}, ticks={ticked: True})
    form = page.locator(".plangen-checkin")
    assert form.locator("h3").inner_text() == "Week 5 has begun: how did week 4 go?"
    form.get_by_label("Applications sent in week 4").fill("4")
    form.get_by_label("Replies (any answer from a person)").fill("0")
    form.get_by_label("Interviews").fill("0")
    form.get_by_label("Getting by").check()
    form.get_by_role("button", name="Save and update my plan").click()

    notice = page.locator("#plangen-notice")
    notice.wait_for()
    for step in moved_in:
        assert f"“{step.title}” to week 5" in notice.inner_text()
        assert week_of(page, step.section) == "this"
    assert page.locator(".plangen-checkin").count() == 0
    # The tick made before the check-in is still there, on screen and stored.
    assert page.locator(f"#tick-{ticked}").is_checked()
    stored = read_state(page)
    assert stored["ticks"][ticked] is True
    assert stored["progress"]["checkins"][-1] == {"week": 5, "applications": 4, "replies": 0, "interviews": 0,
                                                  "energy": "ok"}


@pytest.mark.parametrize("width", [390, 1280])
def test_the_check_in_leads_my_plan_at_phone_and_desktop_widths(my_plan, width):
    page = my_plan({"started": started_weeks_ago(2), "week": 3, "checkins": SILENT[:1]})
    page.set_viewport_size({"width": width, "height": 1100})
    form = page.locator(".plangen-checkin")
    this_week = page.locator(".plangen-this-week")
    assert form.bounding_box()["y"] < this_week.bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing runs off a phone's screen
    form.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"living-plan-my-plan-checkin-{width}.png"))


def test_every_check_in_question_can_be_skipped(my_plan):
    page = my_plan({"started": started_weeks_ago(1), "week": 2})
    page.locator(".plangen-checkin").get_by_role("button", name="Skip this week").click()
    page.locator(".plangen-next-week").wait_for()
    assert read_state(page)["progress"]["checkins"] == [
        {"week": 2, "applications": None, "replies": None, "interviews": None, "energy": None}]


def test_start_next_week_asks_for_the_check_in_of_that_week(my_plan):
    page = my_plan({"started": started_weeks_ago(0), "week": 1})
    page.get_by_role("button", name="Start next week").click()
    assert page.locator(".plangen-checkin h3").inner_text() == "Week 2 has begun: how did week 1 go?"
    assert read_state(page)["progress"]["week"] == 2


def test_offline_the_check_in_still_re_plans(browser, built_site, content):
    from plangen.site.devserver import SiteServer
    from test_offline import SETTLE_MS, SETTLED_JS, cut_network

    server = SiteServer(built_site).start()
    context = browser.new_context(service_workers="allow")
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        state = living_state(built_site, server.url, READER, {"started": started_weeks_ago(4), "week": 5,
                                                              "checkins": SILENT})
        open_with_state(page, server.url, state, "my-plan/")
        wait_for_plan(page)
        page.evaluate(SETTLED_JS, SETTLE_MS)  # the offline copy is complete
        cut_network(context, server)
        page.reload()
        form = page.locator(".plangen-checkin")
        form.get_by_label("Applications sent in week 4").fill("4")
        form.get_by_label("Replies (any answer from a person)").fill("0")
        form.get_by_label("Interviews").fill("0")
        form.get_by_label("Getting by").check()
        form.get_by_role("button", name="Save and update my plan").click()
        assert page.locator("#plangen-notice").inner_text().startswith("Your plan changed:")
        for step in materials_moved_in(content)[1]:
            assert week_of(page, step.section) == "this"
    finally:
        context.close()
        server.stop()


# --- habits, counted --------------------------------------------------------------------------

def test_a_habit_count_survives_a_reload_and_shows_in_a_second_tab(my_plan, content):
    page = my_plan({"started": started_weeks_ago(0), "week": 1})
    habit = next(s for s in build_plan(content, READER).steps if s.kind == "habit" and s.week == 1)
    target = habit.targets[0][1]
    item = page.locator(f"#step-{habit.section}")
    item.get_by_role("button", name=f"One more: {habit.title}").click()
    assert item.locator(".plangen-count").inner_text() == f"1 of {target} this week"
    other = page.context.new_page()
    other.goto(page.url)
    assert other.locator(f"#step-{habit.section} .plangen-count").inner_text() == f"1 of {target} this week"
    # Counted in the second tab, the first follows without a reload.
    other.locator(f"#step-{habit.section}").get_by_role("button", name=f"One more: {habit.title}").click()
    page.locator(f"#step-{habit.section} .plangen-count", has_text=f"2 of {target} this week").wait_for()
    page.reload()
    assert page.locator(f"#step-{habit.section} .plangen-count").inner_text() == f"2 of {target} this week"
    assert read_state(page)["progress"]["counts"][habit.section] == {"1": 2}


# --- the picture of the weeks so far ------------------------------------------------------------

LABEL_SIZES_JS = """() => {
  const svg = document.querySelector('.plangen-progress-box svg');
  return [...svg.querySelectorAll('text')].map((t) => t.getBoundingClientRect().height > 0
    ? parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a : 99);
}"""


@pytest.mark.parametrize("width", [360, 1280])
def test_the_picture_shows_the_stored_figures_with_labels_of_12_px(my_plan, width):
    checkins = [{"week": 2, "applications": 3, "replies": 1, "interviews": 0, "energy": "ok"},
                {"week": 3, "applications": 7, "replies": None, "interviews": 2, "energy": "low"}]
    page = my_plan({"started": started_weeks_ago(2), "week": 3, "checkins": checkins})
    page.set_viewport_size({"width": width, "height": 900})
    box = page.locator(".plangen-progress-box")
    rows = box.locator("tbody tr")
    assert [rows.nth(i).locator("td").all_inner_texts()[:3] for i in range(2)] == [["3", "1", "0"], ["7", "–", "2"]]
    assert "10 applications, 1 reply, 2 interviews" in box.locator("figcaption").inner_text()
    sizes = page.evaluate(LABEL_SIZES_JS)
    assert sizes and min(sizes) >= 12, sizes
    box.screenshot(path=str(ARTIFACTS / f"living-plan-progress-{width}.png"))


def test_a_checkpoint_week_shows_the_readers_own_figures_beside_the_review(my_plan, content):
    page = my_plan({"started": started_weeks_ago(3), "week": 4, "checkins": SILENT})
    review = page.locator("#step-checkpoint-one")
    figures = review.locator(".plangen-my-figures")
    assert "15 applications sent" in figures.inner_text() and "0 replies, 0 interviews" in figures.inner_text()
    review.screenshot(path=str(ARTIFACTS / "living-plan-checkpoint-week.png"))


# --- the calendar -------------------------------------------------------------------------------

def test_the_calendar_is_dated_from_the_plans_start_with_weekly_habits_and_no_answers(my_plan, tmp_path):
    started = date.today() - timedelta(weeks=2)
    page = my_plan({"started": started.isoformat(), "week": 3})
    calendar = Calendar.from_ical(download(page, "Calendar (.ics)", tmp_path).read_bytes())
    events = calendar.walk("VEVENT")
    starts = [e.decoded("dtstart") for e in events]
    assert min(starts) >= started and all((day - started).days < 13 * 7 for day in starts)
    assert any(e.get("rrule") and e.get("rrule")["FREQ"] == ["WEEKLY"] for e in events)
    text = " ".join(str(e.get("description")) + str(e.get("summary")) for e in events)
    for value in ("data analyst", "analytics at a bank", "permit runs out", "Because"):
        assert value not in text
    # The reasons go in when the reader asks for them.
    page.get_by_label("Put why each step is there into the calendar too (those lines repeat your answers)").check()
    with_why = Calendar.from_ical(download(page, "Calendar (.ics)", tmp_path).read_bytes())
    assert any("Because" in str(e.get("description")) for e in with_why.walk("VEVENT"))


# --- accessibility -------------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_check_in_counters_review_figures_and_picture_have_no_serious_axe_violations(
        browser, site_server, built_site, scheme):
    from test_accessibility import _serious_violations

    context = browser.new_context(color_scheme=scheme, reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        state = living_state(built_site, site_server.url, READER, {"started": started_weeks_ago(4), "week": 5,
                                                                   "checkins": SILENT})
        open_with_state(page, site_server.url, state, "my-plan/")
        page.locator(".plangen-checkin").wait_for()
        page.get_by_role("button", name="Show all instructions").click()
        assert _serious_violations(page) == []
    finally:
        context.close()
