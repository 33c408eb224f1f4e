"""Render section templates so a reader's words stay data.

Section bodies are trusted Markdown + Jinja2 written by authors. A reader's
typed text never becomes template source and never passes through Markdown:
it enters the template as an opaque token, the trusted Markdown is rendered
around it, and only then is each token replaced by the reader's text escaped
for the target format (Markdown or HTML).
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass
from typing import Mapping

import markdown
from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import SandboxedEnvironment

from plangen.engine.answers import balance_bidi

# Private-use code points: Markdown leaves them alone, no author types them.
_OPEN, _CLOSE = "\ue000", "\ue001"
_TOKEN = re.compile(_OPEN + r"(\d+)" + _CLOSE)
# Syntax wherever it stands in a line; `(`, `)` and `!` need the `[` or `]` escaped here.
_MARKDOWN_INLINE = re.compile(r"([\\`*_{}\[\]<>|~])")
_ENTITY_START = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Syntax only at the start of a line, where a template may put the words: a list item, heading, quote, rule.
_LINE_START = re.compile(r"^([#>+=-]|\d+(?=[.)]))")
_MD_LINK = re.compile(r"\]\((?P<target>[^)\s#]+\.md)(?P<anchor>#[^)\s]*)?\)")
MARKDOWN_EXTENSIONS = ["attr_list", "sane_lists", "tables", "fenced_code"]

# No trim_blocks: the newline after `{% endif %}` is part of the text, so a
# branch never glues its sentence to the next paragraph or list item.
_environment = SandboxedEnvironment(
    undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True, lstrip_blocks=True,
)


def plural(count: object, noun: str, plural_form: str | None = None) -> str:
    """``3 | plural("hour")`` -> ``"3 hours"``; ``1 | plural("hour")`` -> ``"1 hour"``."""
    return f"{count} {noun if count == 1 else (plural_form or noun + 's')}"


_environment.filters["plural"] = plural


def parse_template(source: str) -> nodes.Template:
    """The syntax tree of trusted template source (for checking the names it uses)."""
    return _environment.parse(source)


class ReaderText:
    """A reader's words inside a template: prints as a token, never as text."""

    __slots__ = ("index", "text")

    def __init__(self, index: int, text: str):
        self.index = index
        self.text = text

    def __str__(self) -> str:
        return f"{_OPEN}{self.index}{_CLOSE}"

    def __bool__(self) -> bool:
        return bool(self.text)


@dataclass(frozen=True)
class Rendered:
    markdown: str
    html: str
    misplaced_text: bool = False  # reader text landed inside an HTML tag


@functools.lru_cache(maxsize=1024)
def compile_template(source: str):
    """Compile trusted template source once (raises jinja2's TemplateSyntaxError)."""
    return _environment.from_string(source)


_markdown = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)


@functools.lru_cache(maxsize=4096)
def markdown_to_html(text: str) -> str:
    """Trusted Markdown -> HTML with one reusable converter (building one is slow).

    Cached: readers whose answers take the same branches render the same
    Markdown (their words are tokens at this point), so most plans reuse it.
    """
    return _markdown.reset().convert(text)


def render_text(source: str, context: Mapping[str, object]) -> str:
    """Render trusted source with trusted values only (public pages)."""
    return compile_template(source).render(context)


def render_section(source: str, context: Mapping[str, object], texts: list[str],
                   links: Mapping[str, str], guide: str, link_base: str) -> Rendered:
    """Render one section body for a plan in both output formats.

    ``texts`` holds the reader's words that `ReaderText` tokens in ``context``
    point to; ``links`` maps docs paths to site URLs so ``other.md#x`` links
    in guides still work from the plan.
    """
    with_tokens = compile_template(source).render(context)
    with_tokens = rewrite_links(with_tokens, guide, links, link_base)
    as_html, misplaced = _html_with_tokens(with_tokens)
    return Rendered(
        markdown=fill_tokens(with_tokens, texts, escape_markdown),
        html=fill_tokens(as_html, texts, reader_html),
        misplaced_text=misplaced,
    )


@functools.lru_cache(maxsize=4096)
def _html_with_tokens(markdown_text: str) -> tuple[str, bool]:
    """The HTML for Markdown whose reader words are tokens, with tokens kept out of tags, and whether
    any had landed in one. Cached like `markdown_to_html`: most plans share their branches."""
    as_html = markdown_to_html(markdown_text)
    return _outside_tags_only(as_html), tokens_in_tags(as_html)


def fill_tokens(rendered: str, texts: list[str], escape) -> str:
    """Replace each token with its reader text, escaped for the format."""
    return _TOKEN.sub(lambda match: escape(texts[int(match.group(1))]), rendered)


_CODE_ELEMENTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)


def tokens_in_tags(rendered_html: str) -> bool:
    """Whether a reader-text token landed inside an HTML tag (a link target,
    say) or inside a script or style element, where escaping does not help."""
    inside = re.findall(r"<[^>]*>", rendered_html) + [m.group(0) for m in _CODE_ELEMENTS.finditer(rendered_html)]
    return any(_TOKEN.search(part) for part in inside)


def _outside_tags_only(rendered_html: str) -> str:
    # Reader text may only ever be element content; `plangen check` rejects
    # templates that put it in an attribute, and this drops it if one slips by.
    return re.sub(r"<[^>]*>", lambda tag: _TOKEN.sub("", tag.group(0)), rendered_html)


def reader_html(text: str) -> str:
    """A reader's words as HTML text, in a <bdi> so direction overrides stay inside."""
    return f'<bdi class="reader-text">{html.escape(text)}</bdi>'


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

    def replace(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(guide), match.group("target")))
        url = links.get(target, default_url(target))
        return f"]({link_base}{url}{match.group('anchor') or ''})"

    return _MD_LINK.sub(replace, text)


def default_url(docs_path: str) -> str:
    """MkDocs' directory URL for a docs path: ``guides/a.md`` -> ``guides/a/``."""
    stem = docs_path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


__all__ = [
    "ReaderText", "Rendered", "compile_template", "parse_template", "plural", "render_text",
    "render_section", "escape_markdown", "rewrite_links", "default_url", "tokens_in_tags",
]
