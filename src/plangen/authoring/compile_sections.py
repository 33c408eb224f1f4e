"""Compile section templates at build time, so the browser runs neither Jinja2 nor Markdown.

A template written with if/elif/else, comparisons, ``and``/``or``/``not``
and outputs of ``answers.x`` or ``facts.x`` (optionally ``| plural(...)``)
becomes a program (`plangen.engine.program`), and every Markdown it can
write is converted to HTML here. A template that uses anything else, or
whose branches combine into more than `MAX_VARIANTS` texts, is left to
Jinja2 in the browser: it still works, the engine just starts slower.
"""

from __future__ import annotations

from dataclasses import replace

from jinja2 import nodes

from plangen.engine import templates
from plangen.engine.model import Compiled, Content, Section
from plangen.engine.program import variant_key, variants, count_variants, with_link_paths
from plangen.engine.tokens import outside_tags_only

# Branch combinations a section may have and still be compiled; each one is an HTML text in the bundle.
MAX_VARIANTS = 64
_SCOPES = ("answers", "facts")
_COMPARISONS = {"eq", "ne", "lt", "lteq", "gt", "gteq", "in", "notin"}


class Unsupported(Exception):
    """A template construct the program format does not have."""


def compile_content(content: Content) -> Content:
    """``content`` with every section whose template can be compiled carrying its `Compiled` form."""
    return replace(content, sections=tuple(compile_section(section) for section in content.sections))


def compile_section(section: Section) -> Section:
    """The section with ``compiled`` set, or unchanged when its template needs Jinja2."""
    compiled = compile_template(section.template, section.guide)
    return section if compiled is None else replace(section, compiled=compiled)


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
