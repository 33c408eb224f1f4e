"""Frozen data the engine works on: content in, plan out.

Nothing here does I/O or imports a framework, so the same objects exist in
CPython at build time and in Pyodide in the reader's browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Union

from plangen.engine.schema import authored

if TYPE_CHECKING:
    from plangen.engine.plan_model import (
        Compiled as Compiled, Fact as Fact, Guide as Guide, Habit as Habit, LeftOut as LeftOut, Plan as Plan,
        Requirement as Requirement, Rule as Rule, Section as Section, ShareRule as ShareRule, Step as Step,
        SummaryItem as SummaryItem,
    )

PHASES: tuple[str, ...] = ("week", "month", "quarter")
PHASE_TITLES: dict[str, str] = {
    "week": "This week",
    "month": "Next 30 days",
    "quarter": "Next 90 days",
}
QUESTION_TYPES: tuple[str, ...] = ("single", "multi", "scale", "text")
# The order a programme moves through, whatever the weeks: steady yourself,
# choose a direction, prepare materials, search (apply, reach out, interview),
# then handle offers.
STAGES: tuple[str, ...] = ("stabilise", "direction", "materials", "search", "offers")
STEP_KINDS: tuple[str, ...] = ("once", "habit", "checkpoint")

# An answer is an option id (single), option ids (multi), an int (scale) or text.
AnswerValue = Union[str, int, tuple[str, ...]]


@dataclass(frozen=True)
class Where:
    """A place in the content sources, for error messages."""

    path: str
    line: int | None = None


@dataclass(frozen=True)
class Option:
    """One answer a single or multi question offers."""

    id: str = authored("stable id of the option; conditions and templates use it")
    label: str = authored("what the reader sees")
    reason: str = authored("completes \"Because …\" when this answer explains a step", default="")
    where: Where = field(default=Where(""), compare=False)


@dataclass(frozen=True)
class Question:
    """One question of the quiz, with how its answer is checked."""

    id: str = authored("stable id, lowercase, `-` or `_`; answers and templates use it")
    type: str = authored("`single` (one option), `multi` (several), `scale` (whole number `min`…`max`), "
                         "`text` (short free text)")
    text: str = authored("the question")
    help: str = authored("the explanation shown under it", default="")
    required: bool = authored("the reader must answer before moving on (when the question is shown)",
                              default=False)
    options: tuple[Option, ...] = authored("for `single`/`multi`: list of `{id, label, reason}`", default=())
    show_if: Condition | None = authored("a condition on *earlier* answers; the question is asked only when it holds",
                                         default=None)
    min: int | None = authored("`scale`: lowest value; `multi`: fewest picks", default=None)
    max: int | None = authored("`scale`: highest value; `multi`: most picks", default=None)
    min_label: str = authored("`scale`: words for the low end", default="")
    max_label: str = authored("`scale`: words for the high end", default="")
    max_length: int = authored("`text`: longest answer in characters", default=80)
    neutral: str = authored("`text`: words used when nothing was typed and on public pages", default="")
    reason: str = authored("`scale`: \"you have {value} hours a week\"; `text`: phrase used when `answered` "
                           "explains a step", default="")
    summary: str = authored("short label in the plan's \"Where you are\" box (omit to leave it out)", default="")
    where: Where = field(default=Where(""), compare=False)

    def option(self, option_id: object) -> Option | None:
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
class AllOf:
    """A condition that holds when every item holds."""

    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    """A condition that holds when at least one item holds."""

    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    """A condition that holds when its item does not."""

    item: Condition


Condition = Union[Test, AllOf, AnyOf, Not]


@dataclass(frozen=True)
class PlanSettings:
    """`plan:` in rules.yaml: limits, the reader's weekly hours, essentials and names."""

    max_steps: int | None = authored("a plan keeps at most this many steps", default=None)
    min_steps: int = authored("`plangen check --strict` fails on plans shorter than this", default=1)
    phase_steps: tuple[tuple[str, int], ...] = authored("`{week: 6, …}`: at most this many steps per phase",
                                                        default=())
    hours_question: str | None = authored("the scale question giving the reader's hours a week; every week of "
                                          "the plan fits them", default=None)
    default_hours: int = authored("hours a week assumed when that question is unanswered", default=5)
    share: float = authored("the share of the reader's hours each week is filled to (the rest is slack)",
                            default=0.67)
    share_when: tuple[ShareRule, ...] = authored("lower shares for some readers: `- {when: …, share: 0.5}`; "
                                                 "the lowest that holds wins", default=())
    require: tuple[Requirement, ...] = authored("essentials: `- {tags: [people], min: 1}`; the planner meets "
                                                "each for every reader", default=())
    title: str = authored("the plan's title on the page and in downloads", default="Your career action plan")
    file_name: str = authored("download file names, without extension", default="career-plan")
    calendar_name: str = authored("the name of the downloaded calendar", default="Career action plan")
    where: Where = field(default=Where(""), compare=False)  # the `hours_question` line, for errors


@dataclass(frozen=True)
class Content:
    """Everything the engine plans from: the quiz, its rules, the guides' sections and the plan's settings."""

    questions: tuple[Question, ...]
    facts: tuple[Fact, ...]
    rules: tuple[Rule, ...]
    groups: tuple[tuple[str, int], ...]  # group id -> at most N steps
    sections: tuple[Section, ...]
    guides: tuple[Guide, ...]
    urls: tuple[tuple[str, str], ...] = ()  # docs path -> site-relative URL
    plan: PlanSettings = PlanSettings()
    group_about: tuple[tuple[str, str], ...] = ()  # group id -> reader words for its theme ("about job scams")

    def question(self, question_id: object) -> Question | None:
        for question in self.questions:
            if question.id == question_id:
                return question
        return None

    @cached_property
    def _sections_by_id(self) -> dict[str, Section]:
        # Built once per content: the planner looks sections up by id many times per plan.
        return {section.id: section for section in self.sections}

    def section(self, section_id: str) -> Section | None:
        return self._sections_by_id.get(section_id)




WEEKS = 13
PHASE_WEEKS: dict[str, tuple[int, int]] = {"week": (1, 1), "month": (2, 4), "quarter": (5, 13)}


_PHASE_OF_WEEK = ("",) + tuple(phase for phase, (first, last) in PHASE_WEEKS.items()
                               for _ in range(first, last + 1))


def phase_of_week(week: int) -> str:
    """The phase a week belongs to: 1 -> week, 2-4 -> month, 5-13 -> quarter."""
    return _PHASE_OF_WEEK[week]


# The plan's classes live in `plangen.engine.plan_model`, created on first use.
_PLAN_CLASSES = frozenset({"Fact", "Rule", "Requirement", "ShareRule", "Habit", "Compiled", "Section", "Guide",
                           "Step", "LeftOut", "SummaryItem", "Plan"})


def __getattr__(name: str) -> Any:
    """`from plangen.engine.model import Section` and the like: the plan's
    classes, imported from `plangen.engine.plan_model` when first named."""
    if name in _PLAN_CLASSES:
        from plangen.engine import plan_model

        return getattr(plan_model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
