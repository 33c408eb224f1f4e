"""A saved state holding a plan, made the way the quiz page makes it: the
`plan` op for what the page shows, then the `downloads` op for the files."""

from __future__ import annotations

import json

from plangen.engine import worker as engine


def _ask(request: dict) -> dict:
    reply = json.loads(engine.handle(json.dumps(request)))
    assert reply["ok"], reply
    return reply


def saved_plan_state(answers: dict, link_base: str) -> dict:
    """The state the quiz stores once the plan and its files are in (the engine must be loaded)."""
    reply = _ask({"op": "plan", "answers": answers, "link_base": link_base})
    files = _ask({"op": "downloads", "answers": answers, "link_base": link_base})
    plan = {"data": reply["plan"], "share": reply["share"], "answers": reply["answers"],
            **{key: files[key] for key in ("markdown", "html", "export")}}
    return {"version": 1, "answers": reply["answers"], "position": "plan", "plan": plan, "ticks": {}}
