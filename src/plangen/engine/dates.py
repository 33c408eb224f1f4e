"""A plan's weeks as real dates, counted from the day the plan started.

Week 1 is the seven days from the start date, week 2 the seven after, and so
on. Every function here is given the start date (and, where it matters, a
day to compare with): the engine never reads a clock, so the same inputs
give the same words in CPython and in Pyodide.
"""

from __future__ import annotations

from datetime import date, timedelta

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def week_start(started: date, week: int) -> date:
    """The first day of plan week ``week`` (1 = the start date itself)."""
    return started + timedelta(weeks=week - 1)


def week_span(started: date, week: int) -> tuple[date, date]:
    """The first and last day of plan week ``week``, both included."""
    first = week_start(started, week)
    return first, first + timedelta(days=6)


def _day_month(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


def day_text(day: date, year: bool = False) -> str:
    """``"14 Dec"``, or ``"14 Dec 2026"`` with ``year`` (month names fixed, not the machine's locale)."""
    return _day_month(day) + (f" {day.year}" if year else "")


def dates_text(started: date, week: int) -> str:
    """``"14–20 Dec"``; across a month ``"28 Dec – 3 Jan"``."""
    first, last = week_span(started, week)
    if first.month == last.month:
        return f"{first.day}–{_day_month(last)}"
    return f"{_day_month(first)} – {_day_month(last)}"


def week_label(started: date | None, week: int) -> str:
    """``"week 3, 14–20 Dec"``, or ``"week 3"`` for a plan with no start date."""
    return f"week {week}, {dates_text(started, week)}" if started else f"week {week}"


def week_on(started: date, day: date) -> int:
    """The plan week ``day`` falls in: 1 on the start date; 0 or less before it, 14 or more after the plan."""
    return (day - started).days // 7 + 1


def parse_date(text: object) -> date | None:
    """A calendar date from ``YYYY-MM-DD`` text, or None when it is not one (never raises)."""
    if not isinstance(text, str) or len(text) != 10:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
