"""The picture of the weeks so far: the reader's own figures, steps done against planned,
readable labels and a text alternative with the same numbers."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from plangen.engine.planner import build_plan
from plangen.engine.progress_chart import LABEL_SIZE, WIDTH, describe_progress, progress_rows, render_progress_svg
from plangen.engine.render import plan_to_plain, progress_table_html, render_html, render_markdown
from plangen.engine.schedule import CheckIn, Progress
from plangen.engine.tracking import Tracking

from personas import PERSONAS

READER = PERSONAS["visa-limited"]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def week_three(content):
    checkins = (CheckIn(week=2, applications=4, replies=1, interviews=0, energy="ok"),
                CheckIn(week=3, applications=6, replies=None, interviews=1))
    base = build_plan(content, READER)
    done_step = next(s for s in base.steps if s.kind == "once" and s.week == 1)
    progress = Progress(week=3, done=((done_step.section, 1),), checkins=checkins)
    plan = build_plan(content, READER, progress=progress)
    # Re-planned from week 3, habits run from week 3: week 1's count has no target in this plan.
    habit = next(s for s in plan.steps if s.kind == "habit" and s.week == 3)
    tracking = Tracking(started=date(2026, 11, 30), progress=progress,
                        counts=((habit.section, 1, 2), (habit.section, 3, 1)), planned=((1, 7), (2, 5)))
    return plan, tracking, done_step, habit


def test_a_week_reports_the_check_in_made_as_the_next_week_began(week_three):
    plan, tracking, _, _ = week_three
    rows = progress_rows(plan, tracking)
    assert [(r.week, r.applications, r.replies, r.interviews) for r in rows] == [
        (1, 4, 1, 0), (2, 6, None, 1), (3, None, None, None)]


def test_steps_done_count_against_what_each_past_week_held_when_the_reader_moved_on(week_three):
    plan, tracking, done_step, _ = week_three
    first, second, third = progress_rows(plan, tracking)
    assert (first.done, first.planned, second.done, second.planned) == (1, 7, 0, 5)
    assert done_step.section in {s.section for s in plan.steps if s.week == 1}
    assert third.planned == len([s for s in plan.steps if s.kind != "habit" and s.week == 3]) > 0


def test_the_picture_draws_one_bar_for_each_figure_reported(week_three):
    plan, tracking, _, _ = week_three
    svg = ET.fromstring(render_progress_svg(progress_rows(plan, tracking)))
    bars = [r for r in svg.iter(SVG + "rect") if (r.get("class") or "").startswith("bar-")]
    assert sorted(r.get("class") for r in bars) == ["bar-applications", "bar-applications", "bar-interviews",
                                                     "bar-replies"]
    # Heights follow the figures: 6 applications against 4.
    heights = {round(float(r.get("height")), 1) for r in bars if r.get("class") == "bar-applications"}
    assert max(heights) / min(heights) == pytest.approx(6 / 4, rel=0.02)


def test_labels_are_12_units_in_a_320_unit_box(week_three):
    plan, tracking, _, _ = week_three
    svg = ET.fromstring(render_progress_svg(progress_rows(plan, tracking)))
    assert svg.get("viewBox").split()[2] == str(WIDTH) == "320" and svg.get("font-size") == str(LABEL_SIZE) == "12"
    assert all(t.get("font-size") is None for t in svg.iter(SVG + "text"))


def test_the_text_alternative_carries_the_same_totals(week_three):
    plan, tracking, _, _ = week_three
    rows = progress_rows(plan, tracking)
    text = describe_progress(rows)
    assert "3 weeks so far, 2 with figures reported: 10 applications, 1 reply, 1 interview" in text
    svg = render_progress_svg(rows)
    assert f"<desc id=\"plangen-progress-desc\">{text}</desc>" in svg
    cells = re.findall(r"<td>([^<]*)</td>", progress_table_html(rows))
    assert cells[:8] == ["4", "1", "0", "1 of 7", "6", "–", "1", "0 of 5"]


def test_the_markdown_ticks_steps_done_and_counts_habits_with_real_dates(week_three):
    plan, tracking, done_step, habit = week_three
    markdown = render_markdown(plan, tracking)
    assert f"- [x] **{done_step.title}** (week 1, 30 Nov – 6 Dec, " in markdown
    target = next(c for w, c, _ in habit.targets if w == 3)
    assert f"This week (week 3): 1 of {target} done. Earlier: week 1 2." in markdown
    assert f"**{habit.title}** (every week from week 3, from 14 Dec," in markdown
    assert "Week 1 began on 30 Nov 2026; you are in week 3." in markdown


def test_the_markdown_without_progress_ticks_nothing(content):
    markdown = render_markdown(build_plan(content, READER))
    assert "- [x]" not in markdown and "- [ ]" in markdown


def test_the_markdown_shows_answers_without_visible_escapes(content):
    markdown = render_markdown(build_plan(content, READER))
    assert "full-time" in markdown.lower() or "Full-time" in markdown
    assert "\\-" not in markdown and "\\." not in markdown and "\\(" not in markdown


def test_the_printable_page_holds_the_picture_its_table_and_the_ticks(week_three):
    plan, tracking, done_step, _ = week_three
    page = render_html(plan, tracking=tracking)
    assert 'class="plangen-progress"' in page and "<caption>Your weeks so far</caption>" in page
    assert f'<span class="box" aria-hidden="true">☑</span>{done_step.title}' in page


def test_a_plan_in_its_first_week_with_no_check_in_has_no_picture_of_weeks_so_far(content):
    plan = build_plan(content, READER)
    tracking = Tracking(started=date(2026, 11, 30))
    assert 'class="plangen-progress"' not in render_html(plan, tracking=tracking)
    assert plan_to_plain(plan, tracking)["progress"] is None
    assert plan_to_plain(plan, Tracking(started=date(2026, 11, 30), progress=Progress(week=2)))["progress"]
