"""Build the real site into a temporary folder and serve it, logging requests.

Chromium does not report a dedicated worker's requests to Playwright (the
Pyodide runtime is fetched from the worker), so the server keeps its own log
of every path it served; `bench.sizes` reads both.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from plangen.site.devserver import SiteServer

ROOT = Path(__file__).resolve().parent.parent
ASSETS = "assets/plangen"


def mkdocs_build(config: Path, site_dir: Path, cwd: Path | None = None) -> float:
    """Run ``mkdocs build`` for ``config`` into ``site_dir``; return wall seconds."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config),
               "--site-dir", str(site_dir)]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd or config.parent)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed ({config}):\n{result.stderr[-3000:]}")
    return elapsed


def build_site(site_dir: Path) -> Path:
    """Build the repository's site into ``site_dir`` and return it."""
    mkdocs_build(ROOT / "mkdocs.yml", site_dir, cwd=ROOT)
    return site_dir


def bundle_path(site_dir: Path) -> Path:
    """The content bundle the build wrote."""
    found = sorted((site_dir / ASSETS).glob("content.*.json"))
    if len(found) != 1:
        raise RuntimeError(f"expected one content bundle in {site_dir / ASSETS}, found {len(found)}")
    return found[0]


BASELINE_PAGE = "bench-baseline.html"
BASELINE_SCRIPT = "bench-baseline.js"
BASELINE_WORKER = "bench-baseline-worker.js"

# No inline script: the site is served with a CSP that only allows hashed ones.
_BASELINE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pyodide baseline</title><link rel="icon" href="data:,"></head>
<body><p>Plain loadPyodide() in a module worker, default settings.</p>
<script type="module" src="{assets}/{script}"></script></body></html>
"""

_BASELINE_JS = """// Baseline page script: start the worker, as quiz.js does.
new Worker(new URL("./{worker}", import.meta.url), {{ type: "module" }});
"""

_BASELINE_WORKER_JS = """// Baseline: nothing but loadPyodide() from the same self-hosted files.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const indexURL = new URL("./pyodide/", import.meta.url).href;
await loadPyodide({ indexURL });
self.postMessage({ ok: true, result: { ready: true } }); // the readiness notice of web/protocol.js
"""


def write_baseline(site_dir: Path) -> str:
    """Write the baseline page, script and worker into the (temporary) built site; return the page path."""
    (site_dir / BASELINE_PAGE).write_text(_BASELINE_HTML.format(assets=ASSETS, script=BASELINE_SCRIPT))
    (site_dir / ASSETS / BASELINE_SCRIPT).write_text(_BASELINE_JS.format(worker=BASELINE_WORKER))
    (site_dir / ASSETS / BASELINE_WORKER).write_text(_BASELINE_WORKER_JS)
    return BASELINE_PAGE


@dataclass(frozen=True)
class Sent:
    """One response as it went on the wire: its body's bytes and Content-Encoding."""

    path: str
    status: int
    bytes: int
    encoding: str | None


class LoggingSiteServer(SiteServer):
    """`SiteServer` that also records each request's path and status, and
    what each response put on the wire (``take_sent``)."""

    def __init__(self, root: Path, port: int = 0, encodings: tuple[str, ...] | None = None):
        if encodings is None:
            super().__init__(root, port)
        else:
            super().__init__(root, port, encodings=encodings)
        self.log: list[tuple[str, int]] = []
        self.sent: list[Sent] = []
        self._lock = threading.Lock()
        handler = self.httpd.RequestHandlerClass
        base = handler.func if isinstance(handler, functools.partial) else handler
        keywords = handler.keywords if isinstance(handler, functools.partial) else {}
        server = self

        class Recording(base):  # type: ignore[misc, valid-type]
            def log_request(self, code: object = "-", size: object = "-") -> None:
                status = getattr(code, "value", code)
                self.status = int(status) if str(status).isdigit() else 0
                with server._lock:
                    server.log.append((self.path, self.status))

            def send_header(self, keyword: str, value: str) -> None:
                if keyword.lower() == "content-length" and getattr(self, "status", 0) == 200:
                    with server._lock:
                        server.sent.append(Sent(self.path, self.status, int(value), self.encoding))
                super().send_header(keyword, value)

        self.httpd.RequestHandlerClass = functools.partial(Recording, **keywords)

    def take_log(self) -> list[tuple[str, int]]:
        """Return and clear the requests logged so far."""
        with self._lock:
            taken, self.log = self.log, []
        return taken

    def take_sent(self) -> list[Sent]:
        """Return and clear the responses sent so far (200s with a body length)."""
        with self._lock:
            taken, self.sent = self.sent, []
        return taken
