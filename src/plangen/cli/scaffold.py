"""``plangen new DIR``: write a small site that builds and whose quiz works.

The template files live in ``scaffold/`` next to this module (package data).
``package.json`` is written here rather than kept as a file, so the Pyodide
version it pins comes from the one constant the build checks against.
"""

from __future__ import annotations

import json
from pathlib import Path

from plangen.engine.errors import PlangenError
from plangen.site.runtime import PYODIDE_VERSION

TEMPLATE_DIR = Path(__file__).parent / "scaffold"
# Kept without the dot, since package data globs skip hidden files.
RENAMED = {"gitignore": ".gitignore"}


class ScaffoldError(PlangenError):
    """The target folder cannot take a new site."""


def package_json() -> str:
    """The site's npm manifest: the Pyodide runtime this plangen supports, exactly."""
    manifest = {
        "name": "plangen-site",
        "private": True,
        "description": "The Pyodide runtime this site serves itself.",
        "dependencies": {"pyodide": PYODIDE_VERSION},
    }
    return json.dumps(manifest, indent=2) + "\n"


def site_config(text: str, generator: str) -> str:
    """The template's ``mkdocs.yml`` for a site built with ``generator``: the
    same config for every generator, which `plangen build` reads the choice from."""
    if generator == "mkdocs":
        return text
    plugin = next(line for line in text.splitlines() if line.strip().startswith("- plangen"))
    indent = plugin[: len(plugin) - len(plugin.lstrip())]
    return text.replace(plugin, f"{indent}- plangen:       # the quiz and My plan pages, and the engine behind them\n"
                                f"{indent}    generator: {generator}   # what `plangen build` and `plangen serve` run")


def template_files(generator: str = "mkdocs") -> dict[str, bytes]:
    """``{relative path: bytes}`` of every file a new site gets."""
    files = {}
    for source in sorted(TEMPLATE_DIR.rglob("*")):
        if source.is_file() and "__pycache__" not in source.parts:
            relative = source.relative_to(TEMPLATE_DIR).as_posix()
            files[RENAMED.get(relative, relative)] = source.read_bytes()
    files["mkdocs.yml"] = site_config(files["mkdocs.yml"].decode(), generator).encode()
    files["package.json"] = package_json().encode()
    return files


def scaffold(target: Path, generator: str = "mkdocs") -> list[str]:
    """Write a new site into ``target`` (missing or empty) built with
    ``generator``; return the paths written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target}: not an empty folder; plangen new writes only into a new or empty one")
    written = []
    for relative, data in template_files(generator).items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(relative)
    return written
