"""The precache list remembers what each page loads between builds, by the page's bytes, and never lists
what a page used to load."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from plangen.site import serviceworker
from plangen.site.serviceworker import PageLoads, precache_entries

PAGE = '<!doctype html><html><head><script src="{name}"></script></head><body><p>words</p></body></html>'


def _site(root: Path, script: str) -> Path:
    """A finished site of one page that loads ``script`` (both a.js and b.js exist)."""
    runtime = root / "assets" / "plangen" / "pyodide"
    runtime.mkdir(parents=True, exist_ok=True)
    (runtime / "pyodide-lock.json").write_text(json.dumps({"packages": {}}))
    for name in ("a.js", "b.js"):
        (root / name).write_text(f"// {name}\n")
    (root / "index.html").write_text(PAGE.format(name=script))
    return root


def _listed(site: Path, cache: Path | None) -> dict[str, str]:
    return {entry.url: entry.sha256 for entry in precache_entries(site, cache_dir=cache)}


def test_a_warm_list_reads_no_page_again_and_is_the_same_list(tmp_path, monkeypatch):
    site = _site(tmp_path / "site", "a.js")
    first = _listed(site, tmp_path / "cache")

    def no_reading(html):
        raise AssertionError("page read again")

    monkeypatch.setattr(serviceworker, "written_loads", no_reading)
    assert _listed(site, tmp_path / "cache") == first
    assert "a.js" in first and "b.js" not in first


def test_a_page_changed_to_bytes_of_the_same_size_lists_what_it_loads_now(tmp_path):
    cache = tmp_path / "cache"
    old = _site(tmp_path / "old", "a.js")
    assert "a.js" in _listed(old, cache)
    new = _site(tmp_path / "new", "b.js")  # same name, same size, other bytes
    assert (new / "index.html").stat().st_size == (old / "index.html").stat().st_size
    listed = _listed(new, cache)
    assert "b.js" in listed and "a.js" not in listed
    assert listed[""] == hashlib.sha256((new / "index.html").read_bytes()).hexdigest()[:16]


def test_the_list_is_the_same_with_and_without_remembered_loads(tmp_path):
    site = _site(tmp_path / "site", "a.js")
    _listed(site, tmp_path / "cache")
    assert _listed(site, tmp_path / "cache") == _listed(site, None)


def _kept(tmp_path: Path, text: str) -> Path:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / PageLoads.FILE_NAME).write_text(text)
    return cache


def test_an_unreadable_cache_means_every_page_is_read(tmp_path):
    site = _site(tmp_path / "site", "a.js")
    listed = _listed(site, _kept(tmp_path, "not json"))
    assert "a.js" in listed and "b.js" not in listed


def test_what_other_code_remembered_is_not_used(tmp_path):
    site = _site(tmp_path / "site", "a.js")
    digest = hashlib.sha256((site / "index.html").read_bytes()).hexdigest()
    cache = _kept(tmp_path, json.dumps({"code": "another version", "pages": {digest: ["b.js"]}}))
    listed = _listed(site, cache)
    assert "a.js" in listed and "b.js" not in listed
