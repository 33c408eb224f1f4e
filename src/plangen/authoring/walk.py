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

from plangen.authoring.compile_sections import MAX_VARIANTS
from plangen.authoring.sampling import random_answers
from plangen.engine.answers import check_answers, visible_questions
from plangen.engine.conditions import evaluate
from plangen.engine.errors import AnswerError
from plangen.engine.model import WEEKS, Content, Question
from plangen.engine.planner import build_plan, compute_facts
from plangen.engine.schedule import PROGRESS_FACTS, Schedule, fired_rules, schedule

SAMPLES = 8_000
RENDERED = 300  # answer sets also rendered in full, to catch template failures
COUNT_READERS = 400  # readers whose plans are compared option by option ("answers that count")
INVARIANTS = ("every week fits", "no week is empty", "every need is met", "every order holds",
              "every requirement is met", "every reason is true")
CORE_WEEKS = 9  # the weekly core: applications and outreach in at least this many weeks
CORE_TAGS = {"applications": ("applications",), "outreach": ("people", "networking")}
PAIR_SHARE = 0.25  # an option pair must change at least this share of its readers' plans
PAIR_READERS = 24  # readers compared per question


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
    holds: dict[str, int] = field(default_factory=lambda: dict.fromkeys(INVARIANTS, 0))
    first_failure: dict[str, dict] = field(default_factory=dict)  # invariant -> the first reader it failed
    busiest_over: int = 0  # plans whose busiest week is over the reader's hours
    used: list[float] = field(default_factory=list)  # share of the reader's 13 weeks of hours each plan uses
    core: int = 0  # plans whose applications and outreach run in CORE_WEEKS weeks, started in time


def invariants(planned: Schedule, urgent: bool = False) -> dict[str, bool]:
    """Whether one schedule keeps each of the planner's promises."""
    budget = planned.hours * 60
    placed = {step.section.id: step for step in planned.steps}
    loads = [planned.week_load(week) for week in range(1, WEEKS + 1)]
    return {
        "every week fits": all(load <= budget for load in loads),
        "no week is empty": all(loads[week - 1] for week in range(planned.start, WEEKS + 1)),
        "every need is met": all(need in placed and _follows(step, placed[need])
                                 for step in planned.steps for need in step.section.needs),
        "every order holds": all(_follows(step, placed[before]) for step in planned.steps
                                 for before in step.section.after if before in placed),
        "every requirement is met": not planned.unmet,
        "every reason is true": all(_reason_is_true(planned, item, loads) for item in planned.left_out),
    }


def _follows(step, before) -> bool:
    """Whether ``step`` comes after ``before``: a week after a habit starts, or once a one-off is done."""
    if before.section.habit is not None:
        return step.week > before.week
    return step.week >= before.last_week


def _reason_is_true(planned: Schedule, item, loads: list[int]) -> bool:
    """A "no room" reason holds when no week of its window has room for the step (its weekly
    minimum, for a habit) within the reader's hours; every other reason names what it is about."""
    if item.window is None:
        return "_" not in item.reason  # reader words, never a group or section id
    first, last = item.window
    budget = planned.hours * 60
    section = item.section
    need = section.habit.each * section.habit.min if section.habit is not None else section.effort
    if section.habit is None:
        return all(loads[week - 1] + need > budget for week in range(first, last + 1))
    end = section.habit.until
    for start in range(first, last + 1):
        fits = [week for week in range(start, end + 1) if loads[week - 1] + need <= budget]
        if fits and fits[0] == start and 4 * len(fits) >= 3 * (end - start + 1):
            return False
    return True


def weekly_core(planned: Schedule, urgent: bool) -> bool:
    """Applications and outreach each take time in CORE_WEEKS weeks, from week 3 (week 1 when urgent)."""
    for tags in CORE_TAGS.values():
        steps = [step for step in planned.steps if set(step.section.tags) & set(tags)]
        weeks = {week for step in steps for week, _ in step.load}
        if len(weeks) < CORE_WEEKS or not weeks or min(weeks) > (1 if urgent else 3):
            return False
    return True


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
        checked = check_answers(content, answers, complete=False)
        values = {**checked, **compute_facts(content, checked)}
        # Every other reader has also checked in: each progress fact holds for a quarter of them.
        values.update({name: coverage.walked % 2 == 0 and rng.random() < 0.25 for name in PROGRESS_FACTS})
        planned = schedule(content, values)
        coverage.rules_fired.update(rule.id for rule in fired_rules(content, values))
        steps = [step.section.id for step in planned.steps]
        coverage.sections_reached.update(steps)
        urgent = bool(values.get("urgent"))
        coverage.used.append(sum(planned.week_load(w) for w in range(1, WEEKS + 1)) / (planned.hours * 60 * WEEKS))
        coverage.core += weekly_core(planned, urgent)
        for name, held in invariants(planned, urgent).items():
            if held:
                coverage.holds[name] += 1
            else:
                coverage.first_failure.setdefault(name, answers)
        size = len(steps)
        coverage.sizes.append(size)
        if coverage.smallest is None or size < len(coverage.smallest["steps"]):
            coverage.smallest = {"answers": answers, "steps": steps}
        if coverage.largest is None or size > len(coverage.largest["steps"]):
            coverage.largest = {"answers": answers, "steps": steps}
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
    if coverage.sizes and min(coverage.sizes) < content.plan.min_steps:
        coverage.problems.append(f"some answers give a plan of {min(coverage.sizes)} steps, fewer than "
                                 f"min_steps {content.plan.min_steps}: {coverage.smallest['answers']}")
    # A site that declares a weekly core (a requirement over `weeks`) is held to a programme's figures;
    # others (a short starter quiz, say) make shorter plans on purpose.
    if coverage.used and any(requirement.weeks for requirement in content.plan.require):
        used = sorted(coverage.used)
        if statistics.median(used) < 0.6 or used[len(used) // 10] < 0.4:
            coverage.problems.append("plans use too little of the reader's hours: the median must be at least 60% "
                                     "and the 10th percentile at least 40%")
        if coverage.core < coverage.walked:
            coverage.problems.append(f"the weekly core is missing from {coverage.walked - coverage.core} plans")
    for name, answers in coverage.first_failure.items():
        coverage.problems.append(f"{name} fails for {coverage.walked - coverage.holds[name]} of "
                                 f"{coverage.walked} readers, first for these answers: {answers}")


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
        _compiled_line(content),
        f"rules fired: {share(len(coverage.rules_fired), len(content.rules))}",
        f"questions shown: {share(len(coverage.questions_shown), len(content.questions))}",
        f"plan size: smallest {min(coverage.sizes)}, median {statistics.median(coverage.sizes):g}, "
        f"largest {max(coverage.sizes)} steps" if coverage.sizes else "plan size: no plans",
        *(f"{name}: {100 * coverage.holds[name] / coverage.walked:.1f}% of plans" for name in INVARIANTS
          if coverage.walked),
        *(_used_lines(coverage) if coverage.used else []),
    ]


def _compiled_line(content: Content) -> str:
    """How many section templates were compiled at build time, naming the first few that were not: one is
    enough for every reader's browser to download and import Jinja2 and Markdown as well."""
    left = [section.id for section in content.sections if section.compiled is None]
    line = f"templates compiled at build time: {len(content.sections) - len(left)}/{len(content.sections)}"
    if not left:
        return line
    return (f"{line}; left to Jinja2 in the browser (a loop, another filter, `set`, or more than "
            f"{MAX_VARIANTS} combinations of branches): {', '.join(left[:5])}{' …' if len(left) > 5 else ''}")


def _used_lines(coverage: Coverage) -> list[str]:
    used = sorted(coverage.used)
    tenth = used[len(used) // 10]
    return [
        f"hours used over 13 weeks: median {100 * statistics.median(used):.0f}%, "
        f"10th percentile {100 * tenth:.0f}% of the reader's hours",
        f"weekly core (applications and outreach in {CORE_WEEKS}+ weeks, from week 3, week 1 when urgent): "
        f"{100 * coverage.core / coverage.walked:.1f}% of plans",
    ]


# ---- answers that count --------------------------------------------------------

def _variants(question: Question) -> list[object]:
    """The answers compared for one question: each option, or a scale's low, middle and high."""
    if question.type == "single":
        return [option.id for option in question.options]
    if question.type == "multi":
        return [[option.id] for option in question.options]
    if question.type == "scale":
        return sorted({question.min, (question.min + question.max) // 2, question.max})
    return []


def _complete(content: Content, answers: dict) -> dict | None:
    """``answers`` with any required question a variant revealed answered by its first choice."""
    answers = dict(answers)
    for _ in range(len(content.questions)):
        try:
            return dict(check_answers(content, answers))
        except AnswerError as error:
            question = content.question(error.question)
            if question is None or error.question in answers or not _variants(question):
                return None
            answers[error.question] = _variants(question)[0]
    return None


class _Prints:
    """What a reader gets, minus what only repeats their answers (summary, "because" lines): the
    schedule first (cheap), the words only when two schedules agree."""

    def __init__(self, content: Content, answers: dict):
        self.content, self.answers = content, answers
        checked = _complete(content, answers)
        self.checked = checked
        if checked is not None:
            values = {**checked, **compute_facts(content, checked)}
            planned = schedule(content, values)
            self.steps = tuple((s.section.id, s.load, s.counts) for s in planned.steps)
        self._words: tuple | None = None

    def words(self) -> tuple:
        if self._words is None:
            plan = build_plan(self.content, self.checked)
            self._words = tuple(step.body_markdown for step in plan.steps)
        return self._words

    def differs(self, other: "_Prints") -> bool | None:
        if self.checked is None or other.checked is None:
            return None
        return self.steps != other.steps or self.words() != other.words()


@dataclass
class Counting:
    readers: int = 0
    pairs: int = 0
    shares: dict[tuple[str, str, str], float] = field(default_factory=dict)  # (question, a, b) -> share changed
    dead: list[tuple[str, str, str]] = field(default_factory=list)  # pairs that change no reader's plan

    def below(self, share: float = PAIR_SHARE) -> list[tuple[str, str, str, float]]:
        """Pairs of single and multi answers whose change alters fewer than ``share`` of plans."""
        return [(*pair, value) for pair, value in self.shares.items() if value < share]


def answers_that_count(content: Content, readers: int = PAIR_READERS, seed: int = 1) -> Counting:
    """For each pair of answers to each single and multi question, the share of sampled readers shown
    the question whose plan differs between the two (steps, weeks or words); scales are compared too,
    low, middle and high, but only for plans that never differ."""
    rng = random.Random(seed)
    counting = Counting()
    for question in content.questions:
        variants = _variants(question)
        if len(variants) < 2:
            continue
        compared = 0
        changed: dict[tuple[str, str], int] = {}
        for _ in range(readers * 30):
            if compared == readers:
                break
            answers = random_answers(content, rng)
            if question.id not in {q.id for q in visible_questions(content, answers)}:
                continue
            compared += 1
            prints = [_Prints(content, {**answers, question.id: value}) for value in variants]
            for i, a in enumerate(variants):
                for j in range(i + 1, len(variants)):
                    key = (str(a), str(variants[j]))
                    changed[key] = changed.get(key, 0) + bool(prints[i].differs(prints[j]))
        counting.readers += compared
        for (a, b), count in changed.items():
            counting.pairs += 1
            share = count / compared if compared else 0.0
            if question.type in ("single", "multi"):
                counting.shares[(question.id, a, b)] = share
            if count == 0:
                counting.dead.append((question.id, a, b))
    return counting
