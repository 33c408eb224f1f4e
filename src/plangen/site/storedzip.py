"""Zips re-written with every entry stored, not deflated, for the wire.

A deflated zip cannot be compressed again: Brotli sees noise. Stored, the
whole archive is one stream Brotli compresses far better than deflate did
file by file (the standard library: 4.45 MB deflated, 2.85 MB stored and
Brotli'd), and Pyodide reads a stored zip as readily. The copy keeps every
entry's name, order, time and mode. (The engine's zip is written stored in
the first place: ``enginezip``.)
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from plangen.site.known_digests import KnownDigests


def store_entries(source: Path, target: Path, keep: Callable[[str], bool] | None = None) -> None:
    """Write ``target``: the entries of zip ``source`` (those ``keep`` accepts), each stored uncompressed."""
    staging = target.with_name(f"{target.name}.{os.getpid()}.tmp")  # builds may run side by side
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(staging, "w", zipfile.ZIP_STORED) as new:
        new.comment = old.comment
        for entry in old.infolist():
            if keep is not None and not keep(entry.filename):
                continue
            copy = zipfile.ZipInfo(entry.filename, date_time=entry.date_time)
            copy.external_attr = entry.external_attr
            copy.create_system = entry.create_system
            copy.compress_type = zipfile.ZIP_STORED
            new.writestr(copy, old.read(entry))
    staging.replace(target)


def stored_copy(source: Path, cache_dir: Path, keep: Callable[[str], bool] | None = None,
                keep_key: str = "") -> Path:
    """A stored copy of ``source`` with the same file name, cached by its bytes
    (and by ``keep_key``, which names the ``keep`` filter)."""
    # The sources sit unchanged in other caches build after build (the standard library is 4.5 MB):
    # their digests are remembered by their stat, one small store for each name.
    known = KnownDigests(cache_dir / "digests" / f"{source.name}.pickle")
    key = hashlib.sha256(f"{known.sha256(source)}\0{keep_key}".encode()).hexdigest()[:16]
    known.save()
    target = cache_dir / key / source.name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        store_entries(source, target, keep)
    return target
