"""Section template checks that passed, remembered between builds.

Checking a section's template (`template_lint.check_sections`) parses it and
renders it with neutral and sample answers: most of what the plugin adds to
a warm build. Its outcome depends only on the section (id, guide, template),
on the names and neutral words the questions and facts give (and, to be safe,
the plan's settings and the groups' words), and on the code
that checks and renders (plangen's engine, the checker, Jinja2, Markdown).
A key over all of these is remembered once a section passed, so the next
build skips it. A check that failed is never remembered: it reports again.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import jinja2
import markdown

import plangen.engine
from plangen.authoring.jsonfile import save_json
from plangen.engine.model import Content, Section
from plangen.engine.schema import to_plain

FILE_NAME = "template-checks.json"


@functools.cache
def _engine_stamp() -> bytes:
    # Once per process: the engine's code does not change under a running build, and several caches ask.
    digest = hashlib.sha256(f"{jinja2.__version__}\0{markdown.__version__}".encode())
    for path in sorted(Path(plangen.engine.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def code_stamp(module: str) -> bytes:
    """What a build-time step runs: the engine's modules, the authoring ``module`` (a file name next to
    this one), and the libraries' versions."""
    own = Path(__file__).with_name(module)
    return hashlib.sha256(_engine_stamp() + own.name.encode() + b"\0" + own.read_bytes()).digest()


class PassedChecks:
    """The keys of section checks that passed, read from and written to ``cache_dir``."""

    def __init__(self, cache_dir: Path, content: Content):
        self.path = cache_dir / FILE_NAME
        # Templates see answers and facts; the plan's settings and group words are cheap to include
        # in case they ever see more.
        context = json.dumps([to_plain(content.questions), to_plain(content.facts), repr(content.plan),
                              repr(content.group_about)], sort_keys=True, default=str)
        self._context = hashlib.sha256(code_stamp("template_lint.py") + context.encode()).hexdigest()
        try:
            self._known = set(json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            self._known = set()  # no cache yet, or an unreadable one: check everything
        self._passed: set[str] = set()

    def key(self, section: Section) -> str:
        text = json.dumps([self._context, section.id, section.guide, section.template])
        return hashlib.sha256(text.encode()).hexdigest()

    def known(self, section: Section) -> bool:
        """Whether this very check passed in an earlier build."""
        key = self.key(section)
        if key in self._known:
            self._passed.add(key)
            return True
        return False

    def passed(self, section: Section) -> None:
        self._passed.add(self.key(section))

    def save(self) -> None:
        """Keep this build's passes only, so the file does not grow with every edit."""
        if self._passed != self._known:
            save_json(self.path, sorted(self._passed))
