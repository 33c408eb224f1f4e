"""Every page of an offline site carries the service worker's registration
once: the MkDocs plugin adds it as each page is written, and the after phase
reads again only the pages it was not given or that changed since."""

import pathlib

from plangen.site.registration import register_on_every_page, registered
from plangen.site.serviceworker import REGISTER_MODULE

ASSETS = "assets/plangen"
PAGE = "<!doctype html><html><head><title>t</title></head><body><p>words</p></body></html>"


def _site(tmp_path, html: str = PAGE) -> pathlib.Path:
    page = tmp_path / "guides" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(html, encoding="utf-8")
    return page


def test_registration_is_added_once():
    once = registered(PAGE, "guides/a/index.html", ASSETS)
    assert once != PAGE and once.count(REGISTER_MODULE) == 1
    assert registered(once, "guides/a/index.html", ASSETS) == once


def test_a_page_registered_as_it_was_written_is_not_read_again(tmp_path, monkeypatch):
    html = registered(PAGE, "guides/a/index.html", ASSETS)
    page = _site(tmp_path, html)
    real = pathlib.Path.read_text

    def refuse(path, *args, **kwargs):
        assert path != page, "read a page that was registered as it was written"
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "read_text", refuse)
    assert register_on_every_page(tmp_path, ASSETS, {"guides/a/index.html": len(html.encode())}) == 0


def test_a_page_written_again_after_it_was_registered_gets_the_registration(tmp_path):
    html = registered(PAGE, "guides/a/index.html", ASSETS)
    page = _site(tmp_path, PAGE)  # another plugin wrote the page afresh after MkDocs did
    assert register_on_every_page(tmp_path, ASSETS, {"guides/a/index.html": len(html.encode())}) == 1
    assert page.read_text(encoding="utf-8") == html


def test_a_page_the_generator_was_not_seen_writing_gets_the_registration(tmp_path):
    page = _site(tmp_path)
    (tmp_path / "404.html").write_text(PAGE, encoding="utf-8")
    assert register_on_every_page(tmp_path, ASSETS) == 1
    assert page.read_text(encoding="utf-8") == registered(PAGE, "guides/a/index.html", ASSETS)
    assert (tmp_path / "404.html").read_text(encoding="utf-8") == PAGE


def test_every_built_page_but_404_carries_the_registration_once(built_site):
    pages = {path.relative_to(built_site).as_posix(): path.read_text(encoding="utf-8")
             for path in built_site.rglob("*.html")}
    assert pages["404.html"].count(REGISTER_MODULE) == 0
    counts = {path: html.count(REGISTER_MODULE) for path, html in pages.items() if path != "404.html"}
    assert len(counts) > 40 and set(counts.values()) == {1}
