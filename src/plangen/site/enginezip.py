"""The engine's Python files as one zip that the worker puts on ``sys.path``.

Installing a wheel through Pyodide's lock costs a visit more than the
download: the lock is read, the wheel fetched only once it is, then unpacked
file by file in Python, with the package loader's own imports. A zip on
``sys.path`` is read in place by ``zipimport``, the way Pyodide reads its own
standard library, so the worker fetches it the moment it exists and writes
it into Pyodide's file system before Python starts (``web/worker.js``).

The zip holds every wheel the browser needs (plangen, and Jinja2, MarkupSafe
and Markdown when a template is left to them), entries stored, not deflated,
for the host's Brotli, without their ``.dist-info`` folders: nothing in the
browser reads them, and ``importlib.metadata`` reading one from a zip (as
Markdown does, looking for extensions) imports the ``email`` package, which
the pruned standard library lacks. ``zipimport`` reads bytecode only beside a module
(``name.pyc``), never from ``__pycache__``, so each precompiled module's
bytecode is moved there; the sources stay, for tracebacks. Its name carries
the hash of its bytes, and ``engine-files.js`` names it with its SRI
integrity, so the browser refuses a copy that is not this build's.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from plangen.site.runtime import place

ENGINE_MODULE = "engine-files.js"  # written beside the web modules; worker.js imports it
_PYCACHE = re.compile(r"^(?P<folder>(?:.*/)?)__pycache__/(?P<module>[^/.]+)\.[^/]+\.pyc$")


@dataclass(frozen=True)
class EngineZip:
    """The written zip: its file name (in the runtime folder) and SRI integrity."""

    name: str
    integrity: str


def zip_entry_name(name: str) -> str:
    """Where a wheel's entry goes in the engine zip: bytecode beside its module."""
    found = _PYCACHE.match(name)
    return f"{found['folder']}{found['module']}.pyc" if found else name


def _entries(wheels: list[Path]) -> list[tuple[zipfile.ZipInfo, bytes]]:
    entries = []
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as source:
            for info in source.infolist():
                if info.is_dir() or ".dist-info/" in info.filename:
                    continue
                copy = zipfile.ZipInfo(zip_entry_name(info.filename), date_time=info.date_time)
                copy.external_attr = info.external_attr
                entries.append((copy, source.read(info)))
    return entries


def _zip_bytes(wheels: list[Path], staging: Path) -> bytes:
    with zipfile.ZipFile(staging, "w", zipfile.ZIP_STORED) as out:
        for info, data in _entries(wheels):
            out.writestr(info, data)
    return staging.read_bytes()


def write_engine_zip(wheels: list[Path], runtime_dir: Path, cache_dir: Path) -> EngineZip:
    """Write ``engine.<hash>.zip`` of ``wheels`` into ``runtime_dir`` (removing
    older ones); one made from the same wheel bytes is reused from ``cache_dir``."""
    digest = hashlib.sha256()
    for wheel in wheels:
        digest.update(wheel.name.encode() + b"\0" + hashlib.sha256(wheel.read_bytes()).digest())
    folder = cache_dir / digest.hexdigest()[:16]
    made = next(folder.glob("engine.*.zip"), None) if folder.is_dir() else None
    if made is None:
        folder.mkdir(parents=True, exist_ok=True)
        staging = folder / f"staging.{os.getpid()}.tmp"  # builds may run side by side
        data = _zip_bytes(wheels, staging)
        made = folder / f"engine.{hashlib.sha256(data).hexdigest()[:12]}.zip"
        staging.replace(made)
    for old in runtime_dir.glob("engine.*.zip"):
        old.unlink()
    place(made, runtime_dir / made.name)
    sha256 = base64.b64encode(hashlib.sha256(made.read_bytes()).digest()).decode()
    return EngineZip(name=made.name, integrity=f"sha256-{sha256}")


def engine_module(engine: EngineZip, runtime_folder: str = "pyodide") -> str:
    """The text of ``engine-files.js``: which zip this build's worker loads."""
    file = json.dumps(f"{runtime_folder}/{engine.name}")
    return ("// Written by plangen at build time: the engine's Python files for this build.\n"
            f"export const ENGINE_ZIP = {file};\n"
            f"export const ENGINE_ZIP_INTEGRITY = {json.dumps(engine.integrity)};\n")
