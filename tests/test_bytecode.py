"""The browser runs the engine from the bytecode the site serves, never compiling its source."""

import pytest

from plangen.authoring.sampling import answer_sets

from conftest import run_in_pyodide

pytestmark = pytest.mark.pyodide


def test_pyodide_imports_every_engine_module_from_the_served_bytecode(built_site, content, tmp_path):
    answers = next(iter(answer_sets(content, 1, seed=20261206)))
    base = {"answers": answers, "link_base": "https://plans.example/"}
    requests = [{"op": "plan", **base}, {"op": "downloads", **base},
                {"op": "ics", **base, "today": "2026-12-07", "why": True}]
    output, _ = run_in_pyodide(built_site, requests, tmp_path)
    assert all(reply["ok"] for reply in output["replies"])
    engine = [name for name in output["modules"] if name.startswith("plangen.engine.")]
    assert "plangen.engine.schedule" in engine and "plangen.engine.ics" in engine
    assert output["compiled"] == []
