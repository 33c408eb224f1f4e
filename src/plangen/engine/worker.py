"""The worker's entry points: JSON text in, JSON text out.

Keeping the boundary to strings means no Python object ever crosses into
JavaScript, and errors cross as plain data (a code and a message), never as a
traceback. Every error reply is ``{"ok": false, "error": {code, message,
question}}`` with a stable code (``web/protocol.js`` lists them), never a
Python class name.

Only what the quiz needs between questions (answers, conditions) is imported
up front; what a plan needs is imported by `warm_up`, which the worker runs
right after it reports ready, while the reader is still answering. In the
same way `load` makes only the questions from the bundle, and `warm_up`'s
first step the rest (the sections are most of it). Section templates arrive
compiled (`plangen.engine.program`), so Jinja2 and Markdown are imported
only for a site whose templates could not be.
"""

from __future__ import annotations

import functools
import importlib
import json
from typing import TYPE_CHECKING, Callable, Union

from plangen.engine.answers import check_answers, visible_questions
from plangen.engine.bundle import content_from_plain, quiz_content_from_plain
from plangen.engine.dates import parse_date
from plangen.engine.errors import AnswerError, ContentError, ContentErrors, PlangenError
from plangen.engine.model import Content, Plan

if TYPE_CHECKING:
    from plangen.engine.tracking import Tracking


#: The bundle's text, or what gives it when called: the browser's worker hands
#: its 650 kB over to Python only when a plan first needs it.
BundleText = Union[str, Callable[[], str]]


def _text_of(bundle_text: BundleText) -> str:
    return bundle_text if isinstance(bundle_text, str) else str(bundle_text())


class _Loaded:
    """The content bundle in use: its questions at once, which is all the quiz
    asks of the engine, and the whole content when a plan first needs it
    (`warm_up` makes it while the reader answers). Reading the whole bundle and
    rebuilding its sections is most of loading it, and the engine says ready
    before it. Given the questions' part apart (``quiz``), even the whole
    bundle's JSON is read only then."""

    def __init__(self, bundle_text: BundleText, quiz: dict | None) -> None:
        if quiz is None:
            whole = json.loads(_text_of(bundle_text))
            self.quiz = quiz_content_from_plain(whole)
            self._whole: Callable[[], dict] = lambda: whole
        else:
            self.quiz = quiz_content_from_plain(quiz)
            self._whole = lambda: json.loads(_text_of(bundle_text))
        self._content: Content | None = None

    @property
    def content(self) -> Content:
        """The whole content, made on first use."""
        if self._content is None:
            self._content = content_from_plain(self._whole())
            del self._whole  # the bundle's text or data is no longer needed
        return self._content

    @property
    def built(self) -> bool:
        """Whether the whole content has been made."""
        return self._content is not None


_loaded: _Loaded | None = None

#: The ops `handle` answers; web/protocol.js and the README list the same ones (tests/test_protocol.py).
OPS = ("visible", "clean", "plan", "downloads", "ics", "import", "import_link")


def load(bundle_text: BundleText, quiz_text: str | None = None) -> int:
    """Install the content bundle; returns the number of questions.

    ``quiz_text``: the bundle's ``format`` and ``questions`` alone, as JSON,
    which the browser's worker cuts out with the browser's own JSON parser, much
    faster than Python's in Pyodide; the whole bundle is then read only when a
    plan first needs it, and ``bundle_text`` may be a function that gives it
    then. Without it, the whole bundle is read now."""
    global _loaded
    _loaded = _Loaded(bundle_text, None if quiz_text is None else json.loads(quiz_text))
    _last_plan.clear()
    return len(_loaded.quiz.questions)


def _quiz() -> Content:
    """What the quiz's ops need: the questions. Only called once a bundle is loaded (`handle` checks)."""
    assert _loaded is not None
    return _loaded.quiz


def _content() -> Content:
    """What a plan needs: the whole content. Only called once a bundle is loaded (`handle` checks)."""
    assert _loaded is not None
    return _loaded.content


def _visible(answers: dict) -> dict:
    """Check the answers so far and say which questions are shown: one round trip per Next."""
    checked = check_answers(_quiz(), answers, complete=False)
    return {"visible": [q.id for q in visible_questions(_quiz(), checked)]}


def _link_base(value: object) -> str:
    text = str(value or "")
    if text and not (text.startswith(("http://", "https://")) and text.isprintable() and " " not in text):
        raise PlangenError("The page's address could not be used for links.")
    return text


#: What `warm_up` imports, one step each: what a plan needs beyond the quiz.
WARM_UP = ("plangen.engine.program", "plangen.engine.schedule", "plangen.engine.planner", "plangen.engine.render",
           "plangen.engine.exchange")
#: And for a site with a section left to Jinja2 (`plangen.authoring.compile_sections`), heaviest first.
WARM_UP_TEMPLATES = ("jinja2", "markdown", "plangen.engine.templates")
# Markdown loads each extension's code on its first conversion: one with a table and code does it.
_FIRST_MARKDOWN = "Warm *up*.\n\n| a |\n| - |\n| b |\n\n```\ncode\n```\n"


def _compile(source: str) -> None:
    from plangen.engine.templates import compile_template

    compile_template(source)


def _first_markdown() -> None:
    from plangen.engine.templates import markdown_to_html

    markdown_to_html(_FIRST_MARKDOWN)


def _warm_up_steps() -> list:
    # The whole content comes first; what it holds decides the steps after the imports.
    steps: list = [_content] if _loaded else []
    steps += [functools.partial(importlib.import_module, name) for name in WARM_UP]
    left_to_jinja = [section for section in (_content().sections if _loaded and _loaded.built else ())
                     if section.compiled is None]
    if left_to_jinja:
        steps += [functools.partial(importlib.import_module, name) for name in WARM_UP_TEMPLATES]
        steps.append(_first_markdown)
        # Compiling a template is most of a first plan's cost; each is cached by its source.
        steps += [functools.partial(_compile, section.template) for section in left_to_jinja]
    return steps


def warm_up(step: int | None = None) -> bool:
    """Make the first plan quick, while the reader answers: make the whole
    content from the bundle, import the plan-making modules (and, for templates left to Jinja2, Jinja2 and
    Markdown, and compile those templates). All at once, or only step ``step`` (the worker takes one step per
    task, so a request that arrives meanwhile waits for one step, not all).
    Returns whether a later step remains."""
    if step is None:
        if _loaded is not None:
            _content()  # first: the whole content decides the steps
        for action in _warm_up_steps():
            action()
        return False
    steps = _warm_up_steps()
    if step < len(steps):
        steps[step]()
    return step + 1 < len(_warm_up_steps())  # made by step 0, the whole content may add steps


class _LastPlan:
    """The plan of the last request, kept so the downloads and calendar that
    follow a plan (same answers, same links) do not build it again.

    Safe because `build_plan` is pure: same content, answers and link base,
    same plan.
    """

    def __init__(self) -> None:
        self.key: str | None = None
        self.value: tuple[dict, Plan, dict] | None = None

    def get(self, raw_answers: dict, link_base: str, tracking: Tracking | None) -> tuple[dict, Plan, dict]:
        """(checked answers, plan, plan as plain data) for these answers and progress; raises `AnswerError`."""
        from plangen.engine.exchange import plain_answers
        from plangen.engine.planner import build_plan
        from plangen.engine.render import plan_to_plain
        from plangen.engine.tracking import tracking_to_plain

        # Checked once; downloads and links carry the answers as checked, never as sent.
        answers = check_answers(_content(), raw_answers)
        key = json.dumps([plain_answers(answers), link_base, tracking and tracking_to_plain(tracking)],
                         sort_keys=True, ensure_ascii=False)
        if key != self.key or self.value is None:
            self.key, self.value = None, None  # a failure below must not leave a stale pair
            plan = build_plan(_content(), answers, link_base=link_base,
                              progress=tracking.progress if tracking else None)
            self.value = (answers, plan, plan_to_plain(plan, tracking))
            self.key = key
        return self.value

    def clear(self) -> None:
        self.key, self.value = None, None


_last_plan = _LastPlan()


def _plan(answers: dict, link_base: str, tracking: Tracking | None) -> dict:
    """What the page shows: the plan and its share link (the files come from `_downloads`)."""
    from plangen.engine.exchange import plain_answers, share_fragment

    checked, _, plain_plan = _last_plan.get(answers, link_base, tracking)
    return {"plan": plain_plan, "share": share_fragment(checked), "answers": plain_answers(checked)}


def _downloads(answers: dict, link_base: str, tracking: Tracking | None) -> dict:
    """The files a reader may keep: Markdown, printable HTML and the `.json` export, with their progress."""
    from plangen.engine.exchange import export_json
    from plangen.engine.render import render_html, render_markdown

    checked, plan, plain_plan = _last_plan.get(answers, link_base, tracking)
    # The timeline is drawn once and shared by the page, the HTML and the export.
    return {"markdown": render_markdown(plan, tracking), "html": render_html(plan, plain_plan["timeline_svg"], tracking),
            "export": export_json(checked, plan, plain_plan, tracking)}


def _ics(answers: dict, link_base: str, tracking: Tracking | None, today: object, with_why: object) -> dict:
    """The calendar, dated from the plan's start (or from ``today`` for a plan that has none yet)."""
    from plangen.engine.ics import render_ics

    day = tracking.started if tracking and tracking.started else parse_date(today)
    if day is None:
        raise PlangenError("The calendar needs the date your plan started.")
    if not isinstance(with_why, bool):
        raise PlangenError("Whether to include the reasons must be yes or no.")
    _, plan, _ = _last_plan.get(answers, link_base, tracking)
    return {"ics": render_ics(plan, day, with_why)}


def _tracking(value: object) -> Tracking | None:
    """The request's optional ``progress``, strictly checked (absent: a plan with no progress yet)."""
    from plangen.engine.tracking import tracking_from_plain

    return None if value is None else tracking_from_plain(_content(), value)


def _clean(answers: dict) -> dict:
    """Keep every saved answer that still fits the quiz; name the ones dropped."""
    kept: dict = {}
    dropped = []
    quiz = _quiz()
    for question in quiz.questions:
        if question.id not in answers:
            continue
        try:
            check_answers(quiz, {**kept, question.id: answers[question.id]}, complete=False)
            kept[question.id] = answers[question.id]
        except AnswerError:
            dropped.append(question.id)
    dropped += [key for key in answers if quiz.question(key) is None]
    return {"answers": kept, "dropped": dropped}


def handle(request_text: str) -> str:
    """Answer one request (JSON text) with a reply (JSON text); never raises for bad input.

    ops: ``visible``, ``clean``, ``plan``, ``downloads``, ``ics`` (with ``answers``, and ``progress``
    for the last three),
    ``import`` (``text`` of a `.json` export), ``import_link`` (``fragment``).
    """
    try:
        request = json.loads(request_text)
        if not isinstance(request, dict):
            raise PlangenError("A request must be a JSON object.")
        if _loaded is None:
            raise PlangenError("The planner has no content loaded.")
        op = request.get("op")
        if op not in OPS:
            raise PlangenError(f"Unknown request {op!r}.")
        if op in ("import", "import_link"):
            from plangen.engine.exchange import import_file, import_fragment
        if op == "import":
            return json.dumps({"ok": True, **import_file(_content(), str(request.get("text", "")))},
                              ensure_ascii=False)
        if op == "import_link":
            return json.dumps({"ok": True, "answers": import_fragment(_quiz(), str(request.get("fragment", "")))},
                              ensure_ascii=False)
        answers = request.get("answers")
        if not isinstance(answers, dict):
            raise AnswerError("Answers must be a set of question ids and values.")
        if op == "visible":
            reply = _visible(answers)
        elif op == "clean":
            reply = _clean(answers)
        elif op == "plan":
            reply = _plan(answers, _link_base(request.get("link_base")), _tracking(request.get("progress")))
        elif op == "downloads":
            reply = _downloads(answers, _link_base(request.get("link_base")), _tracking(request.get("progress")))
        elif op == "ics":
            reply = _ics(answers, _link_base(request.get("link_base")), _tracking(request.get("progress")),
                         request.get("today"), request.get("why", False))
        else:
            raise PlangenError(f"Unknown request {op!r}.")
        return json.dumps({"ok": True, **reply}, ensure_ascii=False)
    except AnswerError as error:
        # The reader can fix this one: the page names the question and goes back to it.
        return _error("answer", error.message, error.question)
    except (ContentError, ContentErrors) as error:
        # The site's content is at fault, not the reader: the detail is for its authors.
        return _error("content", INTERNAL, detail=str(error))
    except PlangenError as error:
        return _error("request", str(error))
    except Exception as error:  # a bug, not the reader's doing: never show them a traceback
        return _error("internal", INTERNAL, detail=f"{type(error).__name__}: {error}")


INTERNAL = "Something went wrong inside the planner."


def _error(code: str, message: str, question: str | None = None, detail: str | None = None) -> str:
    """An error reply: a stable code (answer, request, content, internal) and a sentence for the reader."""
    error = {"code": code, "message": message, "question": question}
    if detail:
        error["detail"] = detail  # logged to the console by the page, never shown
    return json.dumps({"ok": False, "error": error}, ensure_ascii=False)
