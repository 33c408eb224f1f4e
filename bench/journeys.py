"""Two ways readers meet the engine's start, timed in a real Chromium:

- a **share link** opened in a browser that has never seen the site (cold)
  or has it in its HTTP cache but holds no answers (warm): navigation start
  to the plan on screen;
- a **plan page reopened** and one answer changed: "Change", then "Save and
  update my plan" at once, before the engine is ready, as a returning reader
  does; the click to the updated plan on screen, cold (empty HTTP cache) and
  warm (second reopening); and once more with the page warm, the engine
  ready before the click (the living-plan issue's "within 1 s of saving").

Both need a plan made once in the same run (`plan_round_trip` keeps its saved
state): its share link, and the saved state a returning reader has.
"""

from __future__ import annotations

import json
import time

from .browser_metrics import READY_TIMEOUT_S, SUBMIT, marks, wait_mark

STATE_KEY = "plangen:state"  # web/store.js


def saved_state(page) -> str:
    """The quiz's saved state (answers, plan, ticks) as the page stored it."""
    text = page.evaluate(f"() => localStorage.getItem({json.dumps(STATE_KEY)})")
    if not text:
        raise RuntimeError("the quiz saved no state")
    return text


def share_fragment(state_text: str) -> str:
    """The ``answers=…`` fragment of the saved plan's share link."""
    return json.loads(state_text)["plan"]["share"]


def open_share_link(page, base_url: str, fragment: str) -> float:
    """Navigate to the quiz with a share link; ms from navigation start to the plan on screen."""
    # From another document, so the quiz loads anew even when it is the page open now (a
    # fragment alone would not reload it), and the link meets no saved answers.
    page.goto(base_url + "sitemap.xml")
    page.evaluate("() => localStorage.clear()")
    page.goto(f"{base_url}quiz/#{fragment}", wait_until="commit")
    return wait_mark(page, "plan")


def _put_state(page, base_url: str, state_text: str) -> None:
    # Any same-origin document gives access to the site's localStorage; the
    # sitemap loads nothing the quiz needs, so the HTTP cache stays as it was.
    page.goto(base_url + "sitemap.xml")
    page.evaluate(f"(text) => localStorage.setItem({json.dumps(STATE_KEY)}, text)", state_text)


def reopen_and_save(page, base_url: str, state_text: str | None, engine_ready: bool = False) -> tuple[float, float]:
    """Reopen the quiz on its saved plan (after saving ``state_text``, if
    given), click the first "Change" and at once "Save and update my plan"
    (with ``engine_ready``, once the engine has said it is ready).
    Returns (click -> updated plan on screen, navigation start -> updated plan), in ms."""
    if state_text is not None:
        _put_state(page, base_url, state_text)
    page.goto(base_url + "quiz/", wait_until="commit")
    wait_mark(page, "plan", 30)
    if engine_ready:
        wait_mark(page, "ready")
    page.locator("#plangen .plangen-change").first.click()
    button = page.locator(SUBMIT)
    button.wait_for()
    if button.text_content() != "Save and update my plan":
        raise RuntimeError(f"Change opened a form whose button says {button.text_content()!r}")
    button.click()
    deadline = time.monotonic() + READY_TIMEOUT_S
    while marks(page).get("notice") is None:
        error = page.locator("#plangen .plangen-error, #plangen .plangen-status button").first
        if error.count() and error.is_visible():
            raise RuntimeError(f"saving the change failed: {page.locator('#plangen').inner_text()[:300]}")
        if time.monotonic() > deadline:
            raise TimeoutError("the updated plan never came on screen")
        time.sleep(0.025)
    got = marks(page)
    return got["notice"] - got["clicks"][-1], got["notice"]
