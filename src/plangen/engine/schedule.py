"""From fired rules to a schedule: which steps, in which weeks, and what was left out.

A plan covers weeks 1-13 (week 1 is this week, 2-4 the next 30 days, 5-13 the
next 90 days). Rules propose sections with priorities; the scheduler places
them highest priority first so that:

- no week holds more effort than the reader's weekly hours (a step longer
  than a whole week spans consecutive weeks);
- every section's `needs` are in the plan and scheduled no later than it
  (pulled in if no rule proposed them, or the dependent is left out);
- a step stays in its phase's weeks, or moves later only as far as its
  section's `latest` allows;
- group, phase and plan caps hold;
- every `plan: require:` is met whenever the proposed steps allow it.

Nothing here renders text, so `plangen check` can schedule every reader of
the answer space quickly. Pure: same content and answers, same schedule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from plangen.engine.conditions import evaluate, tests_that_held
from plangen.engine.model import (
    PHASE_WEEKS, PHASES, WEEKS, Content, Fact, Requirement, Rule, Section, Test, phase_of_week,
)

MAX_REASONS = 3


@dataclass(frozen=True)
class Proposal:
    """A section some fired rule proposed, with the rule that ranks it first."""

    section: Section
    rule: Rule
    phrases: tuple[str, ...]  # reasons from every rule that proposed it


@dataclass(frozen=True)
class Placed:
    """One scheduled step."""

    section: Section
    rule: Rule
    phrases: tuple[str, ...]
    priority: int
    load: tuple[tuple[int, int], ...]  # (week, minutes) per week it occupies
    pulled_by: str | None = None  # title of the step that needed it, if no rule proposed it

    @property
    def week(self) -> int:
        return self.load[0][0]

    @property
    def last_week(self) -> int:
        return self.load[-1][0]


@dataclass(frozen=True)
class Dropped:
    section: Section
    reason: str


@dataclass(frozen=True)
class Schedule:
    hours: int
    steps: tuple[Placed, ...]  # in plan order: week, then needs first, then priority
    left_out: tuple[Dropped, ...]
    unmet: tuple[Requirement, ...] = ()  # requirements no proposed section could meet

    def week_load(self, week: int) -> int:
        return sum(minutes for step in self.steps for w, minutes in step.load if w == week)


# ---- why: the reasons of the tests that held -----------------------------------

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
        return reasons(fact.when, content, values)
    return _phrase(Test("answer", fact.source, "answered", True), content, values)


def reasons(condition, content: Content, values: Mapping[str, object]) -> list[str]:
    """Distinct phrases for the tests of ``condition`` that held, in order."""
    phrases: list[str] = []
    for test in tests_that_held(condition, values):
        for phrase in _phrase(test, content, values):
            if phrase not in phrases:
                phrases.append(phrase)
    return phrases


# ---- proposals -----------------------------------------------------------------

def fired_rules(content: Content, values: Mapping[str, object]) -> list[Rule]:
    """The rules whose conditions hold, in content order (each evaluated once)."""
    return [rule for rule in content.rules if rule.when is None or evaluate(rule.when, values)]


def propose(content: Content, values: Mapping[str, object], fired: list[Rule] | None = None) -> list[Proposal]:
    """Sections the fired rules propose, each once, most important first."""
    fired = fired_rules(content, values) if fired is None else fired
    order = {rule.id: index for index, rule in enumerate(content.rules)}
    ranked: list[tuple[int, int, int, Rule, str, list[str]]] = []
    for rule in fired:
        phrases = reasons(rule.when, content, values) if rule.when is not None else []
        for include_index, section_id in enumerate(rule.include):
            ranked.append((-rule.priority, order[rule.id], include_index, rule, section_id, phrases))
    ranked.sort(key=lambda item: item[:3])
    chosen: dict[str, tuple[Rule, list[str]]] = {}
    for *_, rule, section_id, phrases in ranked:
        if section_id in chosen:
            merged = chosen[section_id][1]
            merged.extend(p for p in phrases if p not in merged)
        else:
            chosen[section_id] = (rule, list(phrases))
    return [Proposal(content.section(sid), rule, tuple(phrases)) for sid, (rule, phrases) in chosen.items()]


def groups_of(content: Content, values: Mapping[str, object], fired: list[Rule] | None = None) -> dict[str, set[str]]:
    """Group -> sections its fired rules propose (a cap is on the theme, whoever proposed first)."""
    fired = fired_rules(content, values) if fired is None else fired
    members: dict[str, set[str]] = {}
    for rule in fired:
        if rule.group is not None:
            members.setdefault(rule.group, set()).update(rule.include)
    return members


# ---- placement -----------------------------------------------------------------

def weekly_hours(content: Content, values: Mapping[str, object]) -> int:
    """The reader's weekly budget: the hours question's answer, or the content's default."""
    name = content.plan.hours_question
    value = values.get(name) if name else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 \
        else content.plan.default_hours


def _window(section: Section, rule: Rule | None) -> tuple[int, int]:
    phase = (rule.phase if rule is not None and rule.phase else None) or section.phase
    first, last = PHASE_WEEKS[phase]
    if section.latest is not None and PHASES.index(section.latest) > PHASES.index(phase):
        last = PHASE_WEEKS[section.latest][1]
    return first, last


def _title(section: Section) -> str:
    return f"“{section.title}”"


@dataclass
class _State:
    budget: int  # minutes a week
    free: list[int]  # free minutes per week, index 0 unused
    placed: dict[str, Placed] = field(default_factory=dict)
    phase_counts: dict[str, int] = field(default_factory=dict)

    def copy(self) -> "_State":
        return _State(self.budget, list(self.free), dict(self.placed), dict(self.phase_counts))


class _NoRoom(Exception):
    """A step (or one it needs) cannot be placed; carries the reader-facing reason."""

    def __init__(self, reason: str):
        self.reason = reason


class _Scheduler:
    def __init__(self, content: Content, values: Mapping[str, object], hours: int):
        self.content = content
        self.hours = hours
        self.phase_limits = dict(content.plan.phase_steps)
        self.max_steps = content.plan.max_steps
        fired = fired_rules(content, values)
        self.proposals = {p.section.id: p for p in propose(content, values, fired)}
        self.groups = groups_of(content, values, fired)
        self.group_limits = dict(content.groups)

    # A step's load if it starts in `week`: one week when it fits, else
    # consecutive weeks when it is longer than a whole week's budget.
    def _load_from(self, state: _State, section: Section, week: int, last: int) -> tuple[tuple[int, int], ...] | None:
        effort = section.effort
        if effort <= state.free[week]:
            return ((week, effort),)
        if effort <= state.budget or state.free[week] <= 0:
            return None
        load, left, current = [], effort, week
        while left > 0:
            if current > last or state.free[current] <= 0:
                return None
            share = min(left, state.free[current])
            load.append((current, share))
            left -= share
            current += 1
        return tuple(load)

    def _phase_full(self, state: _State, week: int) -> bool:
        phase = phase_of_week(week)
        return state.phase_counts.get(phase, 0) >= self.phase_limits.get(phase, WEEKS * 100)

    def place(self, state: _State, section: Section, rule: Rule, phrases: tuple[str, ...], priority: int,
              deadline: int | None = None, pulled_by: str | None = None) -> None:
        """Place ``section`` (and what it needs) into ``state``, or raise `_NoRoom`."""
        if section.id in state.placed:
            if deadline is not None and state.placed[section.id].last_week > deadline:
                raise _NoRoom(f"it needs {_title(section)}, which only fits later")
            return
        if self.max_steps is not None and len(state.placed) >= self.max_steps:
            raise _NoRoom(f"your plan already has {self.max_steps} steps")
        full = self._full_group(state, section.id)
        if full is not None:
            raise _NoRoom(full)
        first, last = _window(section, rule if pulled_by is None else None)
        if deadline is not None:
            # A step that others build on may come earlier than its own phase, never after them.
            first, last = 1, min(last, deadline)
        if first > last:
            raise _NoRoom("it only fits later than the steps that build on it")
        reason = None
        if not section.needs:
            for week in range(first, last + 1):
                if self._phase_full(state, week):
                    count = self.phase_limits[phase_of_week(week)]
                    reason = reason or f"you already have {count} steps {_phase_words(phase_of_week(week))}"
                    continue
                load = self._load_from(state, section, week, last)
                if load is not None:
                    self._commit(state, Placed(section, rule, phrases, priority, load, pulled_by))
                    return
            raise _NoRoom(reason or self._no_room(state, section, first, last))
        for week in range(first, last + 1):
            trial = state.copy()
            missing_need = None
            try:
                for need_id in section.needs:
                    missing_need = need_id
                    need = self.content.section(need_id)
                    proposal = self.proposals.get(need_id)
                    self.place(trial, need, proposal.rule if proposal else rule,
                               proposal.phrases if proposal else (), priority, deadline=week,
                               pulled_by=None if proposal else section.title)
                missing_need = None
            except _NoRoom:
                reason = reason or f"it needs {_title(self.content.section(missing_need))}, which did not fit"
                continue
            if self.max_steps is not None and len(trial.placed) >= self.max_steps:
                reason = reason or f"your plan already has {self.max_steps} steps"
                continue
            if self._phase_full(trial, week):
                count = self.phase_limits[phase_of_week(week)]
                reason = reason or f"you already have {count} steps {_phase_words(phase_of_week(week))}"
                continue
            load = self._load_from(trial, section, week, last)
            if load is None:
                continue
            self._commit(trial, Placed(section, rule, phrases, priority, load, pulled_by))
            state.free, state.placed, state.phase_counts = trial.free, trial.placed, trial.phase_counts
            return
        raise _NoRoom(reason or self._no_room(state, section, first, last))

    @staticmethod
    def _commit(state: _State, placed: Placed) -> None:
        for week, minutes in placed.load:
            state.free[week] -= minutes
        phase = phase_of_week(placed.week)
        state.phase_counts[phase] = state.phase_counts.get(phase, 0) + 1
        state.placed[placed.section.id] = placed

    @staticmethod
    def _no_room(state: _State, section: Section, first: int, last: int) -> str:
        if section.effort <= state.budget * (last - first + 1):
            return "your weeks are already full"
        return f"it takes longer than the time you have {_window_words(first, last)}"

    def run(self, forced: list[str]) -> tuple[_State, list[Dropped]]:
        state = _State(self.hours * 60, [0] + [self.hours * 60] * WEEKS)
        dropped: list[Dropped] = []
        order = [self.proposals[sid] for sid in forced] + \
            [p for p in self.proposals.values() if p.section.id not in forced]
        for proposal in order:
            section, rule = proposal.section, proposal.rule
            if section.id in state.placed:
                continue
            try:
                self.place(state, section, rule, proposal.phrases, rule.priority)
            except _NoRoom as problem:
                dropped.append(Dropped(section, problem.reason))
        return state, dropped

    def _full_group(self, state: _State, section_id: str) -> str | None:
        """Why a group cap keeps this section out, or None. A group counts every
        section one of its fired rules proposed, whichever rule placed it."""
        for group, members in self.groups.items():
            if section_id in members:
                taken = sum(1 for sid in state.placed if sid in members)
                if taken >= self.group_limits[group]:
                    return f"you already have {taken} {group} steps"
        return None

    def unmet(self, state: _State) -> list[Requirement]:
        missing = []
        for requirement in self.content.plan.require:
            have = sum(1 for placed in state.placed.values() if set(placed.section.tags) & set(requirement.tags))
            if have < requirement.min:
                missing.append(requirement)
        return missing

    def candidates(self, requirement: Requirement) -> list[str]:
        return [sid for sid, p in self.proposals.items() if set(p.section.tags) & set(requirement.tags)]


def _phase_words(phase: str) -> str:
    return {"week": "this week", "month": "in the next 30 days", "quarter": "in the next 90 days"}[phase]


def _window_words(first: int, last: int) -> str:
    if first == last == 1:
        return "this week"
    return f"in weeks {first} to {last}" if first != last else f"in week {first}"


def schedule(content: Content, values: Mapping[str, object]) -> Schedule:
    """Schedule the plan for answers-and-facts ``values``."""
    hours = weekly_hours(content, values)
    scheduler = _Scheduler(content, values, hours)
    forced: list[str] = []
    state, dropped = scheduler.run(forced)
    missing = scheduler.unmet(state)
    # Essentials come first: while a requirement is unmet, its most important
    # candidate that can be placed goes ahead of everything else. Placing one
    # may crowd out another's step, so go round until nothing changes.
    for _ in range(len(content.plan.require)):
        if not missing:
            break
        added = False
        for requirement in missing:
            for candidate in scheduler.candidates(requirement):
                if candidate in forced:
                    continue
                trial, _ = scheduler.run(forced + [candidate])
                if all(sid in trial.placed for sid in forced + [candidate]):
                    forced.append(candidate)
                    added = True
                    break
        if not added:
            break
        state, dropped = scheduler.run(forced)
        missing = scheduler.unmet(state)
    index = {section.id: i for i, section in enumerate(content.sections)}
    steps = _plan_order(list(state.placed.values()), index)
    kept = {step.section.id for step in steps}
    left_out, seen = [], set()
    for item in dropped:
        if item.section.id not in kept and item.section.id not in seen:
            seen.add(item.section.id)
            left_out.append(item)
    return Schedule(hours=hours, steps=tuple(steps), left_out=tuple(left_out), unmet=tuple(missing))


def _plan_order(steps: list[Placed], index: dict[str, int]) -> list[Placed]:
    """Week, then priority and guide order; a need always before what needs it."""
    steps = sorted(steps, key=lambda s: (s.week, -s.priority, index[s.section.id]))
    by_id = {s.section.id: s for s in steps}
    ordered: list[Placed] = []
    done: set[str] = set()

    def add(step: Placed) -> None:
        if step.section.id in done:
            return
        done.add(step.section.id)
        for need in step.section.needs:
            if need in by_id and by_id[need].week == step.week:
                add(by_id[need])
        ordered.append(step)

    for step in steps:
        add(step)
    return ordered


def why(step: Placed) -> str:
    """The step's "Because …" line."""
    if step.phrases:
        phrases = list(step.phrases[:MAX_REASONS])
        return "Because " + join_phrases(phrases) + "."
    if step.pulled_by is not None:
        return f"Because “{step.pulled_by}” builds on it."
    return step.rule.why or DEFAULT_WHY


DEFAULT_WHY = "Because it is a step almost every search benefits from."


def join_phrases(phrases: list[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``."""
    if len(phrases) < 2:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


__all__ = ["Schedule", "Placed", "Dropped", "Proposal", "schedule", "propose", "reasons", "why",
           "weekly_hours", "join_phrases"]
