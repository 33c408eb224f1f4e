"""The weeks so far, as the reader reported them: applications, replies and
interviews per week, and steps done against steps planned. A plain inline
SVG (no chart library) and the same numbers as rows for a table beside it,
which is its text alternative.

Like the timeline, it is drawn in a 320-unit-wide box so that its 12-unit
labels never render smaller than 12 CSS px at any width of 320 px or more.
Colours are presentation attributes, not a style sheet, so the picture looks
the same on the page, on paper and in the HTML download; text uses
``currentColor`` so it follows the page's own colour scheme.

A check-in is made as a week begins and reports the week before (see
`plangen.engine.schedule.CheckIn`), so week N's figures come from the
check-in of week N + 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from plangen.engine.model import WEEKS, Plan
from plangen.engine.tracking import Tracking

WIDTH, LEFT, RIGHT = 320, 30, 6
LABEL_SIZE = 12  # user units, so at least 12 CSS px wherever the picture is 320 px wide or more
PANEL = 64  # height of each panel's plot
#: (field, legend words, fill): the order bars stand in within a week, left to right.
SERIES = (("applications", "applications", "#00897b"), ("replies", "replies", "#d84315"),
          ("interviews", "interviews", "#1e88e5"))
_ONE = {"applications": "application", "replies": "reply", "interviews": "interview"}
DONE_FILL = "#00897b"


@dataclass(frozen=True)
class ProgressRow:
    """One week so far: what the reader reported for it (None: not reported) and its steps."""

    week: int
    applications: int | None
    replies: int | None
    interviews: int | None
    done: int  # one-off steps and reviews of this week ticked off
    planned: int  # one-off steps and reviews this week holds


def progress_rows(plan: Plan, tracking: Tracking) -> tuple[ProgressRow, ...]:
    """A row for each week from week 1 to the week the reader is in."""
    rows = []
    for week in range(1, tracking.progress.week + 1):
        report = tracking.checkin(week + 1)
        steps = [s for s in plan.steps if s.kind != "habit" and s.week == week]
        rows.append(ProgressRow(
            week=week,
            applications=report.applications if report else None,
            replies=report.replies if report else None,
            interviews=report.interviews if report else None,
            done=sum(tracking.done_in(s.section) is not None for s in steps),
            # A past week's own record wins: re-planned, it holds only what was done in it.
            planned=max(tracking.planned_in(week) or 0, len(steps)) if week < tracking.progress.week
            else len(steps),
        ))
    return tuple(rows)


def _total(rows: tuple[ProgressRow, ...], name: str) -> int:
    return sum(getattr(row, name) or 0 for row in rows)


def describe_progress(rows: tuple[ProgressRow, ...]) -> str:
    """The picture in a sentence: totals so far (the table has every week's numbers)."""
    reported = sum(1 for row in rows if any(getattr(row, name) is not None for name, _, _ in SERIES))
    weeks = f"{len(rows)} week" + ("s" if len(rows) != 1 else "")
    figures = ", ".join(f"{_total(rows, name)} {_ONE[name] if _total(rows, name) == 1 else words}"
                        for name, words, _ in SERIES)
    return (f"{weeks} so far, {reported} with figures reported: {figures}; "
            f"{_total(rows, 'done')} of {_total(rows, 'planned')} planned steps done.")


def _bars_panel(rows, top: float, column: float) -> list[str]:
    peak = max([getattr(row, name) or 0 for row in rows for name, _, _ in SERIES] + [1])
    bottom = top + PANEL
    out = [f'<text x="{LEFT - 4}" y="{top + 4:.1f}" text-anchor="end">{peak}</text>',
           f'<text x="{LEFT - 4}" y="{bottom + 4:.1f}" text-anchor="end">0</text>',
           f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="currentColor"/>']
    width = column * 0.8 / len(SERIES)
    for row in rows:
        x = LEFT + (row.week - 1) * column + column * 0.1
        for index, (name, _, fill) in enumerate(SERIES):
            value = getattr(row, name) or 0
            if value:
                height = PANEL * value / peak
                out.append(f'<rect x="{x + index * width:.1f}" y="{bottom - height:.1f}" width="{width:.1f}" '
                           f'height="{height:.1f}" fill="{fill}" class="bar-{name}"/>')
    return out


def _steps_panel(rows, top: float, column: float) -> list[str]:
    peak = max([row.planned for row in rows] + [1])
    bottom = top + PANEL
    out = [f'<text x="{LEFT - 4}" y="{top + 4:.1f}" text-anchor="end">{peak}</text>',
           f'<text x="{LEFT - 4}" y="{bottom + 4:.1f}" text-anchor="end">0</text>',
           f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="currentColor"/>']
    for row in rows:
        x = LEFT + (row.week - 1) * column + column * 0.2
        if row.planned:
            height = PANEL * row.planned / peak
            out.append(f'<rect x="{x:.1f}" y="{bottom - height:.1f}" width="{column * 0.6:.1f}" '
                       f'height="{height:.1f}" fill="none" stroke="currentColor" class="planned"/>')
        if row.done:
            height = PANEL * row.done / peak
            out.append(f'<rect x="{x:.1f}" y="{bottom - height:.1f}" width="{column * 0.6:.1f}" '
                       f'height="{height:.1f}" fill="{DONE_FILL}" class="done"/>')
    return out


def _week_labels(y: float, column: float) -> list[str]:
    return [f'<text x="{LEFT + (week - 0.5) * column:.1f}" y="{y:.1f}" text-anchor="middle">{week}</text>'
            for week in range(1, WEEKS + 1)]


def render_progress_svg(rows: tuple[ProgressRow, ...]) -> str:
    """An inline SVG of the weeks so far: the reported figures above, steps done against planned below."""
    column = (WIDTH - LEFT - RIGHT) / WEEKS
    legend_y, first_top = 34, 50
    second_title = first_top + PANEL + 40
    second_top = second_title + 16
    height = second_top + PANEL + 36
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="plangen-progress" '
        f'font-size="{LABEL_SIZE}" fill="currentColor" role="img" '
        'aria-labelledby="plangen-progress-title plangen-progress-desc">',
        '<title id="plangen-progress-title">Your weeks so far: what you sent and heard back, and steps done</title>',
        f'<desc id="plangen-progress-desc">{describe_progress(rows)}</desc>',
        '<text x="2" y="14">Applications, replies and interviews a week</text>',
    ]
    x = 2.0
    for _, words, fill in SERIES:
        out.append(f'<rect x="{x:.1f}" y="{legend_y - 10}" width="10" height="10" fill="{fill}"/>')
        out.append(f'<text x="{x + 14:.1f}" y="{legend_y}">{words}</text>')
        x += 14 + len(words) * 7 + 12  # about 7 units a character at 12 units: room for each word
    out += _bars_panel(rows, first_top, column)
    out += _week_labels(first_top + PANEL + 16, column)
    out.append(f'<text x="2" y="{second_title}">Steps done (filled) of planned (outline)</text>')
    out += _steps_panel(rows, second_top, column)
    out += _week_labels(second_top + PANEL + 16, column)
    out.append(f'<text x="{(LEFT + WIDTH - RIGHT) / 2:.1f}" y="{height - 4}" text-anchor="middle">week</text>')
    out.append("</svg>")
    return "".join(out)


def progress_to_plain(rows: tuple[ProgressRow, ...]) -> dict:
    """The picture and its numbers for the page: the SVG, its sentence and one row a week."""
    return {"svg": render_progress_svg(rows), "summary": describe_progress(rows),
            "rows": [{"week": r.week, "applications": r.applications, "replies": r.replies,
                      "interviews": r.interviews, "done": r.done, "planned": r.planned} for r in rows]}
