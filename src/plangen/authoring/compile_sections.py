"""Compile section templates at build time, so the browser runs neither Jinja2 nor Markdown.

A template written with if/elif/else, comparisons, ``and``/``or``/``not``
and outputs of ``answers.x`` or ``facts.x`` (optionally ``| plural(...)``)
becomes a program (`plangen.engine.program`), and every Markdown it can
write is converted to HTML here. A template that uses anything else, or
whose branches combine into more than `MAX_VARIANTS` texts, is left to
Jinja2 in the browser: it still works, the engine just starts slower.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from jinja2 import nodes

from plangen.authoring.check_cache import code_stamp
from plangen.authoring.jsonfile import save_json
from plangen.engine import templates
from plangen.engine.model import Compiled, Content, Section
from plangen.engine.program import count_variants, variant_key, variants, with_link_paths
from plangen.engine.tokens import outside_tags_only

# Branch combinations a section may have and still be compiled; each one is an HTML text in the bundle.
MAX_VARIANTS = 64
_SCOPES = ("answers", "facts")
_COMPARISONS = {"eq", "ne", "lt", "lteq", "gt", "gteq", "in", "notin"}


class Unsupported(Exception):
    """A template construct the program format does not have."""


class CompiledCache:
    """Sections compiled in an earlier build, in ``cache_dir``: converting every branch's Markdown is
    most of a warm build's share of plangen. Keyed on the template, its guide and the code that compiles."""

    FILE_NAME = "compiled-sections.json"

    def __init__(self, cache_dir: Path):
        self.path = cache_dir / self.FILE_NAME
        self._stamp = code_stamp("compile_sections.py").hex()
        try:
            self._known = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(self._known, dict):
                raise TypeError
        except (OSError, ValueError, TypeError):
            self._known = {}  # no cache yet, or an unreadable one: compile everything
        self._used: dict[str, object] = {}

    def compiled(self, section: Section) -> Compiled | None:
        """The section's compiled form (None: left to Jinja2), from the cache or made now."""
        key = hashlib.sha256(json.dumps([self._stamp, section.guide, section.template]).encode()).hexdigest()
        if key in self._known:
            plain = self._known[key]
            result = None if plain is None else Compiled(program=plain[0], html=tuple(map(tuple, plain[1])))
        else:
            result = compile_template(section.template, section.guide)
        self._used[key] = None if result is None else [result.program, [list(pair) for pair in result.html]]
        return result

    def save(self) -> None:
        """Keep this build's sections only, so the file does not grow with every edit."""
        if self._used != self._known:
            save_json(self.path, self._used)


def compile_content(content: Content, cache_dir: Path | None = None) -> Content:
    """``content`` with every section whose template can be compiled carrying its `Compiled` form
    (with ``cache_dir``, sections compiled by an earlier build are taken from there)."""
    cache = CompiledCache(cache_dir) if cache_dir is not None else None
    sections = []
    for section in content.sections:
        compiled = cache.compiled(section) if cache else compile_template(section.template, section.guide)
        sections.append(section if compiled is None else replace(section, compiled=compiled))
    if cache:
        cache.save()
    return replace(content, sections=tuple(sections))


def compile_template(source: str, guide: str) -> Compiled | None:
    """The compiled form of a (checked) template, or None when it needs Jinja2."""
    try:
        program = _program(templates.parse_template(source).body)
    except Unsupported:
        return None
    if count_variants(program) > MAX_VARIANTS:
        return None
    table = {}
    for text in variants(program):
        text = with_link_paths(text, guide)
        table[variant_key(text)] = outside_tags_only(templates.markdown_to_html(text))
    return Compiled(program=program, html=tuple(sorted(table.items())))


def _program(body: list[nodes.Node]) -> list:
    program: list = []
    for node in body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    if child.data:
                        program.append(["text", child.data])
                else:
                    program.append(_output(child))
        elif isinstance(node, nodes.If):
            cases = [[_expression(node.test), _program(node.body)]]
            cases += [[_expression(branch.test), _program(branch.body)] for branch in node.elif_]
            if node.else_:
                cases.append([None, _program(node.else_)])
            program.append(["if", cases])
        else:
            raise Unsupported(type(node).__name__)
    return program


def _output(node: nodes.Node) -> list:
    if isinstance(node, nodes.Filter) and node.name == "plural" and node.node is not None:
        if node.kwargs or node.dyn_args or node.dyn_kwargs or not 1 <= len(node.args) <= 2 \
                or not all(isinstance(arg, nodes.Const) and isinstance(arg.value, str) for arg in node.args):
            raise Unsupported("plural")
        words = [arg.value for arg in node.args]
        return ["out", _expression(node.node), [words[0], words[1] if len(words) > 1 else None]]
    return ["out", _variable(node)]


def _variable(node: nodes.Node) -> list:
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) and node.node.name in _SCOPES:
        return ["var", node.node.name, node.attr]
    if isinstance(node, nodes.Getitem) and isinstance(node.node, nodes.Name) and node.node.name in _SCOPES \
            and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
        return ["var", node.node.name, node.arg.value]
    raise Unsupported(type(node).__name__)


def _expression(node: nodes.Node) -> list:
    if isinstance(node, nodes.Const) and (node.value is None or isinstance(node.value, (str, int, float, bool))):
        return ["const", node.value]
    if isinstance(node, nodes.Not):
        return ["not", _expression(node.node)]
    if isinstance(node, nodes.And):
        return ["and", _expression(node.left), _expression(node.right)]
    if isinstance(node, nodes.Or):
        return ["or", _expression(node.left), _expression(node.right)]
    if isinstance(node, nodes.Compare) and len(node.ops) == 1 and node.ops[0].op in _COMPARISONS:
        return ["cmp", node.ops[0].op, _expression(node.expr), _expression(node.ops[0].expr)]
    if isinstance(node, (nodes.List, nodes.Tuple)) and all(isinstance(item, nodes.Const) for item in node.items):
        return ["const", [item.value for item in node.items]]
    return _variable(node)
