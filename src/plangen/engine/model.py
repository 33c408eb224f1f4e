"""Frozen data the engine works on: content in, plan out.

Nothing here does I/O or imports a framework, so the same objects exist in
CPython at build time and in Pyodide in the reader's browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property
from operator import attrgetter
from typing import Any, Callable, Union

from plangen.engine.schema import authored

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

_FieldValues = Callable[[Any], tuple]
_compared_values: dict[type, _FieldValues] = {}
_shown_names: dict[type, tuple[str, ...]] = {}


def _values_of(names: list[str]) -> _FieldValues:
    if len(names) == 1:  # attrgetter of one name gives the value, not a tuple of it
        return lambda record, getter=attrgetter(names[0]): (getter(record),)
    return attrgetter(*names) if names else (lambda record: ())


class Record:
    """Equality, hashing and repr for the model's frozen dataclasses, written once.

    `dataclass` writes these three methods out as source text for each class
    and compiles it at import. In Pyodide that compiling was most of the
    cost of importing the engine, which a reader waits for before the first
    question. These read the same field options (`compare`, `repr`), so a
    class declared ``@dataclass(frozen=True, eq=False, repr=False)`` on this
    base behaves as a plain frozen dataclass: equal when of the same class
    with equal compared fields, hashed by those fields.
    """

    __slots__ = ()

    def _compared(self) -> tuple:
        cls = type(self)
        values = _compared_values.get(cls)
        if values is None:
            values = _compared_values[cls] = _values_of([item.name for item in fields(self) if item.compare])
        return values(self)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        cls = type(self)
        names = _shown_names.get(cls)
        if names is None:
            names = _shown_names[cls] = tuple(item.name for item in fields(self) if item.repr)
        return f"{cls.__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in names)})"


@dataclass(frozen=True, eq=False, repr=False)
class Where(Record):
    """A place in the content sources, for error messages."""

    path: str
    line: int | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Option(Record):
    """One answer a single or multi question offers."""

    id: str = authored("stable id of the option; conditions and templates use it")
    label: str = authored("what the reader sees")
    reason: str = authored("completes \"Because …\" when this answer explains a step", default="")
    where: Where = field(default=Where(""), compare=False)


@dataclass(frozen=True, eq=False, repr=False)
class Question(Record):
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


@dataclass(frozen=True, eq=False, repr=False)
class Test(Record):
    """A leaf condition: ``subject`` (a question or fact) ``op`` ``value``."""

    kind: str  # "answer" or "fact"
    name: str
    op: str
    value: object = None
    where: Where = field(default=Where(""), compare=False)


@dataclass(frozen=True, eq=False, repr=False)
class AllOf(Record):
    """A condition that holds when every item holds."""

    items: tuple[Condition, ...]


@dataclass(frozen=True, eq=False, repr=False)
class AnyOf(Record):
    """A condition that holds when at least one item holds."""

    items: tuple[Condition, ...]


@dataclass(frozen=True, eq=False, repr=False)
class Not(Record):
    """A condition that holds when its item does not."""

    item: Condition


Condition = Union[Test, AllOf, AnyOf, Not]


@dataclass(frozen=True, eq=False, repr=False)
class Fact(Record):
    """A value derived from answers: a condition (boolean) or a lookup table."""

    id: str = authored("stable id; conditions test it with `{fact: id}` and templates read `facts.id`")
    when: Condition | None = authored("a condition: the fact is true when it holds", default=None)
    source: str | None = authored("a lookup: the single-choice question whose answer is looked up",
                                  key="from", default=None)
    table: tuple[tuple[str, object], ...] = authored("a lookup: option id → value", key="map", default=())
    default: object = authored("a lookup: the value for any other answer", default=None)
    reason: str = authored("replaces the reasons of its condition when it explains a step", default="")
    where: Where = field(default=Where(""), compare=False)


@dataclass(frozen=True, eq=False, repr=False)
class Rule(Record):
    """A condition on the answers, and the sections it proposes for the plan."""

    id: str = authored("stable id of the rule")
    include: tuple[str, ...] = authored("section ids the rule proposes for the plan")
    when: Condition | None = authored("condition that makes the rule fire (omit for every plan; then `why` is "
                                      "required)", default=None)
    priority: int = authored("higher first: wins groups and the budget, orders steps within a week", default=0)
    phase: str | None = authored("`week`, `month` or `quarter`: overrides the sections' own phase", default=None)
    group: str | None = authored("the group it counts towards (see `groups`)", default=None)
    why: str = authored("the sentence used when no answer explains a step", default="")
    where: Where = field(default=Where(""), compare=False)
    include_where: tuple[Where, ...] = field(default=(), compare=False)  # one per `include` entry


@dataclass(frozen=True, eq=False, repr=False)
class Requirement(Record):
    """An essential every plan (or every plan ``when`` holds) must carry: at
    least ``min`` steps with one of ``tags``, starting by week ``by``, and
    such steps in at least ``weeks`` weeks."""

    tags: tuple[str, ...] = authored("a step with any of these tags meets the requirement")
    min: int = authored("how many such steps the plan needs", default=1)
    when: Condition | None = authored("a condition: the requirement holds only for readers it holds for",
                                      default=None)
    by: int | None = authored("the week by which such a step must have started (1-13)", default=None)
    weeks: int | None = authored("such steps must take time in at least this many of the 13 weeks", default=None)
    where: Where = field(default=Where(""), compare=False)

    @cached_property
    def tag_set(self) -> frozenset[str]:
        return frozenset(self.tags)


@dataclass(frozen=True, eq=False, repr=False)
class ShareRule(Record):
    """A lower share of the reader's hours for readers a condition holds for."""

    when: Condition = authored("the condition, e.g. `{fact: burnt_out}`")
    share: float = authored("the share of the reader's hours a week is filled to, 0.1-1")
    where: Where = field(default=Where(""), compare=False)


@dataclass(frozen=True, eq=False, repr=False)
class Habit(Record):
    """A step that recurs every week once it starts, its weekly count scaled to the reader's hours."""

    each: int = authored("time one unit takes, as `45m` or `1h` (minutes in the bundle)")
    target: str = authored("this week's target for a count above one, with `{count}`: "
                           "\"send {count} tailored applications\"")
    target_one: str = authored("the target for a count of one: \"send one tailored application\"")
    min: int = authored("fewest units a week", default=1)
    max: int = authored("most units a week", default=3)
    weight: int = authored("its share of the time habits are given, against the plan's other habits", default=1)
    until: int = authored("the last week it runs (1-13)", default=13)


@dataclass(frozen=True, eq=False, repr=False)
class PlanSettings(Record):
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


@dataclass(frozen=True, eq=False, repr=False)
class Compiled(Record):
    """A section's template compiled at build time (`plangen.engine.program` runs it): the program,
    and the HTML for each Markdown it can write, so the browser needs neither Jinja2 nor Markdown."""

    program: object  # plain JSON lists (`plangen.engine.program` describes them)
    html: tuple[tuple[str, str], ...]  # variant key -> HTML, with tokens and link paths still in

    @cached_property
    def html_by_key(self) -> dict[str, str]:
        return dict(self.html)


@dataclass(frozen=True, eq=False, repr=False)
class Section(Record):
    """A guide section that can become a step of a plan."""

    id: str
    title: str
    guide: str  # docs-relative path of the guide, e.g. "guides/community.md"
    phase: str = authored("`week`, `month` or `quarter`: when the step belongs by default")
    effort: int = authored("time the step takes, as `30m`, `2h` or `1h30m` (minutes in the bundle)")
    tags: tuple[str, ...] = authored("words naming what the step is about; `require` counts them", default=())
    needs: tuple[str, ...] = authored("section ids this step assumes; they enter the plan with it, no later",
                                      default=())
    latest: str | None = authored("`month` or `quarter`: the step may move this much later when its phase is full",
                                  default=None)
    stage: str = authored("`stabilise`, `direction`, `materials`, `search` or `offers`: where it falls in a "
                          "programme (defaults to the guide's `stage`)", default="search")
    after: tuple[str, ...] = authored("section ids this step comes after when both are in a plan (pulls nothing "
                                      "in)", default=())
    habit: Habit | None = authored("makes the step a weekly habit: `{each: 1h, min: 1, max: 5, target: …, "
                                   "target_one: …}`", default=None)
    checkpoint: int | None = authored("makes the step a review pinned to this week (1-13)", default=None)
    template: str = ""  # Markdown + Jinja2 source of the body
    compiled: Compiled | None = None  # the template compiled at build time; None: rendered with Jinja2
    where: Where = field(default=Where(""), compare=False)  # the heading
    meta_where: Where = field(default=Where(""), compare=False)  # its front matter

    @cached_property
    def tag_set(self) -> frozenset[str]:
        return frozenset(self.tags)


@dataclass(frozen=True, eq=False, repr=False)
class Guide(Record):
    """A guide page: its title and the sections it holds, in page order."""

    path: str  # docs-relative, e.g. "guides/community.md"
    title: str
    description: str
    theme: str
    intro: str
    sections: tuple[str, ...]  # section ids in page order


@dataclass(frozen=True, eq=False, repr=False)
class Content(Record):
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




@dataclass(frozen=True, eq=False, repr=False)
class Step(Record):
    """One step of a plan: a section placed in the thirteen weeks, with why it was chosen."""

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
    week: int = 1  # 1 = this week, 2-4 = next 30 days, 5-13 = next 90 days
    weeks: int = 1  # how many consecutive weeks the step spans
    load: tuple[tuple[int, int], ...] = ()  # (week, minutes) for each week it occupies
    needs: tuple[str, ...] = ()  # section ids of the steps it builds on (all in the plan)
    kind: str = "once"  # "once", "habit" (recurs every week) or "checkpoint" (a review pinned to a week)
    targets: tuple[tuple[int, int, str], ...] = ()  # a habit's (week, count, "send 3 tailored applications")

    @property
    def last_week(self) -> int:
        return self.load[-1][0] if self.load else self.week + self.weeks - 1

    def target(self, week: int) -> str:
        """A habit's target for ``week`` ("" for other steps or weeks it does not run)."""
        return next((text for w, _, text in self.targets if w == week), "")


@dataclass(frozen=True, eq=False, repr=False)
class LeftOut(Record):
    """A step the rules proposed that the plan could not hold, and why, in plain words."""

    section: str
    title: str
    url: str
    reason: str


@dataclass(frozen=True, eq=False, repr=False)
class SummaryItem(Record):
    """One line of the plan's "Where you are" box."""

    question: str
    label: str
    value: str  # may hold the reader's own words: always escape when rendering


@dataclass(frozen=True, eq=False, repr=False)
class Plan(Record):
    """A reader's thirteen-week plan: the steps, what was left out and the box that sums up the answers."""

    summary: tuple[SummaryItem, ...]
    steps: tuple[Step, ...]
    hours: int | None = None  # the weekly budget every week of the plan fits
    left_out: tuple[LeftOut, ...] = ()
    title: str = PlanSettings.title
    file_name: str = PlanSettings.file_name
    calendar_name: str = PlanSettings.calendar_name

    def phase(self, phase: str) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.phase == phase)

    def week_load(self, week: int) -> int:
        """Minutes of effort scheduled in ``week`` (a spanning step counts its share)."""
        return sum(minutes for step in self.steps for w, minutes in (step.load or ((step.week, step.effort),))
                   if w == week)


WEEKS = 13
PHASE_WEEKS: dict[str, tuple[int, int]] = {"week": (1, 1), "month": (2, 4), "quarter": (5, 13)}


_PHASE_OF_WEEK = ("",) + tuple(phase for phase, (first, last) in PHASE_WEEKS.items()
                               for _ in range(first, last + 1))


def phase_of_week(week: int) -> str:
    """The phase a week belongs to: 1 -> week, 2-4 -> month, 5-13 -> quarter."""
    return _PHASE_OF_WEEK[week]

