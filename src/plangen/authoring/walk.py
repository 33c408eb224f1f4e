"""Walk the answer space and report what readers can actually reach.

Validation in `plangen.authoring.loader` proves the content is well formed; this
proves it is useful: every section can reach some plan, every rule can fire,
every question can be shown, and no reader gets an empty or bloated plan.
"""

from __future__ import annotations

import itertools
import random
import statistics
import time
from dataclasses import dataclass, field
from typing import Iterator

from plangen.engine.answers import visible_questions
from plangen.engine.planner import build_plan, compute_facts, select_sections
from plangen.engine.conditions import evaluate
from plangen.engine.model import Content, Question
from plangen.authoring.sampling import random_answers

SAMPLES = 20_000
RENDERED = 300  # answer sets also rendered in full, to catch template failures


@dataclass
class Coverage:
    walked: int = 0
    exhaustive: bool = False
    seconds: float = 0.0
    sections_reached: set[str] = field(default_factory=set)
    rules_fired: set[str] = field(default_factory=set)
    questions_shown: set[str] = field(default_factory=set)
    sizes: list[int] = field(default_factory=list)
    smallest: dict | None = None
    largest: dict | None = None
    problems: list[str] = field(default_factory=list)


def _choices(question: Question) -> list[object]:
    """Every answer a question can take, 'unanswered' included when optional."""
    if question.type == "single":
        values: list[object] = [o.id for o in question.options]
    elif question.type == "multi":
        ids = [o.id for o in question.options]
        low, high = question.min or 1, question.max or len(ids)
        values = [list(c) for n in range(low, high + 1) for c in itertools.combinations(ids, n)]
    elif question.type == "scale":
        values = list(range(question.min, question.max + 1))
    else:
        values = ["words"]
    return values if question.required else [None, *values]


def space_size(content: Content) -> int:
    """An upper bound on distinct answer sets (ignores branching)."""
    size = 1
    for question in content.questions:
        size *= len(_choices(question))
    return size


def _exhaustive(content: Content) -> Iterator[dict[str, object]]:
    def walk(index: int, answers: dict[str, object]) -> Iterator[dict[str, object]]:
        if index == len(content.questions):
            yield dict(answers)
            return
        question = content.questions[index]
        if question.show_if is not None and not evaluate(question.show_if, answers):
            yield from walk(index + 1, answers)
            return
        for value in _choices(question):
            if value is not None:
                answers[question.id] = value
            yield from walk(index + 1, answers)
            answers.pop(question.id, None)

    yield from walk(0, {})


def walk(content: Content, samples: int = SAMPLES, seed: int = 0) -> Coverage:
    """Walk every answer set when there are at most ``samples``, else sample that many."""
    coverage = Coverage(exhaustive=space_size(content) <= samples)
    rng = random.Random(seed)
    sets = _exhaustive(content) if coverage.exhaustive else (random_answers(content, rng) for _ in range(samples))
    started = time.perf_counter()
    for answers in sets:
        coverage.walked += 1
        coverage.questions_shown.update(q.id for q in visible_questions(content, answers))
        values = {**answers, **compute_facts(content, answers)}
        picked = select_sections(content, values)
        for rule in content.rules:
            if rule.when is None or evaluate(rule.when, values):
                coverage.rules_fired.add(rule.id)
        coverage.sections_reached.update(section.id for _, section, _ in picked)
        size = len(picked)
        coverage.sizes.append(size)
        if coverage.smallest is None or size < len(coverage.smallest["steps"]):
            coverage.smallest = {"answers": answers, "steps": [s.id for _, s, _ in picked]}
        if coverage.largest is None or size > len(coverage.largest["steps"]):
            coverage.largest = {"answers": answers, "steps": [s.id for _, s, _ in picked]}
        if coverage.walked <= RENDERED:
            build_plan(content, answers)  # raises on any template failure
    coverage.seconds = time.perf_counter() - started
    _find_problems(content, coverage)
    return coverage


def _find_problems(content: Content, coverage: Coverage) -> None:
    for section in content.sections:
        if section.id not in coverage.sections_reached:
            included = any(section.id in rule.include for rule in content.rules)
            why = "no rule can select it" if included else "no rule includes it"
            coverage.problems.append(f"{section.where.path}:{section.where.line}: section '{section.id}' "
                                     f"never reaches a plan ({why})")
    for rule in content.rules:
        if rule.id not in coverage.rules_fired:
            coverage.problems.append(f"{rule.where.path}:{rule.where.line}: rule '{rule.id}' never fires")
    for question in content.questions:
        if question.id not in coverage.questions_shown:
            coverage.problems.append(f"{question.where.path}:{question.where.line}: question '{question.id}' "
                                     "is never shown (its show_if never holds)")
    if coverage.sizes and min(coverage.sizes) < content.min_steps:
        coverage.problems.append(f"some answers give a plan of {min(coverage.sizes)} steps, fewer than "
                                 f"min_steps {content.min_steps}: {coverage.smallest['answers']}")


def report(content: Content, coverage: Coverage) -> list[str]:
    """Human-readable coverage lines."""
    def share(part: int, whole: int) -> str:
        return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"

    how = "every answer set" if coverage.exhaustive else "sampled answer sets"
    return [
        f"content: {len(content.questions)} questions, {len(content.facts)} facts, {len(content.rules)} rules, "
        f"{len(content.sections)} sections in {len(content.guides)} guides",
        f"walked {coverage.walked:,} {how} in {coverage.seconds:.1f} s",
        f"sections reachable: {share(len(coverage.sections_reached), len(content.sections))}",
        f"rules fired: {share(len(coverage.rules_fired), len(content.rules))}",
        f"questions shown: {share(len(coverage.questions_shown), len(content.questions))}",
        f"plan size: smallest {min(coverage.sizes)}, median {statistics.median(coverage.sizes):g}, "
        f"largest {max(coverage.sizes)} steps" if coverage.sizes else "plan size: no plans",
    ]
