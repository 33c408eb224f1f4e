"""A small static file server for a built site (tests, benchmarks, previews).

Serves with the MIME types module workers and WebAssembly need, and with the
headers the build wrote to ``_headers`` (the Content-Security-Policy among
them), just as a static host that reads that file would. Like a host set up
to serve precompressed files, it sends ``x.br`` or ``x.gz`` in place of
``x`` when the request accepts that encoding (``compress`` wrote them).
"""

from __future__ import annotations

import functools
import threading
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from plangen.site.compress import ENCODINGS
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


def _weights(accept_encoding: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        token, *params = (part.strip() for part in item.split(";"))
        if not token:
            continue
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0  # a malformed weight accepts nothing
        weights[token.lower()] = weight
    return weights


def choose_encoding(accept_encoding: str, available: list[str]) -> str | None:
    """The content coding to send, from ``available`` (the server's order of
    preference), for a request's ``Accept-Encoding``; None: the file itself.

    A coding is acceptable when named with q > 0, or covered by ``*`` with
    q > 0; the highest q wins, ties go to the server's order. The file itself
    is sent when nothing offered is acceptable, or when the request names
    ``identity`` with a higher q than every coding offered.
    """
    weights = _weights(accept_encoding)
    star = weights.get("*", 0.0)
    best, best_weight = None, 0.0
    for coding in available:
        weight = weights.get(coding, star)
        if weight > best_weight:
            best, best_weight = coding, weight
    return best if best is not None and best_weight >= weights.get("identity", 0.0) else None


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    header_rules: list[tuple[str, dict[str, str]]] = []
    offered: tuple[str, ...] = tuple(ENCODINGS)  # codings this server sends, in its order of preference
    encoding: str | None = None  # the Content-Encoding of the file being sent
    varies = False  # the path has precompressed copies: the response depends on Accept-Encoding

    def send_head(self):
        self.encoding, self.varies = None, False
        return super().send_head()

    def translate_path(self, path: str) -> str:
        # The base class opens whatever this returns: a precompressed copy
        # when one fits the request (guess_type still names the original).
        local = Path(super().translate_path(path))
        if local.is_dir() and urllib.parse.urlsplit(path).path.endswith("/"):
            local = local / "index.html"
        if not local.is_file():
            return super().translate_path(path)  # directories and 404s as before
        available = [coding for coding in self.offered if local.with_name(local.name + ENCODINGS[coding]).is_file()]
        self.varies = bool(available)
        self.encoding = choose_encoding(self.headers.get("Accept-Encoding", ""), available)
        return str(local) + ENCODINGS[self.encoding] if self.encoding else str(local)

    def guess_type(self, path) -> str:
        if self.encoding and str(path).endswith(ENCODINGS[self.encoding]):
            path = str(path)[: -len(ENCODINGS[self.encoding])]
        return super().guess_type(path)

    def end_headers(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        for name, value in headers_for(self.header_rules, path).items():
            self.send_header(name, value)
        if self.encoding:
            self.send_header("Content-Encoding", self.encoding)
        if self.varies:
            self.send_header("Vary", "Accept-Encoding")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # keep test output quiet
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError):
            pass  # the browser went away mid-response (a closed tab, a test ending)


class SiteServer:
    """Serve ``root`` on 127.0.0.1 in a background thread (``with`` or start/stop).

    ``encodings`` limits the precompressed copies sent (``("gzip",)``, or
    ``()`` for none), as a host set up another way would.
    """

    def __init__(self, root: Path, port: int = 0, header_rules: list | None = None,
                 encodings: tuple[str, ...] = tuple(ENCODINGS)):
        handler_class = type("Handler", (_Handler,), {
            "header_rules": read_headers_file(root) if header_rules is None else header_rules,
            "offered": encodings,
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
