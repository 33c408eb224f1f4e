"""The calendar download is valid iCalendar: checked by an independent parser, line by line and by value."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from plangen.engine.ics import escape_text, fold, render_ics
from plangen.engine.planner import build_plan

from personas import PERSONAS

TODAY = date(2026, 12, 2)
HOSTILE = "Back\\slash; semi, comma\nnew line\r\nCRLF \u202eRTL\u202c 👩🏽‍💻 e\u0301 " + "long " * 40


@pytest.fixture(scope="module")
def plan(content):
    return build_plan(content, PERSONAS["returning-after-a-break"])


def parsed(text: str) -> Calendar:
    return Calendar.from_ical(text.encode("utf-8"))


def events_of(plan, started=TODAY, with_why=False):
    return parsed(render_ics(plan, started, with_why)).walk("VEVENT")


def week_of(day: date, started: date = TODAY) -> int:
    return (day - started).days // 7 + 1


def test_every_one_off_step_is_one_all_day_event_inside_its_own_week(plan):
    by_uid = {str(e.get("uid")): e for e in events_of(plan)}
    for step in (s for s in plan.steps if s.kind != "habit"):
        event = by_uid[f"{TODAY.isoformat()}-{step.section}@plangen"]
        start = event.decoded("dtstart")
        assert week_of(start) == step.week, step.section
        assert event.decoded("dtend") == start + timedelta(days=1)
        assert "rrule" not in event
        assert str(event.get("summary")).startswith(f"{step.title} (")
        assert str(event.get("url")) == step.url


def test_dates_count_from_the_plans_start_not_from_any_other_day(plan):
    later = TODAY + timedelta(days=17)
    first = [e.decoded("dtstart") for e in events_of(plan)]
    moved = [e.decoded("dtstart") for e in events_of(plan, later)]
    assert [day + timedelta(days=17) for day in first] == moved
    assert min(moved) == later


def test_the_one_off_steps_of_a_week_fall_on_different_days(plan):
    once = [s for s in plan.steps if s.kind == "once"]
    busiest = max({s.week for s in once}, key=lambda w: sum(s.week == w for s in once))
    count = sum(s.week == busiest for s in once)
    assert count >= 2, "the persona needs a week with two one-off steps for this to say anything"
    days = [e.decoded("dtstart") for e in events_of(plan)
            if "rrule" not in e and week_of(e.decoded("dtstart")) == busiest
            and any(str(e.get("uid")).endswith(f"-{s.section}@plangen") for s in once)]
    assert len(days) == count and len(set(days)) == min(count, 7)


def test_a_habit_is_a_weekly_recurring_event_for_each_run_of_the_same_target(plan):
    habits = [s for s in plan.steps if s.kind == "habit"]
    assert habits, "the persona's plan has habits"
    events = events_of(plan)
    for step in habits:
        mine = [e for e in events if str(e.get("uid")).startswith(f"{TODAY.isoformat()}-{step.section}-")]
        covered = []
        for event in mine:
            rule = event.get("rrule")
            first = week_of(event.decoded("dtstart"))
            count = rule["COUNT"][0] if rule else 1
            if rule:
                assert rule["FREQ"] == ["WEEKLY"]
            covered += range(first, first + count)
            assert f"This week: {step.target(first)}." in str(event.get("description"))
        assert covered == [week for week, _ in step.load]
    assert any("rrule" in e for e in events)


def test_by_default_no_description_holds_an_answer_or_a_why_line(content):
    answers = PERSONAS["laid-off-short-runway"]
    plan = build_plan(content, answers)
    text = render_ics(plan, TODAY)
    calendar = parsed(text)
    assert "X-WR-CALDESC" not in text
    # Short values ("3" hours) would match any number; every answer of six characters or more must be absent.
    words = [str(item.value) for item in plan.summary if len(str(item.value)) >= 6] + [s.why for s in plan.steps]
    assert len(words) > len(plan.steps) + 3
    for event in calendar.walk("VEVENT"):
        description = str(event.get("description"))
        for value in words:
            assert value not in description, value
        assert description.endswith(f"Guide: {event.get('url')}")
        assert description.startswith(str(event.get("summary")).rsplit(" (", 1)[0])
    assert "payroll" not in text


def test_why_lines_go_in_only_when_the_reader_asks(plan):
    events = events_of(plan, with_why=True)
    for step in plan.steps:
        mine = [e for e in events if str(e.get("uid")).startswith(f"{TODAY.isoformat()}-{step.section}")]
        assert mine and all(step.why in str(e.get("description")) for e in mine)


def test_event_ids_are_unique_and_stable_for_the_same_start(plan):
    first = [str(e.get("uid")) for e in events_of(plan)]
    assert len(set(first)) == len(first)
    assert first == [str(e.get("uid")) for e in events_of(plan)]


def test_text_with_separators_line_breaks_and_any_script_comes_back_exactly(plan):
    step = replace(next(s for s in plan.steps if s.kind == "once"), title=HOSTILE, why=HOSTILE)
    event = events_of(replace(plan, steps=(step,)), with_why=True)[0]
    plain = HOSTILE.replace("\r\n", "\n")
    assert str(event.get("summary")).startswith(plain + " (")
    assert str(event.get("description")).startswith(plain + "\n")
    assert f"\n{plain}\nGuide: {step.url}" in str(event.get("description"))


def test_separators_and_line_breaks_are_escaped_as_text_values():
    assert escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"


def test_control_characters_that_no_content_line_may_hold_are_dropped():
    assert escape_text("a\x00b\x1bc\x7fd\te") == "abcd\te"


def test_every_line_ends_in_crlf_and_fits_in_75_octets(plan):
    step = replace(plan.steps[0], title=HOSTILE * 3)
    text = render_ics(replace(plan, steps=(step,) + plan.steps[1:]), TODAY)
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert "\n" not in "".join(lines) and "\r" not in "".join(lines)
    assert max(len(line.encode("utf-8")) for line in lines) <= 75


def test_folding_never_splits_a_multibyte_character():
    line = "X-WR-CALDESC:" + "é😀" * 60
    pieces = fold(line).split("\r\n ")
    assert len(pieces) > 1
    assert "".join(pieces) == line
    assert all(len(piece.encode("utf-8")) <= (75 if i == 0 else 74) for i, piece in enumerate(pieces))


def test_a_line_of_exactly_75_octets_is_not_folded():
    assert fold("A" * 75) == "A" * 75
    assert fold("A" * 76) == "A" * 75 + "\r\n A"
