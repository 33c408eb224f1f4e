"""Load ``quiz/`` and the guides into a validated `Content` (build time only).

Every mistake becomes a `ContentError` with ``path:line`` and, for unknown
names, the nearest valid one. All errors found in one pass are raised
together as `ContentErrors`.
"""

from __future__ import annotations

from pathlib import Path

from plangen.authoring.check_cache import PassedChecks
from plangen.authoring.compile_sections import compile_content
from plangen.authoring.project import Project
from plangen.authoring.questions import load_questions
from plangen.authoring.references import check_references, sort_facts
from plangen.authoring.rules import load_rules
from plangen.authoring.sections import load_guides
from plangen.authoring.shapes import ErrorList
from plangen.authoring.template_lint import check_sections
from plangen.engine.errors import ContentError, ContentErrors
from plangen.engine.model import Content, Fact, PlanSettings, Question, Rule

__all__ = ["Project", "load_content"]


def load_content(project: Project, cache_dir: Path | None = None) -> Content:
    """Read and validate everything, and compile the section templates; raise `ContentErrors` listing
    every mistake.

    With ``cache_dir``, section templates whose check passed in an earlier
    build are not checked again (`check_cache`).
    """
    errors = ErrorList()
    quiz = project.root / project.quiz_dir
    questions_path, rules_path = quiz / "questions.yaml", quiz / "rules.yaml"
    questions: list[Question] = []
    facts: list[Fact] = []
    rules: list[Rule] = []
    groups: dict[str, tuple[int, str]] = {}
    settings = PlanSettings()
    for path in (questions_path, rules_path):
        if not path.is_file():
            errors.add("file is missing", project.display(path), None)
    # A YAML syntax error stops reading that file only; checks that need
    # both files are then skipped, since they would only report echoes of it.
    unreadable = False
    if questions_path.is_file():
        try:
            questions = load_questions(questions_path, project.display(questions_path), errors)
        except ContentError as error:
            errors.found.append(error)
            unreadable = True
    if rules_path.is_file():
        try:
            facts, rules, groups, settings = load_rules(rules_path, project.display(rules_path), errors)
        except ContentError as error:
            errors.found.append(error)
            unreadable = True
    guides, sections = load_guides(project, errors)
    facts = sort_facts(facts, errors)
    content = Content(
        questions=tuple(questions), facts=tuple(facts), rules=tuple(rules),
        groups=tuple((name, most) for name, (most, _) in groups.items()),
        group_about=tuple((name, about) for name, (_, about) in groups.items()), sections=tuple(sections), guides=tuple(guides),
        plan=settings,
    )
    if not unreadable:
        check_references(content, errors)
    if not errors.found:
        check_sections(content, errors, PassedChecks(cache_dir, content) if cache_dir is not None else None)
    if errors.found:
        raise ContentErrors(errors.found)
    return compile_content(content, cache_dir)
