"""Plan -> files a reader keeps: Markdown and JSON.

Every value that may hold the reader's own words is escaped for the format
it lands in; step bodies arrive already escaped from the engine.
"""

from __future__ import annotations

from .model import PHASE_TITLES, PHASES, Plan, Step
from .templates import escape_markdown


def format_effort(minutes: int) -> str:
    """``90`` -> ``"1 h 30 min"``."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def _step_markdown(step: Step) -> str:
    return (
        f"- [ ] **{step.title}** ({format_effort(step.effort)})\n"
        f"  *{step.why}* [Read the guide]({step.url})\n"
    )


def render_markdown(plan: Plan, title: str = "Your career action plan") -> str:
    """The plan as a Markdown checklist grouped by phase, each step's guide text below."""
    lines = [f"# {title}", ""]
    if plan.summary:
        lines += ["## Where you are", ""]
        lines += [f"- **{item.label}:** {escape_markdown(item.value)}" for item in plan.summary]
        lines.append("")
    for phase in PHASES:
        steps = plan.phase(phase)
        if not steps:
            continue
        total = sum(step.effort for step in steps)
        lines += [f"## {PHASE_TITLES[phase]} ({format_effort(total)})", ""]
        lines += [_step_markdown(step) for step in steps]
    lines += ["## The steps in full", ""]
    for step in plan.steps:
        lines += [f"### {step.title}", "", step.body_markdown.strip(), ""]
    return "\n".join(lines).rstrip() + "\n"


def plan_to_plain(plan: Plan) -> dict:
    """The plan as JSON-ready data (for the page and the `.json` download)."""
    return {
        "summary": [{"question": i.question, "label": i.label, "value": i.value} for i in plan.summary],
        "hours": plan.hours,
        "phases": [
            {"id": phase, "title": PHASE_TITLES[phase], "steps": [
                {"section": s.section, "title": s.title, "guide_title": s.guide_title, "url": s.url,
                 "effort": s.effort, "effort_text": format_effort(s.effort), "tags": list(s.tags),
                 "why": s.why, "rule": s.rule, "body_html": s.body_html}
                for s in plan.phase(phase)
            ]}
            for phase in PHASES
        ],
    }
