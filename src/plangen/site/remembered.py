"""One value kept in a file under a key, for a later build with the same key.

Shared by every cache that remembers a result rather than a file: the
before phase's results, the data files, the site files' digests.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path


class Remembered:
    """One value kept in the file ``path`` for ``key``: a later build with the same key takes it."""

    def __init__(self, path: Path, key: str):
        self.path = path
        self.key = key

    def get(self) -> object | None:
        """What :meth:`put` kept for this very key, or None."""
        try:
            with self.path.open("rb") as kept:
                key, value = pickle.load(kept)
        except Exception:  # noqa: BLE001 - none yet, unreadable, or made by other code: make it again
            return None
        return value if key == self.key else None

    def put(self, value: object) -> None:
        """Keep ``value`` for this key, whole or not at all (builds may run side by side)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        staging = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        staging.write_bytes(pickle.dumps((self.key, value), protocol=pickle.HIGHEST_PROTOCOL))
        staging.replace(self.path)
