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
