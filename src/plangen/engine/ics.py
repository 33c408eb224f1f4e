"""Plan -> iCalendar (RFC 5545): each step an all-day event across the week(s) it is scheduled in.

Written by hand rather than with a calendar library: the file uses a handful
of properties, and the library with its dependencies was more than a megabyte
of every reader's download for some twenty lines of text. Dates count from
``today``, which the caller passes in, so the output stays a pure function of
its inputs.
"""

from __future__ import annotations

from datetime import date, timedelta

from plangen.engine.model import PHASE_TITLES, Plan, Step
from plangen.engine.wording import format_effort, week_text

LINE_OCTETS = 75  # RFC 5545 §3.1: content lines are folded at 75 octets, excluding the line break
CRLF = "\r\n"


def step_start(step: Step, today: date) -> date:
    """The first day of the step's week, counting week 1 from ``today``."""
    return today + timedelta(weeks=step.week - 1)


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped.

    Other control characters are not allowed in a content line at all, so
    they are dropped; the reader's words arrive already cleaned, this only
    keeps the format valid whatever the caller passes.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for char in value:
        if char == "\\":
            out.append("\\\\")
        elif char in ";,":
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t" or ord(char) >= 0x20 and ord(char) != 0x7F:
            out.append(char)
    return "".join(out)


def fold(line: str) -> str:
    """One content line folded into lines of at most 75 octets, never inside a UTF-8 character."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size = [], 0
            limit = LINE_OCTETS - 1  # a continuation line starts with one space
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def _date(day: date) -> str:
    return day.strftime("%Y%m%d")


def _event(step: Step, today: date, stamp: str) -> list[str]:
    start = step_start(step, today)
    phase = PHASE_TITLES[step.phase]
    uid = f"{today.isoformat()}-{step.section}@plangen"
    summary = f"{step.title} ({format_effort(step.effort)})"
    description = f"{phase}, {week_text(step)}. {step.why}\n{step.url}"
    return [
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(start)}",
        f"DTEND;VALUE=DATE:{_date(start + timedelta(weeks=step.weeks))}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        # URI values are not TEXT: no escaping; the engine's URLs hold no line breaks.
        f"URL:{step.url}",
        f"CATEGORIES:{escape_text(phase)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def render_ics(plan: Plan, today: date) -> str:
    """The plan as an iCalendar file of dated events starting ``today``."""
    stamp = today.strftime("%Y%m%dT000000Z")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//plangen//career action plan//EN",
        f"X-WR-CALNAME:{escape_text(plan.calendar_name)}",
    ]
    if plan.summary:
        # The reader's situation in their own words, escaped for the format like every text value.
        lines.append("X-WR-CALDESC:" + escape_text("; ".join(f"{item.label}: {item.value}" for item in plan.summary)))
    for step in plan.steps:
        lines.extend(_event(step, today, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
