"""Bytes each page type transfers: raw and gzip -9, from the files it requested.

Requests come from two sources, merged: Playwright's ``requestfinished``
(the page's own requests) and the server's log (which also sees the quiz
worker's requests, which Chromium does not report to Playwright).
"""

from __future__ import annotations

import gzip
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .browser_metrics import Chromium, wait_mark
from .site import ASSETS

RUNTIME_PREFIX = f"{ASSETS}/pyodide/"


@dataclass
class PageBytes:
    """What one page load requested, summed."""

    files: dict[str, tuple[int, int]] = field(default_factory=dict)  # site path -> (raw, gzip)
    missing: list[str] = field(default_factory=list)

    def total(self, runtime: bool | None = None) -> tuple[int, int, int]:
        """(raw, gzip, count); ``runtime`` True/False keeps only/excludes the Pyodide folder."""
        chosen = [size for path, size in self.files.items()
                  if runtime is None or path.startswith(RUNTIME_PREFIX) == runtime]
        return sum(s[0] for s in chosen), sum(s[1] for s in chosen), len(chosen)


class SizeCache:
    """Raw and gzip -9 size of site files (the wasm takes a while, so once each)."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self.known: dict[str, tuple[int, int]] = {}

    def file_for(self, url_path: str) -> str | None:
        path = unquote(url_path).lstrip("/")
        if path == "" or path.endswith("/"):
            path += "index.html"
        if (self.site_dir / path).is_dir():
            path += "/index.html"
        return path if (self.site_dir / path).is_file() else None

    def size(self, path: str) -> tuple[int, int]:
        if path not in self.known:
            data = (self.site_dir / path).read_bytes()
            self.known[path] = (len(data), len(gzip.compress(data, compresslevel=9)))
        return self.known[path]


def pick_pages(site_dir: Path) -> dict[str, str]:
    """Page type -> URL path: home, a blog post, a guide, the quiz."""
    posts = sorted(p.parent.relative_to(site_dir).as_posix() for p in site_dir.glob("blog/[0-9]*/**/index.html"))
    guides = sorted(p.parent.relative_to(site_dir).as_posix() for p in site_dir.glob("guides/*/index.html"))
    pages = {"home": ""}
    if posts:
        pages["post"] = posts[0] + "/"
    if guides:
        pages["guide"] = guides[0] + "/"
    pages["quiz"] = "quiz/"
    return pages


def measure_page(chrome: Chromium, server, cache: SizeCache, url_path: str, wait_ready: bool) -> PageBytes:
    """Load one page in a fresh context and sum the files it requested."""
    context = chrome.context()
    seen: set[str] = set()
    try:
        page = context.new_page()
        page.on("requestfinished", lambda request: seen.add(urlsplit(request.url).path))
        server.take_log()
        page.goto(server.url + url_path, wait_until="networkidle")
        if wait_ready:
            wait_mark(page, "ready")
        time.sleep(0.5)
    finally:
        context.close()
    seen.update(urlsplit(path).path for path, status in server.take_log() if status == 200)
    result = PageBytes()
    for url in sorted(seen):
        path = cache.file_for(url)
        if path is None:
            result.missing.append(url)
        else:
            result.files[path] = cache.size(path)
    return result


def measure_sizes(chrome: Chromium, server, site_dir: Path) -> dict[str, dict]:
    """Bytes for every page type, plus the quiz split into page and runtime."""
    cache = SizeCache(site_dir)
    report: dict[str, dict] = {}
    for kind, url_path in pick_pages(site_dir).items():
        loaded = measure_page(chrome, server, cache, url_path, wait_ready=kind == "quiz")
        rows = {kind: loaded.total()}
        if kind == "quiz":
            rows = {"quiz (page + runtime)": loaded.total(), "quiz page without runtime": loaded.total(runtime=False),
                    "runtime (pyodide/ folder)": loaded.total(runtime=True)}
        for name, (raw, packed, count) in rows.items():
            report[name] = {"url": "/" + url_path, "raw": raw, "gzip": packed, "files": count}
        report[next(iter(rows))]["requested"] = {path: {"raw": r, "gzip": g} for path, (r, g) in loaded.files.items()}
        if loaded.missing:
            report[next(iter(rows))]["not_in_site"] = loaded.missing
    return report
