"""Cross-references: every name a question, fact or rule uses exists and fits."""

from __future__ import annotations

from plangen.authoring.shapes import ErrorList, suggest
from plangen.engine.conditions import OPERATORS, names_in
from plangen.engine.model import Condition, Content, Fact, Question
from plangen.engine.schedule import PROGRESS_FACTS


def check_tests(condition: Condition, where: str, line: int | None, questions: dict[str, Question],
                 facts: dict[str, Fact], errors: ErrorList, allowed_questions: list[str] | None = None) -> None:
    for test in names_in(condition):
        tline = test.where.line or line
        if test.kind == "fact":
            if allowed_questions is not None:
                errors.add(f"show_if can only test earlier answers, not fact '{test.name}'", where, tline,
                           "facts are worked out after the quiz; test the answers they come from")
            elif test.name not in facts and test.name not in PROGRESS_FACTS:
                errors.add(f"unknown fact '{test.name}'", where, tline, suggest(test.name, [*facts, *PROGRESS_FACTS]))
            elif test.op in ("contains", "answered"):
                errors.add(f"'{test.op}' does not apply to a fact", where, tline, "use equals, in, gte, lte, between or is")
            continue
        question = questions.get(test.name)
        if question is None or (allowed_questions is not None and test.name not in allowed_questions):
            if question is not None:
                errors.add(f"show_if refers to '{test.name}', which is not asked before this question",
                           where, tline, "a question can only depend on earlier answers")
            else:
                errors.add(f"unknown question '{test.name}'", where, tline,
                           suggest(test.name, allowed_questions if allowed_questions is not None else questions))
            continue
        if question.type not in OPERATORS[test.op][1]:
            errors.add(f"'{test.op}' does not apply to {question.type} question '{question.id}'", where, tline,
                       "use " + ", ".join(op for op, (_, types) in OPERATORS.items() if question.type in types))
            continue
        option_ids = [o.id for o in question.options]
        operands = test.value if test.op == "in" else (test.value,)
        if question.type in ("single", "multi") and test.op in ("equals", "in", "contains"):
            for operand in operands:
                if operand not in option_ids:
                    errors.add(f"question '{question.id}' has no option '{operand}'", where, tline,
                               suggest(operand, option_ids))
        if question.type == "scale" and test.op in ("equals", "in", "gte", "lte", "between"):
            values = test.value if test.op in ("in", "between") else (test.value,)
            for value in values:
                if not isinstance(value, int) or isinstance(value, bool):
                    errors.add(f"'{question.id}' is a scale question: compare it with whole numbers, not '{value}'",
                               where, tline)
                elif question.min is not None and not question.min <= value <= question.max:
                    errors.add(f"{value} is outside the scale of '{question.id}' ({question.min} to {question.max})",
                               where, tline)


def sort_facts(facts: list[Fact], errors: ErrorList) -> list[Fact]:
    """Order facts so each comes after the facts it uses; report cycles."""
    by_id = {fact.id: fact for fact in facts}
    uses = {fact.id: [t.name for t in names_in(fact.when) if t.kind == "fact" and t.name in by_id]
            if fact.when is not None else [] for fact in facts}
    ordered: list[Fact] = []
    state: dict[str, str] = {}

    def visit(fid: str, trail: list[str]) -> None:
        if state.get(fid) == "done":
            return
        if state.get(fid) == "visiting":
            cycle = trail[trail.index(fid):] + [fid]
            fact = by_id[fid]
            errors.add("facts depend on each other in a cycle: " + " -> ".join(cycle), fact.where.path, fact.where.line)
            return
        state[fid] = "visiting"
        for used in uses[fid]:
            visit(used, trail + [fid])
        state[fid] = "done"
        ordered.append(by_id[fid])

    for fact in facts:
        visit(fact.id, [])
    return ordered


def check_references(content: Content, errors: ErrorList) -> None:
    questions = {q.id: q for q in content.questions}
    facts = {f.id: f for f in content.facts}
    for question_id in questions:
        if question_id in facts:
            fact = facts[question_id]
            errors.add(f"fact '{question_id}' has the same id as a question", fact.where.path, fact.where.line)
    earlier: list[str] = []  # a list, so hints name questions in the order asked
    for question in content.questions:
        if question.show_if is not None:
            check_tests(question.show_if, question.where.path, question.where.line, questions, {}, errors, earlier)
        earlier.append(question.id)
    for fact in content.facts:
        if fact.when is not None:
            check_tests(fact.when, fact.where.path, fact.where.line, questions, facts, errors)
        else:
            source = questions.get(fact.source)
            if source is None:
                errors.add(f"lookup fact '{fact.id}' needs 'from' naming a single-choice question",
                           fact.where.path, fact.where.line, suggest(fact.source, questions))
            elif source.type != "single":
                errors.add(f"lookup fact '{fact.id}' needs 'from' naming a single-choice question; "
                           f"'{source.id}' is a {source.type} question", fact.where.path, fact.where.line)
            else:
                for key, _ in fact.table:
                    if source.option(key) is None:
                        errors.add(f"question '{source.id}' has no option '{key}'", fact.where.path, fact.where.line,
                                   suggest(key, [o.id for o in source.options]))
    sections = {s.id for s in content.sections}
    for rule in content.rules:
        if rule.when is not None:
            check_tests(rule.when, rule.where.path, rule.where.line, questions, facts, errors)
        for index, section_id in enumerate(rule.include):
            if section_id not in sections:
                where = rule.include_where[index] if index < len(rule.include_where) else rule.where
                errors.add(f"rule '{rule.id}' includes unknown section '{section_id}'", where.path,
                           where.line, suggest(section_id, sections))
    _check_needs(content, errors)
    _check_plan_settings(content, questions, errors)


def _check_needs(content: Content, errors: ErrorList) -> None:
    """Every `needs` names a section, and no section needs itself, however indirectly."""
    by_id = {section.id: section for section in content.sections}
    for section in content.sections:
        for need in section.needs:
            if need not in by_id:
                errors.add(f"section '{section.id}' needs unknown section '{need}'", section.meta_where.path,
                           section.meta_where.line, suggest(need, by_id))
        for before in section.after:
            if before not in by_id:
                errors.add(f"section '{section.id}' comes after unknown section '{before}'", section.meta_where.path,
                           section.meta_where.line, suggest(before, by_id))
            elif before == section.id or before in section.needs:
                errors.add(f"section '{section.id}' lists '{before}' under 'after'" +
                           (" and 'needs'" if before in section.needs else ", which is itself"),
                           section.meta_where.path, section.meta_where.line, "keep it in one place")
    state: dict[str, str] = {}
    reported: set[frozenset[str]] = set()

    def visit(sid: str, trail: list[str]) -> None:
        if state.get(sid) == "done" or sid not in by_id:
            return
        if state.get(sid) == "visiting":
            cycle = trail[trail.index(sid):] + [sid]
            if frozenset(cycle) not in reported:
                reported.add(frozenset(cycle))
                section = by_id[sid]
                errors.add("sections need or follow each other in a cycle: " + " -> ".join(cycle),
                           section.meta_where.path, section.meta_where.line,
                           "a step can only need or follow steps that do not need or follow it back")
            return
        state[sid] = "visiting"
        for need in (*by_id[sid].needs, *by_id[sid].after):
            visit(need, trail + [sid])
        state[sid] = "done"

    for section in content.sections:
        visit(section.id, [])


def _check_plan_settings(content: Content, questions: dict[str, Question], errors: ErrorList) -> None:
    settings = content.plan
    if settings.hours_question is not None:
        question = questions.get(settings.hours_question)
        if question is None or question.type != "scale":
            scales = [q.id for q in content.questions if q.type == "scale"]
            errors.add(f"'hours_question' must name a scale question, not '{settings.hours_question}'",
                       settings.where.path, settings.where.line, suggest(settings.hours_question, scales))
    tags = {tag for section in content.sections for tag in section.tags}
    facts = {f.id: f for f in content.facts}
    for rule in settings.share_when:
        check_tests(rule.when, rule.where.path, rule.where.line, questions, facts, errors)
    for requirement in settings.require:
        if requirement.when is not None:
            check_tests(requirement.when, requirement.where.path, requirement.where.line, questions, facts, errors)
        for tag in requirement.tags:
            if tag not in tags:
                errors.add(f"no section has the required tag '{tag}'", requirement.where.path,
                           requirement.where.line, suggest(tag, tags))
