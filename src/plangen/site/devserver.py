"""A small static file server for a built site (tests, benchmarks, previews).

Serves with the MIME types module workers and WebAssembly need, and with the
headers the build wrote to ``_headers`` (the Content-Security-Policy among
them), just as a static host that reads that file would.
"""

from __future__ import annotations

import functools
import threading
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from plangen.site.headers import headers_for, read_headers_file

MIME_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
}
class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    header_rules: list[tuple[str, dict[str, str]]] = []

    def end_headers(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        for name, value in headers_for(self.header_rules, path).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # keep test output quiet
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError):
            pass  # the browser went away mid-response (a closed tab, a test ending)


class SiteServer:
    """Serve ``root`` on 127.0.0.1 in a background thread (``with`` or start/stop)."""

    def __init__(self, root: Path, port: int = 0, header_rules: list | None = None):
        handler_class = type("Handler", (_Handler,), {
            "header_rules": read_headers_file(root) if header_rules is None else header_rules,
        })
        handler = functools.partial(handler_class, directory=str(root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def start(self) -> "SiteServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "SiteServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
