"""Content loads into frozen data; mistakes are reported as path:line: message."""

import shutil
from pathlib import Path

import pytest

from plangen.authoring.loader import Project, load_content
from plangen.engine.errors import ContentErrors

from conftest import FIXTURES


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "basic", tmp_path / "site")
    return tmp_path / "site"


def _errors(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_content(Project(root))
    return [str(e) for e in caught.value.errors]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_fixture_loads_questions_rules_and_sections(basic_content):
    assert [q.id for q in basic_content.questions] == ["situation", "blockers", "runway", "hours", "role"]
    assert [s.id for s in basic_content.sections] == [
        "find-people", "first-message", "weekly-plan", "read-posting", "fix-resume", "count-money",
    ]


def test_section_effort_is_parsed_to_minutes(basic_content):
    assert basic_content.section("find-people").effort == 90


def test_unknown_section_in_a_rule_suggests_the_nearest(project):
    _edit(project / "quiz/rules.yaml", "include: [read-posting, fix-resume]", "include: [read-postings, fix-resume]")
    assert _errors(project) == [
        "quiz/rules.yaml:17: rule 'silence' includes unknown section 'read-postings' (did you mean 'read-posting'?)"
    ]


def test_unknown_option_in_a_condition_is_reported_at_its_line(project):
    _edit(project / "quiz/rules.yaml", "{answer: runway, equals: short}", "{answer: runway, equals: shrot}")
    assert _errors(project) == [
        "quiz/rules.yaml:5: question 'runway' has no option 'shrot' (did you mean 'short'?)"
    ]


def test_template_with_unknown_variable_fails_at_its_line(project):
    _edit(project / "docs/guides/search.md", "Block time for {{ answers.role }}", "Block time for {{ answers.rol }}")
    assert _errors(project) == [
        "docs/guides/search.md:16: unknown answer 'rol' in section 'weekly-plan' (did you mean 'role'?)"
    ]


def test_yaml_syntax_error_names_the_line(project):
    _edit(project / "quiz/questions.yaml", "    max: 2\n", "    max: [2\n")
    errors = _errors(project)
    assert len(errors) == 1 and errors[0].startswith("quiz/questions.yaml:") and "invalid YAML" in errors[0]
