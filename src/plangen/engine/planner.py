"""Answers in, plan out: the pure centre of plangen.

`build_plan` does no I/O and reads no clock; the same content and answers give
the same plan, byte for byte, in CPython and in Pyodide.
"""

from __future__ import annotations

from typing import Mapping

from plangen.engine.answers import Answers, validate_answers
from plangen.engine.conditions import evaluate, tests_that_held
from plangen.engine.errors import ContentError
from plangen.engine.model import PHASES, Content, Fact, Plan, Question, Rule, Section, Step, SummaryItem, Test
from plangen.engine.templates import ReaderText, default_url, render_section

MAX_REASONS = 3
DEFAULT_WHY = "Because it is a step almost every search benefits from."


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


def _phrase(test: Test, content: Content, values: Mapping[str, object]) -> list[str]:
    """The reader-facing phrases explaining why ``test`` held."""
    if test.kind == "fact":
        fact = next(f for f in content.facts if f.id == test.name)
        return _fact_phrases(fact, content, values)
    question = content.question(test.name)
    value = values.get(test.name)
    if question.type == "single":
        option = question.option(value)
        return [option.reason] if option else []
    if question.type == "multi":
        chosen = [test.value] if test.op == "contains" else list(value or ())
        return [question.option(choice).reason for choice in chosen if question.option(choice)]
    if question.reason:
        return [question.reason.replace("{value}", str(value)) if question.type == "scale" else question.reason]
    return []


def _fact_phrases(fact: Fact, content: Content, values: Mapping[str, object]) -> list[str]:
    if fact.reason:
        return [fact.reason.replace("{value}", str(values.get(fact.id)))]
    if fact.when is not None:
        return _reasons(fact.when, content, values)
    return _phrase(Test("answer", fact.source, "answered", True), content, values)


def _reasons(condition, content: Content, values: Mapping[str, object]) -> list[str]:
    phrases: list[str] = []
    for test in tests_that_held(condition, values):
        for phrase in _phrase(test, content, values):
            if phrase not in phrases:
                phrases.append(phrase)
    return phrases


def join_phrases(phrases: list[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``."""
    if len(phrases) < 2:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def _why(phrases: list[str], rule: Rule) -> str:
    if phrases:
        return "Because " + join_phrases(phrases[:MAX_REASONS]) + "."
    return rule.why or DEFAULT_WHY


def select_sections(content: Content, values: Mapping[str, object]) -> list[tuple[Rule, Section, list[str]]]:
    """Pick sections for answers+facts ``values``: each at most once, highest
    priority first, groups and plan length capped; returned in plan order."""
    order = {section.id: index for index, section in enumerate(content.sections)}
    fired: list[tuple[int, int, int, Rule, str, list[str]]] = []
    for rule_index, rule in enumerate(content.rules):
        if rule.when is not None and not evaluate(rule.when, values):
            continue
        phrases = _reasons(rule.when, content, values) if rule.when is not None else []
        for include_index, section_id in enumerate(rule.include):
            fired.append((-rule.priority, rule_index, include_index, rule, section_id, phrases))
    fired.sort(key=lambda item: item[:3])
    limits = dict(content.groups)
    # A group counts every section one of its rules selected, even one another
    # rule selected first: the cap is on the theme, not on who got there first.
    members: dict[str, set[str]] = {}
    chosen: dict[str, tuple[Rule, list[str]]] = {}
    for *_, rule, section_id, phrases in fired:
        group = members.setdefault(rule.group, set()) if rule.group is not None else None
        if section_id in chosen:
            merged = chosen[section_id][1]
            merged.extend(p for p in phrases if p not in merged)
            if group is not None:
                group.add(section_id)
            continue
        if group is not None:
            if len(group) >= limits[rule.group]:
                continue
            group.add(section_id)
        chosen[section_id] = (rule, list(phrases))
    # `chosen` is in priority order, so the caps drop the least important
    # steps; per-phase caps keep a long first week from crowding out the rest.
    phase_limits = dict(content.phase_steps)
    per_phase: dict[str, int] = {}
    kept: dict[str, tuple[Rule, list[str]]] = {}
    for section_id, (rule, phrases) in chosen.items():
        phase = rule.phase or content.section(section_id).phase
        if content.max_steps is not None and len(kept) >= content.max_steps:
            break
        if per_phase.get(phase, 0) >= phase_limits.get(phase, len(content.sections)):
            continue
        per_phase[phase] = per_phase.get(phase, 0) + 1
        kept[section_id] = (rule, phrases)
    chosen = kept
    picked = [(rule, content.section(sid), phrases) for sid, (rule, phrases) in chosen.items()]
    picked.sort(key=lambda item: (
        PHASES.index(item[0].phase or item[1].phase), -item[0].priority, order[item[1].id],
    ))
    return picked


def _summary(content: Content, answers: Answers) -> tuple[SummaryItem, ...]:
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


def build_plan(content: Content, raw_answers: Mapping[str, object], link_base: str = "") -> Plan:
    """Assemble the plan for one reader.

    Raises `AnswerError` for answers that do not fit the questions and
    `ContentError` if a template fails (which `plangen check` rules out).
    """
    answers = validate_answers(content, raw_answers)
    facts = compute_facts(content, answers)
    values = {**answers, **facts}
    urls = dict(content.urls)
    steps = []
    for rule, section, phrases in select_sections(content, values):
        texts: list[str] = []
        context = template_context(content, answers, facts, texts)
        try:
            body = render_section(section.template, context, texts, urls, section.guide, link_base)
        except Exception as error:  # noqa: BLE001 - any failure here is the template's, not the reader's
            raise ContentError(f"section '{section.id}' failed to render: {error}",
                               section.where.path, section.where.line) from None
        guide = next(g for g in content.guides if g.path == section.guide)
        steps.append(Step(
            section=section.id,
            title=section.title,
            guide_title=guide.title,
            url=f"{link_base}{urls.get(section.guide) or default_url(section.guide)}#{section.id}",
            phase=rule.phase or section.phase,
            effort=section.effort,
            tags=section.tags,
            why=_why(phrases, rule),
            rule=rule.id,
            body_markdown=body.markdown,
            body_html=body.html,
        ))
    hours = answers.get("hours") if _is_scale(content.question("hours")) else None
    return Plan(summary=_summary(content, answers), steps=tuple(steps), hours=hours)


def _is_scale(question: Question | None) -> bool:
    return question is not None and question.type == "scale"

