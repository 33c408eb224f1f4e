"""Read `quiz/rules.yaml`: plan settings, groups, facts and rules."""

from __future__ import annotations

from pathlib import Path

from plangen.authoring.shapes import (
    ID,
    ErrorList, check_keys, condition_of, id_of, int_of, line_of, mapping_list, suggest, text_of,
)
from plangen.authoring.yamlsrc import NodeDict, read_yaml
from plangen.engine.model import PHASES, WEEKS, AllOf, Fact, PlanSettings, Requirement, Rule, ShareRule, Where
from plangen.engine.schema import authored_keys, default_of

FACT_KEYS = set(authored_keys(Fact))
RULE_KEYS = set(authored_keys(Rule))


PLAN_KEYS = set(authored_keys(PlanSettings))
REQUIREMENT_KEYS = set(authored_keys(Requirement))
SHARE_RULE_KEYS = set(authored_keys(ShareRule))
RULES_FILE_KEYS = {"plan", "groups", "facts", "rules"}


def load_plan_settings(data: object, display: str, errors: ErrorList) -> PlanSettings:
    """`plan:` in rules.yaml; every key is optional and defaults as `PlanSettings` declares."""
    plan = data.get("plan", {}) if isinstance(data, dict) else {}
    if not isinstance(plan, dict):
        errors.add("'plan' holds the plan's settings (max_steps, hours_question, require, ...)", display,
                   line_of(data, "plan"))
        return PlanSettings()
    check_keys(plan, PLAN_KEYS, "'plan'", display, errors)
    values: dict = {}
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
            values.setdefault("phase_steps", []).append((phase, limit))
    values["phase_steps"] = tuple(values.get("phase_steps", ()))
    for key in ("max_steps", "min_steps", "default_hours"):
        value = int_of(plan, key, display, errors)
        if value is not None and value < 1:
            errors.add(f"'{key}' must be at least 1", display, plan.line_of(key))
        elif value is not None:
            values[key] = value
    if values.get("min_steps", 1) > values.get("max_steps", 10**6):
        errors.add("'min_steps' is larger than 'max_steps'", display, plan.line_of("min_steps"))
    for key in ("hours_question", "title", "file_name", "calendar_name"):
        if key in plan:
            value = text_of(plan, key, display, errors)
            if value:
                values[key] = value
    if "file_name" in values and not ID.fullmatch(values["file_name"]):
        errors.add("'file_name' must be lowercase letters, digits, '-' or '_'", display, plan.line_of("file_name"))
        del values["file_name"]
    values["require"] = tuple(_requirements(plan, display, errors))
    if "share" in plan:
        share = _share(plan, display, errors)
        if share is not None:
            values["share"] = share
    values["share_when"] = tuple(_share_rules(plan, display, errors))
    line = line_of(plan, "hours_question") or (line_of(data, "plan") if isinstance(data, dict) else None)
    return PlanSettings(**values, where=Where(display, line))


def _requirements(plan: NodeDict, display: str, errors: ErrorList) -> list[Requirement]:
    if "require" not in plan:
        return []
    found = []
    for item in mapping_list(plan, "require", display, errors):
        check_keys(item, REQUIREMENT_KEYS, "a requirement", display, errors)
        tags = item.get("tags")
        if isinstance(tags, str):
            tags = [tags]
        if not isinstance(tags, list) or not tags or not all(isinstance(t, str) for t in tags):
            errors.add("a requirement needs 'tags': a list of section tags", display,
                       line_of(item, "tags") or item.line)
            continue
        least = int_of(item, "min", display, errors)
        if least is not None and least < 1:
            errors.add("'min' must be at least 1", display, line_of(item, "min"))
            least = None
        by = _week_of(item, "by", display, errors)
        weeks = _week_of(item, "weeks", display, errors)
        found.append(Requirement(tags=tuple(tags), min=least or default_of(Requirement, "min"),
                                 when=condition_of(item, "when", display, errors), by=by, weeks=weeks,
                                 where=Where(display, line_of(item, "tags"))))
    return found


def _week_of(item: NodeDict, key: str, display: str, errors: ErrorList) -> int | None:
    value = int_of(item, key, display, errors)
    if value is not None and not 1 <= value <= WEEKS:
        errors.add(f"'{key}' must be a week from 1 to {WEEKS}, not {value}", display, line_of(item, key))
        return None
    return value


def _share(item: NodeDict, display: str, errors: ErrorList) -> float | None:
    value = item.get("share")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.1 <= value <= 1:
        errors.add("'share' must be a number from 0.1 to 1 (the part of the reader's hours a week is filled to)",
                   display, line_of(item, "share") or line_of(item))
        return None
    return float(value)


def _share_rules(plan: NodeDict, display: str, errors: ErrorList) -> list[ShareRule]:
    if "share_when" not in plan:
        return []
    found = []
    for item in mapping_list(plan, "share_when", display, errors):
        check_keys(item, SHARE_RULE_KEYS, "a 'share_when' entry", display, errors)
        when = condition_of(item, "when", display, errors)
        share = _share(item, display, errors)
        if "when" not in item:
            errors.add("a 'share_when' entry needs 'when': the readers it is for", display, item.line)
        if when is not None and share is not None:
            found.append(ShareRule(when=when, share=share, where=Where(display, item.line)))
    return found


def _groups(data: object, display: str, errors: ErrorList) -> dict[str, tuple[int, str]]:
    """`groups:` name -> {max, about}: the most steps a theme may add, and its name in reader words."""
    groups: dict[str, tuple[int, str]] = {}
    raw_groups = data.get("groups", {}) if isinstance(data, dict) else {}
    if not isinstance(raw_groups, dict):
        errors.add("'groups' maps a group name to {max, about}", display, line_of(data, "groups"))
        return groups
    for name, spec in raw_groups.items():
        line = raw_groups.line_of(name)
        if not isinstance(spec, dict):
            errors.add(f"group '{name}' needs 'max' and 'about'", display, line,
                       "write e.g. '{max: 3, about: about job scams}'; 'about' completes "
                       "\"you already have 3 steps …\" for readers")
            groups[str(name)] = (1, "")  # still declared, so rules in it are not reported as well
            continue
        check_keys(spec, {"max", "about"}, f"group '{name}'", display, errors)
        limit = spec.get("max")
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            errors.add(f"group '{name}' needs 'max': a whole number of at least 1", display,
                       line_of(spec, "max") or line)
            limit = 1
        about = spec.get("about")
        if not isinstance(about, str) or not about.strip():
            errors.add(f"group '{name}' needs 'about': reader words for its theme, like 'about job scams'",
                       display, line_of(spec, "about") or line)
            about = ""
        groups[str(name)] = (limit, about.strip())
    return groups


def load_rules(path: Path, display: str,
               errors: ErrorList) -> tuple[list[Fact], list[Rule], dict[str, tuple[int, str]], PlanSettings]:
    data = read_yaml(path, display)
    if isinstance(data, NodeDict):
        check_keys(data, RULES_FILE_KEYS, "rules.yaml", display, errors)
    groups = _groups(data, display, errors)
    facts: list[Fact] = []
    fact_seen: dict[str, int] = {}
    if isinstance(data, dict) and "facts" in data:
        for item in mapping_list(data, "facts", display, errors):
            check_keys(item, FACT_KEYS, "a fact", display, errors)
            fid = id_of(item, "fact", display, errors, fact_seen)
            when = condition_of(item, "when", display, errors)
            source, table = item.get("from"), item.get("map")
            broken = False
            if ("when" in item) == ("from" in item):
                errors.add("a fact has either 'when' (a condition) or 'from' + 'map' (a lookup)",
                           display, item.line)
                broken = True
            elif "from" in item and not isinstance(table, dict):
                errors.add("a lookup fact needs a 'map' from option ids to values", display, line_of(item, "from"))
                broken = True
            elif "when" in item and when is None:
                broken = True  # its condition was reported as it was parsed
            if broken:
                # Keep the fact's name known (as an always-true stand-in), so
                # whatever uses it does not fail as well.
                when, source, table = AllOf(()), None, {}
            if fid:
                facts.append(Fact(
                    id=fid, when=when, source=str(source) if source is not None else None,
                    table=tuple((str(k), v) for k, v in (table or {}).items()),
                    default=item.get("default"), reason=text_of(item, "reason", display, errors, required=False),
                    where=Where(display, item.line),
                ))
    rules: list[Rule] = []
    rule_seen: dict[str, int] = {}
    for item in mapping_list(data, "rules", display, errors):
        check_keys(item, RULE_KEYS, "a rule", display, errors)
        rid = id_of(item, "rule", display, errors, rule_seen)
        include = item.get("include")
        include_lines = [line_of(include, index) for index in range(len(include))] \
            if isinstance(include, list) else []
        if isinstance(include, str):
            include, include_lines = [include], [line_of(item, "include")]
        if not isinstance(include, list) or not include or not all(isinstance(s, str) for s in include):
            errors.add("a rule needs 'include': a list of section ids", display, line_of(item, "include") or item.line)
            include = []
        phase = item.get("phase")
        if phase is not None and phase not in PHASES:
            errors.add(f"phase '{phase}' is not known", display, line_of(item, "phase"), suggest(phase, PHASES))
            phase = None
        group = item.get("group")
        if group is not None and not isinstance(group, str):
            errors.add("'group' names one group", display, line_of(item, "group"), "write e.g. 'group: networking'")
            group = None
        if group is not None and group not in groups:
            errors.add(f"group '{group}' is not declared under 'groups'", display, line_of(item, "group"),
                       suggest(group, groups))
            group = None
        if "when" not in item and not item.get("why"):
            errors.add("a rule without 'when' applies to everyone and needs a 'why'", display, item.line,
                       "say in one sentence why every plan has this step")
        if rid:
            rules.append(Rule(
                id=rid, include=tuple(include), when=condition_of(item, "when", display, errors),
                priority=int_of(item, "priority", display, errors) or default_of(Rule, "priority"), phase=phase, group=group,
                why=text_of(item, "why", display, errors, required=False), where=Where(display, item.line),
                include_where=tuple(Where(display, line or line_of(item, "include")) for line in include_lines),
            ))
    return facts, rules, groups, load_plan_settings(data, display, errors)
