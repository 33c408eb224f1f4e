"""Bytecode for the browser, compiled inside Pyodide and cached.

Pyodide otherwise compiles every module it imports on every visit, which is
most of its start-up time. Running the real Pyodide once under Node at build
time yields bytecode with its own magic number: a sourceless standard
library and wheels carrying ``__pycache__``. Results are cached by Pyodide
version and by the hash of each wheel, so a rebuild only compiles what
changed.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from plangen.engine.errors import PlangenError
from plangen.site.runtime import pyodide_version

SCRIPT = Path(__file__).parent / "node" / "precompile.mjs"


class PrecompileError(PlangenError):
    """Node or Pyodide could not compile the bytecode."""


def _script_key() -> str:
    return hashlib.sha256(SCRIPT.read_bytes()).hexdigest()[:12]


def _run(package_dir: Path, out_dir: Path, args: list[str]) -> None:
    node = shutil.which("node")
    if node is None:
        raise PrecompileError("precompiling Python for the browser needs Node.js on PATH "
                              "(or set 'precompile: false' for the plangen plugin)")
    out_dir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([node, str(SCRIPT), str(package_dir), str(out_dir), *args],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise PrecompileError(f"compiling bytecode in Pyodide failed:\n{result.stderr.strip()[-2000:]}")


class Precompiler:
    """Compile and cache bytecode under ``cache_dir`` for one Pyodide package."""

    def __init__(self, package_dir: Path, cache_dir: Path):
        self.package_dir = package_dir
        self.root = cache_dir / f"pyodide-{pyodide_version(package_dir)}-{_script_key()}"

    def stdlib(self) -> Path:
        """The sourceless standard library zip."""
        target = self.root / "stdlib" / "python_stdlib.zip"
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(dir=target.parent))  # builds may run side by side
            try:
                _run(self.package_dir, staging, ["--stdlib"])
                (staging / "python_stdlib.zip").replace(target)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        return target

    def wheels(self, wheels: list[Path]) -> list[Path]:
        """Each wheel with bytecode added, in the same order."""
        targets = []
        missing = []
        for wheel in wheels:
            key = hashlib.sha256(wheel.read_bytes()).hexdigest()[:16]
            target = self.root / "wheels" / key / wheel.name
            targets.append(target)
            if not target.is_file():
                missing.append((wheel, target))
        if missing:
            (self.root / "wheels").mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(dir=self.root / "wheels"))
            try:
                _run(self.package_dir, staging, [str(wheel) for wheel, _ in missing])
                for wheel, target in missing:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    (staging / wheel.name).replace(target)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        return targets
