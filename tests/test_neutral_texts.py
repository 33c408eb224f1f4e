"""Guide pages' section texts are remembered between builds, and never show stale words after an edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plangen.authoring import neutral_texts
from plangen.engine.planner import neutral_context
from plangen.engine.templates import render_text
from plangen.site.options import Options
from plangen.site.prepare import prepare

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "basic"
GUIDE = "guides/people.md"


@pytest.fixture
def site(tmp_path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "site")
    return tmp_path / "site"


def _guide_page(site: Path) -> str:
    return prepare(site, "docs", Options()).guide_markdown(GUIDE)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_warm_build_renders_no_section_template_again(site, monkeypatch):
    first = _guide_page(site)

    def no_rendering(source, context):
        raise AssertionError("rendered again")

    monkeypatch.setattr(neutral_texts, "render_text", no_rendering)
    assert _guide_page(site) == first
    assert "your target role" in first


def test_a_remembered_text_is_the_text_rendered_without_a_cache(site):
    _guide_page(site)
    remembered = prepare(site, "docs", Options())
    context = neutral_context(remembered.content)
    for section in remembered.content.sections:
        assert remembered.section_texts[section.id] == render_text(section.template, context), section.id


def test_a_template_edited_to_words_of_the_same_length_shows_the_new_words(site):
    guide = site / "docs" / GUIDE
    assert "Find where people in" in _guide_page(site)
    _edit(guide, "Find where people in", "Look where people in")  # same length, same lines
    page = _guide_page(site)
    assert "Look where people in" in page and "Find where people in" not in page


def test_new_neutral_words_in_the_questions_reach_the_guide_page(site):
    assert "your target role" in _guide_page(site)
    _edit(site / "quiz" / "questions.yaml", "neutral: your target role", "neutral: your chosen role")
    page = _guide_page(site)
    assert "your chosen role" in page and "your target role" not in page


def test_an_unreadable_cache_means_every_text_is_rendered(site):
    first = _guide_page(site)
    remembered = site / ".cache" / "checks" / neutral_texts.NeutralTexts.FILE_NAME
    assert remembered.is_file()
    remembered.write_text("not json", encoding="utf-8")
    assert _guide_page(site) == first
