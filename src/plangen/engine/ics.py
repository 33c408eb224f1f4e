"""Plan -> iCalendar: each step an all-day event on a suggested day.

Built with the `icalendar` library (loaded in the browser only when a reader
asks for the calendar). Dates count from ``today``, which the caller passes
in, so the output stays a pure function of its inputs.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from plangen.engine.model import PHASE_TITLES, PHASES, Plan
from plangen.engine.render import format_effort
from plangen.engine.timeline import PHASE_DAYS


def suggested_days(count: int, phase: str) -> list[int]:
    """Spread ``count`` steps evenly over the phase's days (1 = today)."""
    first, last = PHASE_DAYS[phase]
    if count <= 1:
        return [first] * count
    span = last - first
    return [first + round(index * span / (count - 1)) for index in range(count)]


def render_ics(plan: Plan, today: date) -> str:
    """The plan as an iCalendar file of dated events starting ``today``."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//plangen//career action plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Career action plan")
    if plan.summary:
        # The reader's situation in their own words; the library escapes it for the format.
        calendar.add("x-wr-caldesc", "; ".join(f"{item.label}: {item.value}" for item in plan.summary))
    stamp = datetime.combine(today, time(0, 0), tzinfo=timezone.utc)
    for phase in PHASES:
        steps = plan.phase(phase)
        for step, day in zip(steps, suggested_days(len(steps), phase)):
            event = Event()
            start = today + timedelta(days=day - 1)
            event.add("uid", f"{today.isoformat()}-{step.section}@plangen")
            event.add("dtstamp", stamp)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(days=1))
            event.add("summary", f"{step.title} ({format_effort(step.effort)})")
            event.add("description", f"{PHASE_TITLES[phase]}. {step.why}\n{step.url}")
            event.add("url", step.url)
            event.add("categories", [PHASE_TITLES[phase]])
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
