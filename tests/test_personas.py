"""Plans for the site's example readers: a paced quarter within their hours, focused and distinct."""

import itertools

import pytest

from plangen.engine.planner import build_plan
from plangen.engine.model import PHASES, WEEKS

from personas import PERSONAS


@pytest.fixture(scope="module")
def plans(content):
    return {name: build_plan(content, answers) for name, answers in PERSONAS.items()}


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_persona_weeks_are_never_empty_and_never_over_their_hours(plans, name):
    plan = plans[name]
    loads = [plan.week_load(week) for week in range(1, WEEKS + 1)]
    assert min(loads) > 0 and max(loads) <= plan.hours * 60, loads


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_persona_quarter_uses_a_fair_share_of_their_hours(plans, name):
    plan = plans[name]
    used = sum(plan.week_load(week) for week in range(1, WEEKS + 1)) / (plan.hours * 60 * WEEKS)
    assert used >= 0.4, used


def test_the_urgent_persona_applies_for_work_or_income_in_week_one(plans):
    week_one = [step for step in plans["laid-off-short-runway"].steps if step.week == 1]
    assert any({"applications", "income"} & set(step.tags) for step in week_one)


def test_the_two_hundred_applications_persona_sends_targeted_applications_every_week(plans):
    (habit,) = [step for step in plans["two-hundred-applications"].steps if step.section == "send-applications"]
    weeks = {week for week, count, _ in habit.targets if count >= 1}
    assert weeks >= set(range(3, WEEKS + 1)) and all("tailored" in text for _, _, text in habit.targets)


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_persona_plan_has_steps_in_every_phase(plans, name):
    assert all(plans[name].phase(phase) for phase in PHASES)


@pytest.mark.parametrize("first, second", list(itertools.combinations(sorted(PERSONAS), 2)))
def test_two_personas_differ_in_at_least_a_quarter_of_their_chosen_steps(plans, first, second, content):
    # Habits, reviews and the steps every plan carries are the common core; the rest is chosen for the reader.
    for_everyone = {rule.id for rule in content.rules if rule.when is None}
    chosen = lambda name: {step.section for step in plans[name].steps  # noqa: E731
                           if step.kind == "once" and step.rule not in for_everyone}
    a, b = chosen(first), chosen(second)
    assert len(a ^ b) >= len(a | b) / 4, sorted(a & b)


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_every_persona_step_says_why(plans, name):
    for step in plans[name].steps:
        assert step.why.startswith("Because ") and step.why.endswith(".")


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_persona_busiest_week_fits_the_hours_they_gave(plans, name):
    plan = plans[name]
    assert plan.hours == PERSONAS[name]["hours"]
    busiest = max(plan.week_load(week) for week in range(1, 14))
    assert busiest <= plan.hours * 60, (busiest, plan.hours)


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_persona_plan_has_someone_in_the_field_and_someone_in_the_same_position(plans, name):
    tags = {tag for step in plans[name].steps for tag in step.tags}
    assert {"people", "peers"} <= tags


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_persona_steps_come_after_what_they_need(plans, name):
    placed = {step.section: step for step in plans[name].steps}
    for step in plans[name].steps:
        for need in step.needs:
            assert need in placed and placed[need].last_week <= step.week, (step.section, need)


def test_readers_who_dread_reaching_out_get_the_gentle_versions(content):
    import random

    from plangen.authoring.sampling import random_answers

    rng = random.Random(11)
    for _ in range(150):
        answers = random_answers(content, rng)
        answers["networking_comfort"] = 1
        steps = build_plan(content, answers).steps
        gentle = [step for step in steps if "gentle" in step.tags]
        assert any("people" in step.tags for step in gentle), answers
        assert any("peers" in step.tags for step in gentle), answers
