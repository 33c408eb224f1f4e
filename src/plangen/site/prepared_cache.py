"""The before phase's results, remembered for a build whose inputs did not change.

Loading the content reads and checks every YAML file and guide, and the
guide pages' texts and the question count come from it; a warm build did
all of that, and imported the modules that do it, to get what the last
build already had. What comes out depends only on the bytes of
``questions.yaml``, ``rules.yaml`` and the guides, on the folders they are
read from, and on the code (plangen's own, Jinja2, Markdown, PyYAML). A key
over all of them names the one result kept; any change to any of them
misses, so the content is loaded and checked again, and a mistake reports
``path:line: message`` as always. Only a load that succeeded is kept.

The bundle and questions files are kept the same way, under that key and
the URLs the generator gave the pages (the bundle links to them).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import jinja2
import markdown
import yaml

import plangen
from plangen.authoring.project import Project

FILE_NAME = "prepared.pickle"
DATA_FILE_NAME = "data-files.pickle"  # the bundle and questions files, for the same inputs and page URLs


def input_files(project: Project) -> list[Path]:
    """Every file the content is loaded from (`load_content` reads these and nothing else)."""
    quiz = project.root / project.quiz_dir
    guides = project.root / project.docs_dir / project.guides_dir
    return [quiz / "questions.yaml", quiz / "rules.yaml", *sorted(guides.glob("*.md"))]


def _code_stamp() -> bytes:
    # Each module by its size and mtime: what Python's own bytecode cache trusts to tell an edited
    # module, so no edit this misses would be running anyway. Reading every module cost more.
    digest = hashlib.sha256(
        f"{plangen.__version__}\0{jinja2.__version__}\0{markdown.__version__}\0{yaml.__version__}".encode())
    # Walked as strings: pathlib's rglob and relative_to took some 15 ms here, every build.
    package = os.path.dirname(plangen.__file__)
    modules = sorted(os.path.join(folder, name)[len(package) + 1:].replace(os.sep, "/")
                     for folder, _, names in os.walk(package) for name in names if name.endswith(".py"))
    for module in modules:
        stat = os.stat(os.path.join(package, module))
        digest.update(f"{module}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.digest()


def input_key(project: Project) -> str:
    """A name for everything the before phase's results depend on."""
    digest = hashlib.sha256(_code_stamp())
    digest.update(repr((project.quiz_dir, project.docs_dir, project.guides_dir)).encode())
    for path in input_files(project):
        data = path.read_bytes() if path.is_file() else None
        digest.update(b"\0" + project.display(path).encode() + b"\0")
        digest.update(b"missing" if data is None else hashlib.sha256(data).digest())
    return digest.hexdigest()
