"""Self-host the Pyodide runtime: copy its files and write a pruned lock file.

The lock lists only plangen and its dependency wheels, all served from the
same folder, so ``loadPackage(["plangen"])`` never reaches for a CDN.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from plangen.engine.errors import PlangenError

RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")

# The one version of the npm package ``pyodide`` this plangen is built and
# tested against: the dependency wheels, the bytecode compiled inside it and
# the lock's ABI all follow it. This repository's package.json and the
# package.json that ``plangen new`` writes both pin it (a test checks).
PYODIDE_VERSION = "314.0.7"
INSTALL_RUNTIME = f"npm install pyodide@{PYODIDE_VERSION}"


class RuntimeMissingError(PlangenError):
    """The npm package ``pyodide`` is not installed where expected."""


class LockError(PlangenError):
    """The browser's wheels do not hold what they need of each other."""


def pyodide_version(package_dir: Path) -> str:
    """The version of the npm package in ``package_dir``."""
    manifest = package_dir / "package.json"
    if not manifest.is_file():
        raise RuntimeMissingError(
            f"{package_dir}: the npm package 'pyodide' is not installed "
            f"(run '{INSTALL_RUNTIME}' in the site's folder, next to mkdocs.yml)"
        )
    return json.loads(manifest.read_text())["version"]


def place(source: Path, target: Path) -> None:
    """Put ``source`` at ``target``: a hard link when possible (the runtime is
    megabytes and every build writes it), else a copy."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def copy_runtime(package_dir: Path, out_dir: Path) -> None:
    """Place the runtime files the page loads in ``out_dir``."""
    pyodide_version(package_dir)  # a clear error when the package is not installed at all
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        source = package_dir / name
        if not source.is_file():
            raise RuntimeMissingError(f"{source}: missing from the pyodide npm package")
        place(source, out_dir / name)


def write_lock(package_dir: Path, out_dir: Path, wheels: list[Path], cache_dir: Path | None = None,
               left_out: tuple[str, ...] = ()) -> Path:
    """Write ``pyodide-lock.json`` in ``out_dir`` listing only ``wheels`` (placed there).

    ``left_out`` names requirements of those wheels that the browser does
    without (the engine's Jinja2 and Markdown, when every section template
    was compiled at build time): they are dropped from the lock's
    dependencies. A lock made for the same wheels is reused from ``cache_dir``. The cache is
    keyed on each wheel's bytes, not its name: a wheel with bytecode added
    keeps its name, and a lock reused by name would carry the old sha256.
    """
    upstream_text = (package_dir / "pyodide-lock.json").read_bytes()
    digest = hashlib.sha256(upstream_text)
    for wheel in wheels:
        digest.update(b"\0" + wheel.name.encode() + b"\0" + hashlib.sha256(wheel.read_bytes()).digest())
    digest.update(repr(sorted(left_out)).encode())
    key = digest.hexdigest()[:16]
    cached = cache_dir / f"pyodide-lock-{key}.json" if cache_dir else None
    for wheel in wheels:
        place(wheel, out_dir / wheel.name)
    path = out_dir / "pyodide-lock.json"
    if cached is not None and cached.is_file():
        place(cached, path)
        return path
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    upstream = json.loads(upstream_text)
    # A full upstream lock would let any unknown import fall back to the CDN;
    # keep its runtime info (ABI, Python version) and none of its packages.
    upstream["packages"] = {}
    spec = add_wheels_to_spec(PyodideLockSpec.from_dict(upstream), [out_dir / w.name for w in wheels],
                              base_path=out_dir, ignore_missing_dependencies=True)
    left = {name.lower() for name in left_out}
    for package in spec.packages.values():
        missing = [name for name in package.depends if name not in spec.packages and name not in left]
        if missing:
            raise LockError(f"the browser's wheels lack {', '.join(missing)}, which {package.name} needs")
        package.depends = [name for name in package.depends if name in spec.packages]
    path.write_text(json.dumps(spec.to_dict(), indent=1, sort_keys=True))
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, cached)
    return path
