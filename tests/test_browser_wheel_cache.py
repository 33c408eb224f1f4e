"""The browser's wheel of plangen is zipped once for the same files and the
same code; any edit to a module it carries gives a new wheel."""

import shutil
import zipfile
from pathlib import Path

import plangen
from plangen.site.wheel import build_wheel

PACKAGE = Path(plangen.__file__).parent


def _package_copy(root: Path) -> Path:
    copy = root / "plangen"
    copy.mkdir(parents=True)
    shutil.copy(PACKAGE / "__init__.py", copy / "__init__.py")
    shutil.copytree(PACKAGE / "engine", copy / "engine", ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_a_wheel_built_from_the_same_files_is_not_written_again(tmp_path):
    package = _package_copy(tmp_path)
    first = build_wheel(tmp_path / "wheels", package)
    made = first.stat()
    again = build_wheel(tmp_path / "wheels", package)
    assert again == first
    assert (again.stat().st_ino, again.stat().st_mtime_ns) == (made.st_ino, made.st_mtime_ns)


def test_a_module_edited_to_bytes_of_the_same_size_gives_a_new_wheel_with_them(tmp_path):
    package = _package_copy(tmp_path)
    first = build_wheel(tmp_path / "wheels", package)
    module = package / "engine" / "errors.py"
    text = module.read_text(encoding="utf-8")
    edited = text.replace("class ", "class_", 1)  # same size: only the bytes tell them apart
    assert len(edited) == len(text) and edited != text
    module.write_text(edited, encoding="utf-8")
    again = build_wheel(tmp_path / "wheels", package)
    assert again != first
    with zipfile.ZipFile(again) as archive:
        assert archive.read("plangen/engine/errors.py") == module.read_bytes()
