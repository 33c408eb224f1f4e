"""Content <-> the plain JSON bundle the browser loads.

The bundle holds validated content only; the browser trusts it and never
needs YAML, the guides' Markdown files or the checks in `plangen.authoring.loader`.
"""

from __future__ import annotations

import json
from dataclasses import replace

from plangen.engine.conditions import parse_condition, to_plain
from plangen.engine.model import Content, Fact, Guide, Option, Question, Rule, Section, Where

FORMAT = 1


def _cond(condition):
    return to_plain(condition) if condition is not None else None


def _uncond(data):
    return parse_condition(data, "bundle") if data is not None else None


def content_to_plain(content: Content) -> dict:
    """A JSON-ready dict of everything the engine needs."""
    return {
        "format": FORMAT,
        "questions": [
            {
                "id": q.id, "type": q.type, "text": q.text, "help": q.help, "required": q.required,
                "options": [{"id": o.id, "label": o.label, "reason": o.reason} for o in q.options],
                "show_if": _cond(q.show_if), "min": q.min, "max": q.max,
                "min_label": q.min_label, "max_label": q.max_label, "max_length": q.max_length,
                "neutral": q.neutral, "reason": q.reason, "summary": q.summary,
            }
            for q in content.questions
        ],
        "facts": [
            {"id": f.id, "when": _cond(f.when), "from": f.source, "map": [list(p) for p in f.table],
             "default": f.default, "reason": f.reason}
            for f in content.facts
        ],
        "rules": [
            {"id": r.id, "include": list(r.include), "when": _cond(r.when), "priority": r.priority,
             "phase": r.phase, "group": r.group, "why": r.why}
            for r in content.rules
        ],
        "groups": [list(g) for g in content.groups],
        "sections": [
            {"id": s.id, "title": s.title, "guide": s.guide, "phase": s.phase, "effort": s.effort,
             "tags": list(s.tags), "template": s.template}
            for s in content.sections
        ],
        "guides": [
            {"path": g.path, "title": g.title, "description": g.description, "theme": g.theme,
             "sections": list(g.sections)}
            for g in content.guides
        ],
        "urls": [list(u) for u in content.urls],
        "max_steps": content.max_steps,
        "min_steps": content.min_steps,
        "phase_steps": [list(p) for p in content.phase_steps],
    }


def questions_to_plain(content: Content) -> dict:
    """Only what the page needs to show questions before the engine loads.

    Conditions are left out on purpose: branching is decided by the engine.
    """
    keep = ("id", "type", "text", "help", "required", "options", "min", "max", "min_label", "max_label",
            "max_length")
    questions = content_to_plain(content)["questions"]
    return {"format": FORMAT, "questions": [{key: q[key] for key in keep} for q in questions]}


def content_from_plain(data: dict) -> Content:
    """Rebuild `Content` from `content_to_plain`'s output."""
    if data.get("format") != FORMAT:
        raise ValueError(f"content bundle format {data.get('format')!r} is not {FORMAT}")
    return Content(
        questions=tuple(
            Question(
                id=q["id"], type=q["type"], text=q["text"], help=q["help"], required=q["required"],
                options=tuple(Option(o["id"], o["label"], o["reason"]) for o in q["options"]),
                show_if=_uncond(q["show_if"]), min=q["min"], max=q["max"], min_label=q["min_label"],
                max_label=q["max_label"], max_length=q["max_length"], neutral=q["neutral"],
                reason=q["reason"], summary=q["summary"],
            )
            for q in data["questions"]
        ),
        facts=tuple(
            Fact(id=f["id"], when=_uncond(f["when"]), source=f["from"],
                 table=tuple((k, v) for k, v in f["map"]), default=f["default"], reason=f["reason"])
            for f in data["facts"]
        ),
        rules=tuple(
            Rule(id=r["id"], include=tuple(r["include"]), when=_uncond(r["when"]), priority=r["priority"],
                 phase=r["phase"], group=r["group"], why=r["why"])
            for r in data["rules"]
        ),
        groups=tuple((g, n) for g, n in data["groups"]),
        sections=tuple(
            Section(id=s["id"], title=s["title"], guide=s["guide"], phase=s["phase"], effort=s["effort"],
                    tags=tuple(s["tags"]), template=s["template"], where=Where(s["guide"]))
            for s in data["sections"]
        ),
        guides=tuple(
            Guide(path=g["path"], title=g["title"], description=g["description"], theme=g["theme"],
                  intro="", sections=tuple(g["sections"]))
            for g in data["guides"]
        ),
        urls=tuple((p, u) for p, u in data["urls"]),
        max_steps=data["max_steps"],
        min_steps=data["min_steps"],
        phase_steps=tuple((p, n) for p, n in data["phase_steps"]),
    )


def with_urls(content: Content, urls: dict[str, str]) -> Content:
    """Content whose guide links point at the URLs the site generator chose."""
    return replace(content, urls=tuple(sorted(urls.items())))


def dumps(content: Content) -> str:
    """The bundle as compact, stable JSON text."""
    return json.dumps(content_to_plain(content), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
