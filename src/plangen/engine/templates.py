"""Section templates rendered with Jinja2 and converted with Markdown.

This is the build's path (public guide pages, checks, compiling sections)
and the fallback for a section whose template `plangen.engine.program`
cannot run; a plan in the browser normally never imports it. Reader text
stays data here as there: it enters the template as a token
(`plangen.engine.tokens`), and each token is replaced only after Markdown.
"""

from __future__ import annotations

import functools
from typing import Mapping

import markdown
from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import SandboxedEnvironment

from plangen.engine.tokens import (
    Rendered, escape_markdown, fill_tokens, outside_tags_only, plural, reader_html, rewrite_links, tokens_in_tags,
)

# By module, not by entry-point name: the browser's copy of Markdown has no
# package metadata to look names up in (site/enginezip.py).
MARKDOWN_EXTENSIONS = [f"markdown.extensions.{name}" for name in ("attr_list", "sane_lists", "tables", "fenced_code")]

# No trim_blocks: the newline after `{% endif %}` is part of the text, so a
# branch never glues its sentence to the next paragraph or list item.
_environment = SandboxedEnvironment(
    undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True, lstrip_blocks=True,
)
_environment.filters["plural"] = plural


def parse_template(source: str) -> nodes.Template:
    """The syntax tree of trusted template source (for checking and compiling it)."""
    return _environment.parse(source)


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
    return outside_tags_only(as_html), tokens_in_tags(as_html)


__all__ = ["MARKDOWN_EXTENSIONS", "compile_template", "markdown_to_html", "parse_template", "render_section",
           "render_text"]
