"""Plan -> iCalendar (RFC 5545), dated from the day the plan started.

Each one-off step is an all-day event on one day of its own week (the
steps of a week on different days, so a calendar does not stack them);
a checkpoint is on the last day of its week; a habit is a weekly recurring
event (`RRULE`), one per run of weeks with the same target, so each
occurrence states that week's target.

A calendar is often synced to a service, so by default an event holds only
the site's own words: the step's title, this week's target and the link to
its guide section. The "why" lines, which repeat the reader's answers, go in
only when the reader asks for them; the reader's summary never does.

Written by hand rather than with a calendar library: the file uses a handful
of properties, and the library with its dependencies was more than a megabyte
of every reader's download for some twenty lines of text. Dates count from
``started``, which the caller passes in, so the output stays a pure function
of its inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from plangen.engine.dates import week_start
from plangen.engine.model import Plan, Step
from plangen.engine.wording import format_effort, week_text

LINE_OCTETS = 75  # RFC 5545 §3.1: content lines are folded at 75 octets, excluding the line break
CRLF = "\r\n"


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


@dataclass(frozen=True)
class Event:
    """One calendar entry: a day, how many weeks it repeats (1 = once), and its words."""

    uid: str
    day: date
    repeats: int
    summary: str
    description: str
    url: str


def _habit_runs(step: Step) -> list[tuple[int, int, str]]:
    """A habit's weeks grouped into runs of the same target: ``(first week, weeks, target)``."""
    runs: list[list] = []
    for week, _ in step.load:
        text = step.target(week)
        if runs and runs[-1][2] == text and runs[-1][0] + runs[-1][1] == week:
            runs[-1][1] += 1
        else:
            runs.append([week, 1, text])
    return [tuple(run) for run in runs]


def _description(step: Step, when: str, target: str, with_why: bool) -> str:
    lines = [step.title, when]
    if target:
        lines.append(f"This week: {target}.")
    if with_why:
        lines.append(step.why)
    lines.append(f"Guide: {step.url}")
    return "\n".join(lines)


def plan_events(plan: Plan, started: date, with_why: bool = False) -> list[Event]:
    """The plan's calendar entries, in plan order, dated from ``started`` (week 1's first day)."""
    events: list[Event] = []
    used: dict[int, int] = {}  # week -> one-off steps given a day in it so far
    for step in plan.steps:
        uid = f"{started.isoformat()}-{step.section}"
        if step.kind == "habit":
            for first, weeks, target in _habit_runs(step):
                when = f"Every week, weeks {first}–{first + weeks - 1}" if weeks > 1 else f"Week {first}"
                events.append(Event(f"{uid}-{first}", week_start(started, first), weeks,
                                    f"{step.title} ({format_effort(dict(step.load)[first])} a week)",
                                    _description(step, when, target, with_why), step.url))
            continue
        if step.kind == "checkpoint":
            offset = 6  # a review looks back on its week: its last day
        else:
            offset = used.get(step.week, 0) % 7
            used[step.week] = used.get(step.week, 0) + 1
        when = week_text(step)
        summary = f"{step.title} ({format_effort(step.effort)})"
        events.append(Event(uid, week_start(started, step.week) + timedelta(days=offset), 1, summary,
                            _description(step, when[0].upper() + when[1:], "", with_why), step.url))
    return events


def _vevent(event: Event, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid + '@plangen')}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(event.day)}",
        f"DTEND;VALUE=DATE:{_date(event.day + timedelta(days=1))}",
    ]
    if event.repeats > 1:
        lines.append(f"RRULE:FREQ=WEEKLY;COUNT={event.repeats}")
    return lines + [
        f"SUMMARY:{escape_text(event.summary)}",
        f"DESCRIPTION:{escape_text(event.description)}",
        # URI values are not TEXT: no escaping; the engine's URLs hold no line breaks.
        f"URL:{event.url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def render_ics(plan: Plan, started: date, with_why: bool = False) -> str:
    """The plan as an iCalendar file whose week 1 begins on ``started``; ``with_why`` adds each step's reasons."""
    stamp = started.strftime("%Y%m%dT000000Z")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//plangen//career action plan//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(plan.calendar_name)}",
    ]
    for event in plan_events(plan, started, with_why):
        lines.extend(_vevent(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
