"""Content <-> the plain JSON bundle the browser loads.

The bundle holds validated content only; the browser trusts it and never
needs YAML, the guides' Markdown files or the checks in `plangen.authoring.loader`.
"""

from __future__ import annotations

import json
from dataclasses import replace

from plangen.engine import model
from plangen.engine.model import Content
from plangen.engine.schema import from_plain, to_plain

FORMAT = 4
# The model's dataclasses, by the names their fields' annotations use.
_CLASSES = {name: getattr(model, name) for name in (
    "Option", "Question", "Fact", "Rule", "Requirement", "ShareRule", "PlanSettings", "Habit", "Compiled", "Section",
    "Guide", "Content",
)}
# Fields the browser never needs: guide introductions stay on the guide pages.
_DROPPED = {"guides": ("intro",)}


def content_to_plain(content: Content) -> dict:
    """A JSON-ready dict of everything the engine needs (derived from the model's fields)."""
    plain = to_plain(content)
    for kind, keys in _DROPPED.items():
        for item in plain[kind]:
            for key in keys:
                item[key] = ""
    for section in plain["sections"]:
        if section["compiled"] is not None:
            section["template"] = ""  # the program replaces it; only a section left to Jinja2 needs its source
    return {"format": FORMAT, **plain}


def questions_to_plain(content: Content) -> dict:
    """Only what the page needs to show questions before the engine loads.

    Conditions are left out on purpose: branching is decided by the engine.
    ``conditional`` says only whether a question has a ``show_if``: one that
    has none is always asked, so the page shows it at once on Next, without
    waiting for the engine; for the others it asks the engine.
    """
    keep = ("id", "type", "text", "help", "required", "options", "min", "max", "min_label", "max_label",
            "max_length", "summary")
    questions = to_plain(content.questions)
    return {"format": FORMAT, "questions": [
        {**{key: plain[key] for key in keep}, "conditional": question.show_if is not None}
        for plain, question in zip(questions, content.questions)]}


def _check_format(data: dict) -> None:
    if data.get("format") != FORMAT:
        raise ValueError(f"content bundle format {data.get('format')!r} is not {FORMAT}")


def content_from_plain(data: dict) -> Content:
    """Rebuild `Content` from `content_to_plain`'s output."""
    _check_format(data)
    return from_plain(Content, data, _CLASSES)


def quiz_content_from_plain(data: dict) -> Content:
    """Only the questions of `content_to_plain`'s output, in a `Content` with no
    facts, rules, sections or guides: enough to check answers and say which
    questions are shown, never enough to make a plan.

    The sections are most of the bundle and of rebuilding it; the quiz needs
    none of them, so the worker makes this at once and the whole content later.
    """
    _check_format(data)
    questions = tuple(from_plain(model.Question, question, _CLASSES) for question in data["questions"])
    return Content(questions=questions, facts=(), rules=(), groups=(), sections=(), guides=())


def with_urls(content: Content, urls: dict[str, str]) -> Content:
    """Content whose guide links point at the URLs the site generator chose."""
    return replace(content, urls=tuple(sorted(urls.items())))


def dumps(content: Content) -> str:
    """The bundle as compact, stable JSON text."""
    return json.dumps(content_to_plain(content), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
