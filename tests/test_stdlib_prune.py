"""The pruned standard library the site serves still does everything the
engine does: every op, downloads and imports included, in real Pyodide."""

import json
import zipfile

import pytest

from plangen.authoring.sampling import answer_sets
from plangen.engine import bundle, worker as cpython_worker
from plangen.site.depwheels import ensure_dependency_wheels
from plangen.site.stdlib_prune import DROPPED, kept

from conftest import ROOT, run_in_pyodide

pytestmark = pytest.mark.pyodide
LINK = "https://plans.example/"


def _every_op(content, bundle_text: str) -> list[dict]:
    """Each op the worker answers, on a few readers, plus replies that are errors."""
    cpython_worker.load(bundle_text)
    requests = []
    readers = list(answer_sets(content, 3, seed=20261202))
    for answers in readers:
        requests += [
            {"op": "visible", "answers": answers},
            {"op": "clean", "answers": {**answers, "no-such-question": 1}},
            {"op": "plan", "answers": answers, "link_base": LINK},
            {"op": "downloads", "answers": answers, "link_base": LINK},
            {"op": "ics", "answers": answers, "link_base": LINK, "today": "2026-12-02"},
        ]
    plan = json.loads(cpython_worker.handle(json.dumps(requests[2])))
    files = json.loads(cpython_worker.handle(json.dumps(requests[3])))
    # A reader five weeks in: ticks, habit counts and check-ins re-plan the weeks ahead and reach every file.
    habit = next(step["section"] for step in plan["plan"]["steps"] if step["kind"] == "habit")
    once = next(step["section"] for step in plan["plan"]["steps"] if step["kind"] == "once")
    progress = {"started": "2026-11-30", "week": 5, "done": {once: 1}, "counts": {habit: {"2": 1, "5": 2}},
                "planned": {"1": 5}, "checkins": [{"week": w, "applications": 4, "replies": 0, "interviews": 0,
                                                   "energy": "low"} for w in (2, 3, 4, 5)]}
    living = [{"op": op, "answers": readers[0], "link_base": LINK, "progress": progress}
              for op in ("plan", "downloads", "ics")]
    living[2]["why"] = True
    cpython_worker.handle(json.dumps(living[0]))
    export = json.loads(cpython_worker.handle(json.dumps(living[1])))["export"]
    return requests + living + [
        {"op": "import", "text": export},
        {"op": "plan", "answers": readers[0], "link_base": LINK, "progress": {"week": "five"}},
        {"op": "import", "text": files["export"]},
        {"op": "import_link", "fragment": plan["share"]},
        {"op": "import", "text": "{not json"},
        {"op": "import_link", "fragment": "#answers=%%%"},
        {"op": "plan", "answers": {"no-such-question": "x"}, "link_base": LINK},
        {"op": "ics", "answers": readers[0], "link_base": LINK, "today": "yesterday"},
        {"op": "no-such-op"},
    ]


@pytest.fixture(scope="module")
def pyodide_run(built_site, content, tmp_path_factory):
    bundle_text = next((built_site / "assets/plangen").glob("content.*.json")).read_text()
    requests = _every_op(content, bundle_text)
    output, _ = run_in_pyodide(built_site, requests, tmp_path_factory.mktemp("every-op"))
    expected = [json.loads(cpython_worker.handle(json.dumps(request))) for request in requests]
    return output, expected


@pytest.fixture(scope="module")
def pyodide_jinja_run(built_site, content, tmp_path_factory):
    """The same ops for a site whose section templates were all left to Jinja2 and Markdown, whose
    wheels it then serves: the pruned standard library must carry that path too."""
    plain = json.loads(bundle.dumps(content))
    for section, source in zip(plain["sections"], content.sections):
        section.update(compiled=None, template=source.template)
    work = tmp_path_factory.mktemp("every-op-jinja")
    bundle_file = work / "content.json"
    bundle_file.write_text(json.dumps(plain), encoding="utf-8")
    requests = _every_op(content, bundle_file.read_text())
    output, _ = run_in_pyodide(built_site, requests, work, bundle=bundle_file,
                               wheels=ensure_dependency_wheels(ROOT / ".cache/browser-wheels"))
    expected = [json.loads(cpython_worker.handle(json.dumps(request))) for request in requests]
    return output, expected


def test_the_served_standard_library_is_pruned(built_site):
    names = zipfile.ZipFile(built_site / "assets/plangen/pyodide/python_stdlib.zip").namelist()
    tops = {name.split("/", 1)[0].removesuffix(".pyc") for name in names}
    assert tops & DROPPED == set()
    assert {"json", "encodings", "_strptime", "pprint", "zipfile", "tarfile"} <= tops  # kept on purpose or needed
    assert not kept("unittest/__init__.pyc") and kept("email/__init__.pyc")


def test_every_op_replies_in_pyodide_as_in_cpython_with_the_pruned_standard_library(pyodide_run):
    output, expected = pyodide_run
    assert output["python"].startswith("3.14")
    assert [reply["ok"] for reply in expected].count(True) == 21  # the error cases really are errors
    ops = {reply.get("ics") is not None for reply in output["replies"]}
    assert ops == {True, False}
    assert output["replies"] == expected


def test_no_module_loaded_in_pyodide_is_one_the_pruning_drops(pyodide_run):
    output, _ = pyodide_run
    loaded = {name.split(".", 1)[0] for name in output["modules"]}
    assert {"plangen.engine.planner", "plangen.engine.ics"} <= set(output["modules"])  # it made plans and calendars
    assert not {"jinja2", "markdown", "markupsafe"} & loaded  # from compiled templates
    assert loaded & DROPPED == set()


def test_templates_left_to_jinja2_reply_as_in_cpython_with_the_pruned_standard_library(pyodide_jinja_run):
    output, expected = pyodide_jinja_run
    loaded = {name.split(".", 1)[0] for name in output["modules"]}
    assert {"jinja2", "markdown"} <= loaded
    assert loaded & DROPPED == set()
    assert output["replies"] == expected
