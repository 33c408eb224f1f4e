"""`mkdocs build` runs the plugin for real: valid content builds, mistakes abort."""

import shutil

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
