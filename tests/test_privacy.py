"""Privacy, proven: no page sends anything anywhere but its own origin, sets no
cookie, and no answer ever travels in a request; every response carries the
Content-Security-Policy from `_headers`, and a whole journey breaks none of it."""

from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.request

import pytest

from hostile import PageWatch, SteadyQuizDriver, unescape_markdown
from personas import PERSONAS
from quizdriver import wait_for_plan

pytestmark = pytest.mark.browser

CANARY = "zebra-canary-7731"
CANARY_TOO = "okapi-canary-4419"
ANSWERS = {**PERSONAS["mid-career-changer"], "role": CANARY, "background": CANARY_TOO}

# Records every CSP violation the page's document sees, from before any script runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`);
});
"""


def _static_pages(built_site) -> dict[str, str]:
    post = sorted(built_site.glob("blog/20*/*/*/*/index.html"))[0].parent.relative_to(built_site)
    guide = sorted(p for p in built_site.glob("guides/*/index.html"))[0].parent.relative_to(built_site)
    return {
        "home": "", "blog": "blog/", "post": f"{post}/", "tags": "blog/tags/", "guides": "guides/",
        "guide": f"{guide}/", "quiz": "quiz/", "my-plan": "my-plan/",
    }


class Recorder(PageWatch):
    """A `PageWatch` that also keeps every request, every response's headers and
    every console message about the Content-Security-Policy."""

    def __init__(self, context, origin):
        self.requests: list[dict] = []
        self.responses: list[tuple[str, dict]] = []
        self.csp_console: list[str] = []
        super().__init__(context, origin)
        context.on("request", self._record)
        context.on("response", lambda response: self.responses.append((response.url, response.all_headers())))
        context.on("console", lambda message: self.csp_console.append(message.text)
                   if "Content Security Policy" in message.text else None)

    def _record(self, request) -> None:
        self.requests.append({"url": request.url, "method": request.method, "body": request.post_data,
                              "headers": request.headers})

    def violations(self, page) -> list[str]:
        return self.csp_console + page.evaluate("window.__cspViolations || []")


@pytest.fixture
def recorded(browser, site_server):
    context = browser.new_context(accept_downloads=True)
    context.add_init_script(RECORD_VIOLATIONS)
    recorder = Recorder(context, site_server.url)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield context, page, recorder
    context.close()


def _base64_forms(secret: str) -> list[str]:
    """Stretches of text that appear in any base64 encoding that holds ``secret``."""
    forms = []
    for shift in range(3):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            forms.append(encode(b"\0" * shift + secret.encode()).decode()[4:-4])
    return forms


def _settle(page) -> None:
    page.wait_for_load_state("networkidle")


def _policy(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture(scope="module")
def headers_file_policy(built_site) -> str:
    from plangen.site.headers import headers_for, read_headers_file

    return headers_for(read_headers_file(built_site), "/")["Content-Security-Policy"]


# --- every page type: nothing leaves, nothing is kept ---------------------------------------

@pytest.mark.parametrize("kind", ["home", "blog", "post", "tags", "guides", "guide", "quiz", "my-plan"])
def test_page_sends_no_request_off_origin_sets_no_cookie_and_breaks_no_csp_rule(recorded, built_site, site_server,
                                                                               content, kind):
    context, page, recorder = recorded
    page.goto(site_server.url + _static_pages(built_site)[kind])
    if kind == "quiz":  # wait for the engine: it then counts only the questions this reader will see
        # Before, it says how many questions readers are asked ("of 14 to 19"); after, this reader's count.
        page.wait_for_function("() => /of \\d+$/.test(document.querySelector('.plangen-progress')?.textContent ?? '')")
    _settle(page)
    recorder.assert_stayed_home()
    assert context.cookies() == []
    assert recorder.violations(page) == []
    assert recorder.page_errors == [] and recorder.console_errors == []


def test_whole_journey_keeps_answers_on_the_device(recorded, site_server, content, built_site, tmp_path):
    """Every page type, the quiz with distinctive typed words, every download,
    My plan and the share link: no request carries the answers, none leaves
    the origin, no cookie is set and no CSP rule is broken on any page."""
    context, page, recorder = recorded
    violations: list[str] = []
    for kind, path in _static_pages(built_site).items():
        if kind in {"quiz", "my-plan"}:
            continue
        page.goto(site_server.url + path)
        _settle(page)
        violations += recorder.violations(page)

    page.goto(site_server.url + "quiz/")
    SteadyQuizDriver(page, content).take(ANSWERS)
    wait_for_plan(page)
    assert CANARY in page.locator(".plangen-summary").inner_text()
    for button in ["Download plan (Markdown)", "Printable page (HTML)", "Calendar (.ics)", "Answers and plan (.json)"]:
        with page.expect_download() as caught:
            page.get_by_role("button", name=button).click()
        text = re.sub(r"\r?\n[ \t]", "", caught.value.path().read_bytes().decode("utf-8"))  # unfold .ics lines
        # The files the reader keeps carry their words; the calendar, which goes to a calendar service,
        # carries none of them unless the reader asks for the "why" lines.
        assert (CANARY in unescape_markdown(text)) is (button != "Calendar (.ics)"), button
    share = page.locator("#plangen-share-url").input_value()
    violations += recorder.violations(page)

    page.goto(site_server.url + "my-plan/")
    wait_for_plan(page)
    with page.expect_download():
        page.get_by_role("button", name="Calendar (.ics)").click()  # starts the engine on this page
    violations += recorder.violations(page)

    other = context.browser.new_context(service_workers="block")  # the network, not a cache
    other.add_init_script(RECORD_VIOLATIONS)
    elsewhere = Recorder(other, site_server.url)
    linked = other.new_page()
    linked.goto(share)
    wait_for_plan(linked, timeout=60_000)
    violations += elsewhere.violations(linked)
    other_cookies = other.cookies()
    other.close()

    fragment = share.split("#", 1)[1]
    assert fragment.startswith("answers=")
    for log in (recorder, elsewhere):
        log.assert_stayed_home()
        for request in log.requests:
            carried = json.dumps([request["url"], request["body"], request["headers"]])
            assert request["method"] == "GET" and request["body"] is None, request
            for secret in (CANARY, CANARY_TOO, fragment, *_base64_forms(CANARY), *_base64_forms(CANARY_TOO)):
                assert secret not in carried, f"{secret!r} travelled in {request['url']}"
    assert context.cookies() == [] and other_cookies == []
    assert violations == []


def test_share_link_answers_stay_in_the_fragment(browser, site_server):
    """A link's answers are read in the page; the address the browser requests has no fragment."""
    raw = json.dumps({**ANSWERS}).encode()
    fragment = "answers=" + base64.urlsafe_b64encode(raw).decode().rstrip("=")
    context = browser.new_context()
    urls = []
    context.on("request", lambda request: urls.append(request.url))
    page = context.new_page()
    page.goto(f"{site_server.url}quiz/#{fragment}")
    wait_for_plan(page, timeout=60_000)
    context.close()
    assert urls and not any("answers=" in url or CANARY in url for url in urls)


# --- the Content-Security-Policy ------------------------------------------------------------

def test_headers_file_policy_allows_only_own_scripts_and_webassembly(headers_file_policy):
    policy = _policy(headers_file_policy)
    script = policy["script-src"]
    assert script[:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert all(source.startswith("'sha256-") for source in script[2:]), script
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["worker-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("path", [
    "", "quiz/", "my-plan/", "guides/", "blog/", "404.html", "no-such-page/", "feed_rss_created.xml",
    "assets/plangen/quiz.js", "assets/plangen/worker.js", "assets/plangen/pyodide/pyodide.asm.wasm",
    "assets/plangen/pyodide/pyodide-lock.json",
])
def test_response_carries_the_policy_from_the_headers_file(site_server, headers_file_policy, path):
    try:
        response = urllib.request.urlopen(site_server.url + path)
    except urllib.error.HTTPError as error:  # a 404 must carry the policy too
        response = error
    with response:
        assert response.headers["Content-Security-Policy"] == headers_file_policy


def test_bundle_engine_zip_and_questions_carry_the_policy(site_server, built_site, headers_file_policy):
    assets = built_site / "assets/plangen"
    files = [*assets.glob("*.json"), *(assets / "pyodide").glob("engine.*.zip")]
    assert len(files) >= 3
    for file in files:
        with urllib.request.urlopen(site_server.url + file.relative_to(built_site).as_posix()) as response:
            assert response.headers["Content-Security-Policy"] == headers_file_policy, file.name


def test_every_response_in_a_journey_carries_the_policy(recorded, site_server, content, headers_file_policy):
    context, page, recorder = recorded
    page.goto(site_server.url + "quiz/")
    SteadyQuizDriver(page, content).take(PERSONAS["new-graduate"])
    wait_for_plan(page)
    with page.expect_download():
        page.get_by_role("button", name="Calendar (.ics)").click()
    from_site = [(url, headers) for url, headers in recorder.responses if url.startswith(site_server.url)]
    assert any(url.endswith("/worker.js") for url, _ in from_site)
    assert any(url.endswith(".wasm") for url, _ in from_site)
    missing = [url for url, headers in from_site if headers.get("content-security-policy") != headers_file_policy]
    assert missing == []
    assert recorder.violations(page) == []


def test_the_violation_recorder_sees_what_the_policy_blocks(recorded, site_server):
    """The checks above would pass vacuously if nothing could be seen: an inline
    script and a foreign image, both blocked, must both be recorded, and the
    image's attempt to leave the origin as well."""
    context, page, recorder = recorded
    page.goto(site_server.url)
    _settle(page)
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__ran = 1";
        document.body.append(script);
        const image = document.createElement("img");
        image.src = "http://tracker.invalid/pixel.png";
        document.body.append(image);
    }""")
    page.wait_for_function("() => window.__cspViolations.length >= 2")
    assert page.evaluate("typeof window.__ran") == "undefined"
    seen = " ".join(recorder.violations(page))
    assert "script-src" in seen and "img-src" in seen
    assert recorder.off_origin == ["http://tracker.invalid/pixel.png"]
