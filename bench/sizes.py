"""Bytes each page type puts on the wire, as the project's server sent them.

Every page is loaded in a fresh context three times, through three servers
of the same built site: one that sends the precompressed Brotli copies (what
Chromium gets from a host set up as the README says: the figure budgets are
checked against), one that sends only the gzip copies, and one that sends
files as they are. The bytes are the response bodies the server logged
(``LoggingSiteServer.take_sent``), which include the quiz worker's requests
that Chromium does not report to Playwright.

Page rows block the site's service worker, so they count what the visit
itself needs. The "first visit with the offline copy" row lets it run and
waits until its precache is complete (the entry it writes last is there):
everything one first visit to the quiz puts on the wire.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .browser_metrics import Chromium, wait_mark
from .site import ASSETS, LoggingSiteServer

RUNTIME_PREFIX = f"{ASSETS}/pyodide/"
# The served copies compared, by the name of each column: Content-Encodings offered.
SERVED = {"br": ("br", "gzip"), "gzip": ("gzip",), "raw": ()}
# What the quiz's bytes are made of, by file (first match wins).
GROUPS = [
    ("wasm", lambda p: p.endswith(".wasm")),
    ("asm.js + loader", lambda p: p.startswith(RUNTIME_PREFIX) and p.endswith((".mjs", ".js"))),
    ("stdlib zip", lambda p: p.endswith("python_stdlib.zip")),
    ("lock", lambda p: p.endswith("pyodide-lock.json")),
    ("engine zip", lambda p: p.startswith(RUNTIME_PREFIX) and p.rsplit("/", 1)[-1].startswith("engine.")),
    ("content bundle", lambda p: p.startswith(f"{ASSETS}/content.")),
    ("search index", lambda p: p.endswith("search_index.json")),
    ("rest of the page", lambda p: True),
]


@dataclass
class PageBytes:
    """What one page load put on the wire, per file and per served copy."""

    files: dict[str, dict[str, int]] = field(default_factory=dict)  # site path -> {"br"|"gzip"|"raw": bytes}
    missing: list[str] = field(default_factory=list)

    def total(self, keep=lambda path: True) -> dict[str, int]:
        """Bytes per served copy, and the number of files, over the paths ``keep`` accepts."""
        chosen = [sizes for path, sizes in self.files.items() if keep(path)]
        totals = {name: sum(sizes.get(name, 0) for sizes in chosen) for name in SERVED}
        return {**totals, "files": len(chosen)}


def file_for(site_dir: Path, url_path: str) -> str | None:
    """The site file a URL path is served from, if any."""
    path = unquote(url_path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    if (site_dir / path).is_dir():
        path += "/index.html"
    return path if (site_dir / path).is_file() else None


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


# True once the service worker's cache holds the entry it writes after every file (web/sw/service-worker.js).
PRECACHE_COMPLETE = """async () => {
  const meta = document.querySelector('meta[name="plangen-service-worker"]');
  if (!meta) throw new Error("this page names no service worker");
  const scope = new URL("./", new URL(meta.content, location.href));
  return Boolean(await caches.match(new URL("plangen-precache-hashes", scope).href));
}"""
PRECACHE_TIMEOUT_S = 300


def _wait_precached(page) -> None:
    # Polled here: wait_for_function would take the predicate's pending promise as a truthy answer.
    deadline = time.monotonic() + PRECACHE_TIMEOUT_S
    while not page.evaluate(PRECACHE_COMPLETE):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the service worker's precache did not complete within {PRECACHE_TIMEOUT_S} s")
        time.sleep(0.2)


def _load(chrome: Chromium, server: LoggingSiteServer, url_path: str, wait_ready: bool,
          offline_copy: bool = False) -> dict[str, int]:
    """Load one page in a fresh context; URL path -> body bytes sent."""
    context = chrome.context(service_workers="allow" if offline_copy else "block")
    server.take_sent()
    try:
        page = context.new_page()
        page.goto(server.url + url_path, wait_until="networkidle")
        if wait_ready:
            wait_mark(page, "ready")
        if offline_copy:
            _wait_precached(page)
        time.sleep(0.5)  # let late requests (the search index, icons) land in the log
    finally:
        context.close()
    sent: dict[str, int] = {}
    for response in server.take_sent():
        path = urlsplit(response.path).path
        sent[path] = sent.get(path, 0) + response.bytes
    return sent


def measure_page(chrome: Chromium, servers: dict[str, LoggingSiteServer], site_dir: Path, url_path: str,
                 wait_ready: bool, offline_copy: bool = False) -> PageBytes:
    """Load one page through each server and collect the bytes per file."""
    result = PageBytes()
    for name, server in servers.items():
        for url, size in _load(chrome, server, url_path, wait_ready, offline_copy).items():
            path = file_for(site_dir, url)
            if path is None:
                if url not in result.missing:
                    result.missing.append(url)
                continue
            result.files.setdefault(path, {})[name] = size
    return result


def _row(url_path: str, totals: dict[str, int]) -> dict:
    return {"url": "/" + url_path, **totals}


def measure_sizes(chrome: Chromium, server: LoggingSiteServer, site_dir: Path) -> dict[str, dict]:
    """Bytes for every page type, plus the quiz split into page and runtime and by file group."""
    report: dict[str, dict] = {}
    with LoggingSiteServer(site_dir, encodings=SERVED["gzip"]) as gzip_server, \
            LoggingSiteServer(site_dir, encodings=SERVED["raw"]) as raw_server:
        servers = {"br": server, "gzip": gzip_server, "raw": raw_server}
        for kind, url_path in pick_pages(site_dir).items():
            loaded = measure_page(chrome, servers, site_dir, url_path, wait_ready=kind == "quiz")
            rows = {kind: loaded.total()}
            if kind == "quiz":
                rows = {"quiz (page + runtime)": loaded.total(),
                        "quiz page without runtime": loaded.total(lambda p: not p.startswith(RUNTIME_PREFIX)),
                        "runtime (pyodide/ folder)": loaded.total(lambda p: p.startswith(RUNTIME_PREFIX))}
                rows.update({f"quiz · {group}": loaded.total(lambda p, g=group: _group(p) == g)
                             for group, _ in GROUPS})
            for name, totals in rows.items():
                report[name] = _row(url_path, totals)
            _note_files(report[next(iter(rows))], loaded)
        url_path = pick_pages(site_dir)["quiz"]
        loaded = measure_page(chrome, servers, site_dir, url_path, wait_ready=True, offline_copy=True)
        report[OFFLINE_ROW] = _row(url_path, loaded.total())
        _note_files(report[OFFLINE_ROW], loaded)
    return report


OFFLINE_ROW = "quiz, first visit with the offline copy"


def _note_files(row: dict, loaded: PageBytes) -> None:
    row["requested"] = loaded.files
    if loaded.missing:
        row["not_in_site"] = loaded.missing


def _group(path: str) -> str:
    return next(name for name, matches in GROUPS if matches(path))
