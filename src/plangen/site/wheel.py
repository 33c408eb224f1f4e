"""Build the browser's wheel of plangen from the current source.

The wheel holds `plangen/__init__.py` and the `plangen.engine` package,
whatever modules it has: what ships to the browser is decided by the folder,
not by a list. Build-time packages (`authoring`, `site`, `cli`) stay out. The wheel is
reproducible (fixed timestamps, sorted entries) and its version carries a
hash of its files, so a browser can never mix a cached old wheel with a new
lock file. A wheel already written for the same files by the same code is
used as it is: zipping it again cost a warm build some 10 ms.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
import zipfile
import zlib
from pathlib import Path

from plangen import __version__

BROWSER_PACKAGE = "engine"
RUNTIME_REQUIRES = ("jinja2", "markdown")
_EPOCH = (1980, 1, 1, 0, 0, 0)


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def browser_modules(package_dir: Path) -> list[str]:
    """Paths (relative to the plangen package) of every module the browser gets."""
    engine = sorted(p.relative_to(package_dir).as_posix() for p in (package_dir / BROWSER_PACKAGE).rglob("*.py"))
    return ["__init__.py", *engine]


def _maker() -> str:
    # All that decides the wheel's bytes besides its files (which its name carries): this module's
    # code, and the zipfile and zlib that write it.
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(f"{sys.version}\0{zlib.ZLIB_RUNTIME_VERSION}".encode())
    return digest.hexdigest()[:12]


def build_wheel(out_dir: Path, package_dir: Path | None = None) -> Path:
    """``plangen-<version>+<hash>-py3-none-any.whl`` in a folder of ``out_dir``
    named by the code that writes it; written only if not there yet."""
    package_dir = package_dir or Path(__file__).parents[1]
    files = {f"plangen/{name}": (package_dir / name).read_bytes() for name in browser_modules(package_dir)}
    source_hash = hashlib.sha256(b"".join(n.encode() + b"\0" + d for n, d in sorted(files.items()))).hexdigest()[:12]
    version = f"{__version__}+g{source_hash}"
    path = out_dir / _maker() / f"plangen-{version}-py3-none-any.whl"
    if path.is_file():
        return path
    dist_info = f"plangen-{version}.dist-info"
    metadata = "\n".join([
        "Metadata-Version: 2.1", "Name: plangen", f"Version: {version}",
        *(f"Requires-Dist: {req}" for req in RUNTIME_REQUIRES), "",
    ]).encode()
    wheel_meta = b"Wheel-Version: 1.0\nGenerator: plangen\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{dist_info}/METADATA"] = metadata
    files[f"{dist_info}/WHEEL"] = wheel_meta
    files[f"{dist_info}/top_level.txt"] = b"plangen\n"
    record_name = f"{dist_info}/RECORD"
    record = "\n".join([*(_record_line(n, d) for n, d in sorted(files.items())), f"{record_name},,", ""])
    files[record_name] = record.encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # builds may run side by side
    with zipfile.ZipFile(staging, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    staging.replace(path)
    return path
