"""Plans for the site's five example readers are focused, phased and distinct."""

import itertools

import pytest

from plangen.engine.planner import build_plan
from plangen.engine.model import PHASES

from personas import PERSONAS


@pytest.fixture(scope="module")
def plans(content):
    return {name: build_plan(content, answers) for name, answers in PERSONAS.items()}


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_persona_plan_has_6_to_15_steps(plans, name):
    assert 6 <= len(plans[name].steps) <= 15


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_persona_plan_has_steps_in_every_phase(plans, name):
    assert all(plans[name].phase(phase) for phase in PHASES)


@pytest.mark.parametrize("first, second", list(itertools.combinations(sorted(PERSONAS), 2)))
def test_two_personas_share_less_than_half_their_steps(plans, first, second):
    a = {step.section for step in plans[first].steps}
    b = {step.section for step in plans[second].steps}
    assert len(a & b) < min(len(a), len(b)) / 2, sorted(a & b)


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
