"""`plangen new DIR`: a new site with content that passes `plangen check --strict`,
written only into a new or empty folder."""

import json

from plangen.cli.main import main
from plangen.site.runtime import PYODIDE_VERSION


def test_new_writes_a_site_whose_content_checks_strict(tmp_path, capsys):
    site = tmp_path / "site"
    assert main(["new", str(site)]) == 0
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert written == [".gitignore", "docs/guides/first-steps.md", "docs/index.md", "mkdocs.yml",
                       "package.json", "quiz/questions.yaml", "quiz/rules.yaml"]
    assert json.loads((site / "package.json").read_text())["dependencies"] == {"pyodide": PYODIDE_VERSION}
    capsys.readouterr()
    assert main(["--root", str(site), "check", "--strict"]) == 0
    out = capsys.readouterr().out
    assert "3 questions" in out and "3 rules" in out and "sections reachable: 3/3 (100%)" in out


def test_new_refuses_a_folder_that_is_not_empty_with_one_line(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["new", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"error: {tmp_path}: not an empty folder; plangen new writes only into a new or empty one\n")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_new_accepts_an_empty_folder(tmp_path):
    assert main(["new", str(tmp_path)]) == 0
    assert (tmp_path / "mkdocs.yml").is_file()
