"""The calendar download is valid iCalendar: checked by an independent parser, line by line and by value."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from plangen.engine.ics import escape_text, fold, render_ics
from plangen.engine.model import PHASE_TITLES, SummaryItem
from plangen.engine.planner import build_plan

from personas import PERSONAS

TODAY = date(2026, 12, 2)
HOSTILE = "Back\\slash; semi, comma\nnew line\r\nCRLF \u202eRTL\u202c 👩🏽‍💻 e\u0301 " + "long " * 40


@pytest.fixture(scope="module")
def plan(content):
    return build_plan(content, PERSONAS["returning-after-a-break"])


def parsed(text: str) -> Calendar:
    return Calendar.from_ical(text.encode("utf-8"))


def test_every_step_is_one_all_day_event_over_its_weeks(plan):
    events = parsed(render_ics(plan, TODAY)).walk("VEVENT")
    assert len(events) == len(plan.steps)
    for event, step in zip(events, plan.steps):
        start = TODAY + timedelta(weeks=step.week - 1)
        assert event.decoded("dtstart") == start
        assert event.decoded("dtend") == start + timedelta(weeks=step.weeks)
        assert str(event.get("summary")).startswith(f"{step.title} (")
        assert str(event.get("url")) == step.url
        assert str(event.get("description")).endswith(f"{step.why}\n{step.url}")
        assert str(event.get("description")).startswith(PHASE_TITLES[step.phase])


def test_event_ids_are_unique_and_stable_for_the_same_day(plan):
    first = [str(e.get("uid")) for e in parsed(render_ics(plan, TODAY)).walk("VEVENT")]
    assert len(set(first)) == len(first)
    assert first == [str(e.get("uid")) for e in parsed(render_ics(plan, TODAY)).walk("VEVENT")]


def test_text_with_separators_line_breaks_and_any_script_comes_back_exactly(plan):
    step = replace(plan.steps[0], title=HOSTILE, why=HOSTILE)
    event = parsed(render_ics(replace(plan, steps=(step,)), TODAY)).walk("VEVENT")[0]
    plain = HOSTILE.replace("\r\n", "\n")
    assert str(event.get("summary")).startswith(plain + " (")
    assert str(event.get("description")).endswith(f"{plain}\n{step.url}")


def test_separators_and_line_breaks_are_escaped_as_text_values():
    assert escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"


def test_control_characters_that_no_content_line_may_hold_are_dropped():
    assert escape_text("a\x00b\x1bc\x7fd\te") == "abcd\te"


def test_every_line_ends_in_crlf_and_fits_in_75_octets(plan):
    text = render_ics(replace(plan, summary=(SummaryItem("role", "Role", HOSTILE * 3),)), TODAY)
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
