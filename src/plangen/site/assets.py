"""Write everything the quiz needs in the browser into one folder of the site.

Layout under ``out_dir`` (``site/assets/plangen`` in a MkDocs build)::

    content.<hash>.json       the validated content bundle (the engine's input)
    questions.<hash>.json     just the questions, for the page to show at once
    quiz.js, worker.js, ...   the page's ES modules and CSS
    engine-files.js           names this build's engine zip, for worker.js
    pyodide/                  runtime files, engine.<hash>.zip, a lock without packages
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from plangen.site.depwheels import PINS, ensure_dependency_wheels
from plangen.site.precompile import Precompiler
from plangen.site.enginezip import ENGINE_MODULE, engine_module, write_engine_zip
from plangen.site.runtime import check_wheels_complete, copy_runtime, place, write_lock
from plangen.site.stdlib_prune import kept, prune_key
from plangen.site.storedzip import stored_copy
from plangen.site.wheel import build_wheel

if TYPE_CHECKING:
    from plangen.engine.model import Content

WEB_DIR = Path(__file__).parents[1] / "web"  # plangen/web: the browser side


@dataclass(frozen=True)
class Assets:
    """Names of the written files, relative to the assets folder."""

    bundle: str
    questions: str
    engine_zip: str  # in the runtime folder


def _hashed(stem: str, text: bytes) -> tuple[str, bytes]:
    # Named by content hash, so a browser never pairs a cached old file with new code.
    return f"{stem}.{hashlib.sha256(text).hexdigest()[:12]}.json", text


def bundle_file(content: Content) -> tuple[str, bytes]:
    """The engine bundle's file name and bytes."""
    from plangen.engine import bundle  # only when the bundle is made: a warm build takes the last one

    return _hashed("content", bundle.dumps(content).encode("utf-8"))


def questions_file(content: Content) -> tuple[str, bytes]:
    """The questions file's name and bytes."""
    from plangen.engine import bundle

    text = json.dumps(bundle.questions_to_plain(content), ensure_ascii=False, separators=(",", ":"))
    return _hashed("questions", text.encode("utf-8"))


@dataclass(frozen=True)
class DataFiles:
    """The bundle and questions files of one build, serialised once: a page
    names them by hash before the site is written, and the same bytes land
    on disk."""

    bundle: tuple[str, bytes]
    questions: tuple[str, bytes]
    # Whether a section template was left to Jinja2 (`compile_sections`): only then does the
    # browser get Jinja2, MarkupSafe and Markdown.
    needs_templates: bool = True


def data_files(content: Content) -> DataFiles:
    """Serialise ``content`` into the files the browser fetches."""
    return DataFiles(bundle=bundle_file(content), questions=questions_file(content),
                     needs_templates=any(section.compiled is None for section in content.sections))


def write_assets(data: DataFiles, out_dir: Path, pyodide_package: Path, wheel_cache: Path,
                 precompile: bool = True) -> Assets:
    """Write the bundle, web files, runtime and the engine's zip; return their names.

    With ``precompile``, the standard library and every wheel carry bytecode
    compiled inside Pyodide (cached next to ``wheel_cache``), which makes the
    browser start several times faster.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [data.bundle, data.questions]
    for old in [*out_dir.glob("content.*.json"), *out_dir.glob("questions.*.json")]:
        old.unlink()
    for name, text in written:
        (out_dir / name).write_bytes(text)
    for source in sorted(WEB_DIR.iterdir()):
        if source.suffix in (".js", ".css"):
            shutil.copyfile(source, out_dir / source.name)
    runtime_dir = out_dir / "pyodide"
    copy_runtime(pyodide_package, runtime_dir)
    for old in runtime_dir.glob("*.whl"):  # served as wheels by plangen before the engine zip
        old.unlink()
    # The wheel's name carries a hash of its files, so one folder serves every build.
    wheels = [build_wheel(wheel_cache.parent / "plangen-wheels")]
    if data.needs_templates:
        wheels += ensure_dependency_wheels(wheel_cache)
    stdlib = pyodide_package / "python_stdlib.zip"
    if precompile:
        compiler = Precompiler(pyodide_package, wheel_cache.parent / "bytecode")
        stdlib = compiler.stdlib()
        wheels = compiler.wheels(wheels)
    # Stored, not deflated: the host's Brotli then does far better (storedzip);
    # the standard library without what the browser never imports (stdlib_prune).
    stored = wheel_cache.parent / "stored-zips"
    place(stored_copy(stdlib, stored, kept, prune_key()), runtime_dir / "python_stdlib.zip")
    check_wheels_complete(pyodide_package, wheels, wheel_cache.parent / "locks",
                          left_out=() if data.needs_templates else tuple(PINS))
    write_lock(pyodide_package, runtime_dir)
    engine = write_engine_zip(wheels, runtime_dir, wheel_cache.parent / "engine-zips")
    (out_dir / ENGINE_MODULE).write_text(engine_module(engine), encoding="utf-8")
    return Assets(bundle=written[0][0], questions=written[1][0], engine_zip=engine.name)
