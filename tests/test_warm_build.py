"""A warm build takes what the last build made, only while everything it was made from is byte for byte
the same: the loaded content, the guides' neutral section texts, the bundle. Any edit makes them again,
and a content mistake still fails with its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import plangen
from plangen.authoring import loader, neutral_texts
from plangen.engine.errors import ContentErrors
from plangen.engine.planner import neutral_context
from plangen.engine.templates import render_text
from plangen.site import prepare as prepare_module
from plangen.site.options import Options
from plangen.site.prepare import prepare
from plangen.site.prepared_cache import FILE_NAME, input_key

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "basic"
GUIDE = "guides/people.md"


@pytest.fixture
def site(tmp_path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "site")
    return tmp_path / "site"


def _prepared(site: Path):
    return prepare(site, "docs", Options())


def _guide_page(site: Path) -> str:
    return _prepared(site).guide_markdown(GUIDE)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _edit_same_size(path: Path, old: str, new: str) -> None:
    assert len(old) == len(new)  # only the bytes tell the two versions apart
    _edit(path, old, new)


@pytest.fixture
def loads(monkeypatch) -> list[Path]:
    """The project roots the content was loaded (not remembered) for, in order."""
    seen: list[Path] = []
    real = loader.load_content

    def counted(project, cache_dir=None):
        seen.append(project.root)
        return real(project, cache_dir=cache_dir)

    monkeypatch.setattr(loader, "load_content", counted)
    return seen


def test_a_warm_build_loads_no_content_and_prepares_the_same(site, loads):
    first = _prepared(site)
    again = _prepared(site)
    assert len(loads) == 1
    assert again.content == first.content
    assert again.guide_bodies == first.guide_bodies and again.question_count == first.question_count
    assert again.warnings == first.warnings
    assert again.guide_markdown(GUIDE) == first.guide_markdown(GUIDE)
    assert (site / ".cache" / "checks" / FILE_NAME).is_file()


def test_a_guide_edited_to_bytes_of_the_same_size_is_loaded_again(site, loads):
    assert "Ask about their work." in _prepared(site).guide_markdown(GUIDE)
    _edit_same_size(site / "docs" / GUIDE, "Ask about their work.", "Ask about their days.")
    page = _prepared(site).guide_markdown(GUIDE)
    assert "Ask about their days." in page and "Ask about their work." not in page
    assert len(loads) == 2


def test_a_question_edited_to_bytes_of_the_same_size_is_loaded_again(site):
    first = _prepared(site)
    _edit_same_size(site / "quiz" / "questions.yaml", "text: Which role?", "text: What role?!")
    again = _prepared(site)
    assert {q.text for q in again.content.questions} - {q.text for q in first.content.questions} == {"What role?!"}


def test_a_mistake_made_after_a_remembered_build_still_fails_with_its_line(site):
    _prepared(site)
    _edit_same_size(site / "docs" / GUIDE, "{{ answers.role }}", "{{ answers.rolf }}")
    with pytest.raises(ContentErrors) as raised:
        _prepared(site)
    assert "docs/guides/people.md:12:" in str(raised.value) and "unknown answer 'rolf'" in str(raised.value)
    with pytest.raises(ContentErrors):  # and again: a failed load is never remembered
        _prepared(site)


def test_a_guide_added_after_a_remembered_build_is_loaded(site):
    _prepared(site)
    added = site / "docs" / "guides" / "more.md"
    added.write_text((site / "docs" / GUIDE).read_text(encoding="utf-8")
                     .replace("find-people", "find-more").replace("first-message", "more-message"), encoding="utf-8")
    assert {"find-more", "more-message"} <= {section.id for section in _prepared(site).content.sections}


def test_an_edit_to_plangen_code_changes_the_key(site, tmp_path, monkeypatch):
    project = _prepared(site).project
    before = input_key(project)
    code = tmp_path / "code" / "plangen"
    shutil.copytree(Path(plangen.__file__).parent, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(plangen, "__file__", str(code / "__init__.py"))
    assert input_key(project) == before  # the same code, read from elsewhere
    engine_module = code / "engine" / "answers.py"
    text = engine_module.read_text(encoding="utf-8")
    engine_module.write_text(text.replace("from", "FROM", 1), encoding="utf-8")  # same size, edited now
    assert input_key(project) != before


def test_a_module_added_deep_in_plangen_changes_the_key(site, tmp_path, monkeypatch):
    project = _prepared(site).project
    code = tmp_path / "code" / "plangen"
    shutil.copytree(Path(plangen.__file__).parent, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(plangen, "__file__", str(code / "__init__.py"))
    before = input_key(project)
    (code / "site" / "node" / "added.py").write_text("x = 1\n", encoding="utf-8")  # a folder below a folder
    assert input_key(project) != before


def test_an_unreadable_cache_means_the_content_is_loaded(site, loads):
    first = _prepared(site)
    (site / ".cache" / "checks" / FILE_NAME).write_bytes(b"not a pickle")
    assert _prepared(site).content == first.content
    assert len(loads) == 2


URLS = {"index.md": "", "guides/people.md": "guides/people/", "guides/search.md": "guides/search/"}


def test_a_warm_build_serialises_no_bundle_and_writes_the_same_bytes(site, monkeypatch):
    first = _prepared(site).data_files(URLS)

    def no_serialising(content):
        raise AssertionError("serialised again")

    monkeypatch.setattr(prepare_module, "data_files", no_serialising)
    assert _prepared(site).data_files(URLS) == first


def test_pages_moved_to_urls_of_the_same_length_give_a_bundle_with_the_new_urls(site):
    prepared = _prepared(site)
    first = prepared.data_files(URLS)
    moved = prepared.data_files({**URLS, "guides/people.md": "guides/peoplx/"})
    assert b"guides/peoplx/" in moved.bundle[1] and b"guides/people/" not in moved.bundle[1]
    assert moved.bundle[0] != first.bundle[0]
    assert prepared.data_files(URLS) == first


def test_a_guide_edited_after_a_remembered_build_gives_a_new_bundle(site):
    first = _prepared(site).data_files(URLS)
    _edit_same_size(site / "docs" / GUIDE, "Ask about their work.", "Ask about their days.")
    again = _prepared(site).data_files(URLS)
    assert b"Ask about their days." in again.bundle[1] and again.bundle[0] != first.bundle[0]


# The guides' neutral section texts (`authoring.neutral_texts`).

def test_sections_whose_template_did_not_change_are_not_rendered_again(site, monkeypatch):
    first = _guide_page(site)
    # An edit outside every section: the content is loaded again, its sections' texts are not.
    _edit(site / "docs" / GUIDE, "# People\n", "# Our people\n")

    def no_rendering(source, context):
        raise AssertionError("rendered again")

    monkeypatch.setattr(neutral_texts, "render_text", no_rendering)
    again = _guide_page(site)
    assert again == first.replace("# People\n", "# Our people\n")
    assert "your target role" in again


def _forget_loaded_content(site: Path) -> None:
    """So the next prepare loads the content again and asks the neutral texts' own cache."""
    (site / ".cache" / "checks" / FILE_NAME).unlink()


def test_a_remembered_text_is_the_text_rendered_without_a_cache(site):
    _guide_page(site)
    _forget_loaded_content(site)
    remembered = _prepared(site)
    context = neutral_context(remembered.content)
    for section in remembered.content.sections:
        text = render_text(section.template, context)
        assert f"{{#{section.id}}}\n{text}" in remembered.guide_bodies[section.guide], section.id


def test_a_template_edited_to_words_of_the_same_length_shows_the_new_words(site):
    guide = site / "docs" / GUIDE
    assert "Find where people in" in _guide_page(site)
    _edit_same_size(guide, "Find where people in", "Look where people in")
    page = _guide_page(site)
    assert "Look where people in" in page and "Find where people in" not in page


def test_new_neutral_words_in_the_questions_reach_the_guide_page(site):
    assert "your target role" in _guide_page(site)
    _edit_same_size(site / "quiz" / "questions.yaml", "neutral: your target role", "neutral: your chosen role")
    page = _guide_page(site)
    assert "your chosen role" in page and "your target role" not in page


def test_an_unreadable_cache_means_every_text_is_rendered(site):
    first = _guide_page(site)
    remembered = site / ".cache" / "checks" / neutral_texts.NeutralTexts.FILE_NAME
    assert remembered.is_file()
    remembered.write_text("not json", encoding="utf-8")
    _forget_loaded_content(site)
    assert _guide_page(site) == first
