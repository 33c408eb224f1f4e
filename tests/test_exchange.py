"""Answers leaving and re-entering the page: `.json` export and import, share
links, and the exact sentence each refusal gives the reader."""

from __future__ import annotations

import base64
import json
import re

import pytest

from plangen.engine import bundle, worker as browser
from plangen.engine.answers import check_answers
from plangen.engine.planner import build_plan
from plangen.engine.errors import PlangenError
from plangen.engine.exchange import (
    EXPORT_KIND, EXPORT_VERSION, LINK_PREFIX, MAX_IMPORT_CHARS, MAX_LINK_CHARS, ImportRefused, export_json,
    import_fragment, import_json, share_fragment,
)

from personas import PERSONAS

ANSWERS = PERSONAS["mid-career-changer"]
NOT_A_CHOICE = ("One of its answers does not fit this quiz: That is not one of the choices for "
                "“Which of these sounds most like you right now?”.")
ROLE_TOO_LONG = ("One of its answers does not fit this quiz: Your answer to “What role or field are you "
                 "aiming for?” is longer than 60 characters.")


def _plain(answers: dict) -> dict:
    return {key: list(value) if isinstance(value, tuple) else value for key, value in answers.items()}


def _file(**fields) -> str:
    return json.dumps({"kind": EXPORT_KIND, "version": EXPORT_VERSION, "answers": ANSWERS, **fields})


def _link(raw: bytes) -> str:
    return LINK_PREFIX + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _refusal(call, *args) -> str:
    with pytest.raises(ImportRefused) as caught:
        call(*args)
    return str(caught.value)


# --- export and import -------------------------------------------------------------

def test_export_then_import_gives_back_the_same_answers(content):
    answers = check_answers(content, ANSWERS)
    text = export_json(answers, build_plan(content, answers))
    assert import_json(content, text) == _plain(answers)


def test_export_names_its_kind_and_version_and_carries_the_plan(content):
    answers = check_answers(content, ANSWERS)
    plan = build_plan(content, answers)
    data = json.loads(export_json(answers, plan))
    assert (data["kind"], data["version"]) == ("plangen-plan", 1)
    titles = [step["title"] for phase in data["plan"]["phases"] for step in phase["steps"]]
    assert titles == [step.title for step in plan.steps]


def test_export_keeps_non_ascii_words_readable(content):
    answers = check_answers(content, {**ANSWERS, "role": "Übersetzerin für Японский"})
    assert "Übersetzerin für Японский" in export_json(answers, build_plan(content, answers))


def test_import_cleans_typed_text_the_way_the_quiz_does(content):
    answers = import_json(content, _file(answers={**ANSWERS, "role": "  data\x00 \tanalyst\x1b \ud800 "}))
    assert answers["role"] == "data  analyst \ufffd"


def test_import_drops_an_answer_that_other_answers_hide(content):
    # interview_stage only applies when interviews stall, which this reader did not say.
    answers = import_json(content, _file(answers={**ANSWERS, "interview_stage": "final"}))
    assert "interview_stage" not in answers and answers["situation"] == "employed"


def test_import_accepts_a_file_of_exactly_the_size_limit(content):
    text = _file()
    padded = text[:-1] + " " * (MAX_IMPORT_CHARS - len(text)) + "}"
    assert len(padded) == MAX_IMPORT_CHARS
    assert import_json(content, padded)["situation"] == "employed"


def test_import_refuses_a_file_over_the_size_limit(content):
    text = _file()
    padded = text[:-1] + " " * (MAX_IMPORT_CHARS + 1 - len(text)) + "}"
    assert _refusal(import_json, content, padded) == "That file is too large to be a plan saved from this site."


def test_import_refuses_text_that_is_not_json(content):
    assert _refusal(import_json, content, "{'kind': 'plangen-plan'") == (
        "That file is not a plan saved from this site (it is not valid JSON).")


def test_import_refuses_an_empty_file(content):
    assert _refusal(import_json, content, "") == "That file is not a plan saved from this site (it is not valid JSON)."


@pytest.mark.parametrize("text", ["[]", "null", '"plangen-plan"', "42"])
def test_import_refuses_json_that_is_not_an_object(content, text):
    assert _refusal(import_json, content, text) == "That file is not a plan saved from this site."


@pytest.mark.parametrize("kind", ["other-site-plan", None, 1])
def test_import_refuses_a_file_of_another_kind(content, kind):
    assert _refusal(import_json, content, _file(kind=kind)) == "That file is not a plan saved from this site."


def test_import_refuses_a_file_from_another_version(content):
    assert _refusal(import_json, content, _file(version=2)) == (
        "That file was saved by a different version of this site (version 2).")


@pytest.mark.parametrize("answers", [["employed"], "employed", None, 3])
def test_import_refuses_answers_that_are_not_a_set_of_question_ids_and_values(content, answers):
    assert _refusal(import_json, content, _file(answers=answers)) == "The answers in it are not in the expected form."


def test_import_refuses_an_option_the_quiz_does_not_have(content):
    assert _refusal(import_json, content, _file(answers={**ANSWERS, "situation": "astronaut"})) == NOT_A_CHOICE


def test_import_refuses_text_longer_than_the_question_allows(content):
    assert _refusal(import_json, content, _file(answers={**ANSWERS, "role": "x" * 61})) == ROLE_TOO_LONG


def test_import_measures_text_length_after_cleaning(content):
    # 60 visible characters padded with control characters and spaces still fit.
    answers = import_json(content, _file(answers={**ANSWERS, "role": "  " + "\x00y" * 60 + "  "}))
    assert answers["role"] == "y" * 60


def test_import_refuses_a_number_where_text_belongs(content):
    assert _refusal(import_json, content, _file(answers={**ANSWERS, "role": 5})) == (
        "One of its answers does not fit this quiz: “What role or field are you aiming for?” takes text.")


def test_import_refuses_a_scale_answer_out_of_range(content):
    message = _refusal(import_json, content, _file(answers={**ANSWERS, "hours": 10_000}))
    assert message.startswith("One of its answers does not fit this quiz: ") and "whole number from" in message


def test_a_refusal_is_a_plangen_error_with_one_sentence(content):
    with pytest.raises(PlangenError) as caught:
        import_json(content, "nope")
    assert re.fullmatch(r"[A-Z][^\n]*\.", str(caught.value))


# --- share links ---------------------------------------------------------------------

def test_share_fragment_round_trips_the_answers(content):
    answers = check_answers(content, ANSWERS)
    assert import_fragment(content, share_fragment(answers)) == _plain(answers)


def test_share_fragment_round_trips_with_the_leading_hash(content):
    answers = check_answers(content, {**ANSWERS, "role": "Übersetzerin <b> & {{ x }}"})
    assert import_fragment(content, "#" + share_fragment(answers)) == _plain(answers)


def test_share_fragment_is_url_safe_without_padding(content):
    fragment = share_fragment(check_answers(content, {**ANSWERS, "role": "?&=#/+ ü 😀"}))
    assert fragment.startswith("answers=")
    assert re.fullmatch(r"[A-Za-z0-9_-]+", fragment[len("answers="):])


def test_share_fragment_for_typical_answers_fits_the_link_limit(content):
    answers = check_answers(content, {**ANSWERS, "role": "😀" * 60, "background": "Ж" * 60})
    assert len(share_fragment(answers)) <= MAX_LINK_CHARS


@pytest.mark.parametrize("fragment", [
    "answers=@@@@",                                   # no base64 at all
    "answers=A",                                      # impossible length
    _link(b"{not json"),                              # base64, but not JSON
    _link(b"\xff\xfe\xfd"),                           # not UTF-8
    _link(json.dumps({"situation": "employed"}).encode())[:-3],  # cut short
])
def test_a_damaged_link_is_refused(content, fragment):
    assert _refusal(import_fragment, content, fragment) == "That link is damaged; ask for it to be sent again."


def test_a_link_over_the_length_limit_is_refused(content):
    assert _refusal(import_fragment, content, "answers=" + "A" * (MAX_LINK_CHARS + 1)) == (
        "That link is too long to be a plan link from this site.")


@pytest.mark.parametrize("fragment", ["", "#", "plan=abc", "#section-2", "Answers=e30"])
def test_a_link_without_the_answers_prefix_is_refused(content, fragment):
    assert _refusal(import_fragment, content, fragment) == "That link does not carry any answers."


def test_a_link_whose_answers_are_not_an_object_is_refused(content):
    assert _refusal(import_fragment, content, _link(b"[1, 2]")) == "The answers in it are not in the expected form."


def test_a_link_with_an_unknown_option_is_refused(content):
    assert _refusal(import_fragment, content, _link(json.dumps({"situation": "astronaut"}).encode())) == NOT_A_CHOICE


def test_a_link_with_text_over_the_limit_is_refused(content):
    raw = json.dumps({**ANSWERS, "role": "x" * 61}).encode()
    assert _refusal(import_fragment, content, _link(raw)) == ROLE_TOO_LONG


# --- the worker's plan reply: what leaves the engine to be saved and shared ------------

@pytest.fixture
def worker(content):
    browser.load(bundle.dumps(content))
    return lambda request: json.loads(browser.handle(json.dumps(request)))


def test_plan_reply_export_and_share_link_hold_the_cleaned_words(worker, content):
    request = {"link_base": "", "answers": {**ANSWERS, "role": "data\x00 analyst\x1b[0m"}}
    reply = worker({"op": "plan", **request})
    assert reply["ok"], reply
    summary = {item["question"]: item["value"] for item in reply["plan"]["summary"]}
    assert summary["role"] == "data analyst[0m"
    assert json.loads(worker({"op": "downloads", **request})["export"])["answers"]["role"] == "data analyst[0m"
    assert import_fragment(content, reply["share"])["role"] == "data analyst[0m"
    assert reply["answers"]["role"] == "data analyst[0m"


def test_plan_reply_with_an_unpaired_surrogate_still_makes_the_plan_and_its_link(worker, content):
    # JavaScript strings can hold half a surrogate pair (a script-set input, a hand-edited save).
    request = {"link_base": "", "answers": {**ANSWERS, "role": "lone \ud800 half"}}
    reply = worker({"op": "plan", **request})
    assert reply["ok"], reply
    assert import_fragment(content, reply["share"])["role"] == "lone \ufffd half"
    assert json.loads(worker({"op": "downloads", **request})["export"])["answers"]["role"] == "lone \ufffd half"


def test_worker_import_op_refuses_with_the_same_sentence(worker):
    reply = worker({"op": "import", "text": json.dumps({"kind": "plangen-plan", "version": 9, "answers": {}})})
    assert reply == {"ok": False, "error": {"code": "request", "question": None,
                                            "message": "That file was saved by a different version of this site (version 9)."}}


def test_worker_import_link_op_refuses_with_the_same_sentence(worker):
    reply = worker({"op": "import_link", "fragment": "#nothing-here"})
    assert reply["ok"] is False and reply["error"]["message"] == "That link does not carry any answers."
