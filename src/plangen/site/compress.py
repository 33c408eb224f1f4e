"""Precompressed copies beside the built site's files: ``x.br`` and ``x.gz``.

A static host (or ``devserver``) then sends the smallest form a browser
accepts without compressing anything per request. Brotli at quality 11 is
slow (the runtime's wasm takes tens of seconds, every page together a few
seconds more), so the compressed forms are cached by the sha256 of their
bytes: the runtime, the wheels and the standard library do not change
between builds, most pages do not either, and a rebuild only compresses what
changed.
The digests themselves are remembered by each file's stat (``known_digests``):
the runtime's files, linked from the same place every build, are not read.

Feeds and sitemaps are the exception: read by feed readers and crawlers,
never on the way to a page a reader opens, and the blog's feeds carry the
build's date, so their bytes differ every build and no cached copy is ever
used again. They get a quick Brotli and no cache entry (``machine_read``).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import stat as stat_mode
from dataclasses import dataclass
from pathlib import Path

import brotli

from plangen.site.known_digests import KnownDigests

# Formats that compress; images, fonts and archives of compressed data do not.
# Zips and wheels are here because the site stores them uncompressed.
COMPRESSIBLE = frozenset({
    ".html", ".htm", ".js", ".mjs", ".css", ".json", ".map", ".svg", ".xml", ".xsl", ".txt", ".ico",
    ".wasm", ".zip", ".whl", ".webmanifest",
})
ENCODINGS = {"br": ".br", "gzip": ".gz"}  # Content-Encoding token -> file suffix
MIN_SIZE = 256  # below this, headers outweigh anything compression saves
# Brotli's default window is 4 MB. Past that, the largest (16 MB) finds
# repeats further back in a stored zip (the standard library: -44 kB) but does
# worse on the wasm (+25 kB), so only big zips get it.
_DEFAULT_WINDOW, _LARGEST_WINDOW = 22, 24
_WIDE_SUFFIXES = (".zip", ".whl")
_SETTINGS = "br11-w22-w24-gz9"  # cache entries are named by these too: change it with them
_DIGESTS = "site-digests.pickle"  # beside the entries: each file's sha256 by its stat (known_digests)

# Quality 11 took 12-19 ms for each of the blog's four feeds (some 60 ms of a warm build, every
# build); quality 5 takes half a millisecond and its copy is some 15 % (about 350 bytes) larger.
QUICK_QUALITY = 5
_MACHINE_READ_SUFFIXES = (".xml", ".json")
# The root element of RSS, Atom and sitemaps (after any prolog), or a JSON Feed's version URL.
_MACHINE_READ_HEAD = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*<(?:rss|feed|urlset|sitemapindex)[\s>/]"
    rb'|"version"\s*:\s*"https?://jsonfeed\.org/version/', re.DOTALL)
_HEAD_BYTES = 1024


@dataclass(frozen=True)
class Compressed:
    """What one file became: its size and that of each copy written (None: not smaller)."""

    path: Path
    size: int
    br: int | None
    gz: int | None


def _worth_it(name: str, stat: os.stat_result) -> bool:
    # The stat is lstat's: a link is no file of the site's own.
    return (os.path.splitext(name)[1].lower() in COMPRESSIBLE and stat_mode.S_ISREG(stat.st_mode)
            and stat.st_size >= MIN_SIZE)


def files_worth_it(site_dir: Path) -> dict[Path, os.stat_result]:
    """Every file in ``site_dir`` worth precompressing, with its ``lstat``.

    One system call for each file that could be: asking each file whether it
    is one, then its size, then its size again made some 1,700 calls a build.
    Folders that are links are not entered.
    """
    found: dict[Path, os.stat_result] = {}
    for folder, _, names in os.walk(site_dir):
        for name in names:
            if os.path.splitext(name)[1].lower() in COMPRESSIBLE:
                path = os.path.join(folder, name)
                stat = os.lstat(path)
                if _worth_it(name, stat):
                    found[Path(path)] = stat
    return found


def machine_read(path: Path) -> bool:
    """Whether ``path`` is a feed (RSS, Atom, JSON Feed) or a sitemap, by its first bytes."""
    if path.suffix.lower() not in _MACHINE_READ_SUFFIXES:
        return False
    with path.open("rb") as file:
        return _MACHINE_READ_HEAD.search(file.read(_HEAD_BYTES)) is not None


def encode(data: bytes, encoding: str, wide: bool = False, quality: int = 11) -> bytes:
    """``data`` as Brotli (``quality``; ``wide``: the largest window) or gzip
    (level 9, no timestamp: builds are reproducible)."""
    if encoding == "br":
        return brotli.compress(data, quality=quality, lgwin=_LARGEST_WINDOW if wide else _DEFAULT_WINDOW)
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=9, mtime=0)
    raise ValueError(f"unknown encoding {encoding!r}")


def _cached(cache_dir: Path, digest: str, encoding: str) -> Path:
    return cache_dir / _SETTINGS / f"{digest}{ENCODINGS[encoding]}"


def _cached_sizes(digest: str, cache_dir: Path | None) -> dict[str, int] | None:
    """The size of each cached copy of the bytes ``digest`` names; None unless all are there."""
    if cache_dir is None:
        return None
    try:
        return {encoding: os.stat(_cached(cache_dir, digest, encoding)).st_size for encoding in ENCODINGS}
    except FileNotFoundError:
        return None


def _save(packed: bytes, cached: Path) -> None:
    cached.parent.mkdir(parents=True, exist_ok=True)
    staging = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")  # builds may run side by side
    staging.write_bytes(packed)
    staging.replace(cached)


def place_dated(cached: Path, target: Path) -> None:
    """Put the cache entry ``cached`` at the free path ``target``, dated now.

    A hard link: creating and filling some three hundred files was most of a
    warm build's compression step (a link costs a twentieth of a copy here).
    Dated now, because a host dates the file it sends by its mtime: a link
    keeping the cache entry's older date would have a file that changed back
    to earlier bytes (a new sw.js, say) answered "304 Not Modified". The date
    is the inode's, so other builds' links to the entry move forward too,
    which only makes a browser ask again. Where no link can be made (another
    file system), a copy.
    """
    try:
        os.link(cached, target)
        os.utime(target)
    except OSError:
        target.unlink(missing_ok=True)
        shutil.copyfile(cached, target)


def _free(target: Path) -> bool:
    """Remove whatever is at ``target``; whether something was."""
    try:
        target.unlink()
    except FileNotFoundError:
        return False
    return True


def _sizes_for(path: Path, digest: str | None, cache_dir: Path | None, quality: int = 11,
               size: int | None = None, cached_sizes: dict[str, int] | None = None) -> Compressed:
    # ``size`` and ``cached_sizes`` (every copy is in the cache): already known, not asked again.
    size = size if size is not None else path.stat().st_size
    data = None
    sizes: dict[str, int | None] = {}
    for encoding, suffix in ENCODINGS.items():
        target = path.with_name(path.name + suffix)
        # Unlinked, never written over: it may be a link into the cache. A file that was there
        # already was written by the generator (MkDocs's sitemap.xml.gz), which may write it again
        # in place (`mkdocs build --dirty`): that one gets a copy, so nothing writes into the cache.
        generated = _free(target)
        cached = _cached(cache_dir, digest, encoding) if cache_dir is not None else None
        packed = None
        if cached_sizes is None and (cached is None or not cached.is_file()):
            data = data if data is not None else path.read_bytes()
            wide = path.suffix in _WIDE_SUFFIXES and size > 1 << _DEFAULT_WINDOW
            packed = encode(data, encoding, wide, quality)
            if cached is not None:
                _save(packed, cached)
        packed_size = (len(packed) if packed is not None
                       else cached_sizes[encoding] if cached_sizes is not None else cached.stat().st_size)
        sizes[encoding] = packed_size if packed_size < size else None  # else a host sends the file itself
        if sizes[encoding] is None:
            continue
        if cached is not None and not generated:
            place_dated(cached, target)
        elif cached is not None:
            shutil.copyfile(cached, target)
        else:
            target.write_bytes(packed)
    return Compressed(path, size, sizes["br"], sizes["gzip"])


IN_PROCESS_BYTES = 512_000  # below this many bytes to compress, one process does it


def precompress(site_dir: Path, cache_dir: Path | None = None, workers: int | None = None) -> list[Compressed]:
    """Write ``.br`` and ``.gz`` beside every file in ``site_dir`` worth it.

    Runs after everything else is written (a copy of a file changed later
    would be stale). Copies found in ``cache_dir`` are written at once; the
    rest are compressed in parallel, the largest first so that the wasm does
    not start last. Feeds and sitemaps are compressed quickly, uncached.
    """
    stats = files_worth_it(site_dir)
    files = sorted(stats, key=lambda path: -stats[path].st_size)
    quick = {path for path in files if machine_read(path)}
    files = [path for path in files if path not in quick]
    known = KnownDigests(cache_dir / _DIGESTS if cache_dir is not None else None)
    digests = {path: known.sha256(path, stats[path]) for path in files}
    known.save()
    found = {path: _cached_sizes(digests[path], cache_dir) for path in files}
    misses = [path for path in files if found[path] is None]
    done = [_sizes_for(path, digests[path], cache_dir, size=stats[path].st_size, cached_sizes=found[path])
            for path in files if found[path] is not None]
    done += [_sizes_for(path, None, None, QUICK_QUALITY) for path in sorted(quick)]
    workers = min(workers or os.cpu_count() or 1, len(misses))
    # A warm build misses only a few small files (the feeds carry the build's date):
    # starting a pool of processes for them costs more than compressing them here.
    if workers <= 1 or sum(stats[path].st_size for path in misses) < IN_PROCESS_BYTES:
        return done + [_sizes_for(path, digests[path], cache_dir) for path in misses]
    from concurrent.futures import ProcessPoolExecutor  # only a cold build needs it: slow to import

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return done + list(pool.map(_sizes_for, misses, [digests[p] for p in misses], [cache_dir] * len(misses)))
