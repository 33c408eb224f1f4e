"""The same content gives the same plangen files whichever generator builds
the site: MkDocs (the session's ``built_site``), ProperDocs and Zensical
(both through ``plangen build --generator``)."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from plangen.site.headers import headers_for, inline_script_hashes, read_headers_file
from plangen.site.runtime import RUNTIME_FILES

ASSETS = "assets/plangen"


@pytest.fixture(params=["properdocs", "zensical"])
def other_site(request) -> Path:
    """A build of this site by a generator other than MkDocs."""
    return request.getfixturevalue(f"{request.param}_site")


def _digests(site: Path, pattern: str) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.glob(pattern)) if path.is_file() and path.suffix not in (".br", ".gz")}


@pytest.mark.parametrize("pattern", [
    f"{ASSETS}/content.*.json",   # the bundle
    f"{ASSETS}/questions.*.json",
    f"{ASSETS}/*.js",             # the page's modules and the worker
    f"{ASSETS}/*.css",
    f"{ASSETS}/pyodide/engine.*.zip",  # the engine's Python files (and its dependencies')
    f"{ASSETS}/pyodide/pyodide-lock.json",
])
def test_plangen_files_have_the_same_names_and_bytes(built_site, other_site, pattern):
    mkdocs = _digests(built_site, pattern)
    assert mkdocs, f"the MkDocs build has no {pattern}"
    assert _digests(other_site, pattern) == mkdocs


def test_the_runtime_files_are_the_same_bytes(built_site, other_site):
    for name in RUNTIME_FILES:
        path = f"{ASSETS}/pyodide/{name}"
        assert _digests(other_site, path) == _digests(built_site, path), name


class _PlangenElements(HTMLParser):
    """The attributes of each element whose id starts with ``plangen``."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if (values.get("id") or "").startswith("plangen"):
            self.found[values["id"]] = values


def _plangen_elements(page: Path) -> dict[str, dict[str, str | None]]:
    parser = _PlangenElements()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


@pytest.mark.parametrize("page", ["quiz/index.html", "my-plan/index.html"])
def test_the_quiz_and_my_plan_pages_carry_the_same_data_attributes(built_site, other_site, page):
    mkdocs = _plangen_elements(built_site / page)
    assert {"plangen", "plangen-myplan"} & set(mkdocs)
    assert _plangen_elements(other_site / page) == mkdocs


def test_each_build_s_policy_allows_every_inline_script_of_its_own_pages(other_site):
    policy = headers_for(read_headers_file(other_site), "/")["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.split()[0] == "script-src").split()
    hashes = inline_script_hashes(other_site)
    assert hashes, "the theme writes inline scripts: the policy must name them"
    assert set(hashes) <= set(script_src)
