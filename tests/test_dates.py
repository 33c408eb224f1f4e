"""A plan's weeks as real dates, from the day it started; no clock is read."""

from datetime import date

import pytest

from plangen.engine.dates import dates_text, day_text, parse_date, week_label, week_on, week_span, week_start

STARTED = date(2026, 11, 30)  # a Monday, so week 3 is 14-20 Dec


def test_week_one_begins_on_the_start_date_and_each_week_seven_days_later():
    assert week_start(STARTED, 1) == STARTED
    assert week_span(STARTED, 3) == (date(2026, 12, 14), date(2026, 12, 20))


def test_a_week_label_names_the_week_and_its_days():
    assert week_label(STARTED, 3) == "week 3, 14–20 Dec"


def test_a_week_across_two_months_names_both():
    assert dates_text(STARTED, 5) == "28 Dec – 3 Jan"


def test_a_plan_without_a_start_date_says_only_the_week():
    assert week_label(None, 3) == "week 3"


@pytest.mark.parametrize("day, week", [(date(2026, 11, 30), 1), (date(2026, 12, 6), 1), (date(2026, 12, 7), 2),
                                       (date(2027, 2, 28), 13), (date(2027, 3, 1), 14), (date(2026, 11, 29), 0)])
def test_the_week_a_day_falls_in(day, week):
    assert week_on(STARTED, day) == week


def test_month_names_do_not_depend_on_the_machine_locale():
    assert day_text(date(2027, 5, 1), year=True) == "1 May 2027"


@pytest.mark.parametrize("text", ["2026-02-30", "2026-1-5", "tomorrow", "", None, 20261130, "2026-11-30T00:00"])
def test_text_that_is_not_a_calendar_date_is_not_read_as_one(text):
    assert parse_date(text) is None
