"""The condition language: parse plain data into a tree, evaluate it, explain it.

A condition is ``{all: [...]}``, ``{any: [...]}``, ``{not: ...}`` or a test on
one subject: ``{answer: runway, in: [under-1, 1-3]}`` or ``{fact: urgent}``.
The same plain form is what authors write in YAML and what the browser bundle
carries, so one parser serves both.
"""

from __future__ import annotations

from typing import Callable, Mapping

from plangen.engine.errors import ContentError
from plangen.engine.model import AllOf, AnyOf, Condition, Not, Test, Where

# operator -> (predicate(answer value, operand), question types it applies to)
OPERATORS: dict[str, tuple[Callable[[object, object], bool], tuple[str, ...]]] = {
    "equals": (lambda have, want: have is not None and have == want, ("single", "scale", "fact")),
    "in": (lambda have, want: have is not None and have in want, ("single", "scale", "fact")),
    "contains": (lambda have, want: isinstance(have, (tuple, list)) and want in have, ("multi",)),
    "gte": (lambda have, want: isinstance(have, int) and have >= want, ("scale", "fact")),
    "lte": (lambda have, want: isinstance(have, int) and have <= want, ("scale", "fact")),
    "between": (
        lambda have, want: isinstance(have, int) and want[0] <= have <= want[1],
        ("scale", "fact"),
    ),
    "answered": (
        lambda have, want: (have is not None and have != () and have != []) == bool(want),
        ("single", "multi", "scale", "text"),
    ),
    "is": (lambda have, want: bool(have) == bool(want), ("fact",)),
}
SUBJECTS = ("answer", "fact")

Lookup = Mapping[str, object]


def parse_condition(data: object, path: str, line: int | None = None) -> Condition:
    """Turn the plain form into a `Condition`, checking only its shape.

    Whether names exist and operators fit their question is checked later by
    `plangen.authoring.loader`, which knows the questions and facts.
    """
    line = getattr(data, "line", line)
    if isinstance(data, dict) and not data:
        raise ContentError("a condition cannot be empty", path, line,
                           "write e.g. {answer: goal, equals: pivot}, or leave the key out")
    if not isinstance(data, dict):
        raise ContentError("a condition must be a mapping", path, line,
                           "write e.g. {answer: goal, equals: pivot} or {all: [...]}")
    keys = set(data)
    for combinator in ("all", "any"):
        if combinator in keys:
            if keys != {combinator}:
                raise ContentError(f"'{combinator}' must be alone in its mapping", path, line)
            items = data[combinator]
            if not isinstance(items, list) or not items:
                raise ContentError(f"'{combinator}' needs a non-empty list of conditions", path, line)
            lines = getattr(items, "item_lines", [line] * len(items))
            parsed = tuple(parse_condition(item, path, lines[i]) for i, item in enumerate(items))
            return AllOf(parsed) if combinator == "all" else AnyOf(parsed)
    if "not" in keys:
        if keys != {"not"}:
            raise ContentError("'not' must be alone in its mapping", path, line)
        return Not(parse_condition(data["not"], path, line))
    subjects = [key for key in SUBJECTS if key in keys]
    if len(subjects) != 1:
        raise ContentError("a test names exactly one 'answer' or 'fact'", path, line,
                           "write e.g. {answer: goal, equals: pivot}")
    kind = subjects[0]
    name = data[kind]
    ops = sorted(keys - {kind})
    if not ops and kind == "fact":
        ops, data = ["is"], {**data, "is": True}
    if len(ops) != 1 or ops[0] not in OPERATORS:
        raise ContentError(
            f"a test needs exactly one operator, got {', '.join(ops) or 'none'}", path, line,
            "operators: " + ", ".join(op for op in OPERATORS if op != "is"),
        )
    op = ops[0]
    value = data[op]
    _check_operand(op, value, path, line)
    if isinstance(value, list):
        value = tuple(value)
    return Test(kind=kind, name=str(name), op=op, value=value, where=Where(path, line))


def _check_operand(op: str, value: object, path: str, line: int | None) -> None:
    if op == "in" and not (isinstance(value, list) and value):
        raise ContentError("'in' needs a non-empty list", path, line)
    if op in ("gte", "lte") and not (isinstance(value, int) and not isinstance(value, bool)):
        raise ContentError(f"'{op}' needs a whole number", path, line)
    if op == "between" and not (
        isinstance(value, list) and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value) and value[0] <= value[1]
    ):
        raise ContentError("'between' needs two whole numbers, low then high: [3, 6]", path, line)
    if op in ("answered", "is") and not isinstance(value, bool):
        raise ContentError(f"'{op}' needs true or false", path, line)


def to_plain(condition: Condition) -> dict:
    """The inverse of `parse_condition` (used by the browser bundle)."""
    if isinstance(condition, AllOf):
        return {"all": [to_plain(c) for c in condition.items]}
    if isinstance(condition, AnyOf):
        return {"any": [to_plain(c) for c in condition.items]}
    if isinstance(condition, Not):
        return {"not": to_plain(condition.item)}
    value = list(condition.value) if isinstance(condition.value, tuple) else condition.value
    return {condition.kind: condition.name, condition.op: value}


def evaluate(condition: Condition, values: Lookup) -> bool:
    """Whether ``condition`` holds for ``values`` (answers and facts by name)."""
    if isinstance(condition, AllOf):
        return all(evaluate(c, values) for c in condition.items)
    if isinstance(condition, AnyOf):
        return any(evaluate(c, values) for c in condition.items)
    if isinstance(condition, Not):
        return not evaluate(condition.item, values)
    predicate = OPERATORS[condition.op][0]
    return predicate(values.get(condition.name), condition.value)


def tests_that_held(condition: Condition, values: Lookup) -> list[Test]:
    """The positive tests that made ``condition`` hold, in source order.

    Tests under ``not`` never explain anything: "because you did not say X"
    is not a reason a reader recognises.
    """
    if not evaluate(condition, values):
        return []
    if isinstance(condition, (AllOf, AnyOf)):
        found: list[Test] = []
        for item in condition.items:
            found.extend(tests_that_held(item, values))
        return found
    if isinstance(condition, Not):
        return []
    return [condition]


def names_in(condition: Condition) -> list[Test]:
    """Every test in ``condition``, for checking references."""
    if isinstance(condition, (AllOf, AnyOf)):
        return [test for item in condition.items for test in names_in(item)]
    if isinstance(condition, Not):
        return names_in(condition.item)
    return [condition]
CONDITION_TYPES = (Test, AllOf, AnyOf, Not)
