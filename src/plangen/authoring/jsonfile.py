"""Writing a cache file so that no reader ever sees half of it."""

from __future__ import annotations

import json
import os
from pathlib import Path


def save_json(path: Path, value: object) -> None:
    """Write ``value`` to ``path`` whole or not at all (builds may run side by side)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    staging.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    staging.replace(path)
