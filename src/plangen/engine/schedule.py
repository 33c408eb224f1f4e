"""From fired rules to a thirteen-week programme: which steps, in which weeks, and what was left out.

A plan covers weeks 1-13 (week 1 is this week). Rules propose sections; the
scheduler places them the way a calendar auto-scheduler places habits and
tasks into free time, with weeks instead of hours:

1. **checkpoints**, reviews pinned to their week (4, 8 and 13 on this site);
   then what answers the reader's check-ins (a rule testing a progress fact,
   such as a month of applications with no reply) and is due this week, into
   this week when it fits, before anything else can fill it;
2. **essentials**: for every requirement that holds for this reader, its best
   candidate, started by the requirement's deadline;
3. **habits**, highest priority first: a habit runs every week from its start
   (after the steps it needs or comes after) to its last week, at its
   smallest weekly count for now;
4. **one-off steps** by deadline (their phase), then stage (stabilise,
   direction, materials, search, offers), then priority, each in the first
   week from the previous one's where it fits the week's fair share of the
   reader's hours, else anywhere in its window within all of them;
5. finally every habit grows, one unit at a time, in the weeks that still
   have room below the fair share, up to its declared maximum.

So no week holds more than the reader's hours, each is filled towards the
fair share (``plan.share`` of the hours, lower for some readers), needs and
soft orders (``after``) hold, and a step is left out "because the weeks are
full" only when no week of its window has room for it. Nothing here renders
text, so `plangen check` can schedule every reader of the answer space
quickly. Pure: same content, answers and progress, same schedule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from plangen.engine.conditions import evaluate, names_in, tests_that_held
from plangen.engine.model import (
    PHASE_WEEKS, PHASES, STAGES, WEEKS, Content, Fact, Requirement, Rule, Section, Test,
)

MAX_REASONS = 3
SPLIT_FROM = 90  # minutes: a one-off this long may be split over consecutive weeks
HABIT_SHARE = 0.6  # of a week's fair share, at most, for habits beyond the required ones
DONE_WHY = "Because you have already done it."


@dataclass(frozen=True)
class CheckIn:
    """What a reader reported at the start of a week; any field may be skipped (None)."""

    week: int
    applications: int | None = None  # sent last week
    replies: int | None = None  # any human answer to an application or message
    interviews: int | None = None
    energy: str | None = None  # "low", "ok" or "good"


ENERGIES = ("low", "ok", "good")

# Facts the engine derives from check-ins; rules and `share_when` may test them
# like any fact (`{fact: no_replies}`), and they explain a step in these words.
PROGRESS_FACTS: dict[str, str] = {
    "no_replies": "four weeks of applications have brought no replies yet",
    "low_energy": "you said your energy is low",
}
NO_REPLY_WEEKS = 4


@dataclass(frozen=True)
class Progress:
    """Where a reader is in their plan: the week they are in, the steps done so far, and check-ins.

    ``done`` pairs a one-off step's section id with the week it was done in;
    re-planning keeps those where they were and re-paces everything else from
    ``week`` on.
    """

    week: int = 1
    done: tuple[tuple[str, int], ...] = ()
    checkins: tuple[CheckIn, ...] = ()


def progress_facts(progress: Progress | None) -> dict[str, bool]:
    """The `PROGRESS_FACTS` for a reader's check-ins (all false with none)."""
    checkins = sorted(progress.checkins, key=lambda c: c.week) if progress else []
    applying = [c for c in checkins if c.applications]
    answered = any(c.replies or c.interviews for c in checkins)
    latest_energy = next((c.energy for c in reversed(checkins) if c.energy is not None), None)
    return {"no_replies": len(applying) >= NO_REPLY_WEEKS and not answered,
            "low_energy": latest_energy == "low"}


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
    counts: tuple[tuple[int, int], ...] = ()  # a habit's (week, units) per week it runs
    done: bool = False  # kept from the reader's progress

    @property
    def week(self) -> int:
        return self.load[0][0]

    @property
    def last_week(self) -> int:
        return self.load[-1][0]

    @property
    def kind(self) -> str:
        return kind_of(self.section)


def kind_of(section: Section) -> str:
    """``"habit"``, ``"checkpoint"`` or ``"once"``."""
    if section.habit is not None:
        return "habit"
    return "checkpoint" if section.checkpoint is not None else "once"


@dataclass(frozen=True)
class Dropped:
    section: Section
    reason: str
    window: tuple[int, int] | None = None  # for "no room" reasons: the weeks that had none


@dataclass(frozen=True)
class Schedule:
    hours: int
    steps: tuple[Placed, ...]  # in plan order: week, then needs first, then priority
    left_out: tuple[Dropped, ...]
    unmet: tuple[Requirement, ...] = ()  # requirements that hold for this reader but could not be met
    fair: int = 0  # minutes a week the plan fills towards
    start: int = 1  # the first week still to come (re-planning)
    required: tuple[Requirement, ...] = ()  # the requirements that hold for this reader
    proposed: tuple[str, ...] = ()  # section ids some fired rule proposed

    def week_load(self, week: int) -> int:
        return sum(minutes for step in self.steps for w, minutes in step.load if w == week)


# ---- why: the reasons of the tests that held -----------------------------------

def fill_value(template: str, value: object) -> str:
    """``"you have {value} hour{s} a week"`` with ``value`` filled in; ``{s}`` agrees with it."""
    plural = "" if value == 1 else "s"
    return template.replace("{value}", str(value)).replace("{s}", plural)


def _phrase(test: Test, content: Content, values: Mapping[str, object]) -> list[str]:
    """The reader-facing phrases explaining why ``test`` held."""
    if test.kind == "fact" and test.name in PROGRESS_FACTS:
        return [PROGRESS_FACTS[test.name]]
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
        return [fill_value(question.reason, value) if question.type == "scale" else question.reason]
    return []


def _fact_phrases(fact: Fact, content: Content, values: Mapping[str, object]) -> list[str]:
    if fact.reason:
        return [fill_value(fact.reason, values.get(fact.id))]
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


def weekly_hours(content: Content, values: Mapping[str, object]) -> int:
    """The reader's weekly budget: the hours question's answer, or the content's default."""
    name = content.plan.hours_question
    value = values.get(name) if name else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 \
        else content.plan.default_hours


def fair_share(content: Content, values: Mapping[str, object]) -> float:
    """The share of the reader's hours each week is filled to: the plan's, or a lower one that holds."""
    shares = [rule.share for rule in content.plan.share_when if evaluate(rule.when, values)]
    return min([content.plan.share, *shares])


def requirements_for(content: Content, values: Mapping[str, object]) -> tuple[Requirement, ...]:
    """The plan's requirements that hold for this reader."""
    return tuple(r for r in content.plan.require if r.when is None or evaluate(r.when, values))


def has_tag(section: Section, requirement: Requirement) -> bool:
    return not requirement.tag_set.isdisjoint(section.tag_set)


# ---- placement -----------------------------------------------------------------

def _title(section: Section) -> str:
    return f"“{section.title}”"


class _NoRoom(Exception):
    """A step (or one it needs) cannot be placed; carries the reader-facing reason."""

    def __init__(self, reason: str, window: tuple[int, int] | None = None):
        self.reason = reason
        self.window = window


class _Scheduler:
    def __init__(self, content: Content, values: Mapping[str, object], hours: int, progress: Progress,
                 answer_first: bool = True):
        self.content = content
        self.budget = hours * 60
        self.fair = min(self.budget, round(self.budget * fair_share(content, values)))
        self.start = progress.week
        self.load = [0] * (WEEKS + 1)  # minutes per week, index 0 unused
        self.ones = [0] * (WEEKS + 1)  # of which one-off steps
        self.placed: dict[str, Placed] = {}
        self.failed: dict[str, str] = {}  # section id -> why it stays out
        self.failed_window: dict[str, tuple[int, int]] = {}  # of those, the weeks that had no room
        self.undo: list[str] | None = None  # ids placed since the current attempt began
        self.cursor = self.start
        self.answer_first = answer_first  # whether what answers the check-ins is placed before the essentials
        self.responses: list[Proposal] = []  # those steps, due this week (`run`)
        self.splitting = False  # whether long one-off steps may be split over weeks (the last pass only)
        fired = fired_rules(content, values)
        self.proposals = {p.section.id: p for p in propose(content, values, fired)}
        self.groups = groups_of(content, values, fired)
        self.group_limits = dict(content.groups)
        self.group_about = dict(content.group_about)
        self.required = requirements_for(content, values)
        self.index = {section.id: i for i, section in enumerate(content.sections)}
        self.followers: dict[str, list[str]] = {}
        for section in content.sections:  # not only proposals: a step pulled in as a need has its order too
            for before in section.after:
                self.followers.setdefault(before, []).append(section.id)
        self.pace = self._pace()
        self._keep_done(progress)

    def _pace(self) -> int:
        """The one-off minutes a week should hold so that the proposed one-off steps spread over
        the weeks to come, front-loaded twice over: never less than the longest of them."""
        efforts = [p.section.effort for p in self.proposals.values() if kind_of(p.section) == "once"]
        if not efforts:
            return self.fair
        weeks = WEEKS - self.start + 1
        return max(max(efforts), -(-2 * sum(efforts) // weeks))

    def _keep_done(self, progress: Progress) -> None:
        for section_id, week in progress.done:
            section = self.content.section(section_id)
            if section is None or section.habit is not None or section_id in self.placed:
                continue
            week = min(max(1, week), self.start)
            proposal = self.proposals.get(section_id)
            rule = proposal.rule if proposal else Rule(id="done", include=(section_id,), why=DONE_WHY)
            self._commit(Placed(section, rule, proposal.phrases if proposal else (), 0,
                                ((week, section.effort),), done=True))

    # -- bookkeeping

    def _commit(self, placed: Placed) -> Placed:
        for week, minutes in placed.load:
            self.load[week] += minutes
            if placed.section.habit is None:
                self.ones[week] += minutes
        self.placed[placed.section.id] = placed
        if self.undo is not None:
            self.undo.append(placed.section.id)
        return placed

    def _rollback(self, ids: list[str]) -> None:
        for section_id in reversed(ids):
            placed = self.placed.pop(section_id)
            for week, minutes in placed.load:
                self.load[week] -= minutes
                if placed.section.habit is None:
                    self.ones[week] -= minutes

    def _window(self, section: Section, rule: Rule | None) -> tuple[int, int]:
        """The weeks a step may start in: from the first week still to come to the end of the phase
        it may slip to, counted from that first week."""
        return self.start, min(WEEKS, self.start - 1 + PHASE_WEEKS[slip_phase(section, rule)][1])

    def _due(self, section: Section, rule: Rule | None) -> int:
        """The last week of the step's own phase, counted from the first week still to come."""
        phase = (rule.phase if rule is not None and rule.phase else None) or section.phase
        return min(WEEKS, self.start - 1 + PHASE_WEEKS[phase][1])

    def _full_group(self, section_id: str) -> str | None:
        """Why a group cap keeps this section out, or None. A group counts every
        section one of its fired rules proposed, whichever rule placed it."""
        for group, members in self.groups.items():
            if section_id in members:
                taken = sum(1 for sid in self.placed if sid in members)
                if taken >= self.group_limits[group]:
                    about = self.group_about.get(group, "on this theme")
                    return f"you already have {taken} step{'' if taken == 1 else 's'} {about}"
        return None

    # -- placing one step (and what it builds on)

    def place(self, section: Section, rule: Rule, phrases: tuple[str, ...], priority: int,
              deadline: int | None = None, pulled_by: str | None = None) -> Placed:
        """Place ``section`` and the steps it needs or follows, or raise `_NoRoom` leaving nothing behind."""
        if section.id in self.placed:
            placed = self.placed[section.id]
            if deadline is not None and placed.week > deadline:
                raise _NoRoom(f"it needs {_title(section)}, which only fits later")
            return placed
        if section.id in self.failed:
            raise _NoRoom(self.failed[section.id], self.failed_window.get(section.id))
        full = self._full_group(section.id)
        if full is not None:
            raise _NoRoom(full)
        outer, self.undo = self.undo, []
        failed_before = set(self.failed) if deadline is not None else None
        try:
            placed = self._place_with_needs(section, rule, phrases, priority, deadline, pulled_by)
        except _NoRoom as problem:
            with_needs = bool(self.undo)
            self._rollback(self.undo)
            self.undo = []
            if failed_before is not None:
                # Failing under someone else's deadline says nothing about the step's own window.
                for section_id in set(self.failed) - failed_before:
                    del self.failed[section_id]
            if with_needs and problem.window is not None:
                # The weeks were full of what it needs, which goes again with it: say that instead.
                reason = "it does not fit together with the steps it needs"
                if self.failed.get(section.id) == problem.reason:
                    self.failed[section.id] = reason
                    self.failed_window.pop(section.id, None)
                raise _NoRoom(reason) from None
            raise
        finally:
            made, self.undo = self.undo, outer
            if outer is not None:
                outer.extend(made)
        return placed

    def _place_with_needs(self, section: Section, rule: Rule, phrases: tuple[str, ...], priority: int,
                          deadline: int | None, pulled_by: str | None) -> Placed:
        first, last = self._window(section, rule if pulled_by is None else None)
        if deadline is not None:
            last = min(last, deadline)
        if section.checkpoint is not None:
            if section.checkpoint < self.start:
                raise _NoRoom("its week has already passed")
            first = last = section.checkpoint
        # A soft order binds both ways: a step that others already placed come after goes no later than them,
        # and a step spread over several weeks ends by then too.
        end = WEEKS
        for follower_id in self.followers.get(section.id, ()):
            follower = self.placed.get(follower_id)
            if follower is not None:
                # A one-off may share the follower's week; a habit must have run a week before it.
                bound = follower.week - 1 if section.habit is not None else follower.week
                end = min(end, bound)
                if bound < last:
                    last = bound
                    if last < first:
                        raise _NoRoom(f"it belongs before {_title(follower.section)}, which starts earlier "
                                      "than it could")
        earliest = first
        # What a habit follows comes before the habit's last possible start, leaving that week to it.
        before_by = last - 1 if section.habit is not None and last > first else last
        for need_id in section.needs:
            need = self.content.section(need_id)
            proposal = self.proposals.get(need_id)
            try:
                before = self.place(need, proposal.rule if proposal else rule, proposal.phrases if proposal else (),
                                    priority, deadline=before_by, pulled_by=None if proposal else section.title)
            except _NoRoom:
                raise _NoRoom(f"it needs {_title(need)}, which did not fit") from None
            earliest = max(earliest, self._ready_after(before))
        for after_id in section.after:
            proposal = self.proposals.get(after_id)
            if after_id in self.placed:
                earliest = max(earliest, self._ready_after(self.placed[after_id]))
                continue  # already in its week: this step simply comes after it
            if proposal is None or after_id in self.failed:
                continue  # a soft order pulls nothing in
            try:
                before = self.place(proposal.section, proposal.rule, proposal.phrases, proposal.rule.priority,
                                    deadline=before_by)
            except _NoRoom as problem:
                # It cannot come first, and a soft order never lets it come later: it stays out.
                self.failed[after_id] = problem.reason if problem.reason.startswith("you already") else (
                    f"it belongs before {_title(section)}, which had to start before there was room for it")
                self.failed_window.pop(after_id, None)
                continue
            earliest = max(earliest, self._ready_after(before))
        if earliest > last:
            raise _NoRoom("it only fits later than the steps that build on it" if deadline is not None
                          else f"the steps it follows leave no room for it {_window_words(self.start, last)}")
        if section.habit is not None:
            return self._place_habit(section, rule, phrases, priority, earliest, last, pulled_by)
        return self._place_once(section, rule, phrases, priority, earliest, last, pulled_by, end)

    @staticmethod
    def _ready_after(before: Placed) -> int:
        # A one-off may share the week of the step it follows; a habit needs a week of running first.
        return before.week + 1 if before.section.habit is not None else before.last_week

    def _place_once(self, section: Section, rule: Rule, phrases: tuple[str, ...], priority: int,
                    first: int, last: int, pulled_by: str | None, end: int = WEEKS) -> Placed:
        effort = section.effort
        due = min(last, max(first, self._due(section, rule if pulled_by is None else None)))
        start = max(first, self.cursor) if section.checkpoint is None else first
        # By its own phase's end: a paced week (one-off work spread over the quarter) within the fair
        # share, from where the programme has got to; then any week's fair share; then the slack of the
        # reader's hours. Only then may it slip to a later phase.
        passes = [(start, due, self.fair, True), (first, due, self.fair, False), (due + 1, last, self.fair, False),
                  (first, due, self.budget, False), (due + 1, last, self.budget, False)]
        if rule.phase is not None and pulled_by is None:
            # A rule that set the step's phase means "by then": it takes the slack before it slips.
            passes[2], passes[3] = passes[3], passes[2]
        for low, high, limit, paced in passes:
            for week in range(low, high + 1):
                if self.load[week] + effort <= limit and (not paced or self.ones[week] + effort <= self.pace):
                    return self._commit(Placed(section, rule, phrases, priority, ((week, effort),), pulled_by))
        if effort > self.budget:
            load = self._spanning(effort, first, last, end=end)
            if load is not None:
                return self._commit(Placed(section, rule, phrases, priority, load, pulled_by))
            return self._fail(section, f"it takes longer than the time you have {_window_words(first, last)}")
        if effort >= SPLIT_FROM and self.splitting:
            # A long step that no single week has room for may be split over up to three weeks in a row,
            # all within its window, once the essentials and habits are in.
            load = self._spanning(effort, first, last, most_weeks=3, end=min(last, end))
            if load is not None:
                return self._commit(Placed(section, rule, phrases, priority, load, pulled_by))
        return self._fail(section, _full_words(first, last), (first, last))

    def _spanning(self, effort: int, first: int, last: int, most_weeks: int = WEEKS,
                  end: int = WEEKS) -> tuple[tuple[int, int], ...] | None:
        """Consecutive weeks' free time for a step (at most ``most_weeks`` of them), or None."""
        # Within each week's fair share if it can be, so the weeks it spans keep room for habits.
        for limit in (self.fair, self.budget):
            for week in range(first, last + 1):
                load, left, current = [], effort, week
                while left > 0 and current <= end and current < week + most_weeks \
                        and limit - self.load[current] > 0:
                    share = min(left, limit - self.load[current])
                    load.append((current, share))
                    left -= share
                    current += 1
                if left == 0:
                    return tuple(load)
        return None

    def _place_habit(self, section: Section, rule: Rule, phrases: tuple[str, ...], priority: int,
                     first: int, last: int, pulled_by: str | None) -> Placed:
        habit = section.habit
        minutes = habit.each * habit.min
        end = max(habit.until, first)
        for limit in (self.fair, self.budget):
            for start in range(first, last + 1):
                # It starts in a week with room and runs in every later week that has room for it
                # (a review week may be too full), as long as that is most of them.
                weeks = [week for week in range(start, min(end, WEEKS) + 1)
                         if self.load[week] + minutes <= self.budget]
                if not weeks or weeks[0] != start or self.load[start] + minutes > limit \
                        or 4 * len(weeks) < 3 * (min(end, WEEKS) - start + 1):
                    continue
                load = tuple((week, minutes) for week in weeks)
                counts = tuple((week, habit.min) for week in weeks)
                return self._commit(Placed(section, rule, phrases, priority, load, pulled_by, counts))
        return self._fail(section, _full_words(first, last, habit=True), (first, last))

    def _fail(self, section: Section, reason: str, window: tuple[int, int] | None = None) -> Placed:
        self.failed[section.id] = reason
        if window is not None:
            self.failed_window[section.id] = window
        raise _NoRoom(reason, window)

    # -- the whole programme

    def run(self) -> list[Dropped]:
        dropped: list[Dropped] = []

        def attempt(proposal: Proposal, deadline: int | None = None) -> bool:
            try:
                self.place(proposal.section, proposal.rule, proposal.phrases, proposal.rule.priority, deadline)
                return True
            except _NoRoom as problem:
                dropped.append(Dropped(proposal.section, problem.reason, problem.window))
                return False

        proposals = list(self.proposals.values())
        for proposal in proposals:
            if proposal.section.checkpoint is not None and proposal.section.checkpoint >= self.start:
                attempt(proposal)
            elif proposal.section.checkpoint is not None and proposal.section.id not in self.placed:
                dropped.append(Dropped(proposal.section, "its week has already passed"))
        # What a rule proposes because of the reader's check-ins answers how the search is going (a month of
        # applications and no reply: the materials first): it goes in this week before anything else can
        # take it, highest priority first, when it fits; otherwise with the other one-off steps.
        self.responses = sorted((p for p in proposals if self._responds(p)),
                                key=lambda p: (-p.rule.priority, self.index[p.section.id]))
        for proposal in self.responses if self.answer_first else ():
            if proposal.section.id not in self.placed:
                try:
                    self.place(proposal.section, proposal.rule, proposal.phrases, proposal.rule.priority,
                               deadline=self.start)
                except _NoRoom:
                    pass
        # What steadies the reader and is due this week goes in before anything that can wait, up to half
        # of this week's share, so the essentials below still find room.
        for proposal in sorted(proposals, key=self._once_order):
            section = proposal.section
            if kind_of(section) == "once" and section.stage == STAGES[0] \
                    and self._due(section, proposal.rule) == self.start and section.id not in self.placed \
                    and not section.needs and self.load[self.start] + section.effort <= self.fair // 2:
                attempt(proposal)
        self._meet_all(attempt, dropped)
        habits = sorted((p for p in proposals if p.section.habit is not None),
                        key=lambda p: (-p.rule.priority, self.index[p.section.id]))
        for proposal in habits:
            section = proposal.section
            if section.id in self.placed:
                continue
            # Habits beyond the essentials may take at most HABIT_SHARE of a week's fair share at their
            # smallest, so one-off steps still have room.
            floor = sum(p.section.habit.each * p.section.habit.min for p in self.placed.values()
                        if p.section.habit is not None)
            if floor and floor + section.habit.each * section.habit.min > HABIT_SHARE * self.fair:
                dropped.append(Dropped(section, "the weekly habits already in your plan take the time you "
                                                "have for habits"))
                continue
            attempt(proposal)
        ones = sorted((p for p in proposals if kind_of(p.section) == "once"), key=self._once_order)
        self.splitting = True
        for proposal in ones:
            section_id = proposal.section.id
            if section_id in self.failed and section_id not in self.placed:
                dropped.append(Dropped(proposal.section, self.failed[section_id], self.failed_window.get(section_id)))
                continue
            if section_id in self.placed:
                continue
            if attempt(proposal):
                self.cursor = max(self.cursor, self.placed[proposal.section.id].week)
        self._grow_habits()
        return dropped

    def _meet_all(self, attempt, dropped: list[Dropped]) -> None:
        """Meet the requirements, tightest deadline first so a week-1 one finds week 1 open. Those without
        a deadline (a single step) go before those due in week 3 when both fit that way; when that leaves a
        dated one unmet, the other order is tried instead."""
        by_deadline = sorted(self.required, key=lambda r: 0 if r.by == self.start else (r.by or 2))
        self.undo, failed, reasons = [], dict(self.failed), len(dropped)
        for requirement in by_deadline:
            self._meet(requirement, attempt)
        made, self.undo = self.undo, None
        if all(requirement_met(self.placed.values(), r) for r in by_deadline if r.by is not None):
            return
        self._rollback(made)
        self.failed, self.failed_window = failed, {k: v for k, v in self.failed_window.items() if k in failed}
        del dropped[reasons:]
        for requirement in sorted(self.required, key=lambda r: WEEKS + 1 if r.by is None else r.by):
            self._meet(requirement, attempt)

    def _responds(self, proposal: Proposal) -> bool:
        """Whether a one-off step due this week was proposed by a rule that tests a progress fact."""
        rule = proposal.rule
        return kind_of(proposal.section) == "once" and rule.when is not None \
            and any(test.kind == "fact" and test.name in PROGRESS_FACTS for test in names_in(rule.when)) \
            and self._due(proposal.section, rule) == self.start

    def _once_order(self, proposal: Proposal) -> tuple:
        section = proposal.section
        return (self._due(section, proposal.rule), STAGES.index(section.stage), -proposal.rule.priority,
                self.index[section.id])

    def _meet(self, requirement: Requirement, attempt) -> None:
        """Place this requirement's best candidates first, by its deadline: habits first when it asks for
        weeks, then priority."""
        candidates = sorted(
            (p for p in self.proposals.values() if has_tag(p.section, requirement)),
            key=lambda p: (requirement.weeks is not None and p.section.habit is None, -p.rule.priority,
                           self.index[p.section.id]))
        have = sum(1 for placed in self.placed.values() if has_tag(placed.section, requirement)
                   and (requirement.by is None or placed.week <= requirement.by))
        for proposal in candidates:
            if have >= requirement.min and self._weeks_met(requirement):
                return
            if proposal.section.id in self.placed:
                continue
            if attempt(proposal, requirement.by):
                have += 1

    def _weeks_met(self, requirement: Requirement) -> bool:
        return requirement.weeks is None or len(tagged_weeks(self.placed.values(), requirement)) >= requirement.weeks

    def _grow_habits(self) -> None:
        """Give habits more units in the weeks with room below the fair share: round robin by
        priority, a habit's ``weight`` units a round, so a week is shared rather than given to
        whichever habit came first."""
        habits = sorted((p for p in self.placed.values() if p.section.habit is not None),
                        key=lambda p: (-p.priority, self.index[p.section.id]))
        counts = {p.section.id: dict(p.counts) for p in habits}
        for week in range(self.start, WEEKS + 1):
            active = [p for p in habits if week in counts[p.section.id]]
            grown = bool(active)
            while grown:
                grown = False
                for placed in active:
                    habit, mine = placed.section.habit, counts[placed.section.id]
                    for _ in range(habit.weight):
                        if mine[week] < habit.max and self.load[week] + habit.each <= self.fair:
                            mine[week] += 1
                            self.load[week] += habit.each
                            grown = True
        for placed in habits:
            mine = counts[placed.section.id]
            each = placed.section.habit.each
            self.placed[placed.section.id] = Placed(
                placed.section, placed.rule, placed.phrases, placed.priority,
                tuple((week, count * each) for week, count in sorted(mine.items())), placed.pulled_by,
                tuple(sorted(mine.items())))

    def unmet(self) -> list[Requirement]:
        return [r for r in self.required if not requirement_met(self.placed.values(), r)]


def tagged_weeks(steps, requirement: Requirement) -> set[int]:
    """The weeks in which some step with one of the requirement's tags takes time."""
    return {week for step in steps if has_tag(step.section, requirement) for week, _ in step.load}


def requirement_met(steps, requirement: Requirement) -> bool:
    """Whether scheduled ``steps`` meet ``requirement`` (count, deadline and weeks)."""
    steps = list(steps)
    matching = [s for s in steps if has_tag(s.section, requirement)]
    if requirement.by is not None:
        matching = [s for s in matching if s.week <= requirement.by]
    if len(matching) < requirement.min:
        return False
    return requirement.weeks is None or len(tagged_weeks(steps, requirement)) >= requirement.weeks


def slip_phase(section: Section, rule: Rule | None) -> str:
    """The last phase a step may slip to when its own is full: its ``latest``, else the next phase."""
    phase = (rule.phase if rule is not None and rule.phase else None) or section.phase
    if section.latest is not None:
        return max(phase, section.latest, key=PHASES.index)
    return PHASES[min(PHASES.index(phase) + 1, len(PHASES) - 1)]


def _window_words(first: int, last: int) -> str:
    if first == last == 1:
        return "this week"
    return f"in weeks {first} to {last}" if first != last else f"in week {first}"


def _full_words(first: int, last: int, habit: bool = False) -> str:
    what = "a weekly habit from then on" if habit else "it"
    if first == last:
        return f"week {first} already holds all the hours you have, with no room for {what}"
    return f"weeks {first} to {last} already hold all the hours you have, with no room for {what}"


def schedule(content: Content, values: Mapping[str, object], progress: Progress | None = None) -> Schedule:
    """Schedule the plan for answers-and-facts ``values``, from ``progress`` (week 1, nothing done, by default)."""
    progress = progress or Progress()
    hours = weekly_hours(content, values)
    scheduler = _Scheduler(content, values, hours, progress)
    dropped = scheduler.run()
    if scheduler.responses and scheduler.unmet():
        # When answering the check-ins first took the room an essential needed, the essentials win, and the
        # answers take their turn with the other one-off steps.
        other = _Scheduler(content, values, hours, progress, answer_first=False)
        other_dropped = other.run()
        if len(other.unmet()) < len(scheduler.unmet()):
            scheduler, dropped = other, other_dropped
    steps = _plan_order(list(scheduler.placed.values()), scheduler.index)
    kept = {step.section.id for step in steps}
    left_out, seen = [], set()
    for item in dropped:
        if item.section.id not in kept and item.section.id not in seen:
            seen.add(item.section.id)
            left_out.append(item)
    return Schedule(hours=hours, steps=tuple(steps), left_out=tuple(left_out), unmet=tuple(scheduler.unmet()),
                    fair=scheduler.fair, start=progress.week, required=scheduler.required,
                    proposed=tuple(scheduler.proposals))


_KIND_ORDER = {"checkpoint": 0, "once": 1, "habit": 2}


def _plan_order(steps: list[Placed], index: dict[str, int]) -> list[Placed]:
    """Week, then one-offs before habits, then priority and guide order; a need always before what needs it."""
    steps = sorted(steps, key=lambda s: (s.week, _KIND_ORDER[s.kind], -s.priority, index[s.section.id]))
    by_id = {s.section.id: s for s in steps}
    ordered: list[Placed] = []
    done: set[str] = set()

    def add(step: Placed) -> None:
        if step.section.id in done:
            return
        done.add(step.section.id)
        for before in (*step.section.needs, *step.section.after):
            if before in by_id and by_id[before].week == step.week:
                add(by_id[before])
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


__all__ = ["Schedule", "Placed", "Dropped", "Proposal", "Progress", "CheckIn", "progress_facts", "PROGRESS_FACTS", "schedule", "propose", "reasons", "why",
           "weekly_hours", "join_phrases", "fair_share", "requirement_met", "requirements_for", "kind_of",
           "fill_value"]
