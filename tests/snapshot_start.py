"""``PLANGEN_TEST_ENGINE_START=snapshot``: every browser test's engine starts
from the site's memory snapshot, as a returning reader's does.

Before a page's first visit to an origin, its context's cache gets the
snapshot the site names and the note that the engine has started here, which
is what a reader's worker keeps after two visits (web/snapshot.js). Tests run
this way once in a while (the README says how); CI runs the usual start,
and tests/test_engine_snapshot.py and the parity test cover both paths.

A test marked ``usual_start`` breaks or counts what only the usual start
fetches (the engine zip, the bundle it reads, every request a page makes):
it runs with nothing seeded, so it still tests what it is about.
"""

from __future__ import annotations

import json
import os
import urllib.request
from urllib.parse import urlsplit

ENABLED = os.environ.get("PLANGEN_TEST_ENGINE_START", "usual") == "snapshot"
paused = False  # during a test marked usual_start (conftest sets it)
ASSETS = "/assets/plangen/"

# What the quiz page notes in localStorage on its first engine start here (web/enginestart.js):
# later starts look for a kept snapshot.
STARTED_NOTE = f"plangen-engine-started:{ASSETS}"

SEED_JS = """async ([manifestPath, file, startedNote]) => {
  const manifestURL = new URL(manifestPath, location.href);
  const cache = await caches.open(`plangen-engine:${manifestURL.pathname}`);
  const url = new URL(file, manifestURL).href;
  await cache.put(url, await fetch(url));
  await cache.put(new URL("engine-started-here", manifestURL).href, new Response("1"));
  localStorage.setItem(startedNote, "1");
}"""
# A blank page of the origin to seed from, so the test's own page sees none of it (no favicon either).
BLANK = "<!doctype html><title>seed</title><link rel=icon href='data:,'>"


def _manifest(origin: str) -> tuple[dict, dict[str, str]] | None:
    """The site's snapshot manifest, and the headers every page of the site gets (its policy)."""
    try:
        with urllib.request.urlopen(origin + ASSETS + "engine-snapshot.json", timeout=30) as response:
            policy = {name: value for name, value in response.headers.items()
                      if name.lower().startswith("content-security")}
            return json.loads(response.read()), policy
    except (OSError, ValueError):
        return None  # no snapshot here (another site layout, or none built): nothing to seed


def _seed(seeder, origin: str) -> None:
    found = _manifest(origin)
    if found is None:
        return
    manifest, policy = found
    # Served as the site serves its pages, so a test that checks every response's policy sees it here too.
    seeder.route(origin + "/plangen-test-seed", lambda route: route.fulfill(body=BLANK, content_type="text/html",
                                                                            headers=policy))
    seeder.goto(origin + "/plangen-test-seed")
    seeder.evaluate(SEED_JS, [ASSETS + "engine-snapshot.json", manifest["file"], STARTED_NOTE])


def _seeding(page, seeded: set[str], new_page):
    """``page`` whose ``goto`` seeds first; from a page of its own (``new_page``) when the context allows."""
    plain_goto = page.goto

    def goto(url: str, **options):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme in ("http", "https") and origin not in seeded and not paused:
            seeded.add(origin)
            if new_page is None:
                _seed(page, origin)
            else:
                seeder = new_page()
                try:
                    _seed(seeder, origin)
                finally:
                    seeder.close()
        return plain_goto(url, **options)

    page.goto = goto
    return page


def seeded_context(context):
    """``context`` whose new pages seed the snapshot before their first visit to an origin, in any mode."""
    seeded: set[str] = set()
    plain_new_page = context.new_page
    context.new_page = lambda **options: _seeding(plain_new_page(**options), seeded, plain_new_page)
    return context


def seeding_page(page):
    """``page`` (with a context of its own), seeding the snapshot before its first visit to an origin."""
    return _seeding(page, set(), None) if ENABLED else page


def seeding_context(context):
    """``context`` whose new pages seed the snapshot before their first visit to an origin."""
    return seeded_context(context) if ENABLED else context
