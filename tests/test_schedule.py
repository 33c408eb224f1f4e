"""The scheduler: every week fits the reader's hours, needs come first,
essentials are met, and what did not fit is named with a reason."""

from plangen.engine.model import (
    Content, Guide, PlanSettings, Question, Requirement, Rule, Section,
)
from plangen.engine.schedule import schedule

HOURS = Question(id="hours", type="scale", text="Hours?", min=1, max=20)


def _content(sections, rules, **plan) -> Content:
    guide = Guide(path="guides/g.md", title="G", description="", theme="", intro="",
                  sections=tuple(s.id for s in sections))
    settings = PlanSettings(hours_question="hours", **plan)
    return Content(questions=(HOURS,), facts=(), rules=tuple(rules), groups=(), sections=tuple(sections),
                   guides=(guide,), plan=settings)


def _section(sid, phase="week", effort=60, tags=(), needs=(), latest=None) -> Section:
    return Section(id=sid, title=sid.title(), guide="guides/g.md", phase=phase, effort=effort, tags=tuple(tags),
                   needs=tuple(needs), latest=latest)


def _everyone(*include, priority=0) -> Rule:
    return Rule(id="r-" + "-".join(include), include=tuple(include), priority=priority, why="Because.")


def _weeks(planned) -> dict[str, tuple]:
    return {step.section.id: step.load for step in planned.steps}


def test_no_week_holds_more_than_the_readers_hours():
    content = _content([_section("a"), _section("b"), _section("c", latest="month")], [_everyone("a", "b", "c")])
    planned = schedule(content, {"hours": 2})
    assert all(planned.week_load(week) <= 120 for week in range(1, 14))
    assert _weeks(planned) == {"a": ((1, 60),), "b": ((1, 60),), "c": ((2, 60),)}


def test_a_step_longer_than_a_week_spans_consecutive_weeks():
    content = _content([_section("big", phase="month", effort=150)], [_everyone("big")])
    assert _weeks(schedule(content, {"hours": 1})) == {"big": ((2, 60), (3, 60), (4, 30))}


def test_a_step_that_does_not_fit_its_phase_and_may_not_move_is_left_out_with_a_reason():
    content = _content([_section("a"), _section("b")], [_everyone("a", "b")])
    planned = schedule(content, {"hours": 1})
    assert [(item.section.id, item.reason) for item in planned.left_out] == [("b", "your weeks are already full")]


def test_higher_priority_is_placed_first():
    content = _content([_section("low"), _section("high")], [_everyone("low"), _everyone("high", priority=5)])
    planned = schedule(content, {"hours": 1})
    assert list(_weeks(planned)) == ["high"] and planned.left_out[0].section.id == "low"


def test_a_need_no_rule_proposed_is_pulled_in_before_its_dependent():
    content = _content([_section("base", phase="month", effort=30), _section("top", effort=30, needs=["base"])],
                       [_everyone("top")])
    planned = schedule(content, {"hours": 2})
    assert [step.section.id for step in planned.steps] == ["base", "top"]
    assert planned.steps[0].week == 1 and planned.steps[0].pulled_by == "Top"


def test_a_dependent_whose_need_does_not_fit_is_left_out_naming_the_need():
    content = _content([_section("base", effort=90), _section("top", effort=30, needs=["base"])],
                       [_everyone("top")])
    planned = schedule(content, {"hours": 1})
    assert planned.steps == ()
    assert planned.left_out[0].reason == "it needs “Base”, which did not fit"


def test_a_requirement_is_met_by_its_best_candidate_ahead_of_priority():
    content = _content([_section("busy", effort=60), _section("friends", effort=60, tags=["peers"])],
                       [_everyone("busy", priority=9), _everyone("friends")],
                       require=(Requirement(tags=("peers",)),))
    planned = schedule(content, {"hours": 1})
    assert [step.section.id for step in planned.steps] == ["friends"] and planned.unmet == ()


def test_an_unanswered_hours_question_uses_the_default_hours():
    content = _content([_section("a")], [_everyone("a")], default_hours=3)
    assert schedule(content, {}).hours == 3


def test_the_same_answers_give_the_same_schedule():
    content = _content([_section("a"), _section("b", phase="month", latest="quarter")], [_everyone("a", "b")])
    assert schedule(content, {"hours": 1}) == schedule(content, {"hours": 1})
