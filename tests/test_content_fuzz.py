"""Hypothesis mutates the fixture project's content; loading it either works
or raises `ContentErrors` (typed, with locations), never another exception."""

import os
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plangen.authoring.loader import Project, load_content
from plangen.engine.errors import ContentErrors

from conftest import FIXTURES

EXAMPLES = int(os.environ.get("PLANGEN_FUZZ_EXAMPLES", "500"))
fuzz = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize="PLANGEN_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SOURCE = FIXTURES / "basic"
SNIPPETS = ["{{", "}}", "{%", "%}", "{#", "##", "---", "{{ answers.nope }}", "{% if %}", ":", "- ", "[x](y.md)",
            "{{ answers.role }}", "\x00", "\u202e", "{#id}", "## Title {#new-id}"]

values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 30) | st.text(max_size=12) | st.sampled_from(SNIPPETS),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _paths(data, prefix=()):
    """Every place in a YAML tree a value could be replaced."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, prefix + (index,))


def _replace(data, path, value):
    if not path:
        return value
    data[path[0]] = _replace(data[path[0]], path[1:], value)
    return data


@st.composite
def yaml_mutation(draw):
    name = draw(st.sampled_from(["quiz/questions.yaml", "quiz/rules.yaml"]))
    data = yaml.safe_load((SOURCE / name).read_text())
    path = draw(st.sampled_from(list(_paths(data))))
    return name, yaml.safe_dump(_replace(data, path, draw(values)), allow_unicode=True)


@st.composite
def markdown_mutation(draw):
    name = draw(st.sampled_from(["docs/guides/search.md", "docs/guides/people.md"]))
    lines = (SOURCE / name).read_text().splitlines(keepends=True)
    at = draw(st.integers(0, len(lines)))
    inserted = draw(st.lists(st.sampled_from(SNIPPETS) | st.text(max_size=10), min_size=1, max_size=3))
    if draw(st.booleans()) and at < len(lines):
        del lines[at]
    lines.insert(at, " ".join(inserted) + "\n")
    return name, "".join(lines)


def _load(tmp_path: Path, name: str, text: str) -> None:
    project = tmp_path / "project"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(SOURCE, project)
    (project / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_content(Project(project))
    except ContentErrors as errors:
        assert all(error.path and str(error) for error in errors.errors)


@fuzz
@given(yaml_mutation())
def test_mutated_quiz_yaml_loads_or_reports_content_errors(tmp_path, mutation):
    _load(tmp_path, *mutation)


@fuzz
@given(markdown_mutation())
def test_mutated_guides_load_or_report_content_errors(tmp_path, mutation):
    _load(tmp_path, *mutation)
