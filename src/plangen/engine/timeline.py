"""A picture of the plan: steps and weekly effort per phase, against the
hours the reader has. Plain inline SVG, no chart library, no reader text."""

from __future__ import annotations

from plangen.engine.model import PHASE_TITLES, PHASES, Plan

# Days each phase covers, counted from the day the plan is made.
PHASE_DAYS: dict[str, tuple[int, int]] = {"week": (1, 7), "month": (8, 30), "quarter": (31, 90)}
WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 640, 240, 28, 64, 44


def weekly_hours(plan: Plan, phase: str) -> float:
    """Hours a week the phase's steps take if spread evenly over the phase."""
    first, last = PHASE_DAYS[phase]
    weeks = (last - first + 1) / 7
    return sum(step.effort for step in plan.phase(phase)) / 60 / weeks


def _fmt(hours: float) -> str:
    return f"{hours:.1f}".rstrip("0").rstrip(".")


def describe(plan: Plan) -> str:
    """The picture in words (its accessible description)."""
    parts = []
    for phase in PHASES:
        steps = plan.phase(phase)
        parts.append(f"{PHASE_TITLES[phase]}: {len(steps)} steps, about {_fmt(weekly_hours(plan, phase))} hours a week")
    text = "; ".join(parts) + "."
    if plan.hours:
        text += f" You said you have {plan.hours} hours a week."
    return text


def render_timeline_svg(plan: Plan) -> str:
    """An inline SVG bar chart of weekly effort per phase, with the hours line."""
    loads = {phase: weekly_hours(plan, phase) for phase in PHASES}
    scale_top = max([*loads.values(), float(plan.hours or 0), 1.0]) * 1.15
    plot_height = HEIGHT - TOP - BOTTOM
    column = (WIDTH - LEFT) / len(PHASES)

    def y(hours: float) -> float:
        return TOP + plot_height * (1 - hours / scale_top)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="plangen-timeline" '
        f'role="img" aria-labelledby="plangen-timeline-title plangen-timeline-desc">',
        '<title id="plangen-timeline-title">Your plan over the next 90 days</title>',
        f'<desc id="plangen-timeline-desc">{describe(plan)}</desc>',
        f'<line x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH}" y2="{y(0):.1f}" class="axis"/>',
        f'<text x="{LEFT - 6}" y="{TOP - 10}" class="label" text-anchor="start">hours a week</text>',
    ]
    for index, phase in enumerate(PHASES):
        x = LEFT + index * column + column * 0.2
        width = column * 0.6
        top = y(loads[phase])
        first, last = PHASE_DAYS[phase]
        steps = len(plan.phase(phase))
        over = bool(plan.hours) and loads[phase] > plan.hours
        out += [
            f'<rect x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" height="{y(0) - top:.1f}" '
            f'class="bar{" over" if over else ""}"/>',
            f'<text x="{x + width / 2:.1f}" y="{top - 6:.1f}" text-anchor="middle" class="value">'
            f'{_fmt(loads[phase])} h</text>',
            f'<text x="{x + width / 2:.1f}" y="{HEIGHT - BOTTOM + 20}" text-anchor="middle" class="label">'
            f'{PHASE_TITLES[phase]}</text>',
            f'<text x="{x + width / 2:.1f}" y="{HEIGHT - BOTTOM + 38}" text-anchor="middle" class="small">'
            f'days {first}–{last} · {steps} step{"s" if steps != 1 else ""}</text>',
        ]
    if plan.hours:
        line = y(plan.hours)
        out += [
            f'<line x1="{LEFT}" y1="{line:.1f}" x2="{WIDTH}" y2="{line:.1f}" class="hours"/>',
            f'<text x="{WIDTH - 4}" y="{line - 6:.1f}" text-anchor="end" class="small">'
            f'your {plan.hours} h a week</text>',
        ]
    out.append("</svg>")
    return "".join(out)
