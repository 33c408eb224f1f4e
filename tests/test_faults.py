"""The fault corpus: each folder under tests/faults/ breaks the fixture project
in one way and states the exact messages authors must see, both from
`load_content` (what `plangen check` prints) and from `mkdocs build`."""

import shutil
from pathlib import Path

import pytest
import yaml

from plangen.authoring.loader import Project, load_content
from plangen.engine.errors import ContentErrors

from conftest import FIXTURES

CASES = sorted(p.parent for p in (Path(__file__).parent / "faults").glob("*/case.yaml"))


def apply_case(case: Path, project: Path) -> list[str]:
    """Copy the fixture project, apply the case's edits, return the expected messages."""
    spec = yaml.safe_load((case / "case.yaml").read_text())
    shutil.copytree(FIXTURES / "basic", project)
    for edit in spec.get("edits", []):
        target = project / edit["file"]
        if "replace" in edit:
            text = target.read_text()
            assert edit["replace"] in text, f"{case.name}: edit does not match {edit['file']}"
            target.write_text(text.replace(edit["replace"], edit["with"], 1))
        elif "write" in edit:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(edit["write"])
        else:
            target.unlink()
    return spec["expected"]


def test_the_corpus_has_at_least_15_cases():
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fault_is_reported_with_path_line_and_message(case, tmp_path):
    expected = apply_case(case, tmp_path / "project")
    with pytest.raises(ContentErrors) as caught:
        load_content(Project(tmp_path / "project"))
    assert [str(error) for error in caught.value.errors] == expected


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fault_also_fails_mkdocs_build_with_the_same_messages(case, tmp_path):
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    expected = apply_case(case, tmp_path / "project")
    config = load_config(str(tmp_path / "project/mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with pytest.raises(PluginError) as caught:
        config.plugins.on_config(config)  # the event `mkdocs build` starts with
    for message in expected:
        assert message in str(caught.value)
