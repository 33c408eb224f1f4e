"""``./dev setup`` leaves bytecode for plangen's own modules, checked against each source."""

import importlib.util
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "plangen"
CHECKED_HASH = 0b11  # the pyc header's flags: a hash of the source, checked on import


def _compiled_from(module: Path) -> bool:
    cached = Path(importlib.util.cache_from_source(str(module)))
    if not cached.is_file():
        return False
    header = cached.read_bytes()[:16]
    flags = int.from_bytes(header[4:8], "little")
    return flags == CHECKED_HASH and header[8:16] == importlib.util.source_hash(module.read_bytes())


def test_setup_leaves_bytecode_of_every_plangen_module_for_its_current_source():
    removed = PACKAGE / "site" / "finish.py"
    Path(importlib.util.cache_from_source(str(removed))).unlink(missing_ok=True)
    subprocess.run([str(ROOT / "dev"), "setup"], check=True, capture_output=True, timeout=600)
    modules = sorted(PACKAGE.rglob("*.py"))
    assert modules and [m for m in modules if not _compiled_from(m)] == []
