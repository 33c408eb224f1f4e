"""Read the guides in `docs/guides/` into guides and their plan sections."""

from __future__ import annotations

import re

from plangen.authoring.guides import parse_guide
from plangen.authoring.project import Project
from plangen.authoring.shapes import ErrorList, check_keys, line_of, suggest
from plangen.authoring.yamlsrc import NodeDict
from plangen.engine.errors import ContentError
from plangen.engine.model import PHASES, STAGES, WEEKS, Guide, Habit, Section, Where
from plangen.engine.schema import authored_keys, default_of

SECTION_KEYS = set(authored_keys(Section))
GUIDE_KEYS = {"title", "description", "theme", "sections", "tags", "hide", "template", "icon",
              "status", "search", "stage"}
HABIT_KEYS = set(authored_keys(Habit))
_EFFORT = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?")


def _parse_effort(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str):
        match = _EFFORT.fullmatch(value.strip())
        if match and any(match.groups()):
            minutes = int(match[1] or 0) * 60 + int(match[2] or 0)
            return minutes or None
    return None


def load_guides(project: Project, errors: ErrorList) -> tuple[list[Guide], list[Section]]:
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
        guide_stage = _stage(meta, display, errors, default_of(Section, "stage"))
        check_keys(meta, GUIDE_KEYS, "guide front matter", display, errors)
        if not isinstance(declared, dict):
            errors.add("'sections' maps each section id to its phase, effort and tags", display, line_of(meta, "sections"))
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
            phase, effort, tags, needs, latest = "week", 1, [], [], None
            stage, after, habit, checkpoint = guide_stage, [], None, None
            meta_where = Where(display, section.line)
            if undeclared or section.line in bad_headings:
                pass  # already reported (once for the page, or at the heading)
            elif not isinstance(meta_of, dict):
                errors.add(f"section '{section.id}' has no metadata in front matter", display, section.line,
                           f"add '{section.id}: {{phase: week, effort: 30m, tags: []}}' under 'sections:'")
            else:
                check_keys(meta_of, SECTION_KEYS, "section metadata", display, errors)
                if meta_of.get("phase") in PHASES:
                    phase = meta_of["phase"]
                elif "phase" not in meta_of:
                    errors.add(f"section '{section.id}' needs a phase: week, month or quarter", display,
                               meta_of.line)
                else:
                    errors.add(f"section '{section.id}' has phase '{meta_of.get('phase')}'", display,
                               line_of(meta_of, "phase"), suggest(meta_of.get("phase"), PHASES))
                parsed = _parse_effort(meta_of.get("effort"))
                if parsed is None:
                    errors.add(f"section '{section.id}' needs an effort like 30m, 2h or 1h30m", display,
                               line_of(meta_of, "effort") or meta_of.line)
                else:
                    effort = parsed
                tags = meta_of.get("tags") or []
                if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                    errors.add("tags must be a list of words", display, line_of(meta_of, "tags"))
                    tags = []
                needs = _ids(meta_of, "needs", display, errors)
                after = _ids(meta_of, "after", display, errors)
                stage = _stage(meta_of, display, errors, guide_stage)
                habit = _habit(meta_of, display, errors)
                checkpoint = _week(meta_of, "checkpoint", display, errors)
                if habit is not None and checkpoint is not None:
                    errors.add(f"section '{section.id}' is both a habit and a checkpoint", display,
                               line_of(meta_of, "checkpoint"), "a checkpoint is one review in one week; drop one")
                meta_where = Where(display, line_of(meta_of, "needs") or meta_of.line)
                latest = meta_of.get("latest")
                if latest is not None and (latest not in PHASES or PHASES.index(latest) <= PHASES.index(phase)):
                    later = list(PHASES[PHASES.index(phase) + 1:])
                    errors.add(f"section '{section.id}' has latest '{latest}', which is not a phase after "
                               f"'{phase}'", display, line_of(meta_of, "latest"),
                               suggest(latest, later) if later else "a quarter step cannot move later")
                    latest = None
            sections.append(Section(
                id=section.id, title=section.title, guide=docs_path, phase=phase, effort=effort,
                tags=tuple(tags), needs=tuple(needs), latest=latest, stage=stage, after=tuple(after), habit=habit,
                checkpoint=checkpoint, template=section.body,
                where=Where(display, section.line), meta_where=meta_where,
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


def _ids(meta: NodeDict, key: str, display: str, errors: ErrorList) -> list[str]:
    """A list of section ids (one id alone is read as a list of one)."""
    value = meta.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors.add(f"{key} must be a list of section ids", display, line_of(meta, key))
        return []
    return value


def _stage(meta: NodeDict, display: str, errors: ErrorList, default: str) -> str:
    value = meta.get("stage", default)
    if value not in STAGES:
        errors.add(f"stage '{value}' is not known", display, line_of(meta, "stage"), suggest(value, STAGES))
        return default
    return value


def _week(meta: NodeDict, key: str, display: str, errors: ErrorList) -> int | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= WEEKS:
        errors.add(f"'{key}' must be a week from 1 to {WEEKS}", display, line_of(meta, key))
        return None
    return value


def _habit(meta: NodeDict, display: str, errors: ErrorList) -> Habit | None:
    """A section's ``habit:``: time per unit, bounds, and this week's target in words."""
    if "habit" not in meta:
        return None
    raw = meta["habit"]
    line = line_of(meta, "habit")
    if not isinstance(raw, dict):
        errors.add("'habit' needs each, target and target_one", display, line,
                   "write e.g. 'habit: {each: 1h, min: 1, max: 4, target: send {count} applications, "
                   "target_one: send one application}'")
        return None
    check_keys(raw, HABIT_KEYS, "a habit", display, errors)
    broken = False
    each = _parse_effort(raw.get("each"))
    if each is None:
        errors.add("a habit needs 'each': the time one unit takes, like 30m or 1h", display,
                   line_of(raw, "each") or line)
        broken = True
    values = {}
    for key in ("min", "max", "weight", "until"):
        value = raw.get(key, default_of(Habit, key))
        if not isinstance(value, int) or isinstance(value, bool) or value < 1 or (key == "until" and value > WEEKS):
            limit = f" and at most {WEEKS}" if key == "until" else ""
            errors.add(f"a habit's '{key}' must be a whole number of at least 1{limit}", display,
                       line_of(raw, key) or line)
            broken = True
        values[key] = value
    if not broken and values["min"] > values["max"]:
        errors.add(f"a habit's 'min' ({values['min']}) is more than its 'max' ({values['max']})", display,
                   line_of(raw, "min") or line)
        broken = True
    target, target_one = raw.get("target"), raw.get("target_one")
    if not isinstance(target, str) or "{count}" not in target:
        errors.add("a habit's 'target' must be words with {count} in them, like 'send {count} applications'",
                   display, line_of(raw, "target") or line)
        broken = True
    if not isinstance(target_one, str) or not target_one.strip() or "{" in target_one:
        errors.add("a habit's 'target_one' must be the words for a count of one, like 'send one application'",
                   display, line_of(raw, "target_one") or line)
        broken = True
    if broken:
        return None
    return Habit(each=each, target=target.strip(), target_one=target_one.strip(), **values)
