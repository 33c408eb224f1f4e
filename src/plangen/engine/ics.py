"""Plan -> iCalendar: each step an all-day event across the week(s) it is scheduled in.

Built with the `icalendar` library (loaded in the browser only when a reader
asks for the calendar). Dates count from ``today``, which the caller passes
in, so the output stays a pure function of its inputs.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from plangen.engine.model import PHASE_TITLES, Plan, Step
from plangen.engine.wording import format_effort, week_text


def step_start(step: Step, today: date) -> date:
    """The first day of the step's week, counting week 1 from ``today``."""
    return today + timedelta(weeks=step.week - 1)


def render_ics(plan: Plan, today: date) -> str:
    """The plan as an iCalendar file of dated events starting ``today``."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//plangen//career action plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", plan.calendar_name)
    if plan.summary:
        # The reader's situation in their own words; the library escapes it for the format.
        calendar.add("x-wr-caldesc", "; ".join(f"{item.label}: {item.value}" for item in plan.summary))
    stamp = datetime.combine(today, time(0, 0), tzinfo=timezone.utc)
    for step in plan.steps:
        # Each step spans the week(s) it is scheduled in, as an all-day event.
        start = step_start(step, today)
        event = Event()
        event.add("uid", f"{today.isoformat()}-{step.section}@plangen")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(weeks=step.weeks))
        event.add("summary", f"{step.title} ({format_effort(step.effort)})")
        event.add("description", f"{PHASE_TITLES[step.phase]}, {week_text(step)}. {step.why}\n{step.url}")
        event.add("url", step.url)
        event.add("categories", [PHASE_TITLES[step.phase]])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
