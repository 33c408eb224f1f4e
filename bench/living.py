"""My plan as a returning reader uses it, timed in a real Chromium:

- **check-in → updated plan**: My plan opens on a saved plan whose week has
  begun, the check-in is saved at once (cold: a new profile, so the engine
  downloads and starts after the click) or once the engine, started in the
  background when the page is idle, is ready (warm: the same profile's second
  visit); from the click to the notice of what changed;
- **calendar download, warm**: with the engine ready, the click on
  "Calendar (.ics)" to the file handed over.

The saved plan is made by the engine in CPython from the built site's bundle,
the way the quiz page saves one.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from .browser_metrics import Chromium, wait_mark
from .stats import Metric

STATE_KEY = "plangen:state"  # web/store.js
ANSWERS = {
    "situation": "laid-off", "goal": "same-role", "work_pattern": "full-time", "role": "data analyst",
    "experience": "mid", "search_length": "under-3-months", "channels": ["job-boards"],
    "blockers": ["no-callbacks"], "hours": 8, "runway": "3-6", "networking_comfort": 3,
    "community": "online", "ai_use": "sometimes",
}

# Clicks the check-in's save button and resolves with the ms until the notice is on screen.
CHECKIN_JS = """() => new Promise((resolve, reject) => {
  const button = document.querySelector(".plangen-checkin button[type=submit]");
  if (!button) { reject(new Error("no check-in on screen")); return; }
  const t0 = performance.now();
  const seen = () => {
    if (document.getElementById("plangen-notice")) { observer.disconnect(); resolve(performance.now() - t0); }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, { childList: true, subtree: true });
  setTimeout(() => { observer.disconnect(); reject(new Error("no notice within 90 s")); }, 90000);
  button.click();
})"""

# Clicks the calendar button and resolves with the ms until the page hands the file over (a Blob link clicked).
CALENDAR_JS = """() => new Promise((resolve, reject) => {
  const button = [...document.querySelectorAll(".plangen-downloads button")].find((b) => b.textContent.startsWith("Calendar"));
  const t0 = performance.now();
  // The page hands a file over by clicking a Blob link it made (dom.js download()).
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    if (this.hasAttribute("download")) resolve(performance.now() - t0);
    return click.call(this);
  };
  setTimeout(() => reject(new Error("no calendar within 30 s: "
    + (document.querySelector(".plangen-download-status")?.textContent ?? ""))), 30000);
  button.click();
})"""


def saved_state(site_dir: Path, base_url: str) -> str:
    """A saved plan one week old with its check-in due, as My plan finds it."""
    from plangen.engine import worker

    worker.load(next((site_dir / "assets/plangen").glob("content.*.json")).read_text())
    started = (datetime.date.today() - datetime.timedelta(days=7)).isoformat()
    progress = {"started": started, "week": 1}
    reply = json.loads(worker.handle(json.dumps({"op": "plan", "answers": ANSWERS, "link_base": base_url,
                                                 "progress": progress})))
    if not reply.get("ok"):
        raise RuntimeError(f"the engine refused the bench's answers: {reply}")
    plan = {"data": reply["plan"], "share": reply["share"], "answers": reply["answers"], "skipped": []}
    return json.dumps({"version": 1, "answers": reply["answers"], "position": "plan", "plan": plan,
                       "ticks": {}, "week": 1, "edit": None, "progress": progress})


def _open_my_plan(page, base_url: str, state: str) -> None:
    page.goto(base_url + "sitemap.xml")  # same origin, loads nothing My plan needs
    page.evaluate(f"(text) => localStorage.setItem({json.dumps(STATE_KEY)}, text)", state)
    page.goto(base_url + "my-plan/", wait_until="commit")
    page.locator(".plangen-checkin button[type=submit]").wait_for(timeout=30_000)


def measure_living(chrome: Chromium, base_url: str, site_dir: Path, runs: int, progress,
                   into: dict[str, Metric]) -> None:
    """Check-in to updated plan (cold, warm) and the calendar download (warm) on My plan, into ``into``
    (filled as measured, so a later failure keeps what came before)."""
    metrics = {
        "checkin_cold": Metric("check-in saved -> updated plan, cold (engine not started)", "ms"),
        "checkin_warm": Metric("check-in saved -> updated plan, warm (engine ready)", "ms"),
        "calendar_warm": Metric("calendar download, warm: click -> file", "ms"),
    }
    into.update(metrics)
    state = saved_state(site_dir, base_url)
    for index in range(runs):
        with chrome.profile() as context:
            page = context.pages[0] if context.pages else context.new_page()
            _open_my_plan(page, base_url, state)
            metrics["checkin_cold"].add(page.evaluate(CHECKIN_JS))
            _open_my_plan(page, base_url, state)
            wait_mark(page, "ready")  # the idle start has the engine ready
            metrics["checkin_warm"].add(page.evaluate(CHECKIN_JS))
            with page.expect_download():
                metrics["calendar_warm"].add(page.evaluate(CALENDAR_JS))
            page.evaluate("() => {}")  # the file handed over; nothing else to wait for
        progress(f"my plan run {index + 1}/{runs}")
