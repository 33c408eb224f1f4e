"""The plan week by week: how much each of its 13 weeks asks, against the
hours the reader has. A plain inline SVG (no chart library) and the same
numbers as rows, for a table beside it.

The picture is drawn in a 320-unit-wide box, about the width a phone gives
it, so that its 12-unit labels never render smaller than 12 CSS px: on a
wider screen it only grows.
"""

from __future__ import annotations

from dataclasses import dataclass

from plangen.engine.model import WEEKS, Plan
from plangen.engine.wording import format_effort

WIDTH, HEIGHT, TOP, BOTTOM, LEFT, RIGHT = 320, 190, 26, 40, 34, 6
LABEL_SIZE = 12  # user units, and so at least CSS px at any width of 320 px or more


@dataclass(frozen=True)
class WeekRow:
    week: int
    minutes: int
    steps: tuple[str, ...]  # section ids of the steps that take time this week


def week_rows(plan: Plan) -> tuple[WeekRow, ...]:
    """One row per week of the plan: its minutes and the steps it holds."""
    return tuple(
        WeekRow(week, plan.week_load(week), tuple(s.section for s in plan.steps if s.week <= week <= s.last_week))
        for week in range(1, WEEKS + 1)
    )


def describe(plan: Plan) -> str:
    """The picture in a sentence (its accessible description); the table has every number."""
    rows = week_rows(plan)
    busiest = max(rows, key=lambda row: row.minutes)
    used = sum(1 for row in rows if row.minutes)
    text = f"{used} of {WEEKS} weeks have steps; the busiest is week {busiest.week}, {format_effort(busiest.minutes)}."
    if plan.hours:
        over = [row.week for row in rows if row.minutes > plan.hours * 60]
        text += (f" No week asks for more than your {plan.hours} h." if not over
                 else f" Weeks over your {plan.hours} h: {', '.join(map(str, over))}.")
    return text


def _hours_label(hours: float) -> str:
    return f"{hours:.1f}".rstrip("0").rstrip(".") + " h"


def render_timeline_svg(plan: Plan) -> str:
    """An inline SVG of minutes per week, one bar a week, with the reader's hours as a line."""
    rows = week_rows(plan)
    budget = float(plan.hours or 0)
    top_hours = max([row.minutes / 60 for row in rows] + [budget, 1.0]) * 1.12
    plot = HEIGHT - TOP - BOTTOM
    column = (WIDTH - LEFT - RIGHT) / WEEKS

    def y(hours: float) -> float:
        return TOP + plot * (1 - hours / top_hours)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="plangen-timeline" '
        f'font-size="{LABEL_SIZE}" role="img" aria-labelledby="plangen-timeline-title plangen-timeline-desc">',
        '<title id="plangen-timeline-title">Your plan week by week: time each week asks</title>',
        f'<desc id="plangen-timeline-desc">{describe(plan)}</desc>',
        f'<text x="2" y="{TOP - 12}" class="label">hours a week</text>',
        f'<line x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{y(0):.1f}" class="axis"/>',
        f'<text x="{LEFT - 4}" y="{y(0) + 4:.1f}" text-anchor="end" class="label">0</text>',
    ]
    for row in rows:
        x = LEFT + (row.week - 1) * column
        hours = row.minutes / 60
        if row.minutes:
            over = bool(budget) and hours > budget
            out.append(f'<rect x="{x + column * 0.15:.1f}" y="{y(hours):.1f}" width="{column * 0.7:.1f}" '
                       f'height="{y(0) - y(hours):.1f}" class="bar{" over" if over else ""}"/>')
        out.append(f'<text x="{x + column / 2:.1f}" y="{y(0) + 16:.1f}" text-anchor="middle" class="label">'
                   f'{row.week}</text>')
    out.append(f'<text x="{(LEFT + WIDTH - RIGHT) / 2:.1f}" y="{HEIGHT - 4}" text-anchor="middle" class="label">'
               'week</text>')
    if budget:
        line = y(budget)
        out += [f'<line x1="{LEFT}" y1="{line:.1f}" x2="{WIDTH - RIGHT}" y2="{line:.1f}" class="hours"/>',
                f'<text x="{LEFT - 4}" y="{line + 4:.1f}" text-anchor="end" class="label">{_hours_label(budget)}</text>']
    else:
        peak = max(row.minutes for row in rows) / 60
        out.append(f'<text x="{LEFT - 4}" y="{y(peak) + 4:.1f}" text-anchor="end" class="label">'
                   f'{_hours_label(peak)}</text>')
    out.append("</svg>")
    return "".join(out)
