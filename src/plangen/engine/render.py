"""Plan -> files a reader keeps: Markdown, standalone HTML and JSON.

Every value that may hold the reader's own words is escaped for the format
it lands in; step bodies arrive already escaped from the engine.
"""

from __future__ import annotations

from plangen.engine.dates import day_text, week_label, week_start
from plangen.engine.model import PHASE_TITLES, PHASE_WEEKS, PHASES, Plan, Step
from plangen.engine.progress_chart import progress_rows, progress_to_plain, render_progress_svg
from plangen.engine.tokens import escape_html, escape_markdown
from plangen.engine.timeline import render_timeline_svg, week_rows
from plangen.engine.tracking import Tracking
from plangen.engine.wording import effort_text, format_effort, targets_text, week_text


def phase_minutes(plan: Plan, phase: str) -> int:
    """The time a phase's weeks ask, habits included (not the total of the steps that start in it)."""
    first, last = PHASE_WEEKS[phase]
    return sum(plan.week_load(week) for week in range(first, last + 1))


def when_text(step: Step, tracking: Tracking) -> str:
    """``"week 3"``, with its dates once the plan has a start: ``"week 3, 14–20 Dec"``;
    a habit or a step over several weeks says the day it begins."""
    if tracking.started is None:
        return week_text(step)
    if step.kind != "habit" and step.weeks == 1:
        return week_label(tracking.started, step.week)
    return f"{week_text(step)}, from {day_text(week_start(tracking.started, step.week))}"


def has_weeks_so_far(tracking: Tracking | None) -> bool:
    """Whether there is anything to draw of the weeks so far: a check-in, or a week behind the reader."""
    return tracking is not None and (bool(tracking.progress.checkins) or tracking.progress.week > 1)


def habit_tally(step: Step, tracking: Tracking) -> list[tuple[int, int, int | None]]:
    """A habit's ``(week, times done, target)`` for each week up to the reader's that it ran or was
    counted in (a re-plan starts habits at the reader's week, so earlier targets may be unknown: None)."""
    targets = {week: count for week, count, _ in step.targets}
    weeks = set(targets) | {w for s, w, _ in tracking.counts if s == step.section}
    return [(week, tracking.count(step.section, week), targets.get(week))
            for week in sorted(weeks) if week <= tracking.progress.week]


def is_done(step: Step, tracking: Tracking) -> bool:
    """Ticked: a one-off step done, or a habit whose target for the reader's week is met."""
    if step.kind == "habit":
        week = tracking.progress.week
        target = next((count for w, count, _ in step.targets if w == week), 0)
        return bool(target) and tracking.count(step.section, week) >= target
    return tracking.done_in(step.section) is not None


def _tally_text(step: Step, tracking: Tracking) -> str:
    tally = habit_tally(step, tracking)
    if not tally:
        return ""
    def of(done: int, target: int | None) -> str:
        return f"{done} of {target}" if target else f"{done}"

    week, done, target = tally[-1]
    if week == tracking.progress.week:
        text, earlier = f"This week (week {week}): {of(done, target)} done.", tally[:-1]
    else:
        text, earlier = "", tally
    if earlier:
        text += " Earlier: " + ", ".join(f"week {w} {of(d, t)}" for w, d, t in earlier) + "."
    return text.strip()


def _step_markdown(step: Step, tracking: Tracking) -> str:
    target = f"  Each week: {targets_text(step)}.\n" if step.targets else ""
    tally = _tally_text(step, tracking) if step.kind == "habit" else ""
    return (
        f"- [{'x' if is_done(step, tracking) else ' '}] **{step.title}** ({when_text(step, tracking)}, "
        f"{effort_text(step)})\n"
        f"{target}"
        + (f"  {tally}\n" if tally else "")
        + f"  *{step.why}* [Read the guide]({step.url})\n"
    )


def render_markdown(plan: Plan, tracking: Tracking | None = None) -> str:
    """The plan as a Markdown checklist grouped by phase, each step's guide text below;
    with ``tracking``, ticks, habit counts and real dates."""
    tracking = tracking or Tracking()
    lines = [f"# {plan.title}", ""]  # the site's own words, not the reader's
    if tracking.started:
        lines += [f"Week 1 began on {day_text(tracking.started, year=True)}; "
                  f"you are in week {tracking.progress.week}.", ""]
    if plan.hours:
        lines += [f"No week of this plan asks for more than {plan.hours} h.", ""]
    if plan.summary:
        lines += ["## Where you are", ""]
        lines += [f"- **{item.label}:** {escape_markdown(item.value)}" for item in plan.summary]
        lines.append("")
    for phase in PHASES:
        steps = plan.phase(phase)
        if not steps:
            continue
        lines += [f"## {PHASE_TITLES[phase]} ({format_effort(phase_minutes(plan, phase))})", ""]
        lines += [_step_markdown(step, tracking) for step in steps]
    if plan.left_out:
        lines += ["## Not in your plan yet", ""]
        lines += [f"- [{item.title}]({item.url}): {item.reason}" for item in plan.left_out]
        lines.append("")
    lines += ["## The steps in full", ""]
    for step in plan.steps:
        lines += [f"### {step.title}", "", step.body_markdown.strip(), ""]
    return "\n".join(lines).rstrip() + "\n"


_PRINT_CSS = """
:root { color-scheme: light; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; }
h2 { border-bottom: 2px solid #00796b; padding-bottom: .2rem; margin-top: 2rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
.step { break-inside: avoid; border-top: 1px solid #ddd; padding: .6rem 0; }
.step h3 { font-size: 1.05rem; margin: 0; } .box { font-size: 1.2rem; margin-right: .4rem; }
.why { font-style: italic; margin: .2rem 0; } .effort { color: #555; font-weight: normal; }
.body { font-size: .95rem; } a { color: #00695c; }
svg { width: 100%; height: auto; } svg .bar { fill: #00897b; } svg .bar.over { fill: #e65100; }
svg .axis { stroke: #555; } svg .hours { stroke: #e65100; stroke-dasharray: 6 4; stroke-width: 2; }
svg { max-width: 30rem; } svg text { font: 12px system-ui, sans-serif; fill: #1b1b1b; }
table.weeks { border-collapse: collapse; margin: 1rem 0; } .weeks th, .weeks td { text-align: left; padding: .15rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } .body { font-size: .9rem; }
  h2 { break-after: avoid; } }
"""


def render_html(plan: Plan, timeline_svg: str | None = None, tracking: Tracking | None = None) -> str:
    """A standalone, printable HTML page of the plan (its own CSS, no scripts); with
    ``tracking``, ticks, habit counts, real dates and the picture of the weeks so far."""
    shown_progress = has_weeks_so_far(tracking)
    tracking = tracking or Tracking()
    out = [
        "<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape_html(plan.title)}</title>", f"<style>{_PRINT_CSS}</style>", "</head>", "<body>",
        f"<h1>{escape_html(plan.title)}</h1>",
    ]
    if plan.summary:
        out.append("<h2>Where you are</h2><dl>")
        out += [f"<dt>{escape_html(i.label)}</dt><dd>{escape_html(i.value)}</dd>" for i in plan.summary]
        out.append("</dl>")
    out.append(timeline_svg if timeline_svg is not None else render_timeline_svg(plan))
    out.append(_week_table_html(plan))
    if shown_progress:
        rows = progress_rows(plan, tracking)
        out += ["<h2>Your weeks so far</h2>", render_progress_svg(rows), progress_table_html(rows)]
    for phase in PHASES:
        steps = plan.phase(phase)
        if not steps:
            continue
        total = format_effort(phase_minutes(plan, phase))
        out.append(f"<h2>{PHASE_TITLES[phase]} <span class=\"effort\">({total})</span></h2>")
        for step in steps:
            out.append(
                f'<section class="step" id="{escape_html(step.section)}">'
                f'<h3><span class="box" aria-hidden="true">{"☑" if is_done(step, tracking) else "☐"}</span>'
                f'{escape_html(step.title)} '
                f'<span class="effort">({when_text(step, tracking)}, {effort_text(step)})</span></h3>'
                + (f'<p class="target">Each week: {escape_html(targets_text(step))}.</p>' if step.targets else "")
                + (f'<p class="tally">{_tally_text(step, tracking)}</p>' if step.kind == "habit"
                   and habit_tally(step, tracking) else "")
                + f'<p class="why">{escape_html(step.why)}</p>'
                f'<div class="body">{step.body_html}</div>'
                f'<p><a href="{escape_html(step.url)}">Read “{escape_html(step.title)}” in '
                f'{escape_html(step.guide_title)}</a></p></section>'
            )
    if plan.left_out:
        out.append("<h2>Not in your plan yet</h2><ul>")
        out += [f'<li><a href="{escape_html(item.url)}">{escape_html(item.title)}</a>: {escape_html(item.reason)}</li>'
                for item in plan.left_out]
        out.append("</ul>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _week_table_html(plan: Plan) -> str:
    """The picture's numbers as a table: its text alternative, and what a printout keeps."""
    titles = {step.section: step.title for step in plan.steps}
    rows = "".join(
        f"<tr><th scope=\"row\">{row.week}</th><td>{format_effort(row.minutes) if row.minutes else '–'}</td>"
        f"<td>{escape_html(', '.join(titles[s] for s in row.steps)) or '–'}</td></tr>"
        for row in week_rows(plan))
    return ('<table class="weeks"><caption>Time each week asks</caption><thead><tr><th scope="col">Week</th>'
            f'<th scope="col">Time</th><th scope="col">Steps</th></tr></thead><tbody>{rows}</tbody></table>')


def progress_table_html(rows) -> str:
    """The progress picture's numbers as a table: its text alternative, and what a printout keeps."""
    def cell(value):
        return "–" if value is None else str(value)

    body = "".join(
        f"<tr><th scope=\"row\">{r.week}</th><td>{cell(r.applications)}</td><td>{cell(r.replies)}</td>"
        f"<td>{cell(r.interviews)}</td><td>{r.done} of {r.planned}</td></tr>" for r in rows)
    return ('<table class="weeks progress"><caption>Your weeks so far</caption><thead><tr>'
            '<th scope="col">Week</th><th scope="col">Applications</th><th scope="col">Replies</th>'
            f'<th scope="col">Interviews</th><th scope="col">Steps done</th></tr></thead><tbody>{body}</tbody></table>')


def _step_plain(s: Step) -> dict:
    return {"section": s.section, "title": s.title, "guide_title": s.guide_title, "url": s.url,
            "phase": s.phase, "week": s.week, "weeks": s.weeks, "week_text": week_text(s),
            "effort": s.effort, "effort_text": effort_text(s), "tags": list(s.tags), "kind": s.kind,
            "targets": [{"week": w, "count": c, "text": t} for w, c, t in s.targets],
            "targets_text": targets_text(s),
            "needs": list(s.needs), "why": s.why, "rule": s.rule, "body_html": s.body_html}


def plan_to_plain(plan: Plan, tracking: Tracking | None = None) -> dict:
    """The plan as JSON-ready data (for the page, `plangen plan --format json` and the `.json` download);
    with ``tracking`` that has a start date, each week's dates and the picture of the weeks so far."""
    started = tracking.started if tracking else None
    return {
        "title": plan.title, "file_name": plan.file_name, "calendar_name": plan.calendar_name,
        "summary": [{"question": i.question, "label": i.label, "value": i.value} for i in plan.summary],
        "hours": plan.hours,
        "started": started.isoformat() if started else None,
        "weeks": [{"week": row.week, "minutes": row.minutes, "effort_text": format_effort(row.minutes),
                   "label": week_label(started, row.week), "steps": list(row.steps)} for row in week_rows(plan)],
        "progress": progress_to_plain(progress_rows(plan, tracking)) if has_weeks_so_far(tracking) else None,
        "steps": [_step_plain(s) for s in plan.steps],
        "left_out": [{"section": i.section, "title": i.title, "url": i.url, "reason": i.reason}
                     for i in plan.left_out],
        "timeline_svg": render_timeline_svg(plan),
        "phases": [
            {"id": phase, "title": PHASE_TITLES[phase],
             "effort_text": format_effort(phase_minutes(plan, phase)),
             "steps": [_step_plain(s) for s in plan.phase(phase)]}
            for phase in PHASES
        ],
    }
