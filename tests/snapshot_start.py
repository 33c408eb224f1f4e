"""``PLANGEN_TEST_ENGINE_START=snapshot``: every browser test's engine starts
from the site's memory snapshot, as a returning reader's does.

Before a page's first visit to an origin, its context's cache gets the
snapshot the site names and the note that the engine has started here, which
is what a reader's worker keeps after two visits (web/snapshot.js). Tests run
this way once in a while (the README says how); CI runs the usual start,
and tests/test_engine_snapshot.py and the parity test cover both paths.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

ENABLED = os.environ.get("PLANGEN_TEST_ENGINE_START", "usual") == "snapshot"
ASSETS = "/assets/plangen/"

SEED_JS = """async (assets) => {
  const manifestURL = new URL(assets + "engine-snapshot.json", location.href);
  const response = await fetch(manifestURL, { cache: "no-cache" });
  if (!response.ok) return false;
  const manifest = await response.json();
  const cache = await caches.open(`plangen-engine:${manifestURL.pathname}`);
  const file = new URL(manifest.file, manifestURL).href;
  await cache.put(file, await fetch(file));
  await cache.put(new URL("engine-started-here", manifestURL).href, new Response("1"));
  return true;
}"""


def _seeding(page, seeded: set[str]):
    plain_goto = page.goto

    def goto(url: str, **options):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme.startswith("http") and origin not in seeded:
            seeded.add(origin)
            plain_goto(origin + ASSETS + "engine-snapshot.json")
            page.evaluate(SEED_JS, ASSETS)
        return plain_goto(url, **options)

    page.goto = goto
    return page


def seeding_page(page):
    """``page`` (with a context of its own), seeding the snapshot before its first visit to an origin."""
    return _seeding(page, set()) if ENABLED else page


def seeding_context(context):
    """``context`` whose new pages seed the snapshot before their first visit to an origin."""
    if not ENABLED:
        return context
    seeded: set[str] = set()
    plain_new_page = context.new_page
    context.new_page = lambda **options: _seeding(plain_new_page(**options), seeded)
    return context
