"""`plangen check | plan | bundle` for authors: one line per error, no traceback."""

import json
import shutil

import pytest

from plangen.cli.main import main

from conftest import FIXTURES, ROOT


def test_check_strict_passes_on_the_site_and_reports_full_coverage(capsys):
    assert main(["--root", str(ROOT), "check", "--strict", "--samples", "2000"]) == 0
    out = capsys.readouterr().out
    lines = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
    for measure in ("sections reachable", "rules fired", "questions shown"):
        assert lines[measure].endswith("(100%)"), (measure, lines[measure])


def test_check_says_every_template_of_the_site_was_compiled(capsys):
    assert main(["--root", str(FIXTURES / "basic"), "check"]) == 0
    assert "templates compiled at build time: 6/6\n" in capsys.readouterr().out


def _edited_fixture(tmp_path, path: str, old: str, new: str):
    """A copy of the basic fixture with ``old`` replaced by ``new`` in ``path``."""
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "basic", project)
    edited = project / path
    edited.write_text(edited.read_text().replace(old, new))
    return project


def test_check_names_a_template_left_to_jinja2_in_the_browser(tmp_path, capsys):
    project = _edited_fixture(tmp_path, "docs/guides/people.md", "Find where people in {{ answers.role }} gather.",
                              "Find where people in {{ answers.role | upper }} gather.")
    assert main(["--root", str(project), "check"]) == 0
    out = capsys.readouterr().out
    assert "templates compiled at build time: 5/6; left to Jinja2 in the browser" in out
    assert out.split("left to Jinja2 in the browser", 1)[1].splitlines()[0].endswith(": find-people")


def test_check_walks_every_answer_set_when_the_space_is_small(capsys):
    assert main(["--root", str(FIXTURES / "basic"), "check"]) == 0
    assert "every answer set" in capsys.readouterr().out


def test_check_strict_fails_on_a_section_no_rule_includes(tmp_path, capsys):
    project = _edited_fixture(tmp_path, "quiz/rules.yaml", "include: [count-money]", "include: [fix-resume]")
    assert main(["--root", str(project), "check", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "error: docs/guides/search.md:26: section 'count-money' never reaches a plan (no rule includes it)" in err


def test_content_errors_print_one_line_each_and_exit_1(tmp_path, capsys):
    project = _edited_fixture(tmp_path, "quiz/rules.yaml", "{fact: urgent}", "{fact: urgnt}")
    assert main(["--root", str(project), "check"]) == 1
    err = capsys.readouterr().err
    assert err == "error: quiz/rules.yaml:11: unknown fact 'urgnt' (did you mean 'urgent'?)\n"


def test_plan_prints_markdown_for_an_answers_file(tmp_path, capsys):
    answers = tmp_path / "a.yaml"
    answers.write_text("situation: laid-off\nrunway: short\nrole: welder\n")
    assert main(["--root", str(FIXTURES / "basic"), "plan", "--answers", str(answers)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Your career action plan\n")
    assert "**Count your money**" in out


def test_plan_json_format(tmp_path, capsys):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"situation": "working"}))
    assert main(["--root", str(FIXTURES / "basic"), "plan", "--answers", str(answers), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["section"] for p in data["phases"] for s in p["steps"]] == ["weekly-plan"]


def test_bad_answers_exit_1_with_a_sentence(tmp_path, capsys):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"situation": "retired"}))
    assert main(["--root", str(FIXTURES / "basic"), "plan", "--answers", str(answers)]) == 1
    assert capsys.readouterr().err == "error: That is not one of the choices for “Where are you now?”.\n"


def test_bundle_writes_the_browser_files_without_mkdocs(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--root", str(FIXTURES / "basic"), "bundle", str(out),
                 "--pyodide-dir", str(ROOT / "node_modules/pyodide"),
                 "--wheel-cache", str(ROOT / ".cache/browser-wheels")]) == 0
    assert list(out.glob("content.*.json")) and (out / "pyodide/pyodide-lock.json").is_file()
    assert (out / "quiz.js").is_file() and (out / "worker.js").is_file()


def test_usage_error_exits_2():
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2
