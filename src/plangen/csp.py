"""The Content-Security-Policy a host should send with the built site.

mkdocs-material writes a few small inline scripts into every page; rather
than allowing inline script in general, the policy lists the sha256 hash of
each one found after the build. The policy and the other security headers go
into ``_headers`` (the format several static hosts read), which the local
server used by tests and benchmarks serves as well.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:(?!\bsrc=)[^>])*)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?(?!(?:text|application)/javascript|module)[\w/+.-]+""", re.I)

BASE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],  # Pyodide compiles WebAssembly
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # the theme's icons are inline SVG data URLs
    "font-src": ["'self'"],
    "connect-src": ["'self'"],  # the worker fetches the runtime, wheels and bundle
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
            digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
            found.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(found)


def policy(script_hashes: list[str]) -> str:
    """The policy text with the given inline-script hashes allowed."""
    directives = {**BASE_POLICY, "script-src": [*BASE_POLICY["script-src"], *script_hashes]}
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def security_headers(site_dir: Path) -> dict[str, str]:
    """Every header the site should be served with."""
    return {"Content-Security-Policy": policy(inline_script_hashes(site_dir)), **OTHER_HEADERS}


def write_headers_file(site_dir: Path) -> Path:
    """Write ``_headers`` applying the security headers to every path."""
    lines = ["/*"] + [f"  {name}: {value}" for name, value in security_headers(site_dir).items()]
    path = site_dir / "_headers"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_headers_file(site_dir: Path) -> dict[str, str]:
    """The headers ``_headers`` sets for ``/*`` (the only rule plangen writes)."""
    path = site_dir / "_headers"
    headers: dict[str, str] = {}
    if not path.is_file():
        return headers
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace():
            current = line.strip()
        elif current == "/*" and ":" in line:
            name, value = line.strip().split(":", 1)
            headers[name.strip()] = value.strip()
    return headers
