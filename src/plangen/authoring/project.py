"""Where a site's content lives."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """Where a site's content lives, relative to ``root``."""

    root: Path
    quiz_dir: str = "quiz"
    docs_dir: str = "docs"
    guides_dir: str = "guides"

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
