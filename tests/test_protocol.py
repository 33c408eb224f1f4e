"""The worker protocol is declared once and everyone agrees on it: the README's
table, `web/protocol.js` (run in Node, as the browser runs it) and the ops
`plangen.engine.worker.handle` dispatches list the same ops and codes, and the
engine's error replies use those codes, never a class name."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from plangen.engine import bundle
from plangen.engine import worker as engine
from plangen.authoring.sampling import answer_sets

from conftest import ROOT, node_available

PROTOCOL_JS = ROOT / "src/plangen/web/protocol.js"
ENGINE_START_JS = ROOT / "src/plangen/web/enginestart.js"
README = ROOT / "README.md"

# Imports protocol.js from its text (a data: URL), so no package.json "type"
# decides how Node reads it, then runs the checks the page and worker use.
_NODE_PROBE = r"""
const source = require("fs").readFileSync(process.argv[1], "utf-8");
import("data:text/javascript," + encodeURIComponent(source)).then((p) => {
  const ok = p.okReply(7, { visible: [] });
  const refused = p.errorReply(8, p.plainError("answer", "Pick one.", { question: "goal" }));
  process.stdout.write(JSON.stringify({
    ops: p.OPS, codes: p.CODES, frozen: Object.isFrozen(p.OPS), firstStart: p.FIRST_START_NAME, prefetch: p.PREFETCH,
    ready: p.readyReply(3, "snapshot"), ok, refused,
    replies: [ok, refused, p.readyReply(1, "usual"), { id: 1, ok: true }, { id: 1, ok: false, error: { code: "AnswerError", message: "x" } },
              { id: "1", ok: true, result: {} }, { id: 2, type: "result", result: {} }, null].map(p.isReply),
    messages: [p.loadMessage(1, "/b.json"), p.requestMessage(2, "/b.json", { op: "plan", answers: {} }),
               p.requestMessage(3, "/b.json", { op: "check", answers: {} }), { id: 4, type: "render", bundleUrl: "/b" },
               { type: "load", bundleUrl: "/b" }, { id: 5, type: "request", bundleUrl: "/b" },
               { type: "prefetch", bundleUrl: "/b.json" }, { type: "prefetch" }].map(p.pageMessageProblem),
  }));
});
"""


@pytest.fixture(scope="module")
def protocol_js() -> dict:
    if not node_available():
        pytest.fail("run ./dev setup: Node is needed to run web/protocol.js")
    result = subprocess.run(["node", "-e", _NODE_PROBE, str(PROTOCOL_JS)], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _section(markdown: str, heading: str) -> str:
    start = markdown.index(f"\n## {heading}\n")
    following = markdown.find("\n## ", start + 1)
    return markdown[start:following if following != -1 else None]


def _table_column(section: str, header: str) -> list[str]:
    """The first cells (without backticks) of the Markdown table whose first header cell is ``header``."""
    lines = section.split("\n")
    first = next(i for i, line in enumerate(lines) if re.fullmatch(rf"\|\s*{header}\s*\|.*", line))
    cells = []
    for line in lines[first + 2:]:
        if not line.startswith("|"):
            break
        cell = line.split("|")[1].strip()
        assert re.fullmatch(r"`[a-z_]+`", cell), f"README: a cell that is not one `name`: {cell!r}"
        cells.append(cell.strip("`"))
    return cells


def _readme_protocol() -> str:
    return _section(README.read_text(encoding="utf-8"), "The worker protocol")


def _reply(request: object) -> dict:
    return json.loads(engine.handle(json.dumps(request)))


@pytest.fixture(scope="module")
def loaded(basic_content):
    engine.load(bundle.dumps(basic_content))


def test_readme_lists_exactly_the_ops_of_protocol_js_and_of_the_engine(protocol_js):
    readme = _table_column(_readme_protocol(), "op")
    assert readme == list(protocol_js["ops"]) == list(engine.OPS)


def test_readme_lists_exactly_the_error_codes_of_protocol_js(protocol_js):
    assert _table_column(_readme_protocol(), "code") == protocol_js["codes"]


def test_the_readme_table_reader_can_fail():
    section = "\n## X\n\n| op | a |\n| --- | --- |\n| `plan` | x |\n| `ics` | y |\n\nafter\n"
    assert _table_column(section, "op") == ["plan", "ics"]
    with pytest.raises(AssertionError):
        _table_column("| op | a |\n| --- | --- |\n| plan or ics | x |\n", "op")


@pytest.mark.usefixtures("loaded")
@pytest.mark.parametrize("op", engine.OPS)
def test_the_engine_dispatches_every_listed_op(op):
    reply = _reply({"op": op, "answers": {}, "text": "", "fragment": "", "link_base": "", "today": "2026-01-05"})
    assert reply["ok"] or "Unknown request" not in reply["error"]["message"], reply


@pytest.mark.usefixtures("loaded")
@pytest.mark.parametrize("op", ["check", "render", "load", None])
def test_the_engine_refuses_an_op_it_does_not_list(op):
    reply = _reply({"op": op, "answers": {}})
    assert reply == {"ok": False, "error": {"code": "request", "question": None,
                                            "message": f"Unknown request {op!r}."}}


def test_protocol_js_exports_frozen_ops_and_builds_the_one_envelope(protocol_js):
    assert protocol_js["frozen"] is True
    assert protocol_js["ready"] == {"id": 3, "ok": True, "result": {"ready": True, "started": "snapshot"}}
    assert protocol_js["ok"] == {"id": 7, "ok": True, "result": {"visible": []}}
    assert protocol_js["refused"] == {"id": 8, "ok": False,
                                      "error": {"code": "answer", "message": "Pick one.", "question": "goal"}}
    # Only the envelope passes: a class name for a code, a missing result, a string id, the old shapes.
    assert protocol_js["replies"] == [True, True, True, False, False, False, False, False]


def test_enginestart_js_names_a_first_start_as_protocol_js_does(protocol_js):
    spelled = re.findall(r'^\s*const FIRST_START_NAME = "([^"]+)";$', ENGINE_START_JS.read_text(encoding="utf-8"), re.M)
    assert spelled == [protocol_js["firstStart"]]


def test_enginestart_js_sends_the_prefetch_type_protocol_js_declares(protocol_js):
    spelled = re.findall(r'^\s*const PREFETCH = "([^"]+)";$', ENGINE_START_JS.read_text(encoding="utf-8"), re.M)
    assert spelled == [protocol_js["prefetch"]]


def test_protocol_js_says_what_is_wrong_with_a_page_message(protocol_js):
    # Only the prefetch hint goes without an id; it still needs the bundle's address.
    assert protocol_js["messages"] == [
        None, None, 'unknown op "check"', 'unknown message type "render"', "a message needs a whole-number id",
        "a request needs a request object", None, "a message needs the bundle's address",
    ]


@pytest.mark.usefixtures("loaded")
def test_an_answer_the_engine_refuses_is_code_answer_with_its_question(basic_content):
    question = next(q for q in basic_content.questions if q.type == "single")
    reply = _reply({"op": "plan", "answers": {question.id: "no-such-option"}, "link_base": ""})
    assert reply["ok"] is False
    assert reply["error"]["code"] == "answer" and reply["error"]["question"] == question.id
    assert set(reply["error"]) == {"code", "message", "question"}


@pytest.mark.usefixtures("loaded")
def test_a_missing_required_answer_at_plan_time_names_its_question(basic_content):
    required = next(q for q in basic_content.questions if q.required and q.show_if is None)
    reply = _reply({"op": "plan", "answers": {}, "link_base": ""})
    assert reply["error"]["code"] == "answer" and reply["error"]["question"] == required.id, reply


@pytest.mark.usefixtures("loaded")
def test_a_request_the_engine_cannot_use_is_code_request_with_a_sentence():
    assert _reply("not an object")["error"]["code"] == "request"
    assert _reply({"op": "ics", "answers": {}, "today": "someday"})["error"] == {
        "code": "request", "question": None, "message": "The calendar needs the date your plan started."}


@pytest.mark.parametrize("broken, detail", [
    # A template left to Jinja2 that fails as it renders.
    ({"compiled": None, "template": "{{ 1 // 0 }}\n"}, "failed to render: integer division or modulo by zero"),
    # A compiled program that reads an answer the site has no question for.
    ({"compiled": {"program": [["out", ["var", "answers", "no-such-question"]]], "html": []}},
     "failed to render: 'no-such-question'"),
])
def test_a_section_that_fails_is_code_content_with_the_authors_detail_and_a_sentence_for_the_reader(
        basic_content, broken, detail):
    plain = json.loads(bundle.dumps(basic_content))
    for section in plain["sections"]:
        section.update(broken)
    engine.load(json.dumps(plain))
    answers = next(iter(answer_sets(basic_content, 1, seed=5)))
    error = _reply({"op": "plan", "answers": answers, "link_base": ""})["error"]
    assert (error["code"], error["question"], error["message"]) == ("content", None, engine.INTERNAL)
    assert detail in error["detail"], error
