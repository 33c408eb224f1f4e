"""The content schema, declared once, on the model's own dataclasses.

Every field an author writes carries its documentation in the field's
metadata (`authored`); the loader's key checks and defaults, the bundle's
conversion to and from plain JSON and the README's content-language table
all derive from these declarations, so a new key is added in one place.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Iterator

_MISSING = dataclasses.MISSING


def authored(doc: str, *, key: str | None = None, default: Any = _MISSING,
             default_factory: Any = _MISSING) -> Any:
    """A dataclass field an author writes; ``key`` is its YAML name when it differs."""
    meta = {"doc": doc, "key": key}
    if default_factory is not _MISSING:
        return dataclasses.field(default_factory=default_factory, metadata=meta)
    if default is not _MISSING:
        return dataclasses.field(default=default, metadata=meta)
    return dataclasses.field(metadata=meta)


@dataclasses.dataclass(frozen=True)
class Key:
    """One key an author may write: its YAML name, model field, default and doc."""

    name: str
    field: str
    default: Any
    doc: str

    @property
    def required(self) -> bool:
        return self.default is _MISSING


def authored_keys(cls: type) -> dict[str, Key]:
    """The keys an author may write for a content kind, in declaration order."""
    keys: dict[str, Key] = {}
    for field in dataclasses.fields(cls):
        if "doc" not in field.metadata:
            continue
        default = field.default
        if field.default_factory is not _MISSING:  # type: ignore[misc]
            default = field.default_factory()  # type: ignore[misc]
        name = field.metadata["key"] or field.name
        keys[name] = Key(name, field.name, default, field.metadata["doc"])
    return keys


def default_of(cls: type, name: str) -> Any:
    """The declared default of field ``name`` of ``cls``."""
    for field in dataclasses.fields(cls):
        if field.name == name:
            if field.default_factory is not _MISSING:  # type: ignore[misc]
                return field.default_factory()  # type: ignore[misc]
            return field.default
    raise KeyError(name)


# ---- plain JSON <-> model, from the field annotations -------------------------

_TUPLE_OF = re.compile(r"tuple\[(.+), \.\.\.\]$")


def _bundled(cls: type) -> Iterator[dataclasses.Field]:
    # Source positions (`Where`) are for authors' error messages: not shipped.
    for field in dataclasses.fields(cls):
        if field.type not in ("Where", "tuple[Where, ...]"):
            yield field


def to_plain(value: Any) -> Any:
    """A model value as JSON-ready data (dataclasses become dicts, tuples lists)."""
    from plangen.engine.conditions import CONDITION_TYPES, to_plain as condition_to_plain

    if isinstance(value, CONDITION_TYPES):
        return condition_to_plain(value)
    if dataclasses.is_dataclass(value):
        return {field.name: to_plain(getattr(value, field.name)) for field in _bundled(type(value))}
    if isinstance(value, (tuple, list)):
        return [to_plain(item) for item in value]
    return value


def from_plain(cls: type, data: dict, classes: dict[str, type]) -> Any:
    """Rebuild a ``cls`` from `to_plain`'s output; ``classes`` names nested kinds."""
    values = {}
    for field in _bundled(cls):
        values[field.name] = _decode(str(field.type), data[field.name], classes)
    return cls(**values)


def _decode(annotation: str, value: Any, classes: dict[str, type]) -> Any:
    from plangen.engine.conditions import parse_condition

    annotation = annotation.removesuffix(" | None")
    if value is None:
        return None
    if annotation == "Condition":
        return parse_condition(value, "bundle")
    if annotation in classes:
        return from_plain(classes[annotation], value, classes)
    match = _TUPLE_OF.match(annotation)
    if match:
        return tuple(_decode(match[1], item, classes) for item in value)
    if annotation.startswith("tuple[") and isinstance(value, list):
        return tuple(value)
    return value
