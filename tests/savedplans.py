"""Saved quiz state holding a real plan, made by the engine in CPython the way
the quiz page makes it (the `plan` op for what the page shows, then the
`downloads` op for the files), so a test can open a plan without driving the quiz."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from plangen.engine import worker as engine

KEY = "plangen:state"


def _ask(request: dict) -> dict:
    reply = json.loads(engine.handle(json.dumps(request)))
    assert reply["ok"], reply
    return reply


def fresh_progress(started: date | None = None) -> dict:
    """A new plan's progress as the page makes it (progress.js `freshProgress`): week 1 begins ``started``.

    The page dates a new plan by the reader's local day; the tests and the
    browser run on one machine, so today's date here is the page's too.
    """
    return {"started": (started or date.today()).isoformat(), "week": 1, "done": {}, "counts": {},
            "planned": {}, "checkins": []}


def saved_plan_state(answers: dict, link_base: str) -> dict:
    """The state the quiz stores once the plan and its files are in (the engine must be loaded)."""
    progress = fresh_progress()
    request = {"answers": answers, "link_base": link_base, "progress": progress}
    reply = _ask({"op": "plan", **request})
    files = _ask({"op": "downloads", **request})
    plan = {"data": reply["plan"], "share": reply["share"], "answers": reply["answers"],
            **{key: files[key] for key in ("markdown", "html", "export")}}
    return {"version": 1, "answers": reply["answers"], "position": "plan", "plan": plan, "ticks": {},
            "progress": progress, "week": 1}


def skipped_questions(built_site: Path, answers: dict) -> list[dict]:
    """The questions shown for ``answers`` and left unanswered, as the quiz page keeps them with a plan."""
    questions = json.loads(next((built_site / "assets/plangen").glob("questions.*.json")).read_text())["questions"]
    visible = _ask({"op": "visible", "answers": answers})["visible"]
    return [{"question": q["id"], "label": q.get("summary") or q["text"]}
            for q in questions if q["id"] in visible and q["id"] not in answers]


def saved_state(built_site: Path, origin: str, answers: dict, **extra) -> dict:
    """`saved_plan_state` with the engine loaded from ``built_site``'s bundle, plus ``extra`` state keys."""
    engine.load(next((built_site / "assets/plangen").glob("content.*.json")).read_text())
    state = saved_plan_state(answers, origin)
    state["plan"]["skipped"] = skipped_questions(built_site, state["answers"])
    return {**state, **extra}


def open_with_state(page, origin: str, state: dict | str | None, path: str = "quiz/") -> None:
    """Put ``state`` (a dict, or raw text) under the state key, then open ``path`` afresh."""
    page.goto(origin)
    text = state if state is None or isinstance(state, str) else json.dumps(state)
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, text])
    page.goto(origin + path)


def read_state(page) -> dict | None:
    text = page.evaluate("(key) => localStorage.getItem(key)", KEY)
    return None if text is None else json.loads(text)
