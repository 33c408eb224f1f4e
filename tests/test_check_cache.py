"""Template checks that passed, and sections compiled, are remembered between builds, and never hide a
new mistake or an edit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from plangen.authoring import compile_sections
from plangen.authoring.check_cache import FILE_NAME, PassedChecks
from plangen.authoring.loader import Project, load_content
from plangen.engine.errors import ContentErrors

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "basic"


@pytest.fixture
def project(tmp_path) -> Project:
    shutil.copytree(FIXTURE, tmp_path / "site")
    return Project(tmp_path / "site")


def test_a_clean_load_remembers_one_pass_per_section(project, tmp_path):
    content = load_content(project, cache_dir=tmp_path / "checks")
    remembered = json.loads((tmp_path / "checks" / FILE_NAME).read_text())
    assert sorted(remembered) == sorted(PassedChecks(tmp_path / "none", content).key(s) for s in content.sections)


def test_a_remembered_pass_is_not_checked_again(project, tmp_path):
    content = load_content(project, cache_dir=tmp_path / "checks")
    checks = PassedChecks(tmp_path / "checks", content)
    assert all(checks.known(section) for section in content.sections)


def test_a_template_broken_after_a_cached_pass_still_fails_with_its_line(project, tmp_path):
    load_content(project, cache_dir=tmp_path / "checks")
    guide = project.root / "docs" / "guides" / "people.md"
    guide.write_text(guide.read_text().replace("{{ answers.role }}", "{{ answers.rol }}"))
    with pytest.raises(ContentErrors) as raised:
        load_content(project, cache_dir=tmp_path / "checks")
    assert "docs/guides/people.md:" in str(raised.value) and "unknown answer 'rol'" in str(raised.value)


def test_a_question_renamed_after_a_cached_pass_is_checked_again(project, tmp_path):
    load_content(project, cache_dir=tmp_path / "checks")
    questions = project.root / "quiz" / "questions.yaml"
    rules = project.root / "quiz" / "rules.yaml"
    for path in (questions, rules):
        path.write_text(path.read_text().replace("role", "job_title"))
    with pytest.raises(ContentErrors) as raised:
        load_content(project, cache_dir=tmp_path / "checks")
    assert "unknown answer 'role'" in str(raised.value)


def test_an_unreadable_cache_means_every_section_is_checked(project, tmp_path):
    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / FILE_NAME).write_text("not json")
    content = load_content(project, cache_dir=tmp_path / "checks")
    assert len(json.loads((tmp_path / "checks" / FILE_NAME).read_text())) == len(content.sections)


def test_sections_compiled_in_an_earlier_build_come_from_the_cache_unchanged(project, tmp_path, monkeypatch):
    first = load_content(project, cache_dir=tmp_path / "checks")
    def no_compiling(source, guide):
        raise AssertionError("compiled again")

    monkeypatch.setattr(compile_sections, "compile_template", no_compiling)
    again = load_content(project, cache_dir=tmp_path / "checks")
    assert [s.compiled for s in again.sections] == [s.compiled for s in first.sections]
    assert all(s.compiled is not None for s in again.sections)


def test_a_section_edited_after_it_was_compiled_is_compiled_again(project, tmp_path):
    load_content(project, cache_dir=tmp_path / "checks")
    guide = project.root / "docs" / "guides" / "people.md"
    guide.write_text(guide.read_text().replace("{{ answers.role }}", "**{{ answers.role }}**"))
    content = load_content(project, cache_dir=tmp_path / "checks")
    assert [s.compiled for s in content.sections] == [compile_sections.compile_template(s.template, s.guide) for s in content.sections]
    assert any("<strong>" in html for s in content.sections for _, html in s.compiled.html)
