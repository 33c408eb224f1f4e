"""A reader's progress as plain data: read strictly, written back in the same shape, and carried
by the worker's requests and the `.json` export."""

import json
from datetime import date

import pytest

from plangen.engine import worker
from plangen.engine.bundle import dumps as bundle_dumps
from plangen.engine.exchange import ImportRefused, export_json, import_file
from plangen.engine.planner import build_plan
from plangen.engine.schedule import CheckIn
from plangen.engine.tracking import ProgressError, Tracking, tracking_from_plain, tracking_to_plain

from personas import PERSONAS

READER = PERSONAS["visa-limited"]


def _habit(content):
    return next(s.id for s in content.sections if s.habit is not None)


def _once(content):
    return next(s.id for s in content.sections if s.habit is None and s.checkpoint is None)


def full(content) -> dict:
    return {"started": "2026-12-07", "week": 5, "done": {_once(content): 2},
            "counts": {_habit(content): {"3": 2, "4": 1}}, "planned": {"1": 6, "2": 4},
            "checkins": [{"week": 2, "applications": 3, "replies": 0, "interviews": None, "energy": "ok"},
                         {"week": 3, "applications": None, "replies": None, "interviews": None, "energy": None}]}


def test_progress_comes_back_in_the_shape_it_was_written(content):
    plain = full(content)
    assert tracking_to_plain(tracking_from_plain(content, plain)) == plain


def test_progress_reads_into_the_planners_progress(content):
    tracking = tracking_from_plain(content, full(content))
    assert tracking.started == date(2026, 12, 7)
    assert tracking.progress.week == 5 and tracking.progress.done == ((_once(content), 2),)
    assert tracking.progress.checkins[0] == CheckIn(week=2, applications=3, replies=0, energy="ok")
    assert tracking.count(_habit(content), 3) == 2 and tracking.count(_habit(content), 5) == 0
    assert tracking.planned_in(2) == 4 and tracking.planned_in(3) is None


def test_no_progress_is_a_plan_at_week_one_with_nothing_done(content):
    assert tracking_from_plain(content, None) == Tracking()
    assert tracking_from_plain(content, {}).progress.week == 1


def test_a_section_the_site_no_longer_has_is_dropped_not_refused(content):
    plain = {"done": {"no-such-step": 1}, "counts": {"no-such-habit": {"2": 1}}}
    assert tracking_to_plain(tracking_from_plain(content, plain))["done"] == {}
    assert tracking_from_plain(content, plain).counts == ()


def test_a_habit_is_counted_not_ticked_done(content):
    assert tracking_from_plain(content, {"done": {_habit(content): 2}}).progress.done == ()


@pytest.mark.parametrize("plain, words", [
    ([], "not in the expected form"),
    ({"week": 14}, "not a week of the plan"),
    ({"week": True}, "not a week of the plan"),
    ({"week": "3"}, "not a week of the plan"),
    ({"started": "2026-02-30"}, "start date that is not a date"),
    ({"started": 20261207}, "start date that is not a date"),
    ({"secret": 1}, "does not know"),
    ({"done": ["x"]}, "not in the expected form"),
    ({"done": {"STEP": 0}}, None),
    ({"counts": {"HABIT": {"x": 1}}}, "not a week of the plan"),
    ({"counts": {"HABIT": {"3": -1}}}, "not a number from 0 to 99"),
    ({"counts": {"HABIT": {"3": 1.5}}}, "not a number from 0 to 99"),
    ({"planned": {"3": 100}}, "planned count that is not a number from 0 to 99"),
    ({"planned": {"0": 1}}, "not a week of the plan"),
    ({"checkins": {"week": 2}}, "check-ins that are not in the expected form"),
    ({"checkins": [{"week": 2, "applications": -1}]}, "not a whole number"),
    ({"checkins": [{"week": 2, "applications": "3"}]}, "not a whole number"),
    ({"checkins": [{"week": 2, "energy": "tired"}]}, "not one of low, ok or good"),
    ({"checkins": [{"week": 2, "mood": "fine"}]}, "does not ask about"),
    ({"checkins": [{"week": 2}, {"week": 2}]}, "two check-ins for the same week"),
    ({"checkins": [{"applications": 2}]}, "not a week of the plan"),
])
def test_tampered_progress_is_refused_with_one_sentence(content, plain, words):
    text = json.dumps(plain).replace("STEP", _once(content)).replace("HABIT", _habit(content))
    with pytest.raises(ProgressError) as caught:
        tracking_from_plain(content, json.loads(text))
    message = str(caught.value)
    assert message.endswith(".") and message.count(". ") == 0 and "\n" not in message
    if words:
        assert words in message


def test_the_export_carries_progress_and_an_import_gives_it_back(content):
    tracking = tracking_from_plain(content, full(content))
    plan = build_plan(content, READER, progress=tracking.progress)
    back = import_file(content, export_json(READER, plan, tracking=tracking))
    assert back["progress"] == full(content)
    assert back["answers"]["role"] == READER["role"]


def test_an_export_without_progress_imports_with_none(content):
    assert import_file(content, export_json(READER, build_plan(content, READER)))["progress"] is None


def test_an_import_with_tampered_progress_is_refused_and_says_why(content):
    data = json.loads(export_json(READER, build_plan(content, READER)))
    data["progress"] = {"week": 99}
    with pytest.raises(ImportRefused, match=r"^The progress in it cannot be used: your saved progress has a current"):
        import_file(content, json.dumps(data))


# --- through the worker ------------------------------------------------------------

@pytest.fixture
def loaded(content):
    worker.load(bundle_dumps(content))
    yield
    worker._loaded = None


def ask(request: dict) -> dict:
    return json.loads(worker.handle(json.dumps(request)))


@pytest.mark.usefixtures("loaded")
def test_a_plan_request_with_bad_progress_gets_one_sentence_not_a_traceback():
    reply = ask({"op": "plan", "answers": READER, "link_base": "", "progress": {"checkins": "lots"}})
    assert reply["ok"] is False and reply["error"]["code"] == "request"
    assert reply["error"]["message"] == "Your saved progress has check-ins that are not in the expected form."
    assert "detail" not in reply["error"]


@pytest.mark.usefixtures("loaded")
def test_four_weeks_of_applications_without_a_reply_bring_the_materials_into_this_week():
    silent = [{"week": w, "applications": 5, "replies": 0, "interviews": 0} for w in (2, 3, 4, 5)]
    before = ask({"op": "plan", "answers": READER, "link_base": "", "progress": {"week": 5}})["plan"]
    after = ask({"op": "plan", "answers": READER, "link_base": "",
                 "progress": {"week": 5, "checkins": silent}})["plan"]
    # The rule for silence puts the materials that belong in a week (phase: week) into the reader's week.
    materials = ("read-the-posting", "plain-format-resume")
    weeks_before = {s["section"]: s["week"] for s in before["steps"]}
    weeks_after = {s["section"]: s["week"] for s in after["steps"]}
    assert all(weeks_after[m] == 5 for m in materials)
    moved_in = [m for m in materials if weeks_before.get(m) != 5]
    assert moved_in, (weeks_before, weeks_after)
    why = next(s["why"] for s in after["steps"] if s["section"] == moved_in[0])
    assert "four weeks of applications have brought no replies yet" in why


@pytest.mark.usefixtures("loaded")
def test_the_plan_reply_carries_week_dates_and_the_picture_of_the_weeks_so_far():
    progress = {"started": "2026-11-30", "week": 3,
                "checkins": [{"week": 2, "applications": 4, "replies": 1, "interviews": 0}]}
    plan = ask({"op": "plan", "answers": READER, "link_base": "", "progress": progress})["plan"]
    assert plan["started"] == "2026-11-30" and plan["weeks"][2]["label"] == "week 3, 14–20 Dec"
    assert plan["progress"]["rows"][0]["applications"] == 4 and len(plan["progress"]["rows"]) == 3
    assert plan["progress"]["svg"].startswith("<svg")


@pytest.mark.usefixtures("loaded")
def test_the_calendar_is_dated_from_the_plans_start_whatever_today_says():
    progress = {"started": "2026-11-30", "week": 3}
    ics = ask({"op": "ics", "answers": READER, "link_base": "", "progress": progress, "today": "2027-01-01"})["ics"]
    assert "DTSTART;VALUE=DATE:20261214" in ics and "20270101" not in ics  # week 3 is 14-20 Dec


@pytest.mark.usefixtures("loaded")
def test_the_calendar_refuses_a_why_that_is_not_yes_or_no():
    reply = ask({"op": "ics", "answers": READER, "link_base": "", "today": "2027-01-01", "why": "yes"})
    assert reply["error"]["code"] == "request" and "yes or no" in reply["error"]["message"]


@pytest.mark.usefixtures("loaded")
def test_the_import_op_returns_the_answers_and_the_progress():
    text = ask({"op": "downloads", "answers": READER, "link_base": "",
                "progress": {"started": "2026-11-30", "week": 2}})["export"]
    reply = ask({"op": "import", "text": text})
    assert reply["ok"] and reply["progress"]["started"] == "2026-11-30" and reply["progress"]["week"] == 2
