"""The service worker's registration on every page of an offline site.

Every page but ``404.html`` names the worker and loads the module that
registers it. A generator that hands plangen each page as it writes it (the
MkDocs plugin, in ``on_post_page``) gets the registration added there, and
the after phase then only reads the pages it was not given: reading and
writing every page again cost a warm build some 20-30 ms. Adding it is
idempotent, so a page that carries it already is left as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from plangen.site.serviceworker import page_url, registration_tags, with_registration
from plangen.site.urls import relative_url

NOT_REGISTERED = ("404.html",)  # served for any path, so relative links in it would point anywhere


def wants_registration(path: str) -> bool:
    """Whether the page at ``path`` (from the site root) gets the registration."""
    return path.endswith(".html") and path not in NOT_REGISTERED


def registered(html: str, path: str, assets_dir: str) -> str:
    """``html``, the page at ``path`` (from the site root), with the registration, once."""
    url = page_url(path)
    assets_href = relative_url(assets_dir.strip("/") + "/", url).rstrip("/") + "/"
    site_href = relative_url(".", url).rstrip("/") + "/"
    if registration_tags(assets_href, site_href) in html:
        return html
    return with_registration(html, assets_href, site_href)


def register_on_every_page(site_dir: Path, assets_dir: str, written: Mapping[str, int] | None = None) -> int:
    """Add the registration to every page that lacks it; return how many were changed.

    ``written``: pages (by path from the site root) that got it as they were
    written, with the size written; one whose size is still that is not read.
    """
    written = written or {}
    count = 0
    for page in sorted(site_dir.rglob("*.html")):
        path = page.relative_to(site_dir).as_posix()
        if not wants_registration(path) or written.get(path, -1) == page.stat().st_size:
            continue
        html = page.read_text(encoding="utf-8")
        changed = registered(html, path, assets_dir)
        if changed != html:
            page.write_text(changed, encoding="utf-8")
            count += 1
    return count
