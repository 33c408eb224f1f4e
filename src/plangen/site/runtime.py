"""Self-host the Pyodide runtime: copy its files, write a lock without
packages, and check that the browser's wheels hold what they need of each other.
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


def write_lock(package_dir: Path, out_dir: Path) -> Path:
    """Write ``pyodide-lock.json`` in ``out_dir``: the upstream lock's runtime
    information (ABI, Python version) and no packages.

    Pyodide reads a lock as it starts. The engine's files reach Python as a
    zip on ``sys.path`` (``enginezip``), not as packages; and a full upstream
    lock would let any unknown import fall back to a CDN.
    """
    upstream = json.loads((package_dir / "pyodide-lock.json").read_bytes())
    upstream["packages"] = {}
    path = out_dir / "pyodide-lock.json"
    text = json.dumps(upstream, indent=1, sort_keys=True)
    if not path.is_file() or path.read_text() != text:  # unchanged: its compressed copies stay valid
        path.unlink(missing_ok=True)  # an older build placed it as a link into a cache: never write through
        path.write_text(text)
    return path


def check_wheels_complete(package_dir: Path, wheels: list[Path], cache_dir: Path,
                          left_out: tuple[str, ...] = ()) -> None:
    """Raise ``LockError`` unless ``wheels`` hold every requirement of each
    other, as Pyodide would resolve them, except those in ``left_out`` (the
    engine's Jinja2 and Markdown, when every section template was compiled at
    build time). A set found complete is remembered in ``cache_dir`` by the
    wheels' bytes, so a warm build does not import the resolver.
    """
    upstream_text = (package_dir / "pyodide-lock.json").read_bytes()
    digest = hashlib.sha256(upstream_text)
    for wheel in wheels:
        digest.update(b"\0" + wheel.name.encode() + b"\0" + hashlib.sha256(wheel.read_bytes()).digest())
    digest.update(repr(sorted(left_out)).encode())
    checked = cache_dir / f"complete-{digest.hexdigest()[:16]}"
    if checked.is_file():
        return
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    upstream = json.loads(upstream_text)
    upstream["packages"] = {}
    # The resolver names each wheel by its path under one folder: the wheels come from several caches.
    common = Path(os.path.commonpath([wheel.resolve().parent for wheel in wheels]))
    spec = add_wheels_to_spec(PyodideLockSpec.from_dict(upstream), list(wheels), base_path=common,
                              ignore_missing_dependencies=True)
    left = {name.lower() for name in left_out}
    for package in spec.packages.values():
        missing = [name for name in package.depends if name not in spec.packages and name not in left]
        if missing:
            raise LockError(f"the browser's wheels lack {', '.join(missing)}, which {package.name} needs")
    checked.parent.mkdir(parents=True, exist_ok=True)
    checked.touch()
