"""Check a reader's answers against the questions and work out what is shown.

Every problem becomes an `AnswerError` whose message is one sentence a page
can show as it is.
"""

from __future__ import annotations

import itertools
import re
from typing import Mapping

from plangen.engine.conditions import evaluate, names_in
from plangen.engine.errors import AnswerError
from plangen.engine.model import AnswerValue, Content, Question

Answers = dict[str, AnswerValue]


def _quoted(question: Question) -> str:
    return f"“{question.text}”"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Tidy a typed answer so every output format can hold it.

    Unpaired surrogates become U+FFFD (no UTF-8 file can hold them); control
    characters, which have no visible form, are dropped; tabs and line breaks
    become spaces; surrounding space is trimmed. (Direction controls are
    balanced separately, by `balance_bidi`, once the length is checked.)
    """
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = _CONTROL.sub("", text.replace("\t", " ").replace("\n", " "))
    return text.strip()


# Direction controls that open a scope, and what closes it.
_BIDI_SCOPES = {"\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069",  # isolates
                "\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c"}
_BIDI_CLOSERS = {"\u2069", "\u202c"}


def balance_bidi(text: str) -> str:
    """Drop direction closers with nothing to close and close what is left open,
    so a reader's words cannot reorder the text around them, wherever they land."""
    out, open_scopes = [], []
    for char in text:
        if char in _BIDI_SCOPES:
            open_scopes.append(_BIDI_SCOPES[char])
        elif char in _BIDI_CLOSERS:
            if char not in open_scopes:
                continue
            # A closer ends its own scope and any opened inside it.
            while open_scopes.pop() != char:
                pass
        out.append(char)
    return "".join(out) + "".join(reversed(open_scopes))


def typed_length(text: str) -> int:
    """Characters a length limit counts: direction controls are invisible
    formatting (and `balance_bidi` may add closers), so they do not count."""
    return sum(1 for char in text if char not in _BIDI_SCOPES and char not in _BIDI_CLOSERS)


class Checked(dict):
    """Answers that passed `check_answers`: normalised, shown questions only,
    in question order. Checking them again returns an equal set."""


def _is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _check_value(question: Question, value: object) -> AnswerValue:
    if question.type == "single":
        if not isinstance(value, str) or question.option(value) is None:
            raise AnswerError(f"That is not one of the choices for {_quoted(question)}.", question.id)
        return value
    if question.type == "multi":
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise AnswerError(f"{_quoted(question)} takes a list of choices.", question.id)
        if len(set(value)) != len(value):
            raise AnswerError(f"A choice is repeated in {_quoted(question)}.", question.id)
        for choice in value:
            if question.option(choice) is None:
                raise AnswerError(f"That is not one of the choices for {_quoted(question)}.", question.id)
        if question.max is not None and len(value) > question.max:
            raise AnswerError(f"Pick at most {question.max} for {_quoted(question)}.", question.id)
        if question.min is not None and len(value) < question.min:
            raise AnswerError(f"Pick at least {question.min} for {_quoted(question)}.", question.id)
        order = [option.id for option in question.options]
        return tuple(sorted(value, key=order.index))
    if question.type == "scale":
        if not isinstance(value, int) or isinstance(value, bool) or not (
            question.min <= value <= question.max
        ):
            raise AnswerError(
                f"{_quoted(question)} takes a whole number from {question.min} to {question.max}.",
                question.id,
            )
        return value
    if not isinstance(value, str):
        raise AnswerError(f"{_quoted(question)} takes text.", question.id)
    text = balance_bidi(clean_text(value))
    if typed_length(text) > question.max_length:
        raise AnswerError(
            f"Your answer to {_quoted(question)} is longer than {question.max_length} characters.",
            question.id,
        )
    return text


def visible_questions(content: Content, answers: Mapping[str, object]) -> list[Question]:
    """The questions a reader with these answers is shown, in order.

    An answer to a hidden question counts as no answer when later questions
    decide whether they are shown.
    """
    seen: dict[str, object] = {}
    shown: list[Question] = []
    for question in content.questions:
        if question.show_if is None or evaluate(question.show_if, seen):
            shown.append(question)
            if question.id in answers:
                seen[question.id] = answers[question.id]
    return shown


def _deciding_values(question: Question, tests: list) -> list[object]:
    """Answers to ``question`` that between them give every outcome ``tests``
    can have on it: unanswered (unless required), each option or value, and
    for a multi question every mix of the options the tests name."""
    values: list[object] = [] if question.required else [None]
    if question.type == "single":
        values += [option.id for option in question.options]
    elif question.type == "multi":
        order = [option.id for option in question.options]
        named = sorted({test.value for test in tests if test.op == "contains"} & set(order), key=order.index)
        values += [combo for n in range(1, len(named) + 1) for combo in itertools.combinations(named, n)]
        others = [option for option in order if option not in named]
        if others:  # answered, naming none of them
            values.append((others[0],))
    elif question.type == "scale":
        values += list(range(question.min, question.max + 1))
    else:
        values.append("words")
    return values


#: Beyond this many readers to compare, `shown_count_range` gives the loose bounds instead.
_COUNT_READERS = 200_000


def shown_count_range(content: Content) -> tuple[int, int]:
    """The fewest and the most questions any reader is shown.

    The one source of "how many questions" for every page: it walks every
    mix of the answers that ``show_if`` conditions test (the others cannot
    change what is shown). A quiz too branched to walk gets the loose bounds:
    the questions always asked, and all of them.
    """
    tests: dict[str, list] = {}
    for question in content.questions:
        for test in names_in(question.show_if) if question.show_if is not None else ():
            if test.kind == "answer":
                tests.setdefault(test.name, []).append(test)
    deciding = [q for q in content.questions if q.id in tests]
    choices = [_deciding_values(q, tests[q.id]) for q in deciding]
    readers = 1
    for values in choices:
        readers *= len(values)
    if readers > _COUNT_READERS:
        return sum(1 for q in content.questions if q.show_if is None), len(content.questions)
    counts = {len(visible_questions(content, {q.id: v for q, v in zip(deciding, combo) if v is not None}))
              for combo in itertools.product(*choices)}
    return min(counts), max(counts)


def check_answers(content: Content, raw: object, *, complete: bool = True) -> Checked:
    """The one check of a reader's answers: strict, normalising and idempotent.

    Questions are taken in order; an answer to a question that earlier
    answers hide is dropped (the page keeps it, in case the reader goes
    back), every other answer must fit its question. Multi answers come back
    as tuples in option order; text is tidied; empty values count as
    unanswered. With ``complete``, every shown required question needs an
    answer. Raises `AnswerError` naming the question at fault.
    """
    if not isinstance(raw, Mapping):
        raise AnswerError("Answers must be a set of question ids and values.")
    for key in raw:
        if not isinstance(key, str) or content.question(key) is None:
            raise AnswerError(f"There is no question called “{key}”.", str(key))
    checked = Checked()
    for question in content.questions:
        if question.show_if is not None and not evaluate(question.show_if, checked):
            continue
        value = raw.get(question.id)
        # Text that tidies to nothing (only spaces or control characters) is no answer.
        value = None if _is_empty(value) else _check_value(question, value)
        if not _is_empty(value):
            checked[question.id] = value
        elif complete and question.required:
            raise AnswerError(f"{_quoted(question)} needs an answer.", question.id)
    return checked
