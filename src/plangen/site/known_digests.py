"""The sha256 of a file, remembered by what ``stat`` says of it.

Precompression names each file's cached copies by the sha256 of its bytes,
so every build hashed every file of the site. Most of those bytes are the
runtime (the wasm, the standard library, the wheels, some 18 MB): hard links
to the same cached files, build after build. A file whose device, inode,
size and modification time (to the nanosecond) are those of a file hashed
before is taken to hold the same bytes. An edit in place keeps the inode but
moves the time; a file written anew has an inode of its own. What it cannot
see, like ``make`` and Python's own bytecode cache, is a file rewritten in
place to other bytes of the same size and then dated back to the very
nanosecond it had.

A file modified less than ``RACY_NS`` before it was hashed is not remembered
(git calls such index entries "racily clean"): a second write within the
clock's granularity could change its bytes and leave its stat as it was. So
only files left alone for a while are remembered, and the pages a build has
just written are hashed every time, which costs little: they are small.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from plangen.site.remembered import Remembered

RACY_NS = 2_000_000_000  # coarser than any file system's clock a build runs on (FAT's is two seconds)
_FORMAT = "dev-ino-size-mtime_ns/sha256-hex/1"  # the Remembered key: a change of layout misses

StatKey = tuple[int, int, int, int]


def stat_key(stat: os.stat_result) -> StatKey:
    """What identifies one version of a file without reading it."""
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


class KnownDigests:
    """Digests of files, taken from ``store`` when a file's stat matches, kept there by :meth:`save`.

    Without a ``store`` every file is hashed.
    """

    def __init__(self, store: Path | None = None):
        self._remembered = Remembered(store, _FORMAT) if store is not None else None
        known = self._remembered.get() if self._remembered is not None else None
        self._known: dict[StatKey, str] = known if isinstance(known, dict) else {}
        self._seen: dict[StatKey, str] = {}

    def sha256(self, path: Path, stat: os.stat_result | None = None) -> str:
        """The hex sha256 of the bytes of ``path`` (``stat``: its stat, when the caller has it)."""
        key = stat_key(stat if stat is not None else path.stat())
        digest = self._known.get(key)
        if digest is None:
            started = time.time_ns()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if key[3] > started - RACY_NS:
                return digest
        self._seen[key] = digest
        return digest

    def save(self) -> None:
        """Keep the digests of the files this run saw (only those: the store never grows past one
        site's files), unless they are what the store holds already."""
        if self._remembered is not None and self._seen != self._known:
            self._remembered.put(self._seen)
