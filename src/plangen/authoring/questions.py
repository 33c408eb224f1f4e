"""Read `quiz/questions.yaml` into questions."""

from __future__ import annotations

from pathlib import Path

from plangen.authoring.shapes import (
    ErrorList, check_keys, condition_of, id_of, int_of, line_of, mapping_list, suggest, text_of,
)
from plangen.authoring.yamlsrc import read_yaml
from plangen.engine.model import QUESTION_TYPES, Option, Question, Where
from plangen.engine.schema import authored_keys, default_of

QUESTION_KEYS = set(authored_keys(Question))
OPTION_KEYS = set(authored_keys(Option))


def load_questions(path: Path, display: str, errors: ErrorList) -> list[Question]:
    data = read_yaml(path, display)
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for item in mapping_list(data, "questions", display, errors):
        check_keys(item, QUESTION_KEYS, "a question", display, errors)
        qid = id_of(item, "question", display, errors, seen)
        qtype = item.get("type")
        if qtype not in QUESTION_TYPES:
            errors.add(f"question type '{qtype}' is not known", display, line_of(item, "type"),
                       suggest(qtype, QUESTION_TYPES))
            continue
        options: list[Option] = []
        option_seen: dict[str, int] = {}
        raw_options = item.get("options") or []
        if qtype in ("single", "multi"):
            if not isinstance(raw_options, list):
                errors.add(f"a {qtype} question needs a list of options", display, line_of(item, "options") or item.line)
                raw_options = []
            elif len(raw_options) < 2:
                errors.add(f"a {qtype} question needs at least two options", display, line_of(item, "options") or item.line)
            for index, raw in enumerate(raw_options):
                if not isinstance(raw, dict):
                    errors.add("each option must be a mapping with id and label", display, line_of(raw_options, index))
                    continue
                check_keys(raw, OPTION_KEYS, "an option", display, errors)
                oid = id_of(raw, "option", display, errors, option_seen)
                label = text_of(raw, "label", display, errors)
                reason = text_of(raw, "reason", display, errors, required=False) or f"you answered “{label}”"
                if oid:
                    options.append(Option(oid, label, reason, Where(display, raw.line)))
        elif raw_options:
            errors.add(f"a {qtype} question cannot have options", display, line_of(item, "options"),
                       "only single and multi questions offer options")
        low, high = int_of(item, "min", display, errors), int_of(item, "max", display, errors)
        if qtype == "scale" and (low is None or high is None or low >= high):
            errors.add("a scale question needs whole numbers 'min' < 'max'", display, item.line)
            low, high = None, None  # unknown range: values compared with it are not checked
        if qtype == "multi" and low is not None and high is not None and low > high:
            errors.add("'min' picks is larger than 'max' picks", display, line_of(item, "min"))
        neutral = text_of(item, "neutral", display, errors, required=qtype == "text")
        max_length = int_of(item, "max_length", display, errors)
        if max_length is not None and max_length < 1:
            errors.add("'max_length' must be at least 1", display, line_of(item, "max_length"))
        required = item.get("required", False)
        if not isinstance(required, bool):
            errors.add("'required' must be true or false", display, line_of(item, "required"))
        if qid is None:
            continue
        questions.append(Question(
            id=qid, type=qtype, text=text_of(item, "text", display, errors),
            help=text_of(item, "help", display, errors, required=False),
            required=required is True, options=tuple(options),
            show_if=condition_of(item, "show_if", display, errors), min=low, max=high,
            min_label=text_of(item, "min_label", display, errors, required=False),
            max_label=text_of(item, "max_label", display, errors, required=False),
            max_length=max_length or default_of(Question, "max_length"), neutral=neutral,
            reason=text_of(item, "reason", display, errors, required=False),
            summary=text_of(item, "summary", display, errors, required=False),
            where=Where(display, item.line),
        ))
    return questions
