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
    """``"week 3"`` or, for a step that spans, ``"weeks 3–4"``."""
    return f"week {step.week}" if step.weeks == 1 else f"weeks {step.week}–{step.last_week}"
