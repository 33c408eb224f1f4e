"""A reader's words as tokens inside trusted text, and how each output format receives them.

A section body is trusted Markdown written by authors. A reader's typed text
never becomes template source and never passes through Markdown: it enters
the body as an opaque token, the trusted Markdown is rendered around it, and
only then is each token replaced by the words escaped for the target format
(Markdown or HTML). This module is pure (no Jinja2, no Markdown), so the
browser's engine needs nothing more to fill in a plan.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Callable, Mapping

from plangen.engine.answers import balance_bidi

# Private-use code points: Markdown leaves them alone, no author types them.
OPEN, CLOSE = "\ue000", "\ue001"
TOKEN = re.compile(OPEN + r"(\d+)" + CLOSE)
# Syntax wherever it stands in a line; `(`, `)` and `!` need the `[` or `]` escaped here.
_MARKDOWN_INLINE = re.compile(r"([\\`*_{}\[\]<>|~])")
_ENTITY_START = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Syntax only at the start of a line, where a template may put the words: a list item, heading, quote, rule.
_LINE_START = re.compile(r"^([#>+=-]|\d+(?=[.)]))")
_MD_LINK = re.compile(r"\]\((?P<target>[^)\s#]+\.md)(?P<anchor>#[^)\s]*)?\)")


class ReaderText:
    """A reader's words inside a template: prints as a token, never as text."""

    __slots__ = ("index", "text")

    def __init__(self, index: int, text: str):
        self.index = index
        self.text = text

    def __str__(self) -> str:
        return f"{OPEN}{self.index}{CLOSE}"

    def __bool__(self) -> bool:
        return bool(self.text)


@dataclass(frozen=True)
class Rendered:
    markdown: str
    html: str
    misplaced_text: bool = False  # reader text landed inside an HTML tag


def fill_tokens(rendered: str, texts: list[str], escape: Callable[[str], str]) -> str:
    """Replace each token with its reader text, escaped for the format."""
    return TOKEN.sub(lambda match: escape(texts[int(match.group(1))]), rendered)


_CODE_ELEMENTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)


def tokens_in_tags(rendered_html: str) -> bool:
    """Whether a reader-text token landed inside an HTML tag (a link target,
    say) or inside a script or style element, where escaping does not help."""
    inside = re.findall(r"<[^>]*>", rendered_html) + [m.group(0) for m in _CODE_ELEMENTS.finditer(rendered_html)]
    return any(TOKEN.search(part) for part in inside)


def outside_tags_only(rendered_html: str) -> str:
    """``rendered_html`` with any token inside a tag dropped.

    Reader text may only ever be element content; `plangen check` rejects
    templates that put it in an attribute, and this drops it if one slips by.
    """
    return re.sub(r"<[^>]*>", lambda tag: TOKEN.sub("", tag.group(0)), rendered_html)


def escape_html(text: str) -> str:
    """``html.escape(text)``, the same five characters, without importing `html`: its table of
    entities takes longer to import in the browser than a whole plan takes to make."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("'", "&#x27;"))


def reader_html(text: str) -> str:
    """A reader's words as HTML text, in a <bdi> so direction overrides stay inside."""
    return f'<bdi class="reader-text">{escape_html(text)}</bdi>'


def escape_markdown(text: str) -> str:
    """Escape text so Markdown shows it literally: no links, images, markup.

    Only what could act as syntax where the words land (inside a line) is
    escaped, so "full-time" stays "full-time" for a reader of the file:
    characters that are syntax anywhere, an ``&`` that would start an entity,
    and a list, heading or quote marker at the very start. Words with a
    direction control or right-to-left letters are wrapped in Unicode
    isolates (U+2068 ... U+2069) so they cannot reorder the text around them.
    """
    text = " ".join(text.split())
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", balance_bidi(text))
    escaped = _ENTITY_START.sub(r"\\&", escaped)
    escaped = _LINE_START.sub(lambda m: m.group(1) + "\\" if m.group(1).isdigit() else "\\" + m.group(1), escaped)
    return "\u2068" + escaped + "\u2069" if needs_isolation(text) else escaped


_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff"
                            "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def needs_isolation(text: str) -> bool:
    """Whether text holds a direction control or a right-to-left letter."""
    return bool(_RIGHT_TO_LEFT.search(text))


def rewrite_links(text: str, guide: str, links: Mapping[str, str], link_base: str) -> str:
    """Point ``other.md#anchor`` links written in a guide at the built site."""
    return relink(text, guide, lambda path: link_base + links.get(path, default_url(path)))


def relink(text: str, guide: str, target: Callable[[str], str]) -> str:
    """``](other.md#anchor)`` links in ``guide``'s Markdown pointed at ``target(docs path)``."""

    def replace(match: re.Match) -> str:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(guide), match.group("target")))
        return f"]({target(path)}{match.group('anchor') or ''})"

    return _MD_LINK.sub(replace, text)


def default_url(docs_path: str) -> str:
    """MkDocs' directory URL for a docs path: ``guides/a.md`` -> ``guides/a/``."""
    stem = docs_path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def plural(count: object, noun: str, plural_form: str | None = None) -> str:
    """``3 | plural("hour")`` -> ``"3 hours"``; ``1 | plural("hour")`` -> ``"1 hour"``."""
    return f"{count} {noun if count == 1 else (plural_form or noun + 's')}"
