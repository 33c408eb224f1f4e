"""The engine's runtime fails: a download breaks, the worker crashes or falls
silent, the engine raises. The reader sees a sentence (never a traceback) and
a Retry / Try again button, the answers stay, and once the fault is gone Retry
recovers and the plan comes out.

Failed requests log console errors legitimately here, so these pages are not
held to PageGuard's console check; they must still never leave the origin.
"""

from __future__ import annotations

import json
import re

import pytest

from hostile import PageWatch, SteadyQuizDriver
from personas import PERSONAS
from quizdriver import wait_for_plan

pytestmark = pytest.mark.browser

PERSONA = PERSONAS["mid-career-changer"]
FIRST_SECTION = "weekly-plan"  # a section this reader's plan includes
# A real start on a busy machine can take well over ten seconds, so every wait
# is generous; a test of a worker that never answers shortens the waits until
# the fault is shown, then gives them back before Retry (the page reads them
# each time a wait starts).
GENEROUS = "globalThis.plangenConfig = {readyTimeoutMs: 180000, requestTimeoutMs: 180000}"
SHORT = "globalThis.plangenConfig = {readyTimeoutMs: 3000, requestTimeoutMs: 3000}"
WORKER = "**/assets/plangen/worker.js"
ENGINE_ZIP = "**/assets/plangen/pyodide/engine.*.zip"
CRASHING_WORKER = 'throw new Error("the worker fell over");\n'
SILENT_WORKER = "self.onmessage = () => {};\n"
# Says it is ready, then never answers a request.
HUNG_WORKER = ('self.onmessage = ({ data }) => { if (data.type === "load") '
               'self.postMessage({ id: data.id, ok: true, result: { ready: true } }); };\n')
TRACEBACK = re.compile(r"Traceback|File \"|line \d+|Error:|PythonError|ZeroDivision|jinja2", re.I)


@pytest.fixture
def faulty(browser, site_server):
    """A fresh context with generous planner timeouts: (context, page, watch)."""
    context = browser.new_context()
    context.add_init_script(GENEROUS)
    watch = PageWatch(context, site_server.url)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield context, page, watch
    watch.assert_stayed_home()
    watch.assert_no_dialogs()
    context.close()


def _serve(body: str):
    return lambda route: route.fulfill(status=200, content_type="text/javascript", body=body)


def _status(page) -> str:
    return page.locator(".plangen-status").inner_text().strip()


def _wait_for_button(page, name: str) -> str:
    page.locator(".plangen-status").get_by_role("button", name=name).wait_for()
    text = _status(page)
    assert not TRACEBACK.search(text), text
    return text


def _answer_the_first_question(page) -> None:
    page.get_by_label("I have a job, but I'm looking for the next one", exact=True).check()


def _saved_answers(page) -> dict:
    return json.loads(page.evaluate("localStorage.getItem('plangen:state')"))["answers"]


def _shorten_waits_until_retry(context) -> None:
    """For a worker that never answers: waits short enough to give up on it (the later init script wins)."""
    context.add_init_script(SHORT)


def _retry_and_make_the_plan(page, content, button: str = "Retry") -> None:
    page.evaluate(GENEROUS)  # the real start after Retry gets all the time it needs
    page.locator(".plangen-status").get_by_role("button", name=button).click()
    SteadyQuizDriver(page, content).take(PERSONA)
    wait_for_plan(page)
    assert page.locator(".plangen-step").count() > 0


START_FAULTS = {
    "runtime-download-fails": ("**/pyodide.asm.wasm", lambda route: route.abort()),
    "engine-download-fails": (ENGINE_ZIP, lambda route: route.abort()),
    "engine-not-found": (ENGINE_ZIP, lambda route: route.fulfill(status=404, body="Not Found")),
    "bundle-not-found": ("**/assets/plangen/content.*.json", lambda route: route.fulfill(status=404, body="Not Found")),
    "worker-crashes": (WORKER, _serve(CRASHING_WORKER)),
    "worker-never-answers": (WORKER, _serve(SILENT_WORKER)),
}


# A start from the snapshot fetches no engine zip and reads no bundle: those faults need the usual start.
USUAL_START_FAULTS = {"engine-download-fails", "engine-not-found", "bundle-not-found"}


@pytest.mark.parametrize("fault", [pytest.param(fault, marks=[pytest.mark.usual_start] * (fault in USUAL_START_FAULTS))
                                   for fault in START_FAULTS])
def test_a_planner_that_cannot_start_offers_retry_keeps_answers_and_recovers(faulty, content, site_server, fault):
    context, page, _ = faulty
    pattern, handler = START_FAULTS[fault]
    context.route(pattern, handler)
    if fault == "worker-never-answers":
        _shorten_waits_until_retry(context)
    page.goto(site_server.url + "quiz/")
    _answer_the_first_question(page)  # questions show before the engine is ready
    text = _wait_for_button(page, "Retry")
    assert text.startswith("The planner could not start: ") and text.endswith(
        " Your answers are safe on this device. Retry"), text
    assert _saved_answers(page) == {"situation": "employed"}
    context.unroute(pattern)
    _retry_and_make_the_plan(page, content)
    # The reason in the middle is itself a sentence for the reader, not a developer's note.
    assert re.fullmatch(r"The planner could not start: [A-Z][^.]*\. Your answers are safe on this device\. Retry",
                        text), text


def test_questions_that_fail_to_load_are_a_sentence_and_a_reload_brings_back_the_quiz(faulty, site_server):
    context, page, _ = faulty
    page.goto(site_server.url)
    saved = {"version": 1, "answers": {"situation": "student"}, "position": "goal", "plan": None, "ticks": {}}
    page.evaluate("(state) => localStorage.setItem('plangen:state', state)", json.dumps(saved))
    pattern = "**/assets/plangen/questions.*.json"
    context.route(pattern, lambda route: route.abort())
    page.goto(site_server.url + "quiz/")
    alert = page.locator("#plangen [role=alert]")
    alert.wait_for()
    assert re.fullmatch(r"The quiz could not load its questions \(.+\)\. Reload the page to try again\.",
                        alert.inner_text()), alert.inner_text()
    assert not TRACEBACK.search(alert.inner_text())
    context.unroute(pattern)
    page.reload()
    page.get_by_text("What would a good next move look like?").wait_for()
    assert _saved_answers(page) == {"situation": "student"}


@pytest.mark.parametrize("fault", ["worker-crashes", "worker-never-answers"])
def test_pressing_next_after_a_failed_start_still_offers_retry(faulty, content, site_server, fault):
    context, page, _ = faulty
    pattern, handler = START_FAULTS[fault]
    context.route(pattern, handler)
    if fault == "worker-never-answers":
        _shorten_waits_until_retry(context)
    page.goto(site_server.url + "quiz/")
    _answer_the_first_question(page)
    _wait_for_button(page, "Retry")
    page.locator("form.plangen-form button[type=submit]").click()  # the reader carries on regardless
    page.wait_for_timeout(500)
    assert page.locator(".plangen-status").get_by_role("button", name="Retry").count() == 1, _status(page)
    context.unroute(pattern)
    _retry_and_make_the_plan(page, content)


def test_a_planner_that_stops_answering_requests_offers_try_again_and_recovers(faulty, content, site_server):
    context, page, _ = faulty
    context.route(WORKER, _serve(HUNG_WORKER))
    _shorten_waits_until_retry(context)
    page.goto(site_server.url + "quiz/")
    _answer_the_first_question(page)
    page.locator("form.plangen-form button[type=submit]").click()
    page.locator(".plangen-status", has_text="did not answer in time").wait_for()
    text = _status(page)
    assert not TRACEBACK.search(text), text
    assert _saved_answers(page) == {"situation": "employed"}
    buttons = page.locator(".plangen-status").get_by_role("button")
    assert buttons.count() == 1 and buttons.inner_text() in {"Retry", "Try again"}, text
    context.unroute(WORKER)
    _retry_and_make_the_plan(page, content, buttons.inner_text())


def _bundle_that_raises(route) -> None:
    response = route.fetch()
    bundle = response.json()
    section = next(s for s in bundle["sections"] if s["id"] == FIRST_SECTION)
    # Its compiled program reads an answer the site has no question for, which fails as it runs.
    section["compiled"]["program"].append(["out", ["var", "answers", "no-such-question"]])
    route.fulfill(response=response, body=json.dumps(bundle))


@pytest.mark.usual_start  # a snapshot holds the bundle it read at build time
def test_an_engine_error_while_making_the_plan_is_a_sentence_with_try_again(faulty, content, site_server):
    context, page, _ = faulty
    context.route("**/assets/plangen/content.*.json", _bundle_that_raises)
    page.goto(site_server.url + "quiz/")
    driver = SteadyQuizDriver(page, content)
    with pytest.raises(AssertionError) as refused:
        driver.take(PERSONA)  # the last Next asks for the plan, which fails
    text = _wait_for_button(page, "Try again")
    assert str(refused.value) == text
    assert not TRACEBACK.search(page.locator("body").inner_text())
    assert _saved_answers(page)["background"] == PERSONA["background"]
    context.unroute("**/assets/plangen/content.*.json")
    page.locator(".plangen-status").get_by_role("button", name="Try again").click()
    wait_for_plan(page)
    titles = page.locator(".plangen-step-title").all_inner_texts()
    from plangen.engine.planner import build_plan

    assert titles == [step.title for step in build_plan(content, PERSONA).steps]
    # What went wrong is the content's business: the reader gets a sentence, not the author's error.
    assert text == ("Your plan could not be made: Something went wrong inside the planner. "
                    "Your answers are safe on this device. Try again")


CALENDAR_FAULT = 'if (data.request.op === "ics") throw new Error("the calendar fell over");\n'
HANDLE = "    const { ok, error, ...result } = JSON.parse(browser.handle("


def _worker_failing_on_calendars(route) -> None:
    """The real worker, made to fail on the calendar request alone."""
    response = route.fetch()
    body = response.text()
    assert HANDLE in body, "the worker no longer hands requests to the engine where this test expects"
    route.fulfill(response=response, body=body.replace(HANDLE, CALENDAR_FAULT + HANDLE))


def test_a_failure_while_making_the_calendar_is_a_sentence(faulty, content, site_server):
    context, page, _ = faulty
    context.route(WORKER, _worker_failing_on_calendars)
    page.goto(site_server.url + "quiz/")
    SteadyQuizDriver(page, content).take(PERSONA)
    page.get_by_role("button", name="Calendar (.ics)").click()
    note = page.locator(".plangen-download-status")
    note.filter(has_text="could not be made").wait_for()
    assert note.inner_text().startswith("The calendar could not be made (")
    assert note.inner_text().endswith("). Try again in a moment.")
    assert not TRACEBACK.search(note.inner_text()), note.inner_text()
    assert page.locator("#plangen-plan").count() == 1


def _engine_zip_with_other_bytes(route) -> None:
    """The real engine zip with one byte more: same name, not this build's integrity."""
    response = route.fetch()
    route.fulfill(response=response, body=response.body() + b"\0")


@pytest.mark.usual_start
def test_an_engine_zip_that_is_not_this_builds_is_a_load_error_that_says_so_with_retry(faulty, content,
                                                                                       site_server):
    context, page, watch = faulty
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    context.route(ENGINE_ZIP, _engine_zip_with_other_bytes)
    page.goto(site_server.url + "quiz/")
    _answer_the_first_question(page)
    text = _wait_for_button(page, "Retry")
    # The reader hears that a download failed, not that the planner broke.
    assert text == ("The planner could not start: Its files could not be downloaded; check your connection "
                    "and retry. Your answers are safe on this device. Retry"), text
    # The developer's console gets the load error's detail: which file, and the integrity it lacks.
    details = [line for line in console if line.startswith("plangen (load): ")]
    assert len(details) == 1, console
    assert re.search(r"the engine's files \S+/pyodide/engine\.[0-9a-f]+\.zip could not be fetched or do not "
                     r"match this build \(sha256-", details[0]), details[0]
    assert watch.page_errors == []
    assert _saved_answers(page) == {"situation": "employed"}
    context.unroute(ENGINE_ZIP)
    _retry_and_make_the_plan(page, content)
