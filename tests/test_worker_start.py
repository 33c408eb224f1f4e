"""The worker says ready after reading only what the quiz needs; a plan gets the rest."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from plangen.engine import bundle, worker

from personas import PERSONAS

READER = PERSONAS["new-graduate"]


@pytest.fixture
def unload():
    yield
    worker._loaded = None


def ask(request: dict) -> dict:
    return json.loads(worker.handle(json.dumps(request)))


def test_the_quiz_content_holds_the_same_questions_as_the_whole_content(content):
    data = json.loads(bundle.dumps(content))
    assert bundle.quiz_content_from_plain(data).questions == bundle.content_from_plain(data).questions


def test_the_quiz_content_holds_nothing_a_plan_is_made_from(content):
    quiz = bundle.quiz_content_from_plain(json.loads(bundle.dumps(content)))
    assert (quiz.facts, quiz.rules, quiz.sections, quiz.guides) == ((), (), (), ())


def test_the_quiz_content_refuses_a_bundle_of_another_format(content):
    data = {**json.loads(bundle.dumps(content)), "format": bundle.FORMAT + 1}
    with pytest.raises(ValueError, match=f"content bundle format {bundle.FORMAT + 1} is not {bundle.FORMAT}"):
        bundle.quiz_content_from_plain(data)


@pytest.mark.usefixtures("unload")
def test_the_quiz_ops_answer_without_making_the_whole_content(content):
    worker.load(bundle.dumps(content))
    assert ask({"op": "visible", "answers": READER})["ok"]
    assert ask({"op": "clean", "answers": READER})["ok"]
    assert worker._loaded is not None and not worker._loaded.built


@pytest.mark.usefixtures("unload")
def test_a_plan_asked_for_before_the_warm_up_is_the_plan_asked_for_after_it(content):
    request = {"op": "plan", "answers": READER, "link_base": "https://plans.example/"}
    worker.load(bundle.dumps(content))
    before = ask(request)
    worker.load(bundle.dumps(content))
    worker.warm_up()
    after = ask(request)
    assert before["ok"] and before == after


def _quiz_part(text: str) -> str:
    """What web/worker.js cuts out of the bundle with the browser's parser."""
    data = json.loads(text)
    return json.dumps({"format": data["format"], "questions": data["questions"]})


@pytest.mark.usefixtures("unload")
def test_given_the_questions_apart_the_whole_bundle_is_read_only_when_a_plan_needs_it(content, monkeypatch):
    text = bundle.dumps(content)
    quiz_part = _quiz_part(text)
    read: list[int] = []
    plain_loads = json.loads
    monkeypatch.setattr(worker.json, "loads", lambda source, **kw: (read.append(len(source)), plain_loads(source, **kw))[1])
    worker.load(text, quiz_part)
    assert ask({"op": "visible", "answers": READER})["ok"]
    assert len(text) not in read
    assert ask({"op": "plan", "answers": READER, "link_base": "https://plans.example/"})["ok"]
    assert len(text) in read


@pytest.mark.usefixtures("unload")
def test_a_bundle_given_as_a_function_with_its_questions_apart_is_asked_for_only_by_a_plan(content):
    text = bundle.dumps(content)
    asked: list[int] = []
    worker.load(lambda: (asked.append(1), text)[1], _quiz_part(text))
    assert ask({"op": "visible", "answers": READER})["ok"] and asked == []
    assert ask({"op": "plan", "answers": READER, "link_base": "https://plans.example/"})["ok"]
    assert ask({"op": "plan", "answers": READER, "link_base": "https://plans.example/"})["ok"]
    assert asked == [1]


@pytest.mark.usefixtures("unload")
def test_a_plan_from_a_bundle_given_with_its_questions_apart_is_the_plan_from_the_whole_bundle(content):
    request = {"op": "plan", "answers": READER, "link_base": "https://plans.example/"}
    text = bundle.dumps(content)
    worker.load(text)
    whole = ask(request)
    worker.load(text, _quiz_part(text))
    assert whole["ok"] and ask(request) == whole


@pytest.mark.usefixtures("unload")
def test_the_first_warm_up_step_makes_the_whole_content(content):
    worker.load(bundle.dumps(content))
    assert worker.warm_up(0)
    assert worker._loaded is not None and worker._loaded.built


@pytest.mark.usefixtures("unload")
def test_a_warm_up_taken_step_by_step_also_compiles_the_sections_left_to_jinja2(content):
    left = (replace(content.sections[0], compiled=None), replace(content.sections[1], compiled=None))
    worker.load(bundle.dumps(replace(content, sections=(*left, *content.sections[2:]))))
    steps = 1
    while worker.warm_up(steps - 1):
        steps += 1
    # The whole content, the plan's modules, Jinja2's and Markdown's, a first Markdown, then one per template.
    assert steps == 1 + len(worker.WARM_UP) + len(worker.WARM_UP_TEMPLATES) + 1 + len(left)
