"""The pruned lock file always describes the wheels the site serves, and the
runtime's version has one source of truth."""

import hashlib
import json
import zipfile

import pytest

from conftest import ROOT
from plangen.site.depwheels import PINS, ensure_dependency_wheels
from plangen.site.runtime import (
    INSTALL_RUNTIME, PYODIDE_VERSION, LockError, RuntimeMissingError, copy_runtime, write_lock,
)
from plangen.site.wheel import build_wheel

PYODIDE = ROOT / "node_modules/pyodide"


def _served_matches_lock(runtime_dir) -> None:
    lock = json.loads((runtime_dir / "pyodide-lock.json").read_text())
    for package in lock["packages"].values():
        served = (runtime_dir / package["file_name"]).read_bytes()
        assert package["sha256"] == hashlib.sha256(served).hexdigest(), package["file_name"]


def test_lock_cache_follows_wheel_bytes_not_names(tmp_path):
    # Precompiling adds bytecode to a wheel without renaming it: the case
    # where a lock cached by name went stale and the quiz broke.
    plain = build_wheel(tmp_path / "plain")
    compiled = tmp_path / "compiled" / plain.name
    compiled.parent.mkdir()
    compiled.write_bytes(plain.read_bytes())
    with zipfile.ZipFile(compiled, "a") as archive:
        archive.comment = b"same name, other bytes"
    assert plain.name == compiled.name and plain.read_bytes() != compiled.read_bytes()
    dependencies = ensure_dependency_wheels(ROOT / ".cache/browser-wheels")
    cache = tmp_path / "locks"
    for wheel in (plain, compiled, plain):
        out = tmp_path / "site" / "pyodide"
        out.mkdir(parents=True, exist_ok=True)
        write_lock(PYODIDE, out, [wheel, *dependencies], cache_dir=cache)
        assert (out / wheel.name).read_bytes() == wheel.read_bytes()
        _served_matches_lock(out)
    assert len(list(cache.iterdir())) == 2  # and the cache is still used


def test_a_lock_without_the_template_wheels_leaves_them_out_of_plangens_dependencies(tmp_path):
    wheel = build_wheel(tmp_path / "wheel")
    out = tmp_path / "pyodide"
    out.mkdir()
    write_lock(PYODIDE, out, [wheel], left_out=tuple(PINS))
    lock = json.loads((out / "pyodide-lock.json").read_text())
    assert {name: package["depends"] for name, package in lock["packages"].items()} == {"plangen": []}


def test_a_lock_missing_a_wheel_that_was_not_left_out_on_purpose_is_refused(tmp_path):
    wheel = build_wheel(tmp_path / "wheel")
    out = tmp_path / "pyodide"
    out.mkdir()
    with pytest.raises(LockError, match="lack jinja2, markdown, which plangen needs"):
        write_lock(PYODIDE, out, [wheel])


def test_package_json_pins_the_supported_pyodide():
    package = json.loads((ROOT / "package.json").read_text())
    assert package["dependencies"]["pyodide"] == PYODIDE_VERSION
    assert json.loads((PYODIDE / "package.json").read_text())["version"] == PYODIDE_VERSION


def test_missing_runtime_says_how_to_install_it_in_a_new_site(tmp_path):
    with pytest.raises(RuntimeMissingError) as error:
        copy_runtime(tmp_path / "node_modules/pyodide", tmp_path / "out")
    assert str(error.value) == (
        f"{tmp_path}/node_modules/pyodide: the npm package 'pyodide' is not installed "
        f"(run 'npm install pyodide@{PYODIDE_VERSION}' in the site's folder, next to mkdocs.yml)"
    )
    assert INSTALL_RUNTIME == f"npm install pyodide@{PYODIDE_VERSION}"
