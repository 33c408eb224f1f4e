"""The package's layout says where code runs: `plangen.engine` ships to the
browser and loads nothing that only exists at build time."""

import json
import subprocess
import sys

from conftest import ROOT

PACKAGE = ROOT / "src/plangen"
BUILD_TIME = ("plangen.authoring", "plangen.site", "plangen.cli", "yaml", "mkdocs", "click", "pyodide_lock")

# Run in a fresh interpreter, so nothing imported by pytest or conftest counts.
_PROBE = """
import json, sys
before = set(sys.modules)
import plangen.engine.worker as worker
worker.warm_up()
import plangen.engine.templates  # the path of a section left to Jinja2 (no content is loaded here)
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def _modules_loaded_by_the_worker() -> list[str]:
    out = subprocess.run([sys.executable, "-c", _PROBE], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def test_the_workers_entry_point_loads_no_build_time_module():
    loaded = _modules_loaded_by_the_worker()
    offenders = [name for name in loaded if name.startswith(BUILD_TIME)]
    assert offenders == []


def test_the_import_guard_sees_what_the_worker_loads():
    # The probe must be able to fail: it does see the engine's own modules.
    loaded = _modules_loaded_by_the_worker()
    assert "plangen.engine.planner" in loaded and "jinja2" in loaded


def test_engine_modules_import_nothing_from_build_time_packages():
    offenders = []
    for path in sorted((PACKAGE / "engine").rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            words = line.split()
            if words[:1] in (["import"], ["from"]) and len(words) > 1 and words[1].startswith(BUILD_TIME):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_only_the_plugin_module_imports_mkdocs():
    importers = sorted(
        path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
        if any(line.split()[:2] in (["import", "mkdocs"], ["from", "mkdocs"]) or line.startswith(("from mkdocs.", "import mkdocs."))
               for line in path.read_text().splitlines() if line.strip())
    )
    assert importers == ["site/plugin.py"]


def test_every_package_says_where_it_runs():
    for package in ("engine", "authoring", "site", "cli"):
        doc = (PACKAGE / package / "__init__.py").read_text()
        assert doc.startswith('"""') and ("browser" in doc or "build time" in doc.lower()), package


def test_readme_content_language_table_is_the_schema():
    from plangen.authoring.schema_doc import content_language_table

    readme = (ROOT / "README.md").read_text()
    assert content_language_table() in readme, "regenerate with: python -m plangen.authoring.schema_doc"


def test_every_authored_key_has_a_row_in_the_table():
    from plangen.authoring.schema_doc import KINDS, content_language_table
    from plangen.engine.schema import authored_keys

    table = content_language_table()
    for where, kind in KINDS:
        for name in authored_keys(kind):
            assert f"| {where} | `{name}` |" in table


def test_readme_module_table_names_every_browser_module():
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("| module | job |"):readme.index("## The worker protocol")]
    for path in sorted((PACKAGE / "web").glob("*.js")):
        assert f"`web/{path.name}`" in table, f"README: add web/{path.name} to the module table"
