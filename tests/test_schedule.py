"""The scheduler's promises, one behaviour per test, on tiny hand-made content."""

from plangen.engine.conditions import parse_condition
from plangen.engine.model import (
    Content, Guide, Habit, PlanSettings, Question, Requirement, Rule, Section, ShareRule,
)
from plangen.engine.schedule import Progress, schedule

HOURS = Question(id="hours", type="scale", text="Hours?", min=1, max=20)
APPLY = Habit(each=60, min=1, max=5, target="send {count} applications", target_one="send one application")


def _content(sections, rules, groups=(), group_about=(), **plan) -> Content:
    guide = Guide(path="guides/g.md", title="G", description="", theme="", intro="",
                  sections=tuple(s.id for s in sections))
    settings = PlanSettings(hours_question="hours", **plan)
    return Content(questions=(HOURS,), facts=(), rules=tuple(rules), groups=tuple(groups), sections=tuple(sections),
                   guides=(guide,), plan=settings, group_about=tuple(group_about))


def _section(sid, phase="week", effort=60, tags=(), needs=(), latest=None, **more) -> Section:
    return Section(id=sid, title=sid.title(), guide="guides/g.md", phase=phase, effort=effort, tags=tuple(tags),
                   needs=tuple(needs), latest=latest, **more)


def _everyone(*include, priority=0, group=None) -> Rule:
    return Rule(id="r-" + "-".join(include), include=tuple(include), priority=priority, why="Because.", group=group)


def _weeks(planned) -> dict[str, tuple]:
    return {step.section.id: step.load for step in planned.steps}


def test_no_week_holds_more_than_the_readers_hours():
    sections = [_section(f"s{i}", phase="quarter") for i in range(30)]
    planned = schedule(_content(sections, [_everyone(*(s.id for s in sections))]), {"hours": 2})
    assert all(planned.week_load(week) <= 120 for week in range(1, 14))


def test_one_off_steps_are_spread_over_the_quarter_rather_than_piled_into_week_one():
    sections = [_section(f"s{i}", phase="quarter") for i in range(4)]
    planned = schedule(_content(sections, [_everyone("s0", "s1", "s2", "s3")]), {"hours": 10})
    assert [step.week for step in planned.steps] == [1, 2, 3, 4]


def test_a_week_is_filled_no_further_than_its_fair_share_while_later_weeks_have_room():
    sections = [_section(f"s{i}", phase="quarter", effort=30) for i in range(20)]
    planned = schedule(_content(sections, [_everyone(*(s.id for s in sections))], share=0.5), {"hours": 2})
    assert all(planned.week_load(week) <= 60 for week in range(1, 14))


def test_a_habit_runs_every_week_from_its_start_to_the_end_of_the_plan():
    planned = schedule(_content([_section("apply", phase="month", habit=APPLY)], [_everyone("apply")]), {"hours": 5})
    (step,) = planned.steps
    assert [week for week, _ in step.load] == list(range(1, 14))


def test_a_habit_runs_until_its_declared_last_week():
    habit = Habit(each=30, min=1, max=1, target="x {count}", target_one="x", until=6)
    planned = schedule(_content([_section("h", phase="month", habit=habit)], [_everyone("h")]), {"hours": 5})
    assert planned.steps[0].last_week == 6


def test_a_habits_weekly_count_grows_with_the_readers_hours():
    content = _content([_section("apply", phase="month", habit=APPLY)], [_everyone("apply")])
    few = dict(schedule(content, {"hours": 2}).steps[0].counts)
    many = dict(schedule(content, {"hours": 6}).steps[0].counts)
    assert few[5] == 1 and many[5] == 4


def test_a_habits_count_stays_within_its_declared_maximum():
    content = _content([_section("apply", phase="month", habit=APPLY)], [_everyone("apply")])
    assert max(count for _, count in schedule(content, {"hours": 20}).steps[0].counts) == 5


def test_no_week_is_empty_once_a_habit_runs():
    content = _content([_section("a"), _section("apply", phase="month", habit=APPLY)], [_everyone("a", "apply")])
    planned = schedule(content, {"hours": 3})
    assert all(planned.week_load(week) for week in range(1, 14))


def test_a_soft_order_places_a_step_no_earlier_than_the_one_it_follows():
    content = _content([_section("second", phase="quarter", effort=30, after=("first",)),
                        _section("first", phase="quarter", effort=90, stage="offers")],
                       [_everyone("second", "first")], share=1.0)
    planned = {step.section.id: step for step in schedule(content, {"hours": 2}).steps}
    assert planned["second"].week >= planned["first"].week
    assert [step.section.id for step in schedule(content, {"hours": 2}).steps].index("first") == 0


def test_a_soft_order_pulls_nothing_into_the_plan():
    content = _content([_section("second", after=("first",)), _section("first")], [_everyone("second")])
    assert list(_weeks(schedule(content, {"hours": 2}))) == ["second"]


def test_a_habit_starts_the_week_after_a_habit_it_follows():
    follow = Habit(each=15, min=1, max=1, target="f {count}", target_one="f")
    content = _content([_section("apply", phase="month", habit=APPLY),
                        _section("follow", phase="month", habit=follow, after=("apply",))],
                       [_everyone("apply", "follow")])
    planned = {step.section.id: step for step in schedule(content, {"hours": 5}).steps}
    assert planned["follow"].week == planned["apply"].week + 1


def test_a_requirement_with_a_deadline_is_started_by_that_week():
    sections = [_section(f"s{i}", phase="week", effort=120) for i in range(3)] + \
        [_section("apply", phase="quarter", tags=["applications"])]
    content = _content(sections, [_everyone("s0", "s1", "s2", priority=9), _everyone("apply")],
                       require=(Requirement(tags=("applications",), by=1),))
    planned = {step.section.id: step for step in schedule(content, {"hours": 4}).steps}
    assert planned["apply"].week == 1


def test_a_requirement_applies_only_to_readers_its_condition_holds_for():
    condition = parse_condition({"answer": "hours", "gte": 10}, "rules.yaml")
    sections = [_section("busy", phase="month", effort=30, stage="stabilise"),
                _section("apply", phase="quarter", effort=30, tags=["applications"])]
    content = _content(sections, [_everyone("busy", "apply")], share=0.25,
                       require=(Requirement(tags=("applications",), by=1, when=condition),))
    weeks = lambda hours: {s.section.id: s.week for s in schedule(content, {"hours": hours}).steps}  # noqa: E731
    assert weeks(2)["apply"] > 1 and weeks(12)["apply"] == 1


def test_a_checkpoint_sits_in_its_own_week():
    content = _content([_section("review", phase="quarter", effort=30, checkpoint=8)], [_everyone("review")])
    assert _weeks(schedule(content, {"hours": 3})) == {"review": ((8, 30),)}


def test_a_step_said_to_have_no_room_fits_no_week_of_its_window():
    sections = [_section(f"s{i}", phase="quarter") for i in range(14)]
    planned = schedule(_content(sections, [_everyone(*(s.id for s in sections))]), {"hours": 1})
    (item,) = planned.left_out
    first, last = item.window
    assert item.reason == f"weeks {first} to {last} already hold all the hours you have, with no room for it"
    assert all(planned.week_load(week) + 60 > 60 for week in range(first, last + 1))


def test_a_full_group_is_named_in_reader_words():
    sections = [_section("x", effort=15), _section("y", effort=15)]
    content = _content(sections, [_everyone("x", "y", group="scams")], groups=(("scams", 1),),
                       group_about=(("scams", "about job scams"),))
    assert schedule(content, {"hours": 5}).left_out[0].reason == "you already have 1 step about job scams"


def test_a_share_rule_lowers_how_full_each_week_is_filled():
    tired = parse_condition({"answer": "hours", "gte": 1}, "rules.yaml")
    content = _content([_section("apply", phase="month", habit=APPLY)], [_everyone("apply")],
                       share_when=(ShareRule(when=tired, share=0.25),))
    assert schedule(content, {"hours": 8}).fair == 120


def test_a_step_longer_than_a_week_spans_consecutive_weeks():
    content = _content([_section("big", phase="month", effort=150)], [_everyone("big")], share=1.0)
    assert _weeks(schedule(content, {"hours": 1})) == {"big": ((1, 60), (2, 60), (3, 30))}


def test_a_need_no_rule_proposed_is_pulled_in_before_its_dependent():
    content = _content([_section("base", phase="month", effort=30), _section("top", effort=30, needs=["base"])],
                       [_everyone("top")])
    planned = schedule(content, {"hours": 2})
    assert [step.section.id for step in planned.steps] == ["base", "top"]
    assert planned.steps[0].pulled_by == "Top"


def test_replanning_keeps_done_steps_where_they_were_done():
    content = _content([_section("a"), _section("b", phase="month")], [_everyone("a", "b")])
    planned = schedule(content, {"hours": 2}, Progress(week=5, done=(("a", 1),)))
    steps = {step.section.id: step for step in planned.steps}
    assert steps["a"].week == 1 and steps["a"].done


def test_replanning_paces_what_is_not_done_from_the_given_week():
    content = _content([_section("a"), _section("b", phase="month")], [_everyone("a", "b")])
    planned = schedule(content, {"hours": 2}, Progress(week=5, done=(("a", 1),)))
    assert {step.section.id: step.week for step in planned.steps}["b"] >= 5


def test_replanning_keeps_habits_running_from_the_given_week():
    content = _content([_section("apply", phase="month", habit=APPLY)], [_everyone("apply")])
    planned = schedule(content, {"hours": 5}, Progress(week=6))
    assert [week for week, _ in planned.steps[0].load] == list(range(6, 14))


def test_an_unanswered_hours_question_uses_the_default_hours():
    content = _content([_section("a")], [_everyone("a")], default_hours=3)
    assert schedule(content, {}).hours == 3


def test_the_same_answers_give_the_same_schedule():
    content = _content([_section("a"), _section("b", phase="month", latest="quarter")], [_everyone("a", "b")])
    assert schedule(content, {"hours": 1}) == schedule(content, {"hours": 1})


def test_a_step_that_answers_the_readers_check_ins_goes_into_this_week_before_steps_that_fill_it():
    # Week 5 has room for two of the three hours; the stabilising step due this week would take one of them.
    sections = [_section("steady", stage="stabilise", effort=60), _section("other", stage="direction", effort=60),
                _section("fix", stage="materials", effort=60)]
    silence = Rule(id="silence", include=("fix",), when=parse_condition({"fact": "no_replies"}, "t"), priority=1,
                   phase="week")
    content = _content(sections, [_everyone("steady", "other", priority=50), silence], share=1.0)
    values = {"hours": 2, "no_replies": True}
    planned = schedule(content, values, Progress(week=5))
    assert {step.section.id: step.week for step in planned.steps}["fix"] == 5


def test_without_the_check_ins_the_same_step_waits_its_turn_by_stage():
    sections = [_section("steady", stage="stabilise", effort=60), _section("other", stage="direction", effort=60),
                _section("fix", stage="materials", effort=60)]
    everyone = _everyone("steady", "other", "fix", priority=50)
    planned = schedule(_content(sections, [everyone], share=1.0), {"hours": 2}, Progress(week=5))
    assert {step.section.id: step.week for step in planned.steps}["fix"] == 6


def test_an_essential_due_this_week_keeps_its_room_from_a_step_that_answers_the_check_ins():
    sections = [_section("essential", effort=60, tags=["core"]), _section("fix", effort=60)]
    silence = Rule(id="silence", include=("fix",), when=parse_condition({"fact": "no_replies"}, "t"), priority=99,
                   phase="week")
    content = _content(sections, [_everyone("essential"), silence], share=1.0,
                       require=(Requirement(tags=("core",), by=1),))
    planned = schedule(content, {"hours": 1, "no_replies": True})
    assert {step.section.id: step.week for step in planned.steps} == {"essential": 1, "fix": 2}
    assert planned.unmet == ()
