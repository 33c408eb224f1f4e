"""Answers in, plan out: the pure centre of plangen.

`build_plan` checks the answers once, works out the facts, schedules the
steps (`plangen.engine.schedule`) and renders each step's guide text for
this reader. It does no I/O and reads no clock; the same content and answers
give the same plan, byte for byte, in CPython and in Pyodide.
"""

from __future__ import annotations

from typing import Mapping

from plangen.engine.answers import Checked, check_answers
from plangen.engine.conditions import evaluate
from plangen.engine.errors import ContentError
from plangen.engine.model import Content, LeftOut, Plan, Section, Step, SummaryItem, phase_of_week
from plangen.engine.schedule import Placed, Progress, progress_facts, schedule, why
from plangen.engine.program import render_compiled
from plangen.engine.tokens import ReaderText, Rendered, default_url


def compute_facts(content: Content, answers: Mapping[str, object]) -> dict[str, object]:
    """Evaluate derived facts in dependency order (content keeps them sorted)."""
    values: dict[str, object] = dict(answers)
    facts: dict[str, object] = {}
    for fact in content.facts:
        if fact.when is not None:
            value: object = evaluate(fact.when, values)
        else:
            value = dict(fact.table).get(answers.get(fact.source), fact.default)
        facts[fact.id] = value
        values[fact.id] = value
    return facts


def template_context(content: Content, answers: Mapping[str, object], facts: Mapping[str, object],
                     texts: list[str] | None) -> dict[str, object]:
    """The variables a section template sees (documented in the README).

    With ``texts`` (a plan), typed answers become `ReaderText` tokens and the
    words are appended to ``texts``; without it (a public page), typed answers
    are left out and every text question shows its neutral words.
    """
    values: dict[str, object] = {}
    for question in content.questions:
        value = answers.get(question.id)
        if question.type == "text":
            if texts is not None and value:
                values[question.id] = ReaderText(len(texts), value)
                texts.append(value)
            else:
                values[question.id] = question.neutral
        elif question.type == "multi":
            values[question.id] = list(value or ())
        else:
            values[question.id] = value
    return {"answers": values, "facts": dict(facts)}


def neutral_context(content: Content) -> dict[str, object]:
    """The context public guide pages render with: nothing answered."""
    return template_context(content, {}, compute_facts(content, {}), None)


def _summary(content: Content, answers: Mapping[str, object]) -> tuple[SummaryItem, ...]:
    items = []
    for question in content.questions:
        if not question.summary or question.id not in answers:
            continue
        value = answers[question.id]
        if question.type == "single":
            shown = question.option(value).label
        elif question.type == "multi":
            shown = ", ".join(question.option(choice).label for choice in value)
        else:
            shown = str(value)
        items.append(SummaryItem(question=question.id, label=question.summary, value=shown))
    return tuple(items)


def _url(content: Content, urls: Mapping[str, str], guide: str, section_id: str, link_base: str) -> str:
    return f"{link_base}{urls.get(guide) or default_url(guide)}#{section_id}"


def _render(section: Section, context: dict[str, object], texts: list[str], urls: Mapping[str, str],
            link_base: str) -> Rendered:
    """A step's body for this reader: from its program compiled at build time, or (a template the
    program format cannot hold) with Jinja2 and Markdown, imported only then: they are slow to import."""
    if section.compiled is not None:
        return render_compiled(section.compiled, context, section.guide, urls, link_base)
    from plangen.engine.templates import render_section

    return render_section(section.template, context, texts, urls, section.guide, link_base)


def habit_targets(placed: Placed) -> tuple[tuple[int, int, str], ...]:
    """A habit's target for each week it runs: ``(week, count, "send 3 tailored applications")``."""
    habit = placed.section.habit
    if habit is None:
        return ()
    return tuple((week, count, habit.target_one if count == 1 else habit.target.replace("{count}", str(count)))
                 for week, count in placed.counts)


def build_plan(content: Content, answers: Mapping[str, object], link_base: str = "",
               progress: Progress | None = None) -> Plan:
    """Assemble the plan for one reader.

    ``answers`` are checked here unless they already are (`Checked`, from
    `check_answers`), so a request checks them exactly once. Raises
    `AnswerError` for answers that do not fit the questions and
    `ContentError` if a template fails (which `plangen check` rules out).
    With ``progress``, the plan is re-planned from ``progress.week``: steps
    done stay where they were done, and the weeks to come are re-paced.
    """
    checked = answers if isinstance(answers, Checked) else check_answers(content, answers)
    facts = compute_facts(content, checked)
    planned = schedule(content, {**checked, **facts, **progress_facts(progress)}, progress)
    urls = dict(content.urls)
    guides = {guide.path: guide for guide in content.guides}
    steps = []
    # One context for every step: the reader's words are tokens into `texts`.
    texts: list[str] = []
    context = template_context(content, checked, facts, texts)
    for placed in planned.steps:
        section = placed.section
        try:
            body = _render(section, context, texts, urls, link_base)
        except Exception as error:  # noqa: BLE001 - any failure here is the template's, not the reader's
            raise ContentError(f"section '{section.id}' failed to render: {error}",
                               section.where.path, section.where.line) from None
        steps.append(Step(
            section=section.id,
            title=section.title,
            guide_title=guides[section.guide].title,
            url=_url(content, urls, section.guide, section.id, link_base),
            phase=phase_of_week(placed.week),
            effort=sum(minutes for _, minutes in placed.load),
            tags=section.tags,
            why=why(placed),
            rule=placed.rule.id,
            body_markdown=body.markdown,
            body_html=body.html,
            week=placed.week,
            weeks=placed.last_week - placed.week + 1,  # the span: a habit may skip a full week inside it
            load=placed.load,
            needs=section.needs,
            kind=placed.kind,
            targets=habit_targets(placed),
        ))
    left_out = tuple(
        LeftOut(section=item.section.id, title=item.section.title, reason=item.reason,
                url=_url(content, urls, item.section.guide, item.section.id, link_base))
        for item in planned.left_out
    )
    settings = content.plan
    return Plan(
        summary=_summary(content, checked), steps=tuple(steps), hours=planned.hours, left_out=left_out,
        title=settings.title, file_name=settings.file_name, calendar_name=settings.calendar_name,
    )
