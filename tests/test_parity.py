"""The engine gives byte-identical results in CPython and in real Pyodide."""

import json

import pytest

from plangen.engine import worker as cpython_browser
from plangen.authoring.sampling import answer_sets

from conftest import node_available, run_in_pyodide

pytestmark = pytest.mark.pyodide
ANSWER_SETS = 200


@pytest.fixture(scope="module")
def requests(content):
    sets = list(answer_sets(content, ANSWER_SETS, seed=20261125))
    # The page asks for the plan, then for its files: both replies must match.
    return [{"op": op, "answers": answers, "link_base": "https://plans.example/"}
            for answers in sets for op in ("plan", "downloads")]


def test_node_and_pyodide_are_installed():
    assert node_available(), "run ./dev setup: Node and the pyodide npm package are needed"


@pytest.mark.parametrize("start", ["usual", "snapshot"])
def test_plans_are_identical_in_cpython_and_pyodide(built_site, requests, tmp_path, start):
    """Both ways the worker starts: wheel and bundle loaded, or the memory snapshot a returning reader gets."""
    output, bundle = run_in_pyodide(built_site, requests, tmp_path, snapshot=start == "snapshot")
    assert output["python"].startswith("3.14"), "the parity run must really be inside Pyodide"
    cpython_browser.load(bundle.read_text())
    expected = [json.loads(cpython_browser.handle(json.dumps(r))) for r in requests]
    assert all(reply["ok"] for reply in expected)
    mismatches = [i for i, (a, b) in enumerate(zip(output["replies"], expected)) if a != b]
    assert len(output["replies"]) == 2 * ANSWER_SETS
    assert mismatches == []
    assert [r["markdown"] for r in output["replies"][1::2]] == [r["markdown"] for r in expected[1::2]]
