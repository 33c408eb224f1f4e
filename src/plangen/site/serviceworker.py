"""The site's service worker: what it precaches, and the script itself.

After one visit a reader can read every page, take the quiz and download a
plan with the network gone. The precache list is made from the built
``site_dir``, so it holds what the pages really load and nothing else:

- every page (``*.html``; ``404.html`` aside, which no reader navigates to),
- what those pages load themselves: ``src`` attributes, stylesheets and
  icons, ``url(...)`` in those stylesheets, and what mkdocs-material's
  configuration block names (its search worker and index, the sitemap),
- plangen's own folder: its modules, CSS, the bundle and questions files,
  the runtime files the worker loads, the lock and the engine zip.

Each file is listed with a hash of its bytes, and the cache's name carries
a version made from all of them: a new build is a new cache, and files whose
hash did not change are copied from the old one instead of downloaded again.
The script is ``web/sw/service-worker.js`` with the list written in front of
it, at the site's root so its scope is the whole site, wherever it is served.
A site that turns offline use off serves ``web/sw/remove.js`` there instead,
which deletes what browsers kept.

What each page loads is remembered between builds by the page's bytes
(`PageLoads`), so a warm build parses only the pages that changed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from plangen.authoring.jsonfile import save_json
from plangen.site.runtime import RUNTIME_FILES

SERVICE_WORKER = "sw.js"  # at the site root: a service worker only controls URLs below its own folder
TEMPLATE = Path(__file__).parents[1] / "web" / "sw" / "service-worker.js"
REMOVAL = TEMPLATE.with_name("remove.js")  # when a site turns offline use off
REGISTER_MODULE = "offline.js"  # in the assets folder, next to the quiz's modules
META_NAME = "plangen-service-worker"

# Variants of a file that a server picks by Accept-Encoding; the browser
# asks for the plain name, and the worker caches what the server chose.
_ENCODED = (".br", ".gz")
_LOADED_LINKS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "manifest", "preload", "modulepreload"}
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
_HASH_CHARS = 16  # 64 bits: enough to tell two builds of one file apart
# The only parts of a page that can load anything by themselves: tags with a
# `src`, `<link>`s, and mkdocs-material's configuration block. Parsing just
# these is much faster than parsing every page whole (most of a page is text
# and inline icons), and gives the parser the same tags to judge.
_LOADING_PARTS = re.compile(
    r"""<script\b[^>]*\bid=["']?__config\b[^>]*>.*?</script\s*>"""
    r"""|<link\b[^>]*>|<[a-z][a-z0-9-]*\s[^>]*\bsrc\s*=[^>]*>""",
    re.I | re.S,
)


@dataclass(frozen=True)
class Entry:
    """One precached file: its URL relative to the site root (a page by its
    folder, ``guides/`` rather than ``guides/index.html``) and a hash of its bytes."""

    url: str
    sha256: str


class _Subresources(HTMLParser):
    """The URLs a page loads by itself, as written in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._config = False
        self.config_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "src" in values:
            self.urls.append(values["src"])
        if tag == "link" and _LOADED_LINKS & set(values.get("rel", "").lower().split()):
            self.urls.append(values.get("href", ""))
        # mkdocs-material names its search worker in a JSON block, not in an attribute.
        self._config = tag == "script" and values.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._config:
            self.config_text += data

    def handle_endtag(self, tag: str) -> None:
        self._config = False


def _local(site_dir: Path, base: str, url: str, is_file: Callable[[str], bool] | None = None) -> str | None:
    """``url`` written in the file at ``base`` as a path inside ``site_dir``,
    or None when it is another origin, a data URL, or no file of the site
    (``is_file``: how to ask that of a path, when the caller remembers answers)."""
    url = url.strip().split("#", 1)[0].split("?", 1)[0]
    if not url or re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.I):
        return None
    joined = url if url.startswith("/") else posixpath.join("/", posixpath.dirname(base), url)
    # As in a browser, ".." above the root stays at the root (the theme's blog writes such links).
    path = posixpath.normpath(joined).lstrip("/")
    return path if path and (is_file(path) if is_file else (site_dir / path).is_file()) else None


def _theme_files(config_text: str) -> list[str]:
    """What the theme's configuration block makes every page fetch:
    the search worker and its index, and the sitemap (relative to the page)."""
    try:
        config = json.loads(config_text) if config_text.strip() else {}
    except ValueError:
        return []
    if not isinstance(config, dict) or not isinstance(config.get("base"), str):
        return []
    base = config["base"]
    urls = [posixpath.join(base, "sitemap.xml")]
    if isinstance(config.get("search"), str):
        # mkdocs-material writes the index to search/search_index.json, Zensical
        # to search.json; only the one that exists is kept.
        urls += [config["search"], posixpath.join(base, "search/search_index.json"), posixpath.join(base, "search.json")]
    return urls


def written_loads(html: str) -> list[str]:
    """The URLs a page's HTML makes the browser load by itself, as written in it."""
    parser = _Subresources()
    for part in _LOADING_PARTS.findall(html):
        # A lone <script src> start tag would make the parser read all that follows as script.
        parser.feed(part + "</script>")
    return parser.urls + _theme_files(parser.config_text)


class PageLoads:
    """:func:`written_loads` of pages, remembered between builds by the sha256 of each page's bytes.

    Finding them was most of the precache list's time in a warm build (a
    regular expression over every page, then a parser), and most pages come
    out of a build byte for byte as before. The answers are kept with a hash
    of this module, whose code finds them; ``cache_dir`` None: nothing kept.
    """

    FILE_NAME = "page-loads.json"

    def __init__(self, cache_dir: Path | None):
        self.path = cache_dir / self.FILE_NAME if cache_dir is not None else None
        self._stamp = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
        self._known: dict[str, list[str]] = {}
        self._used: dict[str, list[str]] = {}
        if self.path is None:
            return
        try:
            kept = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(kept, dict) and kept.get("code") == self._stamp and isinstance(kept.get("pages"), dict):
                self._known = kept["pages"]
        except (OSError, ValueError):
            pass  # none yet, or unreadable: every page is read again

    def urls(self, data: bytes, digest: str) -> list[str]:
        """What the page whose bytes are ``data`` (sha256 ``digest``) loads by itself."""
        urls = self._known.get(digest)
        if not (isinstance(urls, list) and all(isinstance(url, str) for url in urls)):
            # Decoded as `Path.read_text` does, newlines made "\n".
            urls = written_loads(data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
        self._used[digest] = urls
        return urls

    def save(self) -> None:
        """Keep this build's pages only, so the file does not grow with every edit."""
        if self.path is not None and self._used != self._known:
            save_json(self.path, {"code": self._stamp, "pages": self._used})


def _stylesheet_subresources(site_dir: Path, sheet: str) -> set[str]:
    text = (site_dir / sheet).read_text(encoding="utf-8", errors="replace")
    return {path for url in _CSS_URL.findall(text) if (path := _local(site_dir, sheet, url)) is not None}


def _plangen_files(site_dir: Path, assets_dir: str) -> set[str]:
    """plangen's modules and data, and the runtime the worker loads."""
    assets = site_dir / assets_dir
    found = {f"{assets_dir}/{path.name}" for path in assets.iterdir()
             if path.is_file() and path.suffix in (".js", ".css", ".json")}
    runtime = assets / "pyodide"
    names = set(RUNTIME_FILES) | {"pyodide-lock.json"} | {path.name for path in runtime.glob("engine.*.zip")}
    return found | {f"{assets_dir}/pyodide/{name}" for name in names if (runtime / name).is_file()}


def precache_files(site_dir: Path, assets_dir: str = "assets/plangen", loads: PageLoads | None = None,
                   digests: dict[str, str] | None = None) -> list[str]:
    """Paths inside ``site_dir`` of every file the site needs offline, sorted.

    ``loads`` remembers what pages load between builds; ``digests``, when
    given, receives the sha256 of each page read (so it is not read again).
    """
    assets_dir = assets_dir.strip("/")
    loads = loads or PageLoads(None)
    digests = {} if digests is None else digests
    pages = {path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.html")} - {"404.html"}
    # Pages name the same theme files over and over: ask the file system once per path.
    is_file = functools.cache(lambda path: (site_dir / path).is_file())
    files = set(pages)
    for page in sorted(pages):
        data = (site_dir / page).read_bytes()
        digests[page] = hashlib.sha256(data).hexdigest()
        files |= {path for url in loads.urls(data, digests[page])
                  if (path := _local(site_dir, page, url, is_file)) is not None}
    for sheet in [path for path in files if path.endswith(".css")]:
        files |= _stylesheet_subresources(site_dir, sheet)
    files |= _plangen_files(site_dir, assets_dir)
    return sorted(path for path in files if not path.endswith(_ENCODED) and path != SERVICE_WORKER)


def page_url(path: str) -> str:
    """The URL a page is asked for by: its folder when it is an ``index.html``."""
    if path == "index.html":
        return ""
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def precache_entries(site_dir: Path, assets_dir: str = "assets/plangen", cache_dir: Path | None = None) -> list[Entry]:
    """The precache list: every file :func:`precache_files` finds, with its hash
    (``cache_dir``: where what pages load is remembered between builds)."""
    loads = PageLoads(cache_dir)
    digests: dict[str, str] = {}
    files = precache_files(site_dir, assets_dir, loads, digests)
    loads.save()
    return [Entry(page_url(path), (digests.get(path) or hashlib.sha256((site_dir / path).read_bytes()).hexdigest())
                  [:_HASH_CHARS]) for path in files]


def version(entries: list[Entry]) -> str:
    """One name for a build's files: it changes when any file, or the list, does."""
    digest = hashlib.sha256()
    for entry in sorted(entries, key=lambda e: e.url):
        digest.update(f"{entry.url}\0{entry.sha256}\n".encode())
    return digest.hexdigest()[:12]


def browser_first(entries: list[Entry], assets_dir: str = "assets/plangen") -> list[str]:
    """The files the browser serves itself while online: the runtime, the
    engine's zip and the hashed bundle and questions files.

    Chromium keeps the machine code it compiled from ``pyodide.asm.wasm`` with
    its HTTP cache entry; the same file from the worker's cache is compiled
    again on every visit (measured: a repeat visit's worker ready 1.8-2.3×
    slower), and an immutable engine zip needs no request at all. None of these
    can pair with another build's page: the runtime's files change only with
    Pyodide's version, the others carry a version or hash in their names.
    """
    assets = assets_dir.strip("/")
    runtime = {f"{assets}/pyodide/{name}" for name in RUNTIME_FILES}
    hashed = re.compile(rf"^{re.escape(assets)}/(pyodide/engine\.[0-9a-f]+\.zip|(content|questions)\.[0-9a-f]+\.json)$")
    return [entry.url for entry in entries if entry.url in runtime or hashed.match(entry.url)]


def service_worker_script(entries: list[Entry], assets_dir: str = "assets/plangen") -> str:
    """The service worker: its precache list, then the fixed code that uses it."""
    manifest = {"version": version(entries), "home": "", "files": [[e.url, e.sha256] for e in entries],
                "online": browser_first(entries, assets_dir)}
    head = ("// Written by plangen at build time: the files this build precaches.\n"
            f"self.PLANGEN_PRECACHE = {json.dumps(manifest, separators=(',', ':'))};\n")
    return head + TEMPLATE.read_text(encoding="utf-8")


def write_service_worker(site_dir: Path, assets_dir: str = "assets/plangen", cache_dir: Path | None = None) -> Path:
    """Write ``sw.js`` at the root of ``site_dir``, after every other file is there
    (``cache_dir``: see :func:`precache_entries`)."""
    path = site_dir / SERVICE_WORKER
    entries = precache_entries(site_dir, assets_dir, cache_dir)
    path.write_text(service_worker_script(entries, assets_dir), encoding="utf-8")
    return path


def write_removal_worker(site_dir: Path) -> Path:
    """Write a ``sw.js`` that deletes the offline copy browsers kept of this
    site and unregisters itself: what a site that turned ``offline`` off serves."""
    path = site_dir / SERVICE_WORKER
    path.write_text(REMOVAL.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def registration_tags(assets_href: str, site_href: str) -> str:
    """What every page carries to register the worker: a module (no inline
    script, so the CSP stays as it is) and where the worker is, relative to
    the page."""
    return (f'<meta name="{META_NAME}" content="{site_href}{SERVICE_WORKER}">'
            f'<script type="module" src="{assets_href}{REGISTER_MODULE}"></script>')


def with_registration(html: str, assets_href: str, site_href: str) -> str:
    """``html`` with :func:`registration_tags` at the end of its ``<head>``."""
    at = html.find("</head>")
    if at < 0:
        return html
    return html[:at] + registration_tags(assets_href, site_href) + html[at:]
