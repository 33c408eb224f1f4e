"""Generate answer sets a reader could really give (for checks and tests).

Walks the questions in order, so branching is respected: a question is only
answered when earlier answers show it.
"""

from __future__ import annotations

import random
from typing import Iterator

from plangen.engine.conditions import evaluate
from plangen.engine.model import Content, Question

_WORDS = ("data analyst", "nurse", "UX designer", "teacher", "project manager", "welder", "café <b>owner</b>")


def _value(question: Question, rng: random.Random) -> object:
    if question.type == "single":
        return rng.choice(question.options).id
    if question.type == "multi":
        low = question.min or 1
        high = min(question.max or len(question.options), len(question.options))
        picked = rng.sample([o.id for o in question.options], rng.randint(low, high))
        return sorted(picked, key=[o.id for o in question.options].index)
    if question.type == "scale":
        return rng.randint(question.min, question.max)
    return rng.choice(_WORDS)[: question.max_length]


def random_answers(content: Content, rng: random.Random, skip_optional: float = 0.2) -> dict[str, object]:
    """One valid, complete answer set; optional questions are skipped sometimes."""
    answers: dict[str, object] = {}
    for question in content.questions:
        if question.show_if is not None and not evaluate(question.show_if, answers):
            continue
        if not question.required and rng.random() < skip_optional:
            continue
        answers[question.id] = _value(question, rng)
    return answers


def answer_sets(content: Content, count: int, seed: int = 0) -> Iterator[dict[str, object]]:
    """``count`` answer sets from a fixed seed: the same sets every run."""
    rng = random.Random(seed)
    for _ in range(count):
        yield random_answers(content, rng)
