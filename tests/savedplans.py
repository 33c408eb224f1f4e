"""Saved quiz state holding a real plan, made by the engine in CPython exactly
as the page stores it, so a test can open a plan without driving the quiz."""

from __future__ import annotations

import json
from pathlib import Path

from plangen.engine import worker as engine

KEY = "plangen:state"


def saved_state(built_site: Path, origin: str, answers: dict, **extra) -> dict:
    """The state the quiz page saves once it has shown the plan for ``answers``."""
    engine.load(next((built_site / "assets/plangen").glob("content.*.json")).read_text())
    reply = json.loads(engine.handle(json.dumps({"op": "plan", "answers": answers, "link_base": origin})))
    assert reply["ok"], reply
    plan = {key: reply[key] for key in ("markdown", "html", "export", "share", "answers")}
    return {"version": 1, "answers": reply["answers"], "position": "plan", "plan": {"data": reply["plan"], **plan},
            "ticks": {}, **extra}


def open_with_state(page, origin: str, state: dict | str | None, path: str = "quiz/") -> None:
    """Put ``state`` (a dict, or raw text) under the state key, then open ``path`` afresh."""
    page.goto(origin)
    text = state if state is None or isinstance(state, str) else json.dumps(state)
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, text])
    page.goto(origin + path)


def read_state(page) -> dict | None:
    text = page.evaluate("(key) => localStorage.getItem(key)", KEY)
    return None if text is None else json.loads(text)
