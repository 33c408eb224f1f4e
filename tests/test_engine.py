"""The engine turns answers into a plan: which steps, in what order, and why."""

from plangen.engine.planner import build_plan
from plangen.engine.errors import AnswerError

import pytest

LAID_OFF = {
    "situation": "laid-off", "runway": "short", "blockers": ["silence", "network"],
    "hours": 12, "role": "data analyst",
}


def test_plan_has_exactly_the_steps_the_rules_select_in_phase_then_priority_order(basic_content):
    plan = build_plan(basic_content, LAID_OFF)
    assert [(s.phase, s.section) for s in plan.steps] == [
        ("week", "count-money"),
        ("week", "read-posting"),
        ("week", "weekly-plan"),
        ("month", "fix-resume"),
        ("month", "find-people"),
    ]


def test_rule_phase_overrides_the_section_phase(basic_content):
    plan = build_plan(basic_content, LAID_OFF)
    step = next(s for s in plan.steps if s.section == "count-money")
    assert step.phase == "week"  # the guide says month; the 'money' rule says week


def test_group_limit_keeps_only_the_first_steps_of_a_group(basic_content):
    plan = build_plan(basic_content, {"situation": "working", "blockers": ["network"]})
    assert "first-message" not in [s.section for s in plan.steps]
    assert "find-people" in [s.section for s in plan.steps]


def test_why_names_the_answers_that_made_the_rule_fire(basic_content):
    plan = build_plan(basic_content, LAID_OFF)
    why = {s.section: s.why for s in plan.steps}
    assert why["count-money"] == "Because money is tight."
    assert why["read-posting"] == "Because you hear nothing back."
    assert why["weekly-plan"] == "Because everyone needs a plan."


def test_a_step_picked_by_two_rules_explains_both_higher_priority_first(basic_content):
    plan = build_plan(basic_content, LAID_OFF)
    step = next(s for s in plan.steps if s.section == "find-people")
    assert step.why == "Because you have 12 hours a week and you know nobody in the field."


def test_templates_fill_in_the_reader_role(basic_content):
    plan = build_plan(basic_content, LAID_OFF)
    step = next(s for s in plan.steps if s.section == "weekly-plan")
    assert step.body_markdown.strip() == "Block time for data analyst."


def test_templates_branch_on_derived_facts(basic_content):
    urgent = next(s for s in build_plan(basic_content, LAID_OFF).steps if s.section == "fix-resume")
    calm = build_plan(basic_content, {**LAID_OFF, "runway": "long"})
    assert urgent.body_markdown.strip() == "Do the short version."
    assert next(s for s in calm.steps if s.section == "fix-resume").body_markdown.strip() == "Take your time."


def test_blank_text_answer_falls_back_to_neutral_words(basic_content):
    plan = build_plan(basic_content, {**LAID_OFF, "role": ""})
    step = next(s for s in plan.steps if s.section == "weekly-plan")
    assert step.body_markdown.strip() == "Block time for your target role."


def test_links_between_guides_point_at_the_site(basic_content):
    plan = build_plan(basic_content, LAID_OFF, link_base="https://example.org/")
    step = next(s for s in plan.steps if s.section == "read-posting")
    assert "](https://example.org/guides/people/#find-people)" in step.body_markdown
    assert step.url == "https://example.org/guides/search/#read-posting"


def test_same_answers_give_the_same_plan(basic_content):
    assert build_plan(basic_content, LAID_OFF) == build_plan(basic_content, dict(reversed(list(LAID_OFF.items()))))


def test_summary_lists_answered_questions_with_their_labels(basic_content):
    plan = build_plan(basic_content, LAID_OFF)
    assert [(i.label, i.value) for i in plan.summary] == [
        ("Situation", "Laid off"), ("In the way", "Silence, No network"), ("Aiming for", "data analyst"),
    ]


def test_unknown_question_is_an_answer_error(basic_content):
    with pytest.raises(AnswerError, match="There is no question called “colour”."):
        build_plan(basic_content, {"situation": "working", "colour": "blue"})


def test_an_answer_to_a_hidden_question_is_left_out_of_the_plan(basic_content):
    # The page keeps answers to questions a later change hid (the reader may go
    # back); the plan is made as if they were not there.
    with_hidden = build_plan(basic_content, {"situation": "working", "runway": "short"})
    assert with_hidden == build_plan(basic_content, {"situation": "working"})


def test_missing_required_answer_is_an_answer_error(basic_content):
    with pytest.raises(AnswerError, match="“Where are you now\\?” needs an answer."):
        build_plan(basic_content, {"hours": 3})


@pytest.mark.parametrize("answers, message", [
    ({"situation": "retired"}, "That is not one of the choices for “Where are you now?”."),
    ({"situation": "working", "hours": 21}, "“Hours a week?” takes a whole number from 1 to 20."),
    ({"situation": "working", "hours": True}, "“Hours a week?” takes a whole number from 1 to 20."),
    ({"situation": "working", "blockers": ["silence", "network", "tired"]}, "Pick at most 2 for “What is in the way?”."),
    ({"situation": "working", "blockers": "silence"}, "“What is in the way?” takes a list of choices."),
    ({"situation": "working", "role": "x" * 41}, "Your answer to “Which role?” is longer than 40 characters."),
    ({"situation": "working", "role": 7}, "“Which role?” takes text."),
])
def test_malformed_answers_get_a_sentence(basic_content, answers, message):
    with pytest.raises(AnswerError) as error:
        build_plan(basic_content, answers)
    assert error.value.message == message


def test_text_at_the_length_limit_with_a_direction_control_passes_every_check(basic_content):
    from plangen.engine.answers import check_answers

    role = basic_content.question("role")
    typed = "a" * (role.max_length - 1) + "\u202e"  # at the limit, with an unclosed override
    once = check_answers(basic_content, {**LAID_OFF, "role": typed})
    assert check_answers(basic_content, once) == once  # the added closer does not count as typed
    assert build_plan(basic_content, once).steps
