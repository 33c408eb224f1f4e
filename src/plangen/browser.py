"""The worker's entry points: JSON text in, JSON text out.

Keeping the boundary to strings means no Python object ever crosses into
JavaScript, and errors cross as plain data (type and message), never as a
traceback.
"""

from __future__ import annotations

import json

from .answers import prune_hidden, validate_answers, visible_questions
from .bundle import content_from_plain
from .engine import build_plan
from .errors import AnswerError, PlangenError
from .model import Content
from .render import plan_to_plain, render_markdown

_content: Content | None = None


def load(bundle_text: str) -> int:
    """Install the content bundle; returns the number of questions."""
    global _content
    _content = content_from_plain(json.loads(bundle_text))
    return len(_content.questions)


def _visible(answers: dict) -> dict:
    kept = prune_hidden(_content, answers)
    shown = [q.id for q in visible_questions(_content, kept)]
    return {"visible": shown, "answers": kept}


def _plan(answers: dict, link_base: str) -> dict:
    kept = prune_hidden(_content, answers)
    plan = build_plan(_content, kept, link_base=link_base)
    return {"plan": plan_to_plain(plan), "markdown": render_markdown(plan), "answers": kept}


def _check(answers: dict) -> dict:
    validate_answers(_content, prune_hidden(_content, answers), complete=False)
    return {}


def handle(request_text: str) -> str:
    """Answer one request: ``{"op": "visible" | "check" | "plan", "answers": {...}}``."""
    try:
        request = json.loads(request_text)
        if _content is None:
            raise PlangenError("The planner has no content loaded.")
        answers = request.get("answers")
        if not isinstance(answers, dict):
            raise AnswerError("Answers must be a set of question ids and values.")
        op = request.get("op")
        if op == "visible":
            reply = _visible(answers)
        elif op == "check":
            reply = _check(answers)
        elif op == "plan":
            reply = _plan(answers, str(request.get("link_base", "")))
        else:
            raise PlangenError(f"Unknown request {op!r}.")
        return json.dumps({"ok": True, **reply}, ensure_ascii=False)
    except PlangenError as error:
        return json.dumps({"ok": False, "error": {
            "type": type(error).__name__, "message": str(error),
            "question": getattr(error, "question", None),
        }}, ensure_ascii=False)
