"""A memory snapshot of the started engine, for readers who come back.

Pyodide can start from a copy of its memory taken after the engine was
imported and the bundle read, which skips Python's own start, every import
and reading the bundle. The copy is made at build time, in Node, from the
files the site serves (``node/snapshot.mjs``), and written gzip-compressed
(any host serves it as it is; the worker decompresses it) under a name that
carries the hash of everything it was made from: the runtime files, the
standard library, the engine's zip, the bundle and the scripts.

A first visit never fetches it (it is several megabytes; the first-visit
budget holds without it). The worker fetches it in the background on a later
start, keeps it in its own cache, and starts from it on the visits after
that, once it has checked it against ``engine-snapshot.json``:
``{"file": <snapshot name>, "bundle": <bundle name>}``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from plangen.engine.errors import PlangenError
from plangen.site.known_digests import KnownDigests
from plangen.site.runtime import place

SCRIPT = Path(__file__).parent / "node" / "snapshot.mjs"
SCRIPTS = (SCRIPT, SCRIPT.with_name("engine_zip.mjs"))  # the script and what it imports
MANIFEST = "engine-snapshot.json"
SUFFIX = ".snapshot"
_GZIP_LEVEL = 6  # level 9 saves 1 % for four times the time
_KEPT = 3  # snapshots kept in the cache: a few builds back and forth stay warm
_DIGESTS = "runtime-digests.pickle"  # the runtime files' sha256 by their stat (known_digests)


class SnapshotError(PlangenError):
    """Node or Pyodide could not make the engine's snapshot."""


def snapshot_key(runtime_dir: Path, bundle: bytes, known: KnownDigests | None = None) -> str:
    """The hash of everything the snapshot is made from: the scripts, the bundle
    and every file of the site's runtime folder (runtime, standard library,
    lock and engine zip), but none of their compressed copies. ``known``
    gives the runtime files' digests a warm build already took (18 MB)."""
    known = known or KnownDigests()
    digest = hashlib.sha256(b"".join(script.read_bytes() for script in SCRIPTS))
    digest.update(hashlib.sha256(bundle).digest())
    for path in sorted(runtime_dir.iterdir()):
        if path.is_file() and path.suffix not in (".br", ".gz"):
            digest.update(path.name.encode() + b"\0" + known.sha256(path).encode())
    return digest.hexdigest()[:16]


def _make(runtime_dir: Path, bundle: Path, target: Path) -> None:
    node = shutil.which("node")
    if node is None:
        raise SnapshotError("the engine's snapshot is made with Node.js, which is not on PATH "
                            "(or set 'snapshot: false' for the plangen plugin)")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent))  # builds may run side by side
    try:
        raw = staging / "memory"
        result = subprocess.run([node, str(SCRIPT), str(runtime_dir), str(bundle), bundle.name, str(raw)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise SnapshotError(f"making the engine's snapshot in Pyodide failed:\n{result.stderr.strip()[-2000:]}")
        packed = staging / "packed"
        packed.write_bytes(gzip.compress(raw.read_bytes(), compresslevel=_GZIP_LEVEL, mtime=0))
        packed.replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _forget_old(cache_dir: Path) -> None:
    snapshots = sorted(cache_dir.glob(f"*{SUFFIX}"), key=lambda path: path.stat().st_mtime, reverse=True)
    for old in snapshots[_KEPT:]:
        old.unlink(missing_ok=True)


def write_snapshot(out_dir: Path, runtime_dir: Path, bundle_name: str, cache_dir: Path) -> str:
    """Write the snapshot of this build's engine and its manifest into
    ``out_dir`` (the assets folder), made once per key and cached in
    ``cache_dir``; returns the snapshot's file name."""
    bundle = out_dir / bundle_name
    known = KnownDigests(cache_dir / _DIGESTS)
    key = snapshot_key(runtime_dir, bundle.read_bytes(), known)
    known.save()
    cached = cache_dir / f"{key}{SUFFIX}"
    if not cached.is_file():
        _make(runtime_dir, bundle, cached)
        _forget_old(cache_dir)
    cached.touch()  # the most recently used are the ones kept
    remove_snapshot(out_dir)
    name = f"engine.{key}{SUFFIX}"
    place(cached, out_dir / name)
    manifest = {"file": name, "bundle": bundle_name}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")), encoding="utf-8")
    return name


def remove_snapshot(out_dir: Path) -> None:
    """Take an earlier build's snapshot and manifest out of ``out_dir`` (a build without one)."""
    for old in out_dir.glob(f"engine.*{SUFFIX}"):
        old.unlink()
    (out_dir / MANIFEST).unlink(missing_ok=True)
