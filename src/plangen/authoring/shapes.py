"""Typed reads of YAML shapes that collect every mistake with its line.

Each reader takes the parsed YAML node, the file's display path and an
`ErrorList`; a bad value is reported once, at the line of the value itself,
and a stand-in is returned so checking can go on.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from plangen.authoring.yamlsrc import NodeDict, NodeList
from plangen.engine.conditions import parse_condition
from plangen.engine.errors import ContentError
from plangen.engine.model import Condition

ID = re.compile(r"[a-z0-9]+([-_][a-z0-9]+)*")


def suggest(name: object, choices) -> str | None:
    """A did-you-mean hint for an unknown name, or None.

    Sets are sorted so hints read the same on every run; lists and dicts
    keep their order (usually the order in the source).
    """
    choices = sorted(str(c) for c in choices) if isinstance(choices, (set, frozenset)) else [str(c) for c in choices]
    close = difflib.get_close_matches(str(name), choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if choices and len(choices) <= 8:
        return "expected one of: " + ", ".join(choices)
    return None


@dataclass
class ErrorList:
    found: list[ContentError] = field(default_factory=list)

    def add(self, message: str, path: str, line: int | None, hint: str | None = None) -> None:
        self.found.append(ContentError(message, path, line, hint))


def line_of(data: object, key: object = None) -> int | None:
    if key is not None and isinstance(data, (NodeDict, NodeList)):
        return data.line_of(key)
    return getattr(data, "line", None)


def check_keys(data: NodeDict, allowed: set[str], what: str, path: str, errors: ErrorList) -> None:
    for key in data:
        if key not in allowed:
            errors.add(f"unknown key '{key}' in {what}", path, data.line_of(key), suggest(key, sorted(allowed)))


def mapping_list(data: object, key: str, path: str, errors: ErrorList) -> list[NodeDict]:
    if not isinstance(data, dict) or key not in data:
        errors.add(f"expected a top-level '{key}:' list", path, line_of(data) or 1)
        return []
    items = data[key]
    if not isinstance(items, list):
        errors.add(f"'{key}' must be a list", path, line_of(data, key))
        return []
    good = []
    for index, item in enumerate(items):
        if isinstance(item, dict):
            good.append(item)
        else:
            errors.add(f"each entry of '{key}' must be a mapping", path, line_of(items, index))
    return good


def id_of(data: NodeDict, what: str, path: str, errors: ErrorList, seen: dict[str, int]) -> str | None:
    value = data.get("id")
    if not isinstance(value, str) or not ID.fullmatch(value):
        errors.add(f"{what} needs an 'id' of lowercase letters, digits, '-' or '_'", path, line_of(data, "id"))
        return None
    if value in seen:
        errors.add(f"duplicate {what} id '{value}'", path, line_of(data, "id"), f"first defined on line {seen[value]}")
        return None
    seen[value] = line_of(data, "id")
    return value


def text_of(data: NodeDict, key: str, path: str, errors: ErrorList, required: bool = True) -> str:
    value = data.get(key)
    if value is None:
        if required:
            errors.add(f"missing '{key}'", path, line_of(data))
        return ""
    if not isinstance(value, str):
        errors.add(f"'{key}' must be text", path, line_of(data, key))
        return ""
    return value.strip()


def int_of(data: NodeDict, key: str, path: str, errors: ErrorList) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        errors.add(f"'{key}' must be a whole number", path, line_of(data, key))
        return None
    return value


def condition_of(data: NodeDict, key: str, path: str, errors: ErrorList) -> Condition | None:
    if key not in data:
        return None
    try:
        return parse_condition(data[key], path, line_of(data, key))
    except ContentError as error:
        errors.found.append(error)
        return None
