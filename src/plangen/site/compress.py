"""Precompressed copies beside the built site's files: ``x.br`` and ``x.gz``.

A static host (or ``devserver``) then sends the smallest form a browser
accepts without compressing anything per request. Brotli at quality 11 is
slow (the runtime's wasm takes tens of seconds, every page together a few
seconds more), so the compressed forms are cached by the sha256 of their
bytes: the runtime, the wheels and the standard library do not change
between builds, most pages do not either, and a rebuild only compresses what
changed.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import brotli

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


@dataclass(frozen=True)
class Compressed:
    """What one file became: its size and that of each copy written (None: not smaller)."""

    path: Path
    size: int
    br: int | None
    gz: int | None


def wanted(path: Path) -> bool:
    """Whether ``path`` is a file worth precompressing."""
    return (path.suffix.lower() in COMPRESSIBLE and path.is_file() and not path.is_symlink()
            and path.stat().st_size >= MIN_SIZE)


def encode(data: bytes, encoding: str, wide: bool = False) -> bytes:
    """``data`` as Brotli (quality 11; ``wide``: the largest window) or gzip
    (level 9, no timestamp: builds are reproducible)."""
    if encoding == "br":
        return brotli.compress(data, quality=11, lgwin=_LARGEST_WINDOW if wide else _DEFAULT_WINDOW)
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=9, mtime=0)
    raise ValueError(f"unknown encoding {encoding!r}")


def _cached(cache_dir: Path, data: bytes, encoding: str) -> Path:
    return cache_dir / _SETTINGS / f"{hashlib.sha256(data).hexdigest()}{ENCODINGS[encoding]}"


def _all_cached(path: Path, cache_dir: Path | None) -> bool:
    data = path.read_bytes()
    return cache_dir is not None and all(_cached(cache_dir, data, encoding).is_file() for encoding in ENCODINGS)


def _encode_cached(data: bytes, encoding: str, wide: bool, cache_dir: Path | None) -> bytes:
    if cache_dir is None:
        return encode(data, encoding, wide)
    cached = _cached(cache_dir, data, encoding)
    if cached.is_file():
        return cached.read_bytes()
    packed = encode(data, encoding, wide)
    cached.parent.mkdir(parents=True, exist_ok=True)
    staging = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")  # builds may run side by side
    staging.write_bytes(packed)
    staging.replace(cached)
    return packed


def _sizes_for(path: Path, cache_dir: Path | None) -> Compressed:
    data = path.read_bytes()
    wide = path.suffix in _WIDE_SUFFIXES and len(data) > 1 << _DEFAULT_WINDOW
    sizes: dict[str, int | None] = {}
    for encoding, suffix in ENCODINGS.items():
        target = path.with_name(path.name + suffix)
        packed = _encode_cached(data, encoding, wide, cache_dir)
        if len(packed) < len(data):
            target.write_bytes(packed)
            sizes[encoding] = len(packed)
        else:  # a host would send the file itself anyway
            target.unlink(missing_ok=True)
            sizes[encoding] = None
    return Compressed(path, len(data), sizes["br"], sizes["gzip"])


def precompress(site_dir: Path, cache_dir: Path | None = None, workers: int | None = None) -> list[Compressed]:
    """Write ``.br`` and ``.gz`` beside every file in ``site_dir`` worth it.

    Runs after everything else is written (a copy of a file changed later
    would be stale). Copies found in ``cache_dir`` are written at once; the
    rest are compressed in parallel, the largest first so that the wasm does
    not start last.
    """
    files = sorted((p for p in site_dir.rglob("*") if wanted(p)), key=lambda p: -p.stat().st_size)
    hits = [path for path in files if _all_cached(path, cache_dir)]
    found = set(hits)
    misses = [path for path in files if path not in found]
    done = [_sizes_for(path, cache_dir) for path in hits]
    workers = min(workers or os.cpu_count() or 1, len(misses))
    if workers <= 1:
        return done + [_sizes_for(path, cache_dir) for path in misses]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return done + list(pool.map(_sizes_for, misses, [cache_dir] * len(misses)))
