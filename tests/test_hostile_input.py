"""Hostile text typed into the quiz, imported from a `.json` file or carried by
a share link: nothing runs, nothing is evaluated as a template, the words show
literally on the page and in every download, and the plan still comes out.
Bad files and links get one sentence and change nothing saved."""

from __future__ import annotations

import base64
import json
import re

import markdown as markdown_lib
import pytest
from icalendar import Calendar

from hostile import (
    CORPUS, LONG_HUGE, LONG_OVER_LIMIT, PAGE_DANGERS_JS, TOO_LONG, HtmlFacts, SteadyQuizDriver, ascii_json,
    bdi_texts, expected_text, isolated_as_needed, has_lone_surrogate, summary_markdown_value, unescape_markdown,
    unescaped_markdown_specials,
)
from personas import PERSONAS
from quizdriver import download


def ics_text(value: str) -> str:
    """An iCalendar TEXT value unescaped (RFC 5545 §3.3.11); the parser leaves X- properties as written."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


pytestmark = pytest.mark.browser

# Both typed answers appear in this reader's summary and in several of their steps.
PERSONA = PERSONAS["mid-career-changer"]
LABELS = {"role": "Aiming for", "background": "Most recently"}
ROLE_TOO_LONG = ("One of its answers does not fit this quiz: Your answer to “What role or field are you "
                 "aiming for?” is longer than 60 characters. Nothing was changed.")


def _pairs(names: list[str]) -> list[tuple[str, str]]:
    """Neighbours in the corpus, two per journey; an odd one out pairs with the first."""
    pairs = [(names[i], names[i + 1]) for i in range(0, len(names) - 1, 2)]
    if len(names) % 2:
        pairs.append((names[-1], names[0]))
    return pairs


TYPED_PAIRS = _pairs(list(CORPUS))
IMPORTED_PAIRS = _pairs([name for name in CORPUS if name not in TOO_LONG])


def _ids(pairs):
    return [f"{a}+{b}" for a, b in pairs]


# --- driving the page --------------------------------------------------------

def typed_expectation(text: str) -> str:
    # A script-set value skips the input's line-break and maxlength handling.
    return expected_text(text, typed=not has_lone_surrogate(text))


@pytest.fixture
def hostile_page(guarded_page, site_server):
    """A guarded page that also records dialogs (alert, confirm, prompt) and dismisses them."""
    page, guard = guarded_page
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page, dialogs
    assert dialogs == [], f"script ran and opened dialogs: {dialogs}"
    guard.assert_clean()



def _saved_state(page):
    text = page.evaluate("localStorage.getItem('plangen:state')")
    return None if text is None else json.loads(text)


def _wait_for_plan_with(page, expected: dict[str, str]) -> None:
    """Wait until the plan on screen shows ``expected`` ({question id: words}) in its summary,
    or fail at once with the sentence the page gives instead."""
    outcome = page.wait_for_function(
        """(wanted) => {
            const status = document.querySelector(".plangen-status");
            if (status && status.querySelector("button")) return "status: " + status.textContent;
            if (!document.querySelector('.plangen-plan[data-drawn="all"] #plangen-plan')) return false;
            const shown = {};
            for (const dt of document.querySelectorAll(".plangen-summary dt")) shown[dt.textContent] = dt.nextElementSibling.textContent;
            return Object.entries(wanted).every(([label, text]) => shown[label] === text) ? "plan" : false;
        }""",
        arg={LABELS[qid]: text for qid, text in expected.items()},
    ).json_value()
    assert outcome == "plan", f"no plan; the page says: {outcome}"


def assert_literal_everywhere(page, expected: dict[str, str], tmp_path, origin: str) -> None:
    """The plan is on screen and ``expected`` words show literally there and in every download."""
    _wait_for_plan_with(page, expected)
    steps = page.locator(".plangen-step").count()
    assert steps > 0
    assert page.evaluate("typeof window.__pwned") == "undefined"

    # The page: the summary and every step that uses the words, as text.
    shown = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(".plangen-summary dt")]
        .map((dt) => [dt.textContent, dt.nextElementSibling.textContent]))""")
    readers = page.evaluate("() => [...document.querySelectorAll('.plangen-plan bdi.reader-text')].map((e) => e.textContent)")
    for qid, text in expected.items():
        assert shown[LABELS[qid]] == text
        assert text in readers, f"{qid} is not shown in any step"
        if "7*7" in text:
            assert "49" not in shown[LABELS[qid]]
    assert set(readers) <= set(expected.values())
    assert page.evaluate(PAGE_DANGERS_JS, origin) == []
    assert page.locator(".plangen-plan svg").count() == 1  # the timeline, nothing the words made

    # Markdown: escaped so no link, image or markup can form, and readable once unescaped.
    document = download(page, "Download plan (Markdown)", tmp_path).read_text(encoding="utf-8")
    for qid, text in expected.items():
        value = summary_markdown_value(document, LABELS[qid])
        assert unescape_markdown(value.strip("\u2068\u2069")) == " ".join(text.split())
        assert unescaped_markdown_specials(value) == []
        assert document.count(value) >= 2, f"{qid} is missing from the steps in Markdown"
    assert HtmlFacts.of(markdown_lib.markdown(document)).dangers(origin) == []

    # HTML: escaped text in the summary and the steps; nothing that runs or fetches.
    printable = download(page, "Printable page (HTML)", tmp_path)
    facts = HtmlFacts.of(printable.read_text(encoding="utf-8"))
    assert facts.dangers(origin) == []
    assert (facts.count("script"), facts.count("style"), facts.count("svg")) == (0, 1, 1)
    in_steps = bdi_texts(printable.read_text(encoding="utf-8"))
    for qid, text in expected.items():
        assert text in facts.texts["dd"]
        assert text in in_steps
    assert set(in_steps) <= set(expected.values())
    _assert_html_file_runs_nothing(page, printable)

    # Calendar: a calendar is often synced to a service, so none of the reader's words go in it; every step does.
    calendar = Calendar.from_ical(download(page, "Calendar (.ics)", tmp_path).read_bytes())
    assert calendar.get("X-WR-CALDESC") is None
    events = calendar.walk("VEVENT")
    words = " ".join(ics_text(str(event.get(name))) for event in events for name in ("summary", "description"))
    for text in expected.values():
        assert text not in words
    assert len({str(event.get("summary")).rsplit(" (", 1)[0] for event in events}) == steps

    # JSON: the answers as the plan used them, and the plan.
    data = json.loads(download(page, "Answers and plan (.json)", tmp_path).read_text(encoding="utf-8"))
    summary = {item["label"]: item["value"] for item in data["plan"]["summary"]}
    bodies = [text for phase in data["plan"]["phases"] for step in phase["steps"] for text in bdi_texts(step["body_html"])]
    for qid, text in expected.items():
        assert summary[LABELS[qid]] == text
        assert text in bodies
        assert data["answers"][qid] == text, f"the .json keeps {qid} as {data['answers'][qid]!r}, not as the plan shows it"


def _assert_html_file_runs_nothing(page, path) -> None:
    viewer = page.context.new_page()
    dialogs, requests = [], []
    viewer.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    viewer.on("request", lambda request: requests.append(request.url))
    viewer.goto(path.as_uri())
    viewer.wait_for_load_state("load")
    pwned = viewer.evaluate("typeof window.__pwned")
    viewer.close()
    assert (dialogs, pwned) == ([], "undefined")
    assert [url for url in requests if not url.startswith("file:")] == []


def _answers(role: str, background: str) -> dict:
    return {**PERSONA, "role": role, "background": background}


def _export_file(answers: dict, **overrides) -> dict:
    data = {"kind": "plangen-plan", "version": 1, "answers": answers, **overrides}
    return {"name": "career-plan.json", "mimeType": "application/json", "buffer": ascii_json(data).encode("ascii")}


def _link(origin: str, answers: object) -> str:
    encoded = base64.urlsafe_b64encode(ascii_json(answers).encode("ascii")).decode("ascii").rstrip("=")
    return f"{origin}quiz/#answers={encoded}"


def _import(page, payload: dict, replacing: bool = False) -> None:
    """Import ``payload``; ``replacing`` a different plan saved here is asked first, and agreed to."""
    if not page.locator("#plangen-import").is_visible():
        page.locator("summary", has_text="Import it").click()
    page.locator("#plangen-import").set_input_files(payload)
    if replacing:
        page.get_by_role("button", name="Replace with the file's plan").click()


# --- the corpus itself ---------------------------------------------------------

def test_the_corpus_has_at_least_25_hostile_strings():
    assert len(CORPUS) >= 25
    assert len(set(CORPUS.values())) == len(CORPUS)


def test_the_corpus_covers_every_kind_of_hostile_text():
    texts = list(CORPUS.values())
    assert any("<script" in t for t in texts) and any("onerror=" in t for t in texts)
    assert any("](javascript:" in t for t in texts) and any("](data:" in t for t in texts)
    assert any("{{" in t for t in texts) and any("{%" in t for t in texts)
    assert any(len(t) > 1000 for t in texts)
    assert any("\x00" in t for t in texts) and any("\x1b" in t for t in texts)
    assert any("\u202e" in t for t in texts) and any("\u200b" in t for t in texts)
    assert any(has_lone_surrogate(t) for t in texts)


@pytest.mark.parametrize("name", list(CORPUS))
def test_markdown_reader_text_is_isolated_when_it_can_reorder_text_and_cannot_close_the_isolate(name):
    """A stray U+2069 in the words would end the isolation early and let an override reorder the line."""
    from plangen.engine.tokens import escape_markdown

    escaped = escape_markdown(expected_text(CORPUS[name]))
    assert isolated_as_needed(escaped)
    assert unescaped_markdown_specials(escaped) == []


# --- typed ------------------------------------------------------------------------

@pytest.mark.parametrize("first, second", TYPED_PAIRS, ids=_ids(TYPED_PAIRS))
def test_typed_hostile_text_is_literal_on_the_page_and_in_everydownload(
        hostile_page, content, site_server, tmp_path, first, second):
    page, _ = hostile_page
    driver = SteadyQuizDriver(page, content)
    a, b = CORPUS[first], CORPUS[second]
    page.goto(site_server.url + "quiz/")
    driver.take(_answers(a, b))
    assert_literal_everywhere(page, {"role": typed_expectation(a), "background": typed_expectation(b)},
                              tmp_path, site_server.url)
    # The same words the other way round, each changed from the plan on its own:
    # each string goes through both text questions and through the change flow.
    for qid, text in (("role", b), ("background", a)):
        page.get_by_role("button", name=f"Change: {LABELS[qid]}").click()
        page.locator(f'input[name="q-{qid}"]').wait_for()
        driver.answer(content.question(qid), text)
        page.get_by_role("button", name="Save and update my plan").click()
        page.locator("#plangen-notice").wait_for()
    assert_literal_everywhere(page, {"role": typed_expectation(b), "background": typed_expectation(a)},
                              tmp_path, site_server.url)


# --- imported from a .json file ----------------------------------------------------

@pytest.mark.parametrize("first, second", IMPORTED_PAIRS, ids=_ids(IMPORTED_PAIRS))
def test_imported_hostile_text_is_literal_on_the_page_and_in_everydownload(
        hostile_page, site_server, tmp_path, first, second):
    page, _ = hostile_page
    a, b = CORPUS[first], CORPUS[second]
    page.goto(site_server.url + "quiz/")
    _import(page, _export_file(_answers(a, b)))
    assert_literal_everywhere(page, {"role": expected_text(a), "background": expected_text(b)}, tmp_path, site_server.url)
    _import(page, _export_file(_answers(b, a)), replacing=True)
    assert_literal_everywhere(page, {"role": expected_text(b), "background": expected_text(a)}, tmp_path, site_server.url)


# --- carried by a share link -------------------------------------------------------

@pytest.mark.parametrize("first, second", IMPORTED_PAIRS, ids=_ids(IMPORTED_PAIRS))
def test_linked_hostile_text_is_literal_on_the_page_and_in_everydownload(
        hostile_page, site_server, tmp_path, first, second):
    page, _ = hostile_page
    a, b = CORPUS[first], CORPUS[second]
    page.goto(_link(site_server.url, _answers(a, b)))
    assert_literal_everywhere(page, {"role": expected_text(a), "background": expected_text(b)}, tmp_path, site_server.url)
    page.goto(site_server.url)  # leave, so the next link loads the quiz afresh
    page.goto(_link(site_server.url, _answers(b, a)))
    page.get_by_role("button", name="Use the link's answers").click()
    assert_literal_everywhere(page, {"role": expected_text(b), "background": expected_text(a)}, tmp_path, site_server.url)


# --- refused, with one sentence, changing nothing -------------------------------------

SAVED = {"version": 1, "answers": {"situation": "employed", "goal": "pivot", "role": "my own words"},
         "position": "background", "plan": None, "ticks": {}, "week": 1, "edit": None}


@pytest.fixture
def saved_page(hostile_page, site_server):
    """A quiz page with some answers already saved on this device, engine ready."""
    page, dialogs = hostile_page
    page.goto(site_server.url)
    page.evaluate("(state) => localStorage.setItem('plangen:state', state)", json.dumps(SAVED))
    page.goto(site_server.url + "quiz/")
    page.locator("#plangen-question").wait_for()  # an import waits for the engine by itself
    return page


def _status(page, sentence):
    page.locator(".plangen-status", has_text=sentence).wait_for()
    return page.locator(".plangen-status").inner_text().strip()


def _too_large_file():
    return {"name": "career-plan.json", "mimeType": "application/json", "buffer": b" " * 500_001}


BAD_FILES = {
    "too-large": (_too_large_file, "That file is too large to be a plan saved from this site; nothing was changed."),
    "not-json": (lambda: {"name": "career-plan.json", "mimeType": "application/json", "buffer": b"{not json"},
                 "That file is not a plan saved from this site (it is not valid JSON). Nothing was changed."),
    "not-an-object": (lambda: {"name": "career-plan.json", "mimeType": "application/json", "buffer": b"[1, 2]"},
                      "That file is not a plan saved from this site. Nothing was changed."),
    "wrong-kind": (lambda: _export_file(PERSONA, kind="something-else"),
                   "That file is not a plan saved from this site. Nothing was changed."),
    "wrong-version": (lambda: _export_file(PERSONA, version=2),
                      "That file was saved by a different version of this site (version 2). Nothing was changed."),
    "answers-not-a-dict": (lambda: _export_file(["employed", "pivot"]),
                           "The answers in it are not in the expected form. Nothing was changed."),
    "invalid-option": (lambda: _export_file({**PERSONA, "situation": "astronaut"}),
                       "One of its answers does not fit this quiz: That is not one of the choices for "
                       "“Which of these sounds most like you right now?”. Nothing was changed."),
    "text-over-60": (lambda: _export_file(_answers(LONG_OVER_LIMIT, "x")), ROLE_TOO_LONG),
    "huge-text": (lambda: _export_file(_answers(LONG_HUGE, "x")), ROLE_TOO_LONG),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_json_file_is_refused_with_one_sentence_and_nothing_saved_changes(saved_page, case):
    page = saved_page
    make, sentence = BAD_FILES[case]
    before = _saved_state(page)
    _import(page, make())
    assert _status(page, sentence) == sentence
    assert _saved_state(page) == before == SAVED
    assert page.locator("#plangen-plan").count() == 0


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


BAD_LINKS = {
    "damaged": ("answers=%%%not-base64", "That link is damaged; ask for it to be sent again. Nothing was changed."),
    "not-json": ("answers=" + _b64(b"{not json"), "That link is damaged; ask for it to be sent again. Nothing was changed."),
    "not-utf8": ("answers=" + _b64(b"\xff\xfe\x00"), "That link is damaged; ask for it to be sent again. Nothing was changed."),
    "too-long": ("answers=" + "A" * 5000, "That link is too long to be a plan link from this site. Nothing was changed."),
    "answers-not-a-dict": ("answers=" + _b64(b"[1,2]"), "The answers in it are not in the expected form. Nothing was changed."),
    "invalid-option": ("answers=" + _b64(b'{"situation":"astronaut"}'),
                       "One of its answers does not fit this quiz: That is not one of the choices for "
                       "“Which of these sounds most like you right now?”. Nothing was changed."),
    "text-over-60": ("answers=" + _b64(ascii_json(_answers(LONG_OVER_LIMIT, "x")).encode()), ROLE_TOO_LONG),
    "huge-text": ("answers=" + _b64(ascii_json(_answers(LONG_HUGE, "x")).encode()),
                  "That link is too long to be a plan link from this site. Nothing was changed."),
}


@pytest.mark.parametrize("case", list(BAD_LINKS))
def test_a_bad_share_link_is_refused_with_one_sentence_and_nothing_saved_changes(hostile_page, site_server, case):
    page, _ = hostile_page
    fragment, sentence = BAD_LINKS[case]
    page.goto(site_server.url)
    page.evaluate("(state) => localStorage.setItem('plangen:state', state)", json.dumps(SAVED))
    page.goto(f"{site_server.url}quiz/#{fragment}")
    assert _status(page, sentence) == sentence
    assert _saved_state(page) == SAVED
    assert page.locator("#plangen-plan").count() == 0
    assert "#" not in page.url


# --- direction overrides stay inside the reader's words ------------------------------------

# For each reader text in a step that has words after it on the same line: whether
# those following characters still run left to right on screen.
_FOLLOWING_TEXT_RUNS_LEFT_TO_RIGHT = """() => {
    const results = [];
    for (const bdi of document.querySelectorAll("bdi.reader-text")) {
        const after = bdi.nextSibling;
        if (!after || after.nodeType !== Node.TEXT_NODE) continue;
        const letters = [...after.data.matchAll(/[A-Za-z]/g)].slice(0, 4).map((match) => match.index);
        if (letters.length < 2) continue;
        const range = document.createRange();
        const xs = letters.map((index) => { range.setStart(after, index); range.setEnd(after, index + 1);
                                            return range.getBoundingClientRect(); });
        if (xs.some((box, i) => i && Math.abs(box.y - xs[0].y) > 2)) continue;  // wrapped onto another line
        results.push(xs.every((box, i) => !i || box.x > xs[i - 1].x));
    }
    return results;
}"""


@pytest.mark.parametrize("name", ["bidi-overrides", "isolate-breakout"])
def test_a_direction_override_in_the_words_cannot_reorder_the_plan_text_after_them(hostile_page, site_server,
                                                                                   tmp_path, name):
    # isolate-breakout closes the isolate around it early, then starts a right-to-left override.
    page, _ = hostile_page
    words = CORPUS[name]
    page.goto(_link(site_server.url, _answers(words, words)))
    _wait_for_plan_with(page, {"role": expected_text(words), "background": expected_text(words)})
    for details in page.locator(".plangen-step details").all():
        details.evaluate("(element) => { element.open = true; }")
    on_page = page.evaluate(_FOLLOWING_TEXT_RUNS_LEFT_TO_RIGHT)
    printable = download(page, "Printable page (HTML)", tmp_path)
    viewer = page.context.new_page()
    viewer.goto(printable.as_uri())
    in_download = viewer.evaluate(_FOLLOWING_TEXT_RUNS_LEFT_TO_RIGHT)
    viewer.close()
    assert on_page and in_download, "no reader text with words after it to check"
    assert all(on_page), f"{on_page.count(False)} of {len(on_page)} sentences reordered on the page"
    assert all(in_download), f"{in_download.count(False)} of {len(in_download)} sentences reordered in the download"
