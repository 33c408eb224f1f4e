"""Self-host the Pyodide runtime: copy its files and write a pruned lock file.

The lock lists only plangen and its dependency wheels, all served from the
same folder, so ``loadPackage(["plangen"])`` never reaches for a CDN.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .errors import PlangenError

RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")


class RuntimeMissingError(PlangenError):
    """The npm package ``pyodide`` is not installed where expected."""


def pyodide_version(package_dir: Path) -> str:
    """The version of the npm package in ``package_dir``."""
    manifest = package_dir / "package.json"
    if not manifest.is_file():
        raise RuntimeMissingError(
            f"{package_dir}: the npm package 'pyodide' is not installed (run 'npm ci' in the project root)"
        )
    return json.loads(manifest.read_text())["version"]


def copy_runtime(package_dir: Path, out_dir: Path) -> None:
    """Copy the runtime files the page loads."""
    pyodide_version(package_dir)  # a clear error when the package is not installed at all
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        source, target = package_dir / name, out_dir / name
        if not source.is_file():
            raise RuntimeMissingError(f"{source}: missing from the pyodide npm package")
        shutil.copyfile(source, target)


def write_lock(package_dir: Path, out_dir: Path, wheels: list[Path]) -> Path:
    """Write ``pyodide-lock.json`` in ``out_dir`` listing only ``wheels`` (copied there)."""
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    upstream = json.loads((package_dir / "pyodide-lock.json").read_text())
    # A full upstream lock would let any unknown import fall back to the CDN;
    # keep its runtime info (ABI, Python version) and none of its packages.
    upstream["packages"] = {}
    spec = PyodideLockSpec.from_dict(upstream)
    local = []
    for wheel in wheels:
        target = out_dir / wheel.name
        if not target.is_file() or target.read_bytes() != wheel.read_bytes():
            shutil.copyfile(wheel, target)
        local.append(target)
    spec = add_wheels_to_spec(spec, local, base_path=out_dir)
    path = out_dir / "pyodide-lock.json"
    path.write_text(json.dumps(spec.to_dict(), indent=1, sort_keys=True))
    return path
