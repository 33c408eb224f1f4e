"""The HTTP headers a host should send with the built site.

Security: mkdocs-material writes a few small inline scripts into every page;
rather than allowing inline script in general, the Content-Security-Policy
lists the sha256 hash of each one found after the build.

Caching: files whose names carry a version or hash (the engine zip, the content
bundle) never change and are cached for a year; the runtime for a day; pages
and the lock file are revalidated on every visit.

Everything goes into ``_headers`` (the format several static hosts read),
which the local server used by tests and benchmarks serves as well.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import re
from pathlib import Path

from plangen.site.serviceworker import SERVICE_WORKER
from plangen.site.snapshot import MANIFEST as SNAPSHOT_MANIFEST

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:(?!\bsrc=)[^>])*)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?(?!(?:text|application)/javascript|module)[\w/+.-]+""", re.I)

BASE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],  # Pyodide compiles WebAssembly
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # the theme's icons are inline SVG data URLs
    "font-src": ["'self'"],
    "connect-src": ["'self'"],  # the worker fetches the runtime, engine zip and bundle
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def inline_script_hashes(site_dir: Path) -> list[str]:
    """CSP source expressions for every executable inline script in the site."""
    found = set()
    for page in site_dir.rglob("*.html"):
        for match in _INLINE_SCRIPT.finditer(page.read_text(encoding="utf-8")):
            if _DATA_TYPE.search(match["attrs"]):
                continue  # JSON data blocks never run, so CSP ignores them
            found.add(sha256_source(match["body"]))
    return sorted(found)


def sha256_source(text: str) -> str:
    """The CSP source expression that allows exactly ``text`` inline."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode('utf-8')).digest()).decode()}'"


def policy(script_hashes: list[str], style_hashes: tuple[str, ...] = ()) -> str:
    """The policy text with the given inline-script (and inline-style) hashes allowed."""
    directives = {**BASE_POLICY, "script-src": [*BASE_POLICY["script-src"], *script_hashes],
                  "style-src": [*BASE_POLICY["style-src"], *style_hashes]}
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def security_headers(site_dir: Path, style_hashes: tuple[str, ...] = ()) -> dict[str, str]:
    """Every header the site should be served with; ``style_hashes`` allow
    the ``<style>`` elements a theme's script adds (see ``sha256_source``)."""
    return {"Content-Security-Policy": policy(inline_script_hashes(site_dir), style_hashes), **OTHER_HEADERS}


YEAR, DAY = "public, max-age=31536000, immutable", "public, max-age=86400"


def cache_rules(assets_dir: str) -> list[tuple[str, dict[str, str]]]:
    """Cache-Control per path pattern; later rules win where several match
    (``*`` matches across ``/`` as well)."""
    base = "/" + assets_dir.strip("/")
    return [
        ("/*", {"Cache-Control": "no-cache"}),
        ("/assets/*", {"Cache-Control": DAY}),
        (f"{base}/pyodide/*", {"Cache-Control": DAY}),
        (f"{base}/pyodide/engine.*.zip", {"Cache-Control": YEAR}),  # hashed names
        (f"{base}/*.json", {"Cache-Control": YEAR}),  # hashed names (also matches below)
        (f"{base}/pyodide/pyodide-lock.json", {"Cache-Control": "no-cache"}),
        (f"{base}/*.snapshot", {"Cache-Control": YEAR}),  # hashed names
        (f"{base}/{SNAPSHOT_MANIFEST}", {"Cache-Control": "no-cache"}),  # names this build's snapshot
        (f"{base}/*.js", {"Cache-Control": "no-cache"}),
        (f"{base}/*.css", {"Cache-Control": "no-cache"}),
        (f"/{SERVICE_WORKER}", {"Cache-Control": "no-cache"}),  # so a new build is seen at once
    ]


def write_headers_file(site_dir: Path, assets_dir: str = "assets/plangen", style_hashes: tuple[str, ...] = ()) -> Path:
    """Write ``_headers``: security headers for every path, then the cache rules."""
    rules = [("/*", security_headers(site_dir, style_hashes))]
    rules += cache_rules(assets_dir)
    lines = []
    for pattern, headers in rules:
        lines.append(pattern)
        lines += [f"  {name}: {value}" for name, value in headers.items()]
    path = site_dir / "_headers"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_headers_file(site_dir: Path) -> list[tuple[str, dict[str, str]]]:
    """The rules in ``_headers``: (path pattern, headers), in file order."""
    path = site_dir / "_headers"
    rules: list[tuple[str, dict[str, str]]] = []
    if not path.is_file():
        return rules
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace():
            rules.append((line.strip(), {}))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1][name.strip()] = value.strip()
    return rules


def headers_for(rules: list[tuple[str, dict[str, str]]], url_path: str) -> dict[str, str]:
    """The headers for one path: every matching rule applies, later ones win."""
    result: dict[str, str] = {}
    for pattern, headers in rules:
        if fnmatch.fnmatchcase(url_path, pattern):
            result.update(headers)
    return result
