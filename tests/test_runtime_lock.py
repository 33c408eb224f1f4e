"""The engine's zip always holds the wheels the browser needs, bytecode where
zipimport reads it, and a name that follows its bytes; the lock lists no
package; and the runtime's version has one source of truth."""

import base64
import hashlib
import json
import zipfile

import pytest

from conftest import ROOT
from plangen.site.depwheels import PINS, ensure_dependency_wheels
from plangen.site.enginezip import engine_module, write_engine_zip, zip_entry_name
from plangen.site.runtime import (
    INSTALL_RUNTIME, PYODIDE_VERSION, LockError, RuntimeMissingError, check_wheels_complete, copy_runtime,
    write_lock,
)
from plangen.site.wheel import build_wheel

PYODIDE = ROOT / "node_modules/pyodide"


def test_the_engine_zip_follows_wheel_bytes_not_names(tmp_path):
    # Precompiling adds bytecode to a wheel without renaming it: the case
    # where a file cached by wheel name went stale and the quiz broke.
    plain = build_wheel(tmp_path / "plain")
    compiled = tmp_path / "compiled" / plain.name
    compiled.parent.mkdir()
    compiled.write_bytes(plain.read_bytes())
    with zipfile.ZipFile(compiled, "a") as archive:
        archive.writestr("plangen/added.txt", "same name, other bytes")
    served = []
    for wheel in (plain, compiled, plain):
        out = tmp_path / "site" / "pyodide"
        out.mkdir(parents=True, exist_ok=True)
        engine = write_engine_zip([wheel], out, tmp_path / "cache")
        assert [path.name for path in out.glob("engine.*.zip")] == [engine.name]  # the older one is gone
        names = zipfile.ZipFile(out / engine.name).namelist()
        assert ("plangen/added.txt" in names) == (wheel == compiled)
        served.append(engine.name)
    assert served[0] == served[2] != served[1]
    assert len(list((tmp_path / "cache").iterdir())) == 2  # and the cache is used


def test_the_engine_zips_name_and_integrity_are_its_bytes_hashes(tmp_path):
    engine = write_engine_zip([build_wheel(tmp_path / "wheel")], tmp_path, tmp_path / "cache")
    data = (tmp_path / engine.name).read_bytes()
    assert engine.name == f"engine.{hashlib.sha256(data).hexdigest()[:12]}.zip"
    assert engine.integrity == "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()
    module = engine_module(engine)
    assert f'export const ENGINE_ZIP = "pyodide/{engine.name}";' in module
    assert f'export const ENGINE_ZIP_INTEGRITY = "{engine.integrity}";' in module


def test_the_engine_zip_holds_every_wheels_files_stored_but_no_metadata(tmp_path):
    wheels = [build_wheel(tmp_path / "wheel"), *ensure_dependency_wheels(ROOT / ".cache/browser-wheels")]
    engine = write_engine_zip(wheels, tmp_path, tmp_path / "cache")
    with zipfile.ZipFile(tmp_path / engine.name) as archive:
        names = set(archive.namelist())
        assert {entry.compress_type for entry in archive.infolist()} == {zipfile.ZIP_STORED}
    for wheel in wheels:
        files = {zip_entry_name(name) for name in zipfile.ZipFile(wheel).namelist() if not name.endswith("/")}
        assert {name for name in files if ".dist-info/" not in name} <= names
    assert {"plangen/engine/planner.py", "jinja2/__init__.py", "markdown/__init__.py"} <= names
    # Read from a zip, a distribution's metadata needs the email package, which the browser lacks.
    assert [name for name in names if ".dist-info/" in name] == []


@pytest.mark.parametrize(("entry", "placed"), [
    ("plangen/engine/__pycache__/planner.cpython-314.pyc", "plangen/engine/planner.pyc"),
    ("plangen/__pycache__/__init__.cpython-314.pyc", "plangen/__init__.pyc"),
    ("__pycache__/six.cpython-314.pyc", "six.pyc"),
    ("plangen/engine/planner.py", "plangen/engine/planner.py"),
    ("plangen-0.1.dist-info/RECORD", "plangen-0.1.dist-info/RECORD"),
])
def test_bytecode_goes_beside_its_module_where_zipimport_reads_it(entry, placed):
    assert zip_entry_name(entry) == placed


def test_the_lock_keeps_the_runtimes_information_and_lists_no_package(tmp_path):
    lock = json.loads(write_lock(PYODIDE, tmp_path).read_text())
    upstream = json.loads((PYODIDE / "pyodide-lock.json").read_text())
    assert lock["packages"] == {}
    assert lock["info"] == upstream["info"]


def test_wheels_without_the_template_libraries_pass_when_those_are_left_out_on_purpose(tmp_path):
    check_wheels_complete(PYODIDE, [build_wheel(tmp_path / "wheel")], tmp_path / "checked", left_out=tuple(PINS))


def test_wheels_missing_one_that_was_not_left_out_on_purpose_are_refused(tmp_path):
    with pytest.raises(LockError, match="lack jinja2, markdown, which plangen needs"):
        check_wheels_complete(PYODIDE, [build_wheel(tmp_path / "wheel")], tmp_path / "checked")


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
