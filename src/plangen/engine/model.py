"""Frozen data the engine works on: content in, plan out.

Nothing here does I/O or imports a framework, so the same objects exist in
CPython at build time and in Pyodide in the reader's browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

PHASES: tuple[str, ...] = ("week", "month", "quarter")
PHASE_TITLES: dict[str, str] = {
    "week": "This week",
    "month": "Next 30 days",
    "quarter": "Next 90 days",
}
QUESTION_TYPES: tuple[str, ...] = ("single", "multi", "scale", "text")

# An answer is an option id (single), option ids (multi), an int (scale) or text.
AnswerValue = Union[str, int, tuple[str, ...]]


@dataclass(frozen=True)
class Where:
    """A place in the content sources, for error messages."""

    path: str
    line: int | None = None


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    reason: str  # phrase for "why": "you were laid off recently"
    where: Where = field(default=Where(""), compare=False)


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    help: str = ""
    required: bool = False
    options: tuple[Option, ...] = ()
    show_if: Condition | None = None
    min: int | None = None  # scale bounds, or min picks for multi
    max: int | None = None  # scale bounds, or max picks for multi
    min_label: str = ""
    max_label: str = ""
    max_length: int = 80
    neutral: str = ""  # text questions: the words used when nothing was typed
    reason: str = ""  # scale: "you have {value} hours a week"; text: "you named a target role"
    summary: str = ""  # short label in the plan's profile summary
    where: Where = field(default=Where(""), compare=False)

    def option(self, option_id: str) -> Option | None:
        for option in self.options:
            if option.id == option_id:
                return option
        return None


@dataclass(frozen=True)
class Test:
    """A leaf condition: ``subject`` (a question or fact) ``op`` ``value``."""

    kind: str  # "answer" or "fact"
    name: str
    op: str
    value: object = None
    where: Where = field(default=Where(""), compare=False)


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Any:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Union[Test, All, Any, Not]


@dataclass(frozen=True)
class Fact:
    """A value derived from answers: a condition (boolean) or a lookup table."""

    id: str
    when: Condition | None = None
    source: str | None = None  # lookup: the question whose answer is looked up
    table: tuple[tuple[str, object], ...] = ()
    default: object = None
    reason: str = ""
    where: Where = field(default=Where(""), compare=False)


@dataclass(frozen=True)
class Rule:
    id: str
    include: tuple[str, ...]
    when: Condition | None = None
    priority: int = 0
    phase: str | None = None
    group: str | None = None
    why: str = ""
    where: Where = field(default=Where(""), compare=False)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    guide: str  # docs-relative path of the guide, e.g. "guides/community.md"
    phase: str
    effort: int  # minutes
    tags: tuple[str, ...]
    template: str  # Markdown + Jinja2 source of the body
    where: Where = field(default=Where(""), compare=False)


@dataclass(frozen=True)
class Guide:
    path: str  # docs-relative, e.g. "guides/community.md"
    title: str
    description: str
    theme: str
    intro: str
    sections: tuple[str, ...]  # section ids in page order


@dataclass(frozen=True)
class Content:
    questions: tuple[Question, ...]
    facts: tuple[Fact, ...]
    rules: tuple[Rule, ...]
    groups: tuple[tuple[str, int], ...]  # group id -> at most N steps
    sections: tuple[Section, ...]
    guides: tuple[Guide, ...]
    urls: tuple[tuple[str, str], ...] = ()  # docs path -> site-relative URL
    max_steps: int | None = None  # a plan keeps its highest-priority steps up to this many
    min_steps: int = 1  # `plangen check --strict` fails on plans shorter than this
    phase_steps: tuple[tuple[str, int], ...] = ()  # phase -> at most this many steps

    def question(self, question_id: str) -> Question | None:
        for question in self.questions:
            if question.id == question_id:
                return question
        return None

    def section(self, section_id: str) -> Section | None:
        for section in self.sections:
            if section.id == section_id:
                return section
        return None


@dataclass(frozen=True)
class Step:
    section: str
    title: str
    guide_title: str
    url: str  # site-relative, with the section anchor
    phase: str
    effort: int  # minutes
    tags: tuple[str, ...]
    why: str
    rule: str
    body_markdown: str  # the reader's words escaped for Markdown
    body_html: str  # the reader's words escaped for HTML


@dataclass(frozen=True)
class SummaryItem:
    question: str
    label: str
    value: str  # may hold the reader's own words: always escape when rendering


@dataclass(frozen=True)
class Plan:
    summary: tuple[SummaryItem, ...]
    steps: tuple[Step, ...]
    hours: int | None = None  # hours a week the reader said they have

    def phase(self, phase: str) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.phase == phase)
