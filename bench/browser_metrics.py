"""The reader's view in a real headless Chromium, timed inside the page.

An init script (no eval, so it survives a strict CSP) records
``performance.now()`` — milliseconds since navigation start — when the first
question and the plan appear (MutationObserver), when the quiz's worker
first says ``ready`` (a wrapped ``window.Worker``), when the submit button
was clicked, and every worker round trip by request id. Python only polls
those marks with ``page.evaluate``.
"""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .stats import Metric, ratio_metric

CHROMIUM = os.environ.get("PLANGEN_CHROMIUM", "/usr/bin/chromium")
# Same flags as tests/conftest.py CHROMIUM_ARGS (copied so the bench does not import pytest fixtures).
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
READY_TIMEOUT_S = 90.0
POLL_S = 0.025
SUBMIT = "#plangen form button[type=submit]"

INIT_SCRIPT = r"""
(() => {
  if (window.__bench) return;
  const marks = { question: null, questionFrame: null, shown: 0, plan: null, ready: null, started: null,
                  workerStart: null, workerError: null, click: null, sent: {}, trips: [],
                  clicks: [], shownAt: [], downloadClick: null, downloadSaved: null, notice: null };
  window.__bench = marks;
  const now = () => performance.now();
  let lastQuestion = null;
  const watch = () => {
    const question = document.getElementById("plangen-question");
    if (question && question !== lastQuestion) {
      lastQuestion = question;
      marks.shown += 1;
      marks.shownAt.push(now());
      if (marks.question === null) {
        marks.question = now();
        requestAnimationFrame(() => { marks.questionFrame = now(); });
      }
    }
    if (marks.plan === null && document.getElementById("plangen-plan")) marks.plan = now();
    // What a saved change did to the plan: the updated plan is on screen.
    if (marks.notice === null && document.getElementById("plangen-notice")) marks.notice = now();
  };
  new MutationObserver(watch).observe(document, { childList: true, subtree: true });
  document.addEventListener("click", (event) => {
    if (!(event.target instanceof Element)) return;
    if (event.target.closest("#plangen form button[type=submit]")) {
      marks.click = now();
      marks.clicks.push(marks.click);
    }
    if (event.target.closest(".plangen-downloads button") && marks.downloadClick === null) marks.downloadClick = now();
    // The page saves a file by clicking a hidden link to a Blob: the file is in the reader's hands.
    if (event.target.closest("a[download]") && marks.downloadSaved === null) marks.downloadSaved = now();
  }, true);
  const Native = window.Worker;
  if (typeof Native !== "function") return;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      if (marks.workerStart === null) marks.workerStart = now();
      this.addEventListener("error", (event) => {
        marks.workerError = event.message || "the worker failed to start";
      });
      this.addEventListener("message", (event) => {
        const at = now();
        const data = event.data || {};
        if (data.ok === true && data.result && data.result.ready === true && marks.ready === null) {
          marks.ready = at;
          marks.started = data.result.started; // "snapshot" or "usual" (the baseline page says nothing)
        }
        const sent = data.id !== undefined ? marks.sent[data.id] : undefined;
        if (sent) {
          marks.trips.push({ op: sent.op, ms: at - sent.at });
          delete marks.sent[data.id];
        }
      });
    }
    postMessage(message, ...rest) {
      if (message && message.id !== undefined) {
        const op = (message.request && message.request.op) || message.type;
        marks.sent[message.id] = { op, at: now() };
      }
      return super.postMessage(message, ...rest);
    }
  };
})();
"""

# Whether the worker keeps the engine's memory snapshot for this profile's next start (web/snapshot.js).
SNAPSHOT_KEPT_JS = """async () => {
  for (const name of await caches.keys()) {
    if (!name.startsWith("plangen-engine:")) continue;
    const cache = await caches.open(name);
    if ((await cache.keys()).some((request) => request.url.endsWith(".snapshot"))) return true;
  }
  return false;
}"""

# Resolves once the site's service worker is active, which is once its install
# has precached every file; rejects after the limit rather than hang.
SERVICE_WORKER_ACTIVE_JS = """(limit) => Promise.race([
  navigator.serviceWorker.ready.then(() => true),
  new Promise((_, reject) => setTimeout(() => reject(new Error("no active service worker")), limit)),
])"""

# The answers tests/test_quiz_browser.py gives (one realistic path through
# the quiz); any question they do not fit gets a generic valid answer.
ANSWERS = [
    ("radio", "I was laid off or let go recently"),
    ("radio", "A step up from what I do now"),
    ("text", "data <b>analyst</b>"),
    ("text", ""),
    ("radio", "3 to 10 years"),
    ("radio", "3 to 6 months"),
    ("check", "Job boards and one-click applications"),
    ("check", "I apply and hear nothing back"),
    ("number", "6"),
    ("radio", "One to three months"),
    ("number", "2"),
    ("radio", "Online, in forums, chats or video calls"),
    ("radio", "Now and then"),
]
VISITS = ("cold", "repeat", "third")
VISIT_LABELS = {"cold": "cold", "repeat": "repeat (2nd load)", "third": "3rd load"}
_INPUT_KIND = {"radio": "radio", "checkbox": "check", "number": "number", "text": "text"}


class Chromium:
    """One Playwright session: a shared headless browser for throwaway
    contexts, and fresh on-disk profiles for cold/repeat visits.

    Playwright's ``new_context()`` keeps its HTTP cache in memory, and that
    cache does not keep the 9.6 MB ``pyodide.asm.wasm``, so a second visit in
    such a context downloads it again. A real reader has a disk cache, so
    cold/repeat visits use a persistent context on a new, empty profile.
    """

    def __init__(self, playwright, browser):
        self.playwright = playwright
        self.browser = browser

    @property
    def version(self) -> str:
        return self.browser.version

    def context(self, service_workers: str = "allow"):
        """A fresh in-memory context (empty cache and storage) with the timing script."""
        return _instrument(self.browser.new_context(service_workers=service_workers))

    @contextmanager
    def profile(self, service_workers: str = "block") -> Iterator[object]:
        """A persistent context on a new, empty profile folder (a first-time reader with a disk cache).

        Service workers are blocked unless asked for, so the visits measure
        the HTTP cache; ``offline_visits`` measures the site's service worker.
        """
        with tempfile.TemporaryDirectory(prefix="plangen-bench-profile-") as folder:
            context = self.playwright.chromium.launch_persistent_context(
                folder, executable_path=CHROMIUM, args=CHROMIUM_ARGS, service_workers=service_workers)
            try:
                yield _instrument(context)
            finally:
                context.close()


def _instrument(context):
    """Install the timing script and keep the context's console errors (for timeout messages)."""
    errors: list[str] = []
    context.on("console", lambda message: errors.append(message.text[:300]) if message.type == "error" else None)
    context.on("weberror", lambda error: errors.append(str(error.error)[:300]))
    context.bench_errors = errors
    context.add_init_script(script=INIT_SCRIPT)
    context.set_default_timeout(60_000)
    return context


@contextmanager
def chromium() -> Iterator[Chromium]:
    """Start Playwright and a headless Chromium; close both afterwards."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium not found at {CHROMIUM} (set PLANGEN_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield Chromium(playwright, browser)
        finally:
            browser.close()


def marks(page) -> dict:
    return page.evaluate("() => window.__bench || null") or {}


def wait_mark(page, name: str, timeout_s: float = READY_TIMEOUT_S) -> float:
    """Poll until the init script has recorded ``name``; return its time (ms)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        got = marks(page)
        if got.get(name) is not None:
            return float(got[name])
        if got.get("workerError"):
            raise RuntimeError(f"worker error on {page.url}: {got['workerError']}")
        time.sleep(POLL_S)
    errors = getattr(page.context, "bench_errors", [])
    raise TimeoutError(f"page never recorded '{name}' within {timeout_s:.0f} s ({page.url})"
                       + (f"; console errors: {' | '.join(errors[-3:])}" if errors else ""))


def wait_snapshot_kept(page, timeout_s: float = READY_TIMEOUT_S) -> None:
    """Poll until the worker has kept the engine's snapshot for the next start."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(SNAPSHOT_KEPT_JS):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the engine's snapshot was not kept within {timeout_s:.0f} s ({page.url})")
        time.sleep(POLL_S)


def load_and_time(page, url: str, need_question: bool = True, need_ready: bool = True) -> dict[str, float]:
    """Navigate to ``url`` and return the recorded question/ready times (ms since navigation start)."""
    page.goto(url, wait_until="commit")
    found: dict[str, float] = {}
    if need_question:
        found["question"] = wait_mark(page, "question", 30)
        found["question_frame"] = wait_mark(page, "questionFrame", 30)
    if need_ready:
        found["ready"] = wait_mark(page, "ready")
        found["worker_created"] = float(marks(page)["workerStart"])
    return found


class BrowserSuite:
    """Collects the browser metrics over several interleaved runs."""

    def __init__(self, base_url: str, baseline_page: str | None, want: set[str], take_log=None,
                 server: str = "", saved_state: str | None = None):
        self.base_url = base_url
        self.baseline_page = baseline_page
        self.want = want
        self.take_log = take_log  # returns and clears the server's (path, status) log, if given
        # "" for the project's server; "plain" for one that sends no precompressed copies:
        # every metric key then ends in "_plain" and every label says so.
        self.server = server
        self.saved_state = saved_state  # a plan made once, as the quiz saved it (for the journeys)
        self.metrics: dict[str, Metric] = {}
        self.statuses: dict[str, list[dict[str, int]]] = {}  # visit -> HTTP status counts per run

    def _statuses(self, visit: str) -> None:
        if self.take_log is None:
            return
        counts: dict[str, int] = {}
        for _, status in self.take_log():
            counts[str(status)] = counts.get(str(status), 0) + 1
        self.statuses.setdefault(visit, []).append(counts)

    def metric(self, key: str, label: str, unit: str = "ms", note: str = "") -> Metric:
        if self.server:
            key, label = f"{key}_{self.server}", f"{label}, {self.server} server"
        if key not in self.metrics:
            self.metrics[key] = Metric(label, unit, note=note)
        return self.metrics[key]

    def visits(self, chrome: Chromium, url_path: str, name: str, quiz: bool) -> None:
        """Cold visit, repeat visit (second load) and a third load, on one new profile."""
        with chrome.profile() as context:
            page = context.pages[0] if context.pages else context.new_page()
            for visit in VISITS:
                if self.take_log:
                    self.take_log()
                times = load_and_time(page, self.base_url + url_path, need_question=quiz)
                self._statuses(f"{name} {visit}")
                label = VISIT_LABELS[visit]
                if quiz and "first_question" in self.want:
                    self.metric(f"first_question_{visit}", f"first question, {label}").add(times["question"])
                    self.metric(f"first_question_frame_{visit}", f"first question + next frame, {label}").add(
                        times["question_frame"])
                if quiz and "worker_ready" in self.want:
                    how = ", from the snapshot" if visit == "third" else ""
                    self.metric(f"worker_ready_{visit}", f"worker ready, {label}{how}").add(times["ready"])
                    if visit == "third" and marks(page).get("started") != "snapshot":
                        raise RuntimeError(f"the 3rd load started {marks(page).get('started')}, not from the snapshot")
                    self.metric(f"worker_created_{visit}", f"worker created, {label}").add(times["worker_created"])
                if not quiz:
                    self.metric(f"baseline_ready_{visit}", f"baseline loadPyodide() ready, {label}").add(times["ready"])
                if quiz and visit == "repeat":  # a returning reader's worker keeps the snapshot meanwhile
                    wait_snapshot_kept(page)
                time.sleep(0.5)  # let the last cache writes of this load settle

    def offline_visits(self, chrome: Chromium) -> None:
        """The quiz's repeat visit once the service worker has precached the
        site, on a new profile; ``visits`` times the same visit without it."""
        with chrome.profile(service_workers="allow") as context:
            page = context.pages[0] if context.pages else context.new_page()
            load_and_time(page, self.base_url + "quiz/", need_question=False)
            page.evaluate(SERVICE_WORKER_ACTIVE_JS, READY_TIMEOUT_S * 1000)
            if self.take_log:
                self.take_log()
            times = load_and_time(page, self.base_url + "quiz/", need_question=False)
            self.metric("worker_ready_repeat_sw", "worker ready, repeat, service worker").add(times["ready"])
            self._statuses("quiz repeat, service worker")

    def _offline_ratio(self) -> None:
        ours, without = self.metrics.get("worker_ready_repeat_sw"), self.metrics.get("worker_ready_repeat")
        if ours and without:
            self.metrics["sw_vs_http_cache_repeat"] = ratio_metric(
                "worker ready, repeat: service worker / HTTP cache", ours, without, note="paired by run")

    def plan_round_trip(self, chrome: Chromium) -> None:
        """Answer every question, then time "See my plan" -> plan on screen, and a download clicked at once."""
        context = chrome.context()
        try:
            page = context.new_page()
            page.goto(self.base_url + "quiz/", wait_until="commit")
            drive_to_last_question(page)
            wait_mark(page, "ready")
            time.sleep(0.3)
            page.locator(SUBMIT).click()
            wait_mark(page, "plan", 60)
            from .journeys import saved_state  # journeys builds on this module

            self.saved_state = saved_state(page)
            # As soon as the plan is there, the files may still be on their way: the worst moment to click.
            with page.expect_download():
                page.get_by_role("button", name="Download plan (Markdown)").click()
            wait_mark(page, "downloadSaved", 30)
            got = marks(page)
            self.metric("plan_after_last_answer", "plan on screen after last answer").add(got["plan"] - got["click"])
            self.metric("download_click", "download clicked as the plan appears -> file saved").add(
                got["downloadSaved"] - got["downloadClick"])
            for op, key in (("plan", "plan_worker_round_trip"), ("downloads", "downloads_worker_round_trip")):
                raw = [trip["ms"] for trip in got.get("trips", []) if trip["op"] == op]
                if raw:
                    self.metric(key, f"worker round trip, op {op}").add(raw[-1])
        finally:
            context.close()

    def share_link(self, chrome: Chromium) -> None:
        """A share link opened cold (new profile) and warm (same profile, its answers cleared)."""
        from .journeys import open_share_link, share_fragment

        fragment = share_fragment(self.saved_state)
        with chrome.profile() as context:
            page = context.pages[0] if context.pages else context.new_page()
            self.metric("share_link_cold", "share link -> plan on screen, cold").add(
                open_share_link(page, self.base_url, fragment))
            self.metric("share_link_warm", "share link -> plan on screen, warm").add(
                open_share_link(page, self.base_url, fragment))

    def change_saved(self, chrome: Chromium) -> None:
        """The plan page reopened, one answer changed and saved at once: cold, then warm; then with the
        engine ready before the click."""
        from .journeys import reopen_and_save

        with chrome.profile() as context:
            page = context.pages[0] if context.pages else context.new_page()
            for visit, state in (("cold", self.saved_state), ("warm", None), ("ready", None)):
                click, since_start = reopen_and_save(page, self.base_url, state, engine_ready=visit == "ready")
                self.metric(f"change_saved_{visit}", f"plan reopened, Change saved -> updated plan, {visit}").add(click)
                self.metric(f"change_saved_{visit}_nav", f"plan reopened -> updated plan since navigation, {visit}").add(
                    since_start)

    def next_latencies(self, chrome: Chromium) -> None:
        """Time Next -> next question on screen: the first one before the worker is ready, then every
        one once it is (a question behind a show_if asks the engine; the others do not wait)."""
        context = chrome.context()
        try:
            page = context.new_page()
            page.goto(self.base_url + "quiz/", wait_until="commit")
            wait_mark(page, "question", 30)
            answer_current(page, ANSWERS[0])
            page.locator(SUBMIT).click()
            wait_shown(page, 2)
            got = marks(page)
            first = got["shownAt"][1] - got["clicks"][0]
            ready_before = got["ready"] is not None and got["ready"] <= got["clicks"][0]
            self.metric("next_first_before_ready", "first Next, worker not ready yet",
                        note="the worker was ready first in some runs" if ready_before else "").add(first)
            wait_mark(page, "ready")
            time.sleep(0.3)
            drive_to_last_question(page, first_step=1)
            got = marks(page)
            # Question k+1 answers click k (the last question's "See my plan" is not clicked here).
            later = [got["shownAt"][k + 1] - got["clicks"][k] for k in range(1, len(got["clicks"]))]
            if later:
                self.metric("next_when_ready_median", "Next when ready, median of the quiz").add(
                    sorted(later)[len(later) // 2])
                self.metric("next_when_ready_slowest", "Next when ready, slowest of the quiz").add(max(later))
        finally:
            context.close()

    def run(self, chrome: Chromium, runs: int, progress) -> dict[str, Metric]:
        for index in range(runs):
            steps = []
            if {"first_question", "worker_ready"} & self.want:
                steps.append(lambda: self.visits(chrome, "quiz/", "quiz", quiz=True))
            if "worker_ready" in self.want and self.baseline_page:
                steps.append(lambda: self.visits(chrome, self.baseline_page, "baseline", quiz=False))
            if "worker_ready" in self.want and not self.server:  # the service worker serves the same either way
                steps.append(lambda: self.offline_visits(chrome))
            if index % 2:
                steps.reverse()  # alternate the order so drift hits both sides alike
            if "plan" in self.want or ("journeys" in self.want and self.saved_state is None):
                steps.append(lambda: self.plan_round_trip(chrome))
            if "journeys" in self.want:
                steps.append(lambda: self.share_link(chrome))
                steps.append(lambda: self.change_saved(chrome))
            if "next" in self.want:
                steps.append(lambda: self.next_latencies(chrome))
            for step in steps:
                step()
            progress(f"browser run {index + 1}/{runs}")
        self._offline_ratio()
        return self.metrics


def _answer(page, kind: str, value: str) -> None:
    if kind in ("radio", "check"):
        page.locator("#plangen").get_by_label(value, exact=True).check()
    elif kind == "text":
        page.locator("#plangen").get_by_label("Your answer").fill(value)
    else:
        page.locator("#plangen form input[type=number]").fill(value)


def answer_current(page, planned: tuple[str, str] | None) -> None:
    """Answer the question on screen: the planned answer if it fits, else a generic valid one."""
    first = page.locator("#plangen form input").first
    kind = _INPUT_KIND.get(first.get_attribute("type") or "text", "text")
    if planned and planned[0] == kind:
        if kind not in ("radio", "check") or page.locator("#plangen").get_by_label(planned[1], exact=True).count() == 1:
            _answer(page, *planned)
            return
    if kind in ("radio", "check"):
        first.check()
    elif kind == "number":
        first.fill(first.get_attribute("min") or "1")
    else:
        first.fill("data analyst")


def wait_shown(page, count: int) -> None:
    """Poll until ``count`` questions have been shown."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while marks(page)["shown"] < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"question {count} never came on screen")
        time.sleep(POLL_S)


def drive_to_last_question(page, limit: int = 200, first_step: int = 0) -> int:
    """Answer questions until the button says "See my plan" (the question on screen being
    ``first_step``, counted from 0); return how many were shown."""
    wait_mark(page, "question", 30)
    for step in range(first_step, limit):
        shown = marks(page)["shown"]
        answer_current(page, ANSWERS[step] if step < len(ANSWERS) else None)
        button = page.locator(SUBMIT)
        if step > 0 and button.text_content() == "See my plan":
            return step + 1
        button.click()
        deadline = time.monotonic() + READY_TIMEOUT_S
        while marks(page)["shown"] == shown:
            if marks(page).get("plan") is not None:
                raise RuntimeError("the plan appeared before 'See my plan' was seen")
            error = page.locator("#plangen .plangen-error").text_content()
            if error:
                raise RuntimeError(f"quiz refused an answer: {error}")
            if time.monotonic() > deadline:
                raise TimeoutError("the quiz did not move to the next question")
            time.sleep(POLL_S)
    raise RuntimeError(f"no 'See my plan' button after {limit} questions")
