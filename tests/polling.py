"""Waiting for a settled state in tests: poll, never sleep-and-hope."""

from __future__ import annotations

import time


def until(condition, seconds: float, what: str):
    """Poll ``condition`` until it returns something true, and return that; fail after ``seconds`` saying ``what``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"no {what} within {seconds} s")
