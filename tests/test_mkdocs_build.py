"""`mkdocs build` runs the plugin for real: valid content builds, mistakes abort."""

import shutil
import zipfile
from pathlib import Path

from conftest import FIXTURES, build_site


def test_fixture_site_builds_with_strict(tmp_path):
    result = build_site(tmp_path / "site", FIXTURES / "basic/mkdocs.yml")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/guides/search/index.html").is_file()


def test_content_error_aborts_the_build_with_path_and_line(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "basic", project)
    guide = project / "docs/guides/people.md"
    guide.write_text(guide.read_text().replace("## Find your people {#find-people}", "## Find your people"))
    result = build_site(tmp_path / "site", project / "mkdocs.yml")
    assert result.returncode == 1
    assert "docs/guides/people.md:10: a '##' heading in a guide needs a section id" in result.stderr
    assert "Traceback" not in result.stderr


def test_strict_build_fails_on_a_section_no_rule_includes(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "basic", project)
    rules = project / "quiz/rules.yaml"
    rules.write_text(rules.read_text().replace("include: [count-money]", "include: [fix-resume]"))
    result = build_site(tmp_path / "site", project / "mkdocs.yml")
    assert result.returncode == 1
    assert "docs/guides/search.md:26: section 'count-money' is not included by any rule" in result.stderr


def _project(tmp_path, plugin_options: str = "", theme_extra: str = "") -> Path:
    """A copy of the fixture project with plangen options and theme keys added."""
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "basic", project)
    config = project / "mkdocs.yml"
    text = config.read_text()
    if plugin_options:
        text = text.replace("  - plangen:\n", "  - plangen:\n" + plugin_options)
    if theme_extra:
        text = text.replace("  name: material\n", "  name: material\n" + theme_extra)
    config.write_text(text)
    return project


def test_plugin_provides_the_quiz_and_my_plan_pages_that_find_each_other(tmp_path):
    # The fixture's docs have neither page and the site has no custom_dir.
    result = build_site(tmp_path / "site", FIXTURES / "basic/mkdocs.yml")
    assert result.returncode == 0, result.stderr
    quiz = (tmp_path / "site/quiz/index.html").read_text()
    my_plan = (tmp_path / "site/my-plan/index.html").read_text()
    assert '<div id="plangen" class="plangen"' in quiz and "<h1" in quiz and "Build your plan" in quiz
    assert 'data-quiz-url="./" data-my-plan-url="../my-plan/"' in quiz
    assert '<div id="plangen-myplan" class="plangen"' in my_plan
    assert 'data-quiz-url="../quiz/" data-my-plan-url="./"' in my_plan


def test_page_options_move_the_pages_and_their_links(tmp_path):
    project = _project(tmp_path, "      quiz_page: start/take-the-quiz.md\n      my_plan_page: yours.md\n")
    result = build_site(tmp_path / "site", project / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site/quiz").exists()
    quiz = (tmp_path / "site/start/take-the-quiz/index.html").read_text()
    assert 'data-quiz-url="./" data-my-plan-url="../../yours/"' in quiz
    assert 'data-quiz-url="../start/take-the-quiz/"' in (tmp_path / "site/yours/index.html").read_text()


def test_site_pages_and_custom_dir_templates_win_over_the_provided_ones(tmp_path):
    project = _project(tmp_path, theme_extra="  custom_dir: overrides\n")
    (project / "overrides").mkdir()
    (project / "overrides/quiz.html").write_text(
        '{% extends "main.html" %}{% block content %}<p id="own-quiz">{{ plangen.my_plan_url }}</p>{% endblock %}')
    (project / "docs/my-plan.md").write_text("# Our own words about your plan\n")
    result = build_site(tmp_path / "site", project / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    assert '<p id="own-quiz">../my-plan/</p>' in (tmp_path / "site/quiz/index.html").read_text()
    my_plan = (tmp_path / "site/my-plan/index.html").read_text()
    assert "Our own words about your plan" in my_plan and 'id="plangen-myplan"' in my_plan


def test_a_page_option_that_is_not_a_markdown_page_aborts_the_build(tmp_path):
    project = _project(tmp_path, "      quiz_page: quiz.html\n")
    result = build_site(tmp_path / "site", project / "mkdocs.yml")
    assert result.returncode == 1
    assert ("mkdocs.yml: plangen option 'quiz_page: quiz.html' must be a Markdown page inside docs_dir, "
            "written relative to it (e.g. 'quiz_page: quiz.md')") in result.stderr
    assert "Traceback" not in result.stderr


def test_strict_build_fails_when_the_theme_would_load_web_fonts(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "basic", project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  font: false\n", ""))
    result = build_site(tmp_path / "site", config)
    assert result.returncode == 1
    assert ("WARNING -  plangen: mkdocs.yml: the theme loads web fonts from another host on every page; "
            "write 'font: false' under 'theme:' (theme: font: false)") in result.stderr


def test_turning_precompile_on_after_a_build_without_it_serves_an_engine_zip_with_bytecode(tmp_path):
    # Precompiled wheels keep their names: an engine zip cached by wheel name would be stale.
    for precompile in ("false", "true"):
        project = tmp_path / precompile
        shutil.copytree(FIXTURES / "basic", project)
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace("  - plangen:\n", f"  - plangen:\n      precompile: {precompile}\n"))
        result = build_site(tmp_path / f"site-{precompile}", config)
        assert result.returncode == 0, result.stderr
        runtime = tmp_path / f"site-{precompile}/assets/plangen/pyodide"
        names = zipfile.ZipFile(next(runtime.glob("engine.*.zip"))).namelist()
        assert any(name.endswith(".pyc") for name in names) == (precompile == "true"), precompile


def _with_search(project: Path) -> Path:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("plugins:\n", "plugins:\n  - search\n", 1))
    return project


def test_the_quiz_page_header_has_no_search_box_so_the_page_loads_no_search_index(tmp_path):
    project = _with_search(_project(tmp_path))
    result = build_site(tmp_path / "site", project / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    quiz = (tmp_path / "site/quiz/index.html").read_text()
    # mkdocs-material fetches the index and starts its worker only for a page with this form.
    assert 'name="search"' not in quiz
    assert 'class="md-header__title"' in quiz  # the rest of the header is there
    assert 'name="search"' in (tmp_path / "site/my-plan/index.html").read_text()


def test_the_quiz_search_option_keeps_the_search_box_on_the_quiz_page(tmp_path):
    project = _with_search(_project(tmp_path, "      quiz_search: true\n"))
    result = build_site(tmp_path / "site", project / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    assert 'name="search"' in (tmp_path / "site/quiz/index.html").read_text()
