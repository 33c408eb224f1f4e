"""Section templates compiled at build time, run without Jinja2 or Markdown.

`plangen.authoring.compile_sections` turns a section's template into a
*program*: plain JSON lists of text, outputs and if/elif/else branches, with
conditions over ``answers`` and ``facts``. Running it gives the body's
Markdown with a token for every output; the HTML for that Markdown was made
at build time for every combination of branches, so the browser's engine
looks it up by a hash instead of importing Jinja2 and Markdown. The output is
the same as rendering the template with Jinja2 and converting with Markdown
(tests/test_compiled_sections.py holds the two paths to each other).

Program pieces:

- ``["text", s]``: trusted Markdown, as the author wrote it;
- ``["out", expr]`` or ``["out", expr, [noun, plural or null]]``: a value, as a token
  (a reader's words are escaped for each format; other values are plain text);
- ``["if", [[condition or null, program], ...]]``: the first case whose condition holds.

Expressions: ``["var", "answers" | "facts", name]``, ``["const", value]``,
``["not", e]``, ``["and", a, b]``, ``["or", a, b]`` and ``["cmp", op, a, b]``
with op one of `COMPARISONS`.
"""

from __future__ import annotations

import hashlib
import operator
import re
from typing import Callable, Mapping

from plangen.engine.model import Compiled
from plangen.engine.tokens import (
    CLOSE, OPEN, TOKEN, ReaderText, Rendered, default_url, escape_html, escape_markdown, plural, reader_html, relink,
)

# A guide link's docs path sits between these until the plan knows the site's address.
LINK_OPEN, LINK_CLOSE = "\ue002", "\ue003"
_LINK = re.compile(LINK_OPEN + "([^" + LINK_CLOSE + "]*)" + LINK_CLOSE)
_OUT = "\ue004"  # where an output goes, before outputs are numbered

COMPARISONS = {
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "lteq": operator.le, "gt": operator.gt,
    "gteq": operator.ge, "in": lambda a, b: a in b, "notin": lambda a, b: a not in b,
}


class ProgramError(Exception):
    """A compiled program that cannot run: a bug in the compiler or a tampered bundle."""


def evaluate(expr: list, context: Mapping[str, Mapping[str, object]]) -> object:
    """The value of one program expression for this reader."""
    kind = expr[0]
    if kind == "var":
        return context[expr[1]][expr[2]]
    if kind == "const":
        return expr[1]
    if kind == "not":
        return not evaluate(expr[1], context)
    if kind == "and":
        return evaluate(expr[1], context) and evaluate(expr[2], context)
    if kind == "or":
        return evaluate(expr[1], context) or evaluate(expr[2], context)
    if kind == "cmp":
        return COMPARISONS[expr[1]](evaluate(expr[2], context), evaluate(expr[3], context))
    raise ProgramError(f"unknown expression {kind!r}")


def run(program: list, context: Mapping[str, Mapping[str, object]], outputs: list[object]) -> str:
    """The Markdown this program writes for ``context``, an output marker for each value appended to ``outputs``."""
    parts: list[str] = []
    for piece in program:
        kind = piece[0]
        if kind == "text":
            parts.append(piece[1])
        elif kind == "out":
            value = evaluate(piece[1], context)
            if len(piece) > 2:
                value = plural(value, piece[2][0], piece[2][1])
            outputs.append(value)
            parts.append(_OUT)
        elif kind == "if":
            for condition, body in piece[1]:
                if condition is None or evaluate(condition, context):
                    parts.append(run(body, context, outputs))
                    break
        else:
            raise ProgramError(f"unknown program piece {kind!r}")
    return "".join(parts)


def numbered(markdown_text: str) -> str:
    """Output markers numbered in order as tokens: the same Markdown for the same branches, whoever reads."""
    count = iter(range(markdown_text.count(_OUT)))
    return re.sub(_OUT, lambda _: f"{OPEN}{next(count)}{CLOSE}", markdown_text)


def variant_key(markdown_text: str) -> str:
    """The key of a variant's HTML: a hash of its numbered Markdown."""
    return hashlib.sha256(markdown_text.encode("utf-8")).hexdigest()[:20]


def render_compiled(compiled: Compiled, context: Mapping[str, Mapping[str, object]], guide: str,
                    links: Mapping[str, str], link_base: str) -> Rendered:
    """A section body for one reader in Markdown and HTML, from its compiled program.

    Raises `ProgramError` when the build made no HTML for these branches
    (the compiler enumerates every combination, so that is a bug)."""
    outputs: list[object] = []
    with_tokens = with_link_paths(numbered(run(compiled.program, context, outputs)), guide)
    as_html = compiled.html_by_key.get(variant_key(with_tokens))
    if as_html is None:
        raise ProgramError("the build made no HTML for this reader's branches; build the site again, "
                           "and report it to plangen if it happens again")

    def url(match: re.Match) -> str:
        return link_base + links.get(match[1], default_url(match[1]))

    def fill(text: str, reader: Callable[[str], str], plain: Callable[[object], str]) -> str:
        return TOKEN.sub(lambda m: _filled(outputs[int(m[1])], reader, plain), text)

    return Rendered(
        markdown=fill(_LINK.sub(url, with_tokens), escape_markdown, str),
        html=fill(_LINK.sub(lambda m: _attribute(url(m)), as_html), reader_html, lambda v: escape_html(str(v))),
    )


def with_link_paths(markdown_text: str, guide: str) -> str:
    """Guide links as docs paths between `LINK_OPEN` and `LINK_CLOSE`, which the reader's plan fills in."""
    return relink(markdown_text, guide, lambda path: LINK_OPEN + path + LINK_CLOSE)


def _filled(value: object, reader: Callable[[str], str], plain: Callable[[object], str]) -> str:
    return reader(value.text) if isinstance(value, ReaderText) else plain(value)


# Markdown writes an attribute escaping `&` (unless it starts an entity), `<`, `>` and `"`: a link the same way.
_AMPERSAND = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.I)


def _attribute(text: str) -> str:
    return _AMPERSAND.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def variants(program: list) -> list[str]:
    """Every Markdown this program can write (output markers numbered), one per combination of branches."""
    return sorted({numbered(text) for text in _texts(program)})


def count_variants(program: list) -> int:
    """How many combinations of branches the program has (before identical ones are merged)."""
    total = 1
    for piece in program:
        if piece[0] == "if":
            cases = piece[1]
            total *= sum(count_variants(body) for _, body in cases) + (0 if cases[-1][0] is None else 1)
    return total


def _texts(program: list) -> list[str]:
    texts = [""]
    for piece in program:
        if piece[0] == "text":
            options = [piece[1]]
        elif piece[0] == "out":
            options = [_OUT]
        else:
            cases = piece[1]
            options = [text for _, body in cases for text in _texts(body)]
            if cases[-1][0] is not None:
                options.append("")
        texts = [start + option for start in texts for option in options]
    return texts
