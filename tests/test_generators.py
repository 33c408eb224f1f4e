"""`plangen build` with each generator: which one runs, what plangen refuses
for the privacy promise on every generator, and the small generator-free
parts (URLs, options, the site config) the adapters share."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from mkdocs.utils import get_relative_url

from conftest import FIXTURES, ROOT, plangen_build
from polling import until
from plangen.cli.scaffold import template_files
from plangen.site.options import Options, OptionsError, options_from_mapping
from plangen.site.siteconfig import site_options
from plangen.site.urls import page_url, relative_url


# --- URLs as MkDocs writes them, without MkDocs ---------------------------------------------

@pytest.mark.parametrize("target, page", [
    ("assets/plangen/", "quiz/"), ("assets/plangen/", ""), ("assets/plangen/", "./"), (".", "quiz/"),
    (".", ""), ("quiz/", "quiz/"), ("my-plan/", "quiz/"), ("quiz/", "blog/2026/07/01/post/"),
    ("assets/plangen/", "guides/a.html"), ("quiz.html", "guides/a.html"), ("x/", "a/b/../c/"),
])
def test_relative_url_agrees_with_mkdocs(target, page):
    assert relative_url(target, page) == get_relative_url(target, page)


def test_page_url_gives_directory_urls_or_html_files():
    assert [page_url(p) for p in ("index.md", "guides/index.md", "guides/a.md")] == ["", "guides/", "guides/a/"]
    assert page_url("guides/a.md", directory_urls=False) == "guides/a.html"


# --- options, declared once ----------------------------------------------------------------------

def test_options_from_the_config_are_checked_like_the_plugin_checks_them():
    assert options_from_mapping({"offline": False, "generator": "zensical"}) == Options(offline=False,
                                                                                      generator="zensical")
    with pytest.raises(OptionsError, match=r"^mkdocs.yml: unknown plangen option 'ofline' \(known: quiz_dir,"):
        options_from_mapping({"ofline": False})
    with pytest.raises(OptionsError, match=r"^mkdocs.yml: plangen option 'offline' must be a bool, not 'no'$"):
        options_from_mapping({"offline": "no"})
    with pytest.raises(OptionsError, match=r"unknown generator 'hugo' \(choose one of mkdocs, properdocs, zensical\)"):
        options_from_mapping({"generator": "hugo"})


def test_the_site_config_s_env_tags_are_read_as_mkdocs_reads_them(monkeypatch):
    monkeypatch.setenv("PLANGEN_PYODIDE_DIR", "/elsewhere/pyodide")
    monkeypatch.delenv("PLANGEN_WHEEL_CACHE", raising=False)
    options = site_options(FIXTURES / "basic/mkdocs.yml")
    assert (options.pyodide_dir, options.wheel_cache) == ("/elsewhere/pyodide", ".cache/browser-wheels")


def test_a_site_scaffolded_for_zensical_says_so_in_its_config(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_bytes(template_files("zensical")["mkdocs.yml"])
    assert site_options(config).generator == "zensical"
    config.write_bytes(template_files("mkdocs")["mkdocs.yml"])
    assert site_options(config).generator == "mkdocs"


# --- which generator runs --------------------------------------------------------------------------

def _fixture_copy(tmp_path: Path, plugin_options: str = "", edit=None) -> Path:
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "basic", project)
    config = project / "mkdocs.yml"
    text = config.read_text().replace("  - plangen:\n", "  - plangen:\n" + plugin_options)
    config.write_text(edit(text) if edit else text)
    return config


def test_the_site_s_generator_option_picks_zensical_and_the_site_gets_plangen_s_files(tmp_path):
    config = _fixture_copy(tmp_path, "      generator: zensical\n")
    out = tmp_path / "out"
    result = plangen_build(out, None, config)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"plangen: built {out} with zensical in" in result.stdout
    for path in ("quiz/index.html", "my-plan/index.html", "sw.js", "_headers", "assets/plangen/pyodide/pyodide-lock.json"):
        assert (out / path).is_file(), path
    assert '<div id="plangen" class="plangen"' in (out / "quiz/index.html").read_text()


# --- the privacy promise on every generator -------------------------------------------------------

def test_zensical_s_offline_plugin_is_refused_with_what_to_write_instead(tmp_path):
    config = _fixture_copy(tmp_path, edit=lambda text: text.replace("plugins:\n", "plugins:\n  - offline\n"))
    result = plangen_build(tmp_path / "out", "zensical", config, strict=False)
    assert result.returncode == 1
    assert result.stderr == (
        "error: mkdocs.yml: the 'offline' plugin makes Zensical add a script from a CDN (iframe-worker) to every "
        "page; remove 'offline' from 'plugins:'; plangen's service worker already keeps the whole site for use "
        "offline (plangen option 'offline', on by default)\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("generator", ["mkdocs", "zensical"])
def test_a_script_from_another_host_is_refused(tmp_path, generator):
    config = _fixture_copy(tmp_path, edit=lambda text: text + "extra_javascript:\n  - https://cdn.example/x.js\n")
    result = plangen_build(tmp_path / "out", generator, config, strict=False)
    assert result.returncode == 1
    assert ("mkdocs.yml: 'extra_javascript' loads the script https://cdn.example/x.js from another host on every "
            "page; put a copy in docs_dir and name that instead") in result.stderr
    assert "Traceback" not in result.stderr


def test_zensical_strict_build_fails_where_the_theme_would_load_web_fonts(tmp_path):
    config = _fixture_copy(tmp_path, edit=lambda text: text.replace("  font: false\n", ""))
    result = plangen_build(tmp_path / "out", "zensical", config)
    assert result.returncode == 1
    assert ("WARNING  -  plangen: mkdocs.yml: the theme loads web fonts from another host on every page; "
            "write 'font: false' under 'theme:' (theme: font: false)") in result.stderr
    assert "error: aborted with 1 warning(s) in strict mode" in result.stderr
    assert not (tmp_path / "out").exists()


# --- the preview ------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _page_text(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None  # not serving yet


def test_zensical_preview_serves_the_site_and_rebuilds_when_a_page_changes(tmp_path):
    config = _fixture_copy(tmp_path)
    port = _free_port()
    env = {**os.environ, "PLANGEN_PYODIDE_DIR": str(ROOT / "node_modules/pyodide"),
           "PLANGEN_WHEEL_CACHE": str(ROOT / ".cache/browser-wheels")}
    server = subprocess.Popen([sys.executable, "-m", "plangen.cli.main", "--root", str(config.parent), "serve",
                               "--generator", "zensical", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        quiz = until(lambda: _page_text(url + "quiz/"), 300, "quiz page")
        assert '<div id="plangen" class="plangen"' in quiz
        assert "sw.js" not in quiz  # a preview never keeps an offline copy of itself
        home = config.parent / "docs/index.md"
        home.write_text(home.read_text() + "\nA sentence written after the preview started.\n")
        until(lambda: "written after the preview started" in (_page_text(url) or ""), 300, "rebuilt home page")
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_a_plugin_generator_without_plangen_among_its_plugins_is_refused(tmp_path):
    config = _fixture_copy(tmp_path, edit=lambda text: text.split("plugins:\n")[0])
    result = plangen_build(tmp_path / "out", "properdocs", config)
    assert result.returncode == 1
    assert result.stderr == ("error: mkdocs.yml: properdocs runs plangen as a plugin, but 'plangen' is not among "
                             "'plugins:'; add '- plangen' there\n")


# --- the core knows no generator ------------------------------------------------------------------

_CORE_PROBE = """
import json, sys
import plangen.site.prepare, plangen.site.finish, plangen.site.generators, plangen.cli.main
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in ("mkdocs", "properdocs", "zensical"))))
"""


def test_the_two_phases_and_the_command_line_load_no_generator():
    import json

    out = subprocess.run([sys.executable, "-c", _CORE_PROBE], check=True, capture_output=True, text=True).stdout
    assert json.loads(out) == []


def test_plangen_options_are_found_in_the_config_a_site_inherits(tmp_path):
    (tmp_path / "base.yml").write_text("site_name: s\nplugins:\n  - plangen:\n      generator: zensical\n")
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\ntheme:\n  name: material\n")
    assert site_options(tmp_path / "mkdocs.yml").generator == "zensical"


@pytest.mark.parametrize("quiz_search", [False, True])
def test_on_zensical_the_quiz_page_header_keeps_search_only_when_asked(tmp_path, quiz_search):
    config = _fixture_copy(tmp_path, f"      quiz_search: {str(quiz_search).lower()}\n",
                           edit=lambda text: text.replace("plugins:\n", "plugins:\n  - search\n", 1))
    result = plangen_build(tmp_path / "out", "zensical", config)
    assert result.returncode == 0, result.stdout + result.stderr
    quiz = (tmp_path / "out/quiz/index.html").read_text()
    # Zensical fetches the index and starts its worker only for a page with the search component.
    assert ('data-md-component="search"' in quiz) is quiz_search
    assert 'class="md-header__title"' in quiz  # the rest of the header is there
    assert 'data-md-component="search"' in (tmp_path / "out/my-plan/index.html").read_text()
