"""Personalised guide text reads right: paragraphs and lists survive every
branch, numbers agree with their nouns, and the role slot reads as a role or
a field alike."""

import random
import re

import pytest

from plangen.authoring.sampling import random_answers
from plangen.engine.planner import build_plan
from plangen.engine.tokens import plural

from personas import PERSONAS

# A list item, a "Done when" line or a heading glued onto the previous line.
GLUED = [
    (re.compile(r"[.!?:)][ \t]*\d+\. \*\*"), "a numbered step glued to the sentence before it"),
    (re.compile(r"\S[^\n]*\n\*\*Done when"), "a 'Done when' line glued to the paragraph before it"),
    (re.compile(r"[a-z.!?]\*\*Done when"), "a 'Done when' line glued into a sentence"),
]
BAD_WORDS = [
    (re.compile(r"\b1 hours\b"), "'1 hours'"),
    (re.compile(r"\bin \u2068?(data analyst|payroll specialist|engineering manager)"), "a role read as a field"),
    # Reader words are isolated only when they hold right-to-left text, so name the roles the walk types.
    (re.compile(r"years into \u2068?(data analyst|nursing|payroll specialist|engineering manager)"),
     "a role read as a place"),
    (re.compile(r"your target role (jobs|work|roles|postings)"), "the neutral words read twice"),
]
ROLES = ["data analyst", "nursing", ""]


def _readers(content, count=60):
    rng = random.Random(7)
    readers = list(PERSONAS.values())
    for index in range(count):
        answers = random_answers(content, rng)
        answers["role"] = ROLES[index % len(ROLES)]
        answers["background"] = "retail management"
        answers["hours"] = 2 if index % 5 == 0 else answers.get("hours", 5)
        readers.append(answers)
    return readers


def _problems(markdown: str) -> list[str]:
    found = [label for pattern, label in GLUED + BAD_WORDS if pattern.search(markdown)]
    return found


def test_no_step_text_is_glued_or_misworded_for_personas_and_sampled_readers(content):
    problems = []
    for answers in _readers(content):
        for step in build_plan(content, answers).steps:
            for label in _problems(step.body_markdown):
                problems.append(f"{step.section} ({answers.get('role')!r}, {answers.get('hours')} h): {label}")
    assert problems == []


@pytest.mark.parametrize("text, label", [
    ("You miss.3. **Tick them off**", "a numbered step glued to the sentence before it"),
    ("The last sentence.\n**Done when:** done.", "a 'Done when' line glued to the paragraph before it"),
    ("You have about 1 hours a week.", "'1 hours'"),
    ("people in \u2068data analyst\u2069", "a role read as a field"),
    ("ten years into nursing", "a role read as a place"),
])
def test_the_text_check_catches_each_fault(text, label):
    assert label in _problems(text)


def test_plural_agrees_with_the_number():
    assert [plural(1, "hour"), plural(3, "hour"), plural(2, "person", "people")] == ["1 hour", "3 hours", "2 people"]
