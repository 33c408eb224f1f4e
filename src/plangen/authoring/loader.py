"""Load ``quiz/`` and the guides into a validated `Content` (build time only).

Every mistake becomes a `ContentError` with ``path:line`` and, for unknown
names, the nearest valid one. All errors found in one pass are raised
together as `ContentErrors`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateSyntaxError, nodes

from plangen.engine import templates
from plangen.engine.conditions import OPERATORS, names_in, parse_condition
from plangen.engine.planner import compute_facts, neutral_context, template_context
from plangen.engine.errors import ContentError, ContentErrors
from plangen.authoring.guides import parse_guide
from plangen.engine.model import (
    PHASES, All, QUESTION_TYPES, Condition, Content, Fact, Guide, Option, Question, Rule, Section, Where,
)
from plangen.authoring.yamlsrc import NodeDict, NodeList, read_yaml

QUESTION_KEYS = {"id", "type", "text", "help", "required", "options", "show_if", "min", "max",
                 "min_label", "max_label", "max_length", "neutral", "reason", "summary"}
OPTION_KEYS = {"id", "label", "reason"}
FACT_KEYS = {"id", "when", "from", "map", "default", "reason"}
RULE_KEYS = {"id", "when", "include", "priority", "phase", "group", "why"}
SECTION_KEYS = {"phase", "effort", "tags"}
GUIDE_KEYS = {"title", "description", "theme", "sections", "tags", "hide", "template", "icon",
              "status", "search"}
# Names Jinja2 itself provides inside templates.
TEMPLATE_BUILTINS = {"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace", "super", "caller",
                     "varargs", "kwargs", "true", "false", "none", "True", "False", "None"}
_ID = re.compile(r"[a-z0-9]+([-_][a-z0-9]+)*")
_EFFORT = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?")


@dataclass(frozen=True)
class Project:
    """Where a site's content lives, relative to ``root``."""

    root: Path
    quiz_dir: str = "quiz"
    docs_dir: str = "docs"
    guides_dir: str = "guides"

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def suggest(name: object, choices) -> str | None:
    """A did-you-mean hint for an unknown name, or None.

    Sets are sorted so hints read the same on every run; lists and dicts
    keep their order (usually the order in the source).
    """
    choices = sorted(str(c) for c in choices) if isinstance(choices, (set, frozenset)) else [str(c) for c in choices]
    close = difflib.get_close_matches(str(name), choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if choices and len(choices) <= 8:
        return "expected one of: " + ", ".join(choices)
    return None


@dataclass
class _Errors:
    found: list[ContentError] = field(default_factory=list)

    def add(self, message: str, path: str, line: int | None, hint: str | None = None) -> None:
        self.found.append(ContentError(message, path, line, hint))


def _line(data: object, key: object = None) -> int | None:
    if key is not None and isinstance(data, (NodeDict, NodeList)):
        return data.line_of(key)
    return getattr(data, "line", None)


def _keys(data: NodeDict, allowed: set[str], what: str, path: str, errors: _Errors) -> None:
    for key in data:
        if key not in allowed:
            errors.add(f"unknown key '{key}' in {what}", path, data.line_of(key), suggest(key, sorted(allowed)))


def _mapping_list(data: object, key: str, path: str, errors: _Errors) -> list[NodeDict]:
    if not isinstance(data, dict) or key not in data:
        errors.add(f"expected a top-level '{key}:' list", path, _line(data) or 1)
        return []
    items = data[key]
    if not isinstance(items, list):
        errors.add(f"'{key}' must be a list", path, _line(data, key))
        return []
    good = []
    for index, item in enumerate(items):
        if isinstance(item, dict):
            good.append(item)
        else:
            errors.add(f"each entry of '{key}' must be a mapping", path, _line(items, index))
    return good


def _id(data: NodeDict, what: str, path: str, errors: _Errors, seen: dict[str, int]) -> str | None:
    value = data.get("id")
    if not isinstance(value, str) or not _ID.fullmatch(value):
        errors.add(f"{what} needs an 'id' of lowercase letters, digits, '-' or '_'", path, _line(data, "id"))
        return None
    if value in seen:
        errors.add(f"duplicate {what} id '{value}'", path, _line(data, "id"), f"first defined on line {seen[value]}")
        return None
    seen[value] = _line(data, "id")
    return value


def _text(data: NodeDict, key: str, path: str, errors: _Errors, required: bool = True) -> str:
    value = data.get(key)
    if value is None:
        if required:
            errors.add(f"missing '{key}'", path, _line(data))
        return ""
    if not isinstance(value, str):
        errors.add(f"'{key}' must be text", path, _line(data, key))
        return ""
    return value.strip()


def _int(data: NodeDict, key: str, path: str, errors: _Errors) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        errors.add(f"'{key}' must be a whole number", path, _line(data, key))
        return None
    return value


def _condition(data: NodeDict, key: str, path: str, errors: _Errors) -> Condition | None:
    if key not in data:
        return None
    try:
        return parse_condition(data[key], path, _line(data, key))
    except ContentError as error:
        errors.found.append(error)
        return None


def _load_questions(path: Path, display: str, errors: _Errors) -> list[Question]:
    data = read_yaml(path, display)
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for item in _mapping_list(data, "questions", display, errors):
        _keys(item, QUESTION_KEYS, "a question", display, errors)
        qid = _id(item, "question", display, errors, seen)
        qtype = item.get("type")
        if qtype not in QUESTION_TYPES:
            errors.add(f"question type '{qtype}' is not known", display, _line(item, "type"),
                       suggest(qtype, QUESTION_TYPES))
            continue
        options: list[Option] = []
        option_seen: dict[str, int] = {}
        raw_options = item.get("options") or []
        if qtype in ("single", "multi"):
            if not isinstance(raw_options, list):
                errors.add(f"a {qtype} question needs a list of options", display, _line(item, "options") or item.line)
                raw_options = []
            elif len(raw_options) < 2:
                errors.add(f"a {qtype} question needs at least two options", display, _line(item, "options") or item.line)
            for index, raw in enumerate(raw_options):
                if not isinstance(raw, dict):
                    errors.add("each option must be a mapping with id and label", display, _line(raw_options, index))
                    continue
                _keys(raw, OPTION_KEYS, "an option", display, errors)
                oid = _id(raw, "option", display, errors, option_seen)
                label = _text(raw, "label", display, errors)
                reason = _text(raw, "reason", display, errors, required=False) or f"you answered “{label}”"
                if oid:
                    options.append(Option(oid, label, reason, Where(display, raw.line)))
        elif raw_options:
            errors.add(f"a {qtype} question cannot have options", display, _line(item, "options"),
                       "only single and multi questions offer options")
        low, high = _int(item, "min", display, errors), _int(item, "max", display, errors)
        if qtype == "scale" and (low is None or high is None or low >= high):
            errors.add("a scale question needs whole numbers 'min' < 'max'", display, item.line)
            low, high = None, None  # unknown range: values compared with it are not checked
        if qtype == "multi" and low is not None and high is not None and low > high:
            errors.add("'min' picks is larger than 'max' picks", display, _line(item, "min"))
        neutral = _text(item, "neutral", display, errors, required=qtype == "text")
        max_length = _int(item, "max_length", display, errors)
        if max_length is not None and max_length < 1:
            errors.add("'max_length' must be at least 1", display, _line(item, "max_length"))
        required = item.get("required", False)
        if not isinstance(required, bool):
            errors.add("'required' must be true or false", display, _line(item, "required"))
        if qid is None:
            continue
        questions.append(Question(
            id=qid, type=qtype, text=_text(item, "text", display, errors),
            help=_text(item, "help", display, errors, required=False),
            required=required is True, options=tuple(options),
            show_if=_condition(item, "show_if", display, errors), min=low, max=high,
            min_label=_text(item, "min_label", display, errors, required=False),
            max_label=_text(item, "max_label", display, errors, required=False),
            max_length=max_length or 80, neutral=neutral,
            reason=_text(item, "reason", display, errors, required=False),
            summary=_text(item, "summary", display, errors, required=False),
            where=Where(display, item.line),
        ))
    return questions


PLAN_KEYS = {"max_steps", "min_steps", "phase_steps"}
RULES_FILE_KEYS = {"plan", "groups", "facts", "rules"}


def _load_plan_limits(data: object, display: str, errors: _Errors) -> dict:
    plan = data.get("plan", {}) if isinstance(data, dict) else {}
    if not isinstance(plan, dict):
        errors.add("'plan' holds max_steps and min_steps", display, _line(data, "plan"))
        return {}
    _keys(plan, PLAN_KEYS, "'plan'", display, errors)
    limits: dict = {}
    phases = plan.get("phase_steps", {})
    if not isinstance(phases, dict):
        errors.add("'phase_steps' maps a phase to its most steps", display, plan.line_of("phase_steps"))
        phases = {}
    for phase, limit in phases.items():
        if phase not in PHASES:
            errors.add(f"phase '{phase}' is not known", display, phases.line_of(phase), suggest(phase, PHASES))
        elif not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            errors.add(f"phase '{phase}' needs a whole number of at least 1", display, phases.line_of(phase))
        else:
            limits.setdefault("phase_steps", []).append((phase, limit))
    for key in ({"max_steps", "min_steps"} & set(plan)):
        value = _int(plan, key, display, errors)
        if value is not None and value < 1:
            errors.add(f"'{key}' must be at least 1", display, plan.line_of(key))
        elif value is not None:
            limits[key] = value
    if limits.get("min_steps", 1) > limits.get("max_steps", 10**6):
        errors.add("'min_steps' is larger than 'max_steps'", display, plan.line_of("min_steps"))
    return limits


def _load_rules(path: Path, display: str, errors: _Errors) -> tuple[list[Fact], list[Rule], dict[str, int], dict[str, int]]:
    data = read_yaml(path, display)
    if isinstance(data, NodeDict):
        _keys(data, RULES_FILE_KEYS, "rules.yaml", display, errors)
    groups: dict[str, int] = {}
    raw_groups = data.get("groups", {}) if isinstance(data, dict) else {}
    if not isinstance(raw_groups, dict):
        errors.add("'groups' maps a group name to how many steps it may add", display, _line(data, "groups"))
        raw_groups = {}
    for name, limit in raw_groups.items():
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            errors.add(f"group '{name}' needs a whole number of at least 1", display, raw_groups.line_of(name))
            limit = 1  # still declared, so rules in it are not reported as well
        groups[str(name)] = limit
    facts: list[Fact] = []
    fact_seen: dict[str, int] = {}
    if isinstance(data, dict) and "facts" in data:
        for item in _mapping_list(data, "facts", display, errors):
            _keys(item, FACT_KEYS, "a fact", display, errors)
            fid = _id(item, "fact", display, errors, fact_seen)
            when = _condition(item, "when", display, errors)
            source, table = item.get("from"), item.get("map")
            broken = False
            if ("when" in item) == ("from" in item):
                errors.add("a fact has either 'when' (a condition) or 'from' + 'map' (a lookup)",
                           display, item.line)
                broken = True
            elif "from" in item and not isinstance(table, dict):
                errors.add("a lookup fact needs a 'map' from option ids to values", display, _line(item, "from"))
                broken = True
            elif "when" in item and when is None:
                broken = True  # its condition was reported as it was parsed
            if broken:
                # Keep the fact's name known (as an always-true stand-in), so
                # whatever uses it does not fail as well.
                when, source, table = All(()), None, {}
            if fid:
                facts.append(Fact(
                    id=fid, when=when, source=str(source) if source is not None else None,
                    table=tuple((str(k), v) for k, v in (table or {}).items()),
                    default=item.get("default"), reason=_text(item, "reason", display, errors, required=False),
                    where=Where(display, item.line),
                ))
    rules: list[Rule] = []
    rule_seen: dict[str, int] = {}
    for item in _mapping_list(data, "rules", display, errors):
        _keys(item, RULE_KEYS, "a rule", display, errors)
        rid = _id(item, "rule", display, errors, rule_seen)
        include = item.get("include")
        if isinstance(include, str):
            include = [include]
        if not isinstance(include, list) or not include or not all(isinstance(s, str) for s in include):
            errors.add("a rule needs 'include': a list of section ids", display, _line(item, "include") or item.line)
            include = []
        phase = item.get("phase")
        if phase is not None and phase not in PHASES:
            errors.add(f"phase '{phase}' is not known", display, _line(item, "phase"), suggest(phase, PHASES))
            phase = None
        group = item.get("group")
        if group is not None and not isinstance(group, str):
            errors.add("'group' names one group", display, _line(item, "group"), "write e.g. 'group: networking'")
            group = None
        if group is not None and group not in groups:
            errors.add(f"group '{group}' is not declared under 'groups'", display, _line(item, "group"),
                       suggest(group, groups))
            group = None
        if "when" not in item and not item.get("why"):
            errors.add("a rule without 'when' applies to everyone and needs a 'why'", display, item.line,
                       "say in one sentence why every plan has this step")
        if rid:
            rules.append(Rule(
                id=rid, include=tuple(include), when=_condition(item, "when", display, errors),
                priority=_int(item, "priority", display, errors) or 0, phase=phase, group=group,
                why=_text(item, "why", display, errors, required=False), where=Where(display, item.line),
            ))
    return facts, rules, groups, _load_plan_limits(data, display, errors)


def _parse_effort(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str):
        match = _EFFORT.fullmatch(value.strip())
        if match and any(match.groups()):
            minutes = int(match[1] or 0) * 60 + int(match[2] or 0)
            return minutes or None
    return None


def _load_guides(project: Project, errors: _Errors) -> tuple[list[Guide], list[Section]]:
    guides_root = project.root / project.docs_dir / project.guides_dir
    guides: list[Guide] = []
    sections: list[Section] = []
    seen: dict[str, str] = {}
    for path in sorted(guides_root.glob("*.md")):
        display = project.display(path)
        docs_path = path.relative_to(project.root / project.docs_dir).as_posix()
        text = path.read_text(encoding="utf-8")
        front = text.split("\n---", 1)[0]
        undeclared = False  # section headings, but no 'sections:' to describe them
        if not text.startswith("---") or not re.search(r"^sections:", front, re.M):
            # An ordinary page in the guides folder (the index, say), unless
            # it looks like a guide that forgot its metadata.
            heading = next((number for number, line in enumerate(text.splitlines(), 1)
                            if re.match(r"^##\s.*\{#[^}]+\}\s*$", line)), None)
            if heading is None:
                continue
            errors.add("this page has section headings but no 'sections:' in its front matter",
                       display, heading, "declare each section's phase, effort and tags")
            undeclared = True
        try:
            raw = parse_guide(text, display)
        except ContentError as error:
            errors.found.append(error)
            continue
        errors.found.extend(raw.errors)
        meta = raw.meta
        declared = meta.get("sections") or {}
        _keys(meta, GUIDE_KEYS, "guide front matter", display, errors)
        if not isinstance(declared, dict):
            errors.add("'sections' maps each section id to its phase, effort and tags", display, _line(meta, "sections"))
            declared = NodeDict()
        headings = {section.id for section in raw.sections}
        bad_headings = {error.line for error in raw.errors}
        stand_ins = []
        for sid in declared:
            if sid in headings:
                continue
            if raw.errors:
                # Probably the heading reported above; keep the id known so
                # rules naming it do not fail as well.
                stand_ins.append(Section(id=sid, title=sid, guide=docs_path, phase="week", effort=1, tags=(),
                                         template="", where=Where(display, declared.line_of(sid))))
            else:
                errors.add(f"section '{sid}' is in front matter but no heading has {{#{sid}}}",
                           display, declared.line_of(sid), suggest(sid, [s.id for s in raw.sections]))
        sections.extend(stand_ins)
        for section in raw.sections:
            where = f"{display}:{section.line}"
            if section.id in seen:
                errors.add(f"duplicate section id '{section.id}'", display, section.line, f"also at {seen[section.id]}")
                continue
            seen[section.id] = where
            meta_of = declared.get(section.id)
            # A section with bad metadata is still recorded (with stand-in
            # values) so rules naming it do not report a second, false error.
            phase, effort, tags = "week", 1, []
            if undeclared or section.line in bad_headings:
                pass  # already reported (once for the page, or at the heading)
            elif not isinstance(meta_of, dict):
                errors.add(f"section '{section.id}' has no metadata in front matter", display, section.line,
                           f"add '{section.id}: {{phase: week, effort: 30m, tags: []}}' under 'sections:'")
            else:
                _keys(meta_of, SECTION_KEYS, "section metadata", display, errors)
                if meta_of.get("phase") in PHASES:
                    phase = meta_of["phase"]
                elif "phase" not in meta_of:
                    errors.add(f"section '{section.id}' needs a phase: week, month or quarter", display,
                               meta_of.line)
                else:
                    errors.add(f"section '{section.id}' has phase '{meta_of.get('phase')}'", display,
                               _line(meta_of, "phase"), suggest(meta_of.get("phase"), PHASES))
                parsed = _parse_effort(meta_of.get("effort"))
                if parsed is None:
                    errors.add(f"section '{section.id}' needs an effort like 30m, 2h or 1h30m", display,
                               _line(meta_of, "effort") or meta_of.line)
                else:
                    effort = parsed
                tags = meta_of.get("tags") or []
                if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                    errors.add("tags must be a list of words", display, _line(meta_of, "tags"))
                    tags = []
            sections.append(Section(
                id=section.id, title=section.title, guide=docs_path, phase=phase, effort=effort,
                tags=tuple(tags), template=section.body, where=Where(display, section.line),
            ))
        title = meta.get("title")
        if not isinstance(title, str) or not title.strip():
            errors.add("a guide needs a 'title' in its front matter", display, meta.line)
            title = docs_path
        guides.append(Guide(
            path=docs_path, title=title.strip(), description=str(meta.get("description") or "").strip(),
            theme=str(meta.get("theme") or ""), intro=raw.intro,
            sections=tuple(s.id for s in raw.sections),
        ))
    return guides, sections


def _check_tests(condition: Condition, where: str, line: int | None, questions: dict[str, Question],
                 facts: dict[str, Fact], errors: _Errors, allowed_questions: list[str] | None = None) -> None:
    for test in names_in(condition):
        tline = test.where.line or line
        if test.kind == "fact":
            if allowed_questions is not None:
                errors.add(f"show_if can only test earlier answers, not fact '{test.name}'", where, tline,
                           "facts are worked out after the quiz; test the answers they come from")
            elif test.name not in facts:
                errors.add(f"unknown fact '{test.name}'", where, tline, suggest(test.name, facts))
            elif test.op in ("contains", "answered"):
                errors.add(f"'{test.op}' does not apply to a fact", where, tline, "use equals, in, gte, lte, between or is")
            continue
        question = questions.get(test.name)
        if question is None or (allowed_questions is not None and test.name not in allowed_questions):
            if question is not None:
                errors.add(f"show_if refers to '{test.name}', which is not asked before this question",
                           where, tline, "a question can only depend on earlier answers")
            else:
                errors.add(f"unknown question '{test.name}'", where, tline,
                           suggest(test.name, allowed_questions if allowed_questions is not None else questions))
            continue
        if question.type not in OPERATORS[test.op][1]:
            errors.add(f"'{test.op}' does not apply to {question.type} question '{question.id}'", where, tline,
                       "use " + ", ".join(op for op, (_, types) in OPERATORS.items() if question.type in types))
            continue
        option_ids = [o.id for o in question.options]
        operands = test.value if test.op == "in" else (test.value,)
        if question.type in ("single", "multi") and test.op in ("equals", "in", "contains"):
            for operand in operands:
                if operand not in option_ids:
                    errors.add(f"question '{question.id}' has no option '{operand}'", where, tline,
                               suggest(operand, option_ids))
        if question.type == "scale" and test.op in ("equals", "in", "gte", "lte", "between"):
            values = test.value if test.op in ("in", "between") else (test.value,)
            for value in values:
                if not isinstance(value, int) or isinstance(value, bool):
                    errors.add(f"'{question.id}' is a scale question: compare it with whole numbers, not '{value}'",
                               where, tline)
                elif question.min is not None and not question.min <= value <= question.max:
                    errors.add(f"{value} is outside the scale of '{question.id}' ({question.min} to {question.max})",
                               where, tline)


def _sort_facts(facts: list[Fact], errors: _Errors) -> list[Fact]:
    """Order facts so each comes after the facts it uses; report cycles."""
    by_id = {fact.id: fact for fact in facts}
    uses = {fact.id: [t.name for t in names_in(fact.when) if t.kind == "fact" and t.name in by_id]
            if fact.when is not None else [] for fact in facts}
    ordered: list[Fact] = []
    state: dict[str, str] = {}

    def visit(fid: str, trail: list[str]) -> None:
        if state.get(fid) == "done":
            return
        if state.get(fid) == "visiting":
            cycle = trail[trail.index(fid):] + [fid]
            fact = by_id[fid]
            errors.add("facts depend on each other in a cycle: " + " -> ".join(cycle), fact.where.path, fact.where.line)
            return
        state[fid] = "visiting"
        for used in uses[fid]:
            visit(used, trail + [fid])
        state[fid] = "done"
        ordered.append(by_id[fid])

    for fact in facts:
        visit(fact.id, [])
    return ordered


def _template_variables(template_source: str) -> list[tuple[str, str | None, int]]:
    """(name, attribute, line) for each variable a template reads."""
    ast = templates._environment.parse(template_source)
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


def _check_sections(content: Content, errors: _Errors) -> None:
    names = {"answers": {q.id for q in content.questions}, "facts": {f.id for f in content.facts}}
    neutral = neutral_context(content)
    # A context where every text question holds reader words, to catch
    # templates that would put them in a link target or other attribute.
    sample = {q.id: "sample words" for q in content.questions if q.type == "text"}
    text_ids = set(sample)
    texts: list[str] = []
    sample_context = template_context(content, sample, compute_facts(content, {}), texts)
    for section in content.sections:
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


def _check_references(content: Content, errors: _Errors) -> None:
    questions = {q.id: q for q in content.questions}
    facts = {f.id: f for f in content.facts}
    for question_id in questions:
        if question_id in facts:
            fact = facts[question_id]
            errors.add(f"fact '{question_id}' has the same id as a question", fact.where.path, fact.where.line)
    earlier: list[str] = []  # a list, so hints name questions in the order asked
    for question in content.questions:
        if question.show_if is not None:
            _check_tests(question.show_if, question.where.path, question.where.line, questions, {}, errors, earlier)
        earlier.append(question.id)
    for fact in content.facts:
        if fact.when is not None:
            _check_tests(fact.when, fact.where.path, fact.where.line, questions, facts, errors)
        else:
            source = questions.get(fact.source)
            if source is None:
                errors.add(f"lookup fact '{fact.id}' needs 'from' naming a single-choice question",
                           fact.where.path, fact.where.line, suggest(fact.source, questions))
            elif source.type != "single":
                errors.add(f"lookup fact '{fact.id}' needs 'from' naming a single-choice question; "
                           f"'{source.id}' is a {source.type} question", fact.where.path, fact.where.line)
            else:
                for key, _ in fact.table:
                    if source.option(key) is None:
                        errors.add(f"question '{source.id}' has no option '{key}'", fact.where.path, fact.where.line,
                                   suggest(key, [o.id for o in source.options]))
    sections = {s.id for s in content.sections}
    for rule in content.rules:
        if rule.when is not None:
            _check_tests(rule.when, rule.where.path, rule.where.line, questions, facts, errors)
        for section_id in rule.include:
            if section_id not in sections:
                errors.add(f"rule '{rule.id}' includes unknown section '{section_id}'", rule.where.path,
                           rule.where.line, suggest(section_id, sections))


def load_content(project: Project) -> Content:
    """Read and validate everything; raise `ContentErrors` listing every mistake."""
    errors = _Errors()
    quiz = project.root / project.quiz_dir
    questions_path, rules_path = quiz / "questions.yaml", quiz / "rules.yaml"
    questions: list[Question] = []
    facts: list[Fact] = []
    rules: list[Rule] = []
    groups: dict[str, int] = {}
    limits: dict[str, int] = {}
    for path in (questions_path, rules_path):
        if not path.is_file():
            errors.add("file is missing", project.display(path), None)
    # A YAML syntax error stops reading that file only; checks that need
    # both files are then skipped, since they would only report echoes of it.
    unreadable = False
    if questions_path.is_file():
        try:
            questions = _load_questions(questions_path, project.display(questions_path), errors)
        except ContentError as error:
            errors.found.append(error)
            unreadable = True
    if rules_path.is_file():
        try:
            facts, rules, groups, limits = _load_rules(rules_path, project.display(rules_path), errors)
        except ContentError as error:
            errors.found.append(error)
            unreadable = True
    guides, sections = _load_guides(project, errors)
    facts = _sort_facts(facts, errors)
    content = Content(
        questions=tuple(questions), facts=tuple(facts), rules=tuple(rules),
        groups=tuple(groups.items()), sections=tuple(sections), guides=tuple(guides),
        max_steps=limits.get("max_steps"), min_steps=limits.get("min_steps", 1),
        phase_steps=tuple(limits.get("phase_steps", ())),
    )
    if not unreadable:
        _check_references(content, errors)
    if not errors.found:
        _check_sections(content, errors)
    if errors.found:
        raise ContentErrors(errors.found)
    return content
