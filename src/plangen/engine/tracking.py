"""What a reader did with their plan, as plain data and back: the date it
started, the week they are in, one-off steps done (and in which week), each
habit's count per week, and the weekly check-ins.

This is the one shape progress takes wherever it travels: the page's store,
the worker's requests and the `.json` export. Coming in it is untrusted,
so `tracking_from_plain` checks every field and refuses a wrong one with a
`ProgressError` whose message is one sentence for the reader. Sections the
site no longer has are dropped, not refused: a site update must not make a
reader's saved progress unreadable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from plangen.engine.dates import parse_date
from plangen.engine.errors import PlangenError
from plangen.engine.model import WEEKS, Content
from plangen.engine.schedule import ENERGIES, CheckIn, Progress

MAX_COUNT = 99  # a habit's ticks in one week; its targets are single figures
MAX_FIGURE = 9999  # applications, replies or interviews reported for one week
CHECKIN_FIGURES = ("applications", "replies", "interviews")
_KEYS = frozenset({"started", "week", "done", "counts", "checkins", "planned"})
_CHECKIN_KEYS = frozenset({"week", *CHECKIN_FIGURES, "energy"})


class ProgressError(PlangenError):
    """Saved or imported progress that cannot be used; the message is one sentence for the reader."""


@dataclass(frozen=True)
class Tracking:
    """A reader's progress through one plan."""

    started: date | None = None  # the day week 1 began
    progress: Progress = field(default_factory=Progress)  # week, one-off steps done, check-ins
    counts: tuple[tuple[str, int, int], ...] = ()  # a habit's (section id, week, times done)
    # One-off steps and reviews a past week held when the reader moved on from it: a re-plan
    # keeps only the steps done in past weeks, so this is what "done of planned" is measured by.
    planned: tuple[tuple[int, int], ...] = ()

    def count(self, section: str, week: int) -> int:
        """How many times the habit ``section`` was done in ``week`` (0 when not counted)."""
        return next((n for s, w, n in self.counts if s == section and w == week), 0)

    def done_in(self, section: str) -> int | None:
        """The week a one-off step was done in, or None."""
        return next((w for s, w in self.progress.done if s == section), None)

    def planned_in(self, week: int) -> int | None:
        """How many one-off steps and reviews ``week`` held when the reader moved on (None: not recorded)."""
        return next((n for w, n in self.planned if w == week), None)

    def checkin(self, week: int) -> CheckIn | None:
        return next((c for c in self.progress.checkins if c.week == week), None)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _week(value: object, what: str) -> int:
    if not _is_int(value) or not 1 <= value <= WEEKS:
        raise ProgressError(f"Your saved progress has {what} that is not a week of the plan (1 to {WEEKS}).")
    return value


def _object(value: object, what: str) -> dict:
    if not isinstance(value, dict):
        raise ProgressError(f"Your saved progress has {what} that is not in the expected form.")
    return value


def _known(content: Content, section_id: object) -> bool:
    return isinstance(section_id, str) and content.section(section_id) is not None


def _done(content: Content, value: object) -> tuple[tuple[str, int], ...]:
    done = _object(value, "a list of steps done")
    return tuple(sorted((section, _week(week, "a step done in a week"))
                        for section, week in done.items() if _known(content, section)))


def _per_week(value: object, what: str) -> list[tuple[int, int]]:
    """``{"3": 2, …}``: whole numbers from 0 to `MAX_COUNT` by week (JSON keys are text)."""
    pairs = []
    for week_text, count in _object(value, what).items():
        text = str(week_text)
        week = _week(int(text) if text.isascii() and text.isdigit() and len(text) <= 2 else None, f"a {what[:-1]}")
        if not _is_int(count) or not 0 <= count <= MAX_COUNT:
            raise ProgressError(f"Your saved progress has a {what[:-1]} that is not a number from 0 to {MAX_COUNT}.")
        pairs.append((week, count))
    return pairs


def _counts(content: Content, value: object) -> tuple[tuple[str, int, int], ...]:
    counts = []
    for section, weeks in _object(value, "habit counts").items():
        pairs = _per_week(weeks, "habit counts")
        if _known(content, section):
            counts += [(section, week, count) for week, count in pairs if count]
    return tuple(sorted(counts))


def _figure(value: object) -> int | None:
    if value is None:
        return None
    if not _is_int(value) or not 0 <= value <= MAX_FIGURE:
        raise ProgressError(f"A check-in has a figure that is not a whole number from 0 to {MAX_FIGURE}.")
    return value


def _checkin(value: object) -> CheckIn:
    data = _object(value, "a check-in")
    if set(data) - _CHECKIN_KEYS:
        raise ProgressError("A check-in holds something this site does not ask about.")
    energy = data.get("energy")
    if energy is not None and energy not in ENERGIES:
        raise ProgressError("A check-in's energy is not one of low, ok or good.")
    return CheckIn(week=_week(data.get("week"), "a check-in"),
                   **{name: _figure(data.get(name)) for name in CHECKIN_FIGURES}, energy=energy)


def _checkins(value: object) -> tuple[CheckIn, ...]:
    if not isinstance(value, list) or len(value) > WEEKS:
        raise ProgressError("Your saved progress has check-ins that are not in the expected form.")
    checkins = sorted((_checkin(item) for item in value), key=lambda c: c.week)
    if len({c.week for c in checkins}) != len(checkins):
        raise ProgressError("Your saved progress has two check-ins for the same week.")
    return tuple(checkins)


def tracking_from_plain(content: Content, value: object) -> Tracking:
    """Strictly read progress sent by the page or found in an import (None: nothing yet)."""
    if value is None:
        return Tracking()
    data = _object(value, "a record")
    if set(data) - _KEYS:
        raise ProgressError("Your saved progress holds something this site does not know.")
    started = data.get("started")
    day = parse_date(started)
    if started is not None and day is None:
        raise ProgressError("Your saved progress has a start date that is not a date.")
    week = _week(data.get("week", 1), "a current week")
    done = _done(content, data.get("done", {}))
    habits = {s.id for s in content.sections if s.habit is not None}
    progress = Progress(week=week, done=tuple(d for d in done if d[0] not in habits),
                        checkins=_checkins(data.get("checkins", [])))
    return Tracking(started=day, progress=progress, counts=_counts(content, data.get("counts", {})),
                    planned=tuple(sorted(_per_week(data.get("planned", {}), "planned counts"))))


def tracking_to_plain(tracking: Tracking) -> dict:
    """The progress as JSON-ready data, in the shape `tracking_from_plain` reads (keys in a fixed order)."""
    counts: dict[str, dict[str, int]] = {}
    for section, week, count in tracking.counts:
        counts.setdefault(section, {})[str(week)] = count
    progress = tracking.progress
    return {
        "started": tracking.started.isoformat() if tracking.started else None,
        "week": progress.week,
        "done": dict(progress.done),
        "counts": counts,
        "planned": {str(week): count for week, count in tracking.planned},
        "checkins": [{"week": c.week, "applications": c.applications, "replies": c.replies,
                      "interviews": c.interviews, "energy": c.energy} for c in progress.checkins],
    }
