"""Section templates: known names only, they render, reader text stays in prose."""

from __future__ import annotations

from jinja2 import TemplateSyntaxError, nodes

from plangen.authoring.check_cache import PassedChecks
from plangen.authoring.shapes import ErrorList, suggest
from plangen.engine import templates
from plangen.engine.model import Content
from plangen.engine.planner import compute_facts, neutral_context, template_context

# Names Jinja2 itself provides inside templates.
TEMPLATE_BUILTINS = {"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace", "super", "caller",
                     "varargs", "kwargs", "true", "false", "none", "True", "False", "None"}


def _template_variables(template_source: str) -> list[tuple[str, str | None, int]]:
    """(name, attribute, line) for each variable a template reads."""
    ast = templates.parse_template(template_source)
    found = []
    for node in ast.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name):
            found.append((node.node.name, node.attr, node.lineno))
    for node in ast.find_all(nodes.Getitem):
        if isinstance(node.node, nodes.Name) and isinstance(node.arg, nodes.Const):
            found.append((node.node.name, str(node.arg.value), node.lineno))
    assigned = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    for node in ast.find_all(nodes.Name):
        if node.ctx == "load" and node.name not in assigned:
            found.append((node.name, None, node.lineno))
    return found


def check_sections(content: Content, errors: ErrorList, passed: PassedChecks | None = None) -> None:
    """Check every section's template; with ``passed``, skip those that passed in an earlier build."""
    names = {"answers": {q.id for q in content.questions}, "facts": {f.id for f in content.facts}}
    neutral = neutral_context(content)
    # A context where every text question holds reader words, to catch
    # templates that would put them in a link target or other attribute.
    sample = {q.id: "sample words" for q in content.questions if q.type == "text"}
    text_ids = set(sample)
    texts: list[str] = []
    sample_context = template_context(content, sample, compute_facts(content, {}), texts)
    for section in content.sections:
        if passed is not None and passed.known(section):
            continue
        path, line = section.where.path, section.where.line
        try:
            variables = _template_variables(section.template)
        except TemplateSyntaxError as error:
            errors.add(f"template error in section '{section.id}': {error.message}", path, line + (error.lineno or 1))
            continue
        bad = False
        reported: set[str] = set()
        for name, attribute, offset in variables:
            if name in TEMPLATE_BUILTINS and name not in names:
                continue
            if name not in names:
                if name not in reported:
                    errors.add(f"unknown template variable '{name}' in section '{section.id}'", path, line + offset,
                               suggest(name, names) or "templates see 'answers' and 'facts'")
                    reported.add(name)
                bad = True
            elif attribute is not None and attribute not in names[name]:
                errors.add(f"unknown {name[:-1]} '{attribute}' in section '{section.id}'", path, line + offset,
                           suggest(attribute, names[name]))
                bad = True
        if bad:
            continue
        uses_text = any(name == "answers" and attribute in text_ids for name, attribute, _ in variables)
        try:
            templates.render_text(section.template, neutral)
            rendered = templates.render_section(section.template, sample_context, texts, {}, section.guide, "") \
                if uses_text else None
        except Exception as error:  # noqa: BLE001 - any failure here is the template's
            errors.add(f"section '{section.id}' fails to render: {error}", path, line + getattr(error, "lineno", 0)
                       if getattr(error, "lineno", None) else line)
            continue
        if rendered is not None and rendered.misplaced_text:
            errors.add(f"section '{section.id}' puts a reader's text inside a link, HTML tag or script", path, line,
                       "reader text may only appear in prose")
        elif passed is not None:
            passed.passed(section)
    if passed is not None and not errors.found:
        passed.save()
