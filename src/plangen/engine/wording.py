"""The few words every rendering of a plan shares: how long, and when."""

from __future__ import annotations

from plangen.engine.model import Step


def format_effort(minutes: int) -> str:
    """``90`` -> ``"1 h 30 min"``."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def week_text(step: Step) -> str:
    """``"week 3"``; for a step that spans, ``"weeks 3–4"``; for a habit, ``"every week from week 3"``."""
    if step.kind == "habit":
        if step.last_week == 13 or step.week == step.last_week:
            return f"every week from week {step.week}" if step.week != step.last_week else f"week {step.week}"
        return f"every week, weeks {step.week}–{step.last_week}"
    return f"week {step.week}" if step.weeks == 1 else f"weeks {step.week}–{step.last_week}"


def effort_text(step: Step) -> str:
    """``"1 h"``; for a habit, its weekly time: ``"1 h a week"`` or ``"1–3 h a week"``."""
    if step.kind != "habit" or not step.load:
        return format_effort(step.effort)
    low, high = min(m for _, m in step.load), max(m for _, m in step.load)
    if low == high:
        return f"{format_effort(low)} a week"
    if low % 60 == 0 and high % 60 == 0:
        return f"{low // 60}–{high // 60} h a week"
    return f"{format_effort(low)} to {format_effort(high)} a week"


def targets_text(step: Step) -> str:
    """A habit's weekly targets, runs of equal weeks together:
    ``"send 2 tailored applications (weeks 3–4), then send 4 tailored applications (weeks 5–13)"``."""
    runs: list[list] = []
    for week, _, text in step.targets:
        if runs and runs[-1][2] == text and runs[-1][1] == week - 1:
            runs[-1][1] = week
        else:
            runs.append([week, week, text])
    parts = [f"{text} (week {first})" if first == last else f"{text} (weeks {first}–{last})"
             for first, last, text in runs]
    return ", then ".join(parts)
