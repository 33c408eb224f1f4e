"""Answers leaving and re-entering the page: the `.json` export and share links.

Everything coming back in is untrusted: size-limited, schema-checked,
version-checked, then validated against the questions. Failures are
`ImportRefused` errors whose message is one sentence for the reader.
"""

from __future__ import annotations

import base64
import binascii
import json

from plangen.engine.answers import check_answers
from plangen.engine.errors import AnswerError, PlangenError
from plangen.engine.model import Content, Plan
from plangen.engine.render import plan_to_plain
from plangen.engine.tracking import ProgressError, Tracking, tracking_from_plain, tracking_to_plain

EXPORT_KIND = "plangen-plan"
EXPORT_VERSION = 1
MAX_IMPORT_CHARS = 500_000
MAX_LINK_CHARS = 4_000
LINK_PREFIX = "answers="


class ImportRefused(PlangenError):
    """An imported file or link cannot be used; nothing saved is changed."""


def plain_answers(answers: dict) -> dict:
    """Checked answers as JSON-ready data (multi answers as lists)."""
    return {key: list(value) if isinstance(value, tuple) else value for key, value in answers.items()}


def export_json(answers: dict, plan: Plan, plain: dict | None = None, tracking: Tracking | None = None) -> str:
    """The `.json` download: answers and progress (both re-importable) and the plan they gave
    (``plain`` is `plan_to_plain(plan)` when the caller already has it)."""
    data = {"kind": EXPORT_KIND, "version": EXPORT_VERSION, "answers": plain_answers(answers)}
    if tracking is not None:
        data["progress"] = tracking_to_plain(tracking)
    data["plan"] = plain if plain is not None else plan_to_plain(plan, tracking)
    return json.dumps(data, ensure_ascii=False, indent=1)


def _checked(content: Content, answers: object) -> dict:
    if not isinstance(answers, dict):
        raise ImportRefused("The answers in it are not in the expected form.")
    try:
        kept = check_answers(content, answers, complete=False)
    except AnswerError as error:
        raise ImportRefused(f"One of its answers does not fit this quiz: {error.message}") from None
    return plain_answers(kept)


def import_json(content: Content, text: str) -> dict:
    """Answers from an exported `.json` file's text."""
    return import_file(content, text)["answers"]


def import_file(content: Content, text: str) -> dict:
    """``{"answers", "progress"}`` from an exported `.json` file's text (progress None when it has none)."""
    if len(text) > MAX_IMPORT_CHARS:
        raise ImportRefused("That file is too large to be a plan saved from this site.")
    try:
        data = json.loads(text)
    except ValueError:
        raise ImportRefused("That file is not a plan saved from this site (it is not valid JSON).") from None
    if not isinstance(data, dict) or data.get("kind") != EXPORT_KIND:
        raise ImportRefused("That file is not a plan saved from this site.")
    version = data.get("version")
    if version != EXPORT_VERSION:
        if not isinstance(version, int) or isinstance(version, bool):
            raise ImportRefused("That file is not a plan saved from this site (it has no version number).")
        raise ImportRefused(f"That file was saved by a different version of this site (version {version}).")
    answers = _checked(content, data.get("answers"))
    if data.get("progress") is None:
        return {"answers": answers, "progress": None}
    try:
        tracking = tracking_from_plain(content, data["progress"])
    except ProgressError as error:
        raise ImportRefused(f"The progress in it cannot be used: {str(error)[0].lower()}{str(error)[1:]}") from None
    return {"answers": answers, "progress": tracking_to_plain(tracking)}


def share_fragment(answers: dict) -> str:
    """The URL fragment (after ``#``) that carries ``answers`` to another device."""
    raw = json.dumps(plain_answers(answers), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return LINK_PREFIX + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def import_fragment(content: Content, fragment: str) -> dict:
    """Answers from a share link's fragment (with or without the leading ``#``)."""
    fragment = fragment.lstrip("#")
    if len(fragment) > MAX_LINK_CHARS:
        raise ImportRefused("That link is too long to be a plan link from this site.")
    if not fragment.startswith(LINK_PREFIX):
        raise ImportRefused("That link does not carry any answers.")
    encoded = fragment[len(LINK_PREFIX):]
    try:
        raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        answers = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ImportRefused("That link is damaged; ask for it to be sent again.") from None
    return _checked(content, answers)
