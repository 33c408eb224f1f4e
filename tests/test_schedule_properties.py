"""Hypothesis builds random content (one-off steps, habits, needs, soft orders, checkpoints) and
random readers; every schedule keeps the planner's promises, and re-planning keeps what was done."""

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.authoring.walk import invariants
from plangen.engine.model import (
    PHASES, STAGES, WEEKS, Content, Guide, Habit, PlanSettings, Question, Rule, Section,
)
from plangen.engine.schedule import Progress, schedule

EXAMPLES = int(os.environ.get("PLANGEN_FUZZ_EXAMPLES", "300"))
fuzz = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize="PLANGEN_FUZZ_EXAMPLES" not in os.environ)
HOURS = Question(id="hours", type="scale", text="Hours?", min=1, max=20)


@st.composite
def contents(draw) -> Content:
    """Up to 20 sections; needs and soft orders only name earlier sections, so none form a cycle."""
    count = draw(st.integers(1, 20))
    sections = []
    for index in range(count):
        earlier = [f"s{i}" for i in range(index)]
        habit = None
        if draw(st.integers(0, 4)) == 0:
            low = draw(st.integers(1, 2))
            habit = Habit(each=draw(st.sampled_from([15, 20, 30, 60])), min=low, max=low + draw(st.integers(0, 4)),
                          target="do it {count} times", target_one="do it once", until=draw(st.integers(6, WEEKS)))
        checkpoint = draw(st.one_of(st.none(), st.integers(1, WEEKS))) if habit is None else None
        needs = draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True)) if earlier and habit is None \
            and checkpoint is None else []
        after = [s for s in draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True))
                 if s not in needs] if earlier else []
        sections.append(Section(
            id=f"s{index}", title=f"S{index}", guide="guides/g.md", phase=draw(st.sampled_from(PHASES)),
            effort=draw(st.sampled_from([15, 30, 45, 60, 90, 120, 180, 300])), stage=draw(st.sampled_from(STAGES)),
            needs=tuple(needs), after=tuple(after), habit=habit, checkpoint=checkpoint))
    chosen = draw(st.lists(st.sampled_from([s.id for s in sections]), min_size=1, unique=True))
    rules = tuple(Rule(id=f"r{i}", include=(sid,), priority=draw(st.integers(0, 9)), why="Because.")
                  for i, sid in enumerate(chosen))
    guide = Guide(path="guides/g.md", title="G", description="", theme="", intro="",
                  sections=tuple(s.id for s in sections))
    return Content(questions=(HOURS,), facts=(), rules=rules, groups=(), sections=tuple(sections),
                   guides=(guide,), plan=PlanSettings(hours_question="hours", share=draw(st.sampled_from([0.5, 0.67, 1]))))


@fuzz
@given(contents(), st.integers(1, 20))
def test_every_schedule_fits_the_hours_and_keeps_needs_orders_and_true_reasons(content, hours):
    held = invariants(schedule(content, {"hours": hours}))
    assert {name: ok for name, ok in held.items() if name != "no week is empty"} == {
        "every week fits": True, "every need is met": True, "every order holds": True,
        "every requirement is met": True, "every reason is true": True}


@fuzz
@given(contents(), st.integers(1, 20))
def test_a_plan_with_a_habit_for_the_whole_quarter_has_no_empty_week(content, hours):
    planned = schedule(content, {"hours": hours})
    if any(step.kind == "habit" and step.week == 1 and step.last_week == WEEKS and len(step.load) == WEEKS
           for step in planned.steps):
        assert all(planned.week_load(week) for week in range(1, WEEKS + 1))


@fuzz
@given(contents(), st.integers(1, 20), st.integers(2, WEEKS), st.data())
def test_replanning_keeps_done_steps_in_their_weeks_and_nothing_new_before_the_given_week(content, hours, week, data):
    first = schedule(content, {"hours": hours})
    candidates = [(s.section.id, s.week) for s in first.steps if s.kind == "once" and s.week < week]
    done = tuple(data.draw(st.lists(st.sampled_from(candidates), unique=True))) if candidates else ()
    again = schedule(content, {"hours": hours}, Progress(week, done))
    placed = {step.section.id: step for step in again.steps}
    for section_id, when in done:
        assert placed[section_id].week == when and placed[section_id].done
    assert all(step.week >= week for step in again.steps if not step.done)
