"""Section bodies as the public guide pages show them, remembered between builds.

A guide page shows each section's template rendered with neutral words
("your target role"). Compiling a template with Jinja2 takes milliseconds,
and a site has a hundred sections or more: in a warm build that was the
largest share of plangen's time between reading the content and writing
the site. The rendered text depends only on the template, the neutral
context it is rendered with, and the code that renders it (plangen's
engine, Jinja2), so a text is remembered under a key over all three and
rendered again the moment any of them changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from plangen.authoring.check_cache import code_stamp
from plangen.authoring.jsonfile import save_json
from plangen.engine.templates import render_text


class NeutralTexts:
    """Neutral renderings of section templates, read from and written to ``cache_dir`` (None: no cache)."""

    FILE_NAME = "neutral-sections.json"

    def __init__(self, cache_dir: Path | None, context: Mapping[str, object]):
        self.context = context
        self.path = cache_dir / self.FILE_NAME if cache_dir is not None else None
        try:
            # Only plain values make a key that names the context exactly; anything else is not cached.
            shown = json.dumps(context, sort_keys=True, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError):
            self.path = None
        self._known: dict[str, str] = {}
        self._used: dict[str, str] = {}
        if self.path is None:
            return
        self._stamp = hashlib.sha256(code_stamp("neutral_texts.py") + shown.encode()).hexdigest()
        try:
            known = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(known, dict) and all(isinstance(text, str) for text in known.values()):
                self._known = known
        except (OSError, ValueError):
            pass  # no cache yet, or an unreadable one: render everything

    def text(self, template: str) -> str:
        """``template`` rendered with the neutral context: remembered, or rendered now."""
        if self.path is None:
            return render_text(template, self.context)
        key = hashlib.sha256(f"{self._stamp}\0{template}".encode()).hexdigest()
        text = self._known.get(key)
        if text is None:
            text = render_text(template, self.context)
        self._used[key] = text
        return text

    def save(self) -> None:
        """Keep this build's texts only, so the file does not grow with every edit."""
        if self.path is not None and self._used != self._known:
            save_json(self.path, self._used)
