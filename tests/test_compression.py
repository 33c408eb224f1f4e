"""Precompressed copies: the build writes them, they hold exactly the file,
and the project's server sends the one a request accepts."""

import gzip
import http.client
import json
import os
import time
import zipfile
from urllib.parse import urlsplit

import brotli
import pytest

from plangen.site.compress import ENCODINGS, QUICK_QUALITY, machine_read, precompress
from plangen.site.devserver import SiteServer, choose_encoding

TEXT = ("<!doctype html><title>t</title>" + "<p>the same words again and again</p>" * 200).encode()
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("small-site")
    (root / "index.html").write_bytes(TEXT)
    (root / "noise.js").write_bytes(os.urandom(4096))  # incompressible: no copy is smaller
    precompress(root)
    with SiteServer(root) as server:
        yield root, server


def _get(server, path: str, accept_encoding: str | None):
    url = urlsplit(server.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    headers = {} if accept_encoding is None else {"Accept-Encoding": accept_encoding}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.mark.parametrize("accept, sent", [
    ("gzip, deflate, br, zstd", "br"),  # what Chromium sends
    ("gzip", "gzip"),
    ("br;q=0, gzip", "gzip"),
    ("gzip;q=0.5, br;q=0.4", "gzip"),
    ("br;q=0, gzip;q=0", None),
    ("*;q=0, identity", None),
    (None, None),
])
def test_server_sends_the_encoding_the_request_accepts(small_site, accept, sent):
    root, server = small_site
    response, body = _get(server, "/", accept)
    assert response.status == 200
    assert response.getheader("Content-Encoding") == sent
    assert response.getheader("Content-Type").startswith("text/html")
    assert response.getheader("Vary") == "Accept-Encoding"
    assert int(response.getheader("Content-Length")) == len(body)
    assert (DECODE[sent](body) if sent else body) == TEXT
    if sent:
        assert len(body) < len(TEXT)


def test_choosing_ignores_codings_without_a_copy():
    assert choose_encoding("br, gzip", ["gzip"]) == "gzip"
    assert choose_encoding("br", ["gzip"]) is None
    assert choose_encoding("*", ["br", "gzip"]) == "br"


def test_no_copy_is_written_that_is_not_smaller(small_site):
    root, server = small_site
    assert not (root / "noise.js.br").exists() and not (root / "noise.js.gz").exists()
    response, body = _get(server, "/noise.js", "br, gzip")
    assert response.getheader("Content-Encoding") is None and response.getheader("Vary") is None
    assert body == (root / "noise.js").read_bytes()


def test_a_rebuild_with_a_cache_writes_copies_of_the_new_bytes(tmp_path):
    cache = tmp_path / "cache"
    page = tmp_path / "site" / "big.json"
    page.parent.mkdir()
    for words in (b"first ", b"second "):
        page.write_bytes(words * 20000)  # above the size that is cached
        precompress(page.parent, cache)
        assert brotli.decompress((page.parent / "big.json.br").read_bytes()) == page.read_bytes()
        assert gzip.decompress((page.parent / "big.json.gz").read_bytes()) == page.read_bytes()
    assert len([p for p in cache.rglob("*") if p.is_file()]) == 4  # two files' br and gz, keyed by their bytes


def test_a_file_changed_to_other_bytes_of_the_same_size_gets_copies_of_the_new_bytes(tmp_path):
    cache = tmp_path / "cache"
    for index, words in enumerate((b"first  ", b"second ")):  # same length: only the bytes tell them apart
        page = tmp_path / f"site-{index}" / "big.json"  # a fresh site folder, as every build has
        page.parent.mkdir()
        page.write_bytes(words * 20000)
        precompress(page.parent, cache)
        assert brotli.decompress((page.parent / "big.json.br").read_bytes()) == page.read_bytes()
        assert gzip.decompress((page.parent / "big.json.gz").read_bytes()) == page.read_bytes()


def test_a_copy_taken_from_the_cache_is_dated_by_this_build(tmp_path):
    cache = tmp_path / "cache"
    first = tmp_path / "first"
    first.mkdir()
    (first / "index.html").write_bytes(TEXT)
    precompress(first, cache)
    for entry in cache.rglob("*.*"):
        os.utime(entry, (946684800, 946684800))  # the cache's copies made long ago (2000-01-01)
    again = tmp_path / "again"
    again.mkdir()
    (again / "index.html").write_bytes(TEXT)
    started = time.time()
    precompress(again, cache)
    for suffix in (".br", ".gz"):
        assert (again / ("index.html" + suffix)).stat().st_mtime >= started - 2, suffix


def test_a_copy_the_generator_wrote_itself_is_never_shared_with_the_cache(tmp_path):
    cache = tmp_path / "cache"
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitemap.xml").write_bytes(TEXT)
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(TEXT))  # MkDocs writes its own
    precompress(site, cache)
    # A `--dirty` rebuild: MkDocs writes its sitemap.xml.gz again, in place.
    with open(site / "sitemap.xml.gz", "r+b") as written_again:
        written_again.write(b"not what the cache holds")
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "sitemap.xml").write_bytes(TEXT)
    precompress(fresh, cache)
    assert gzip.decompress((fresh / "sitemap.xml.gz").read_bytes()) == TEXT


def test_every_copy_in_the_built_site_decompresses_to_its_file(built_site):
    checked = 0
    for suffix, decode in ((".br", brotli.decompress), (".gz", gzip.decompress)):
        for copy in built_site.rglob("*" + suffix):
            original = copy.with_name(copy.name[: -len(suffix)])  # MkDocs's own sitemap.xml.gz too
            assert decode(copy.read_bytes()) == original.read_bytes(), copy
            checked += 1
    runtime = built_site / "assets/plangen/pyodide"
    engine = next(runtime.glob("engine.*.zip")).name
    for name in ("pyodide.asm.wasm", "pyodide.asm.mjs", "python_stdlib.zip", engine):
        assert (runtime / (name + ".br")).is_file(), name
    assert checked > 100


def test_served_zips_are_stored(built_site):
    runtime = built_site / "assets/plangen/pyodide"
    zips = [runtime / "python_stdlib.zip", *runtime.glob("engine.*.zip")]
    assert len(zips) == 2
    for path in zips:
        with zipfile.ZipFile(path) as archive:
            assert {entry.compress_type for entry in archive.infolist()} == {zipfile.ZIP_STORED}, path.name
            assert archive.testzip() is None


@pytest.mark.browser
def test_chromium_receives_the_runtime_wasm_as_brotli(browser, site_server, built_site):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site_server.url + "quiz/")
        wasm = "assets/plangen/pyodide/pyodide.asm.wasm"
        # A query of its own, so the response caught is this page's fetch, not the engine worker's
        # own download of the runtime, which starts as the page does.
        probe = wasm + "?probe=page"
        with page.expect_response(lambda r: r.url.endswith(probe)) as caught:
            size = page.evaluate("async (url) => (await (await fetch(url)).arrayBuffer()).byteLength",
                                 site_server.url + probe)
        headers = caught.value.all_headers()
        assert "br" in caught.value.request.all_headers()["accept-encoding"]
        assert headers["content-encoding"] == "br"
        assert int(headers["content-length"]) == (built_site / (wasm + ENCODINGS["br"])).stat().st_size
        assert size == (built_site / wasm).stat().st_size  # and Chromium decoded it
    finally:
        context.close()


RSS = (b'<?xml version="1.0" encoding="UTF-8" ?> <?xml-stylesheet type="text/xsl" href="rss.xsl"?>'
       b'<rss version="2.0"><channel><lastBuildDate>Sun, 06 Dec 2026 18:08:16 -0000</lastBuildDate>'
       + b"<item><title>a post</title><description>the same words again</description></item>" * 100
       + b"</channel></rss>")


def _written(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, head", [
    ("feed_rss_created.xml", RSS[:200]),
    ("atom.xml", b'<?xml version="1.0"?>\n<!-- made by a plugin -->\n<feed xmlns="http://www.w3.org/2005/Atom">'),
    ("sitemap.xml", b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/">'),
    ("feed_json_updated.json", b'{"version": "https://jsonfeed.org/version/1.1", "title": "t"}'),
])
def test_feeds_and_sitemaps_are_machine_read(tmp_path, name, head):
    assert machine_read(_written(tmp_path / name, head))


@pytest.mark.parametrize("name, head", [
    ("index.html", b"<!doctype html><p>Subscribe: <rss> feeds explained</p>"),
    ("search_index.json", b'{"config": {"lang": ["en"]}, "docs": [{"text": "<rss version>"}]}'),
    ("pyodide-lock.json", b'{"info": {"version": "0.29"}, "packages": {}}'),
    ("data.xml", b'<?xml version="1.0"?><plan><item>rss</item></plan>'),
])
def test_pages_and_other_data_are_not_taken_for_feeds(tmp_path, name, head):
    assert not machine_read(_written(tmp_path / name, head))


def test_a_feed_gets_a_quick_brotli_copy_of_its_bytes(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "feed_rss_created.xml").write_bytes(RSS)
    precompress(site, tmp_path / "cache")
    copy = (site / "feed_rss_created.xml.br").read_bytes()
    assert brotli.decompress(copy) == RSS
    assert copy == brotli.compress(RSS, quality=QUICK_QUALITY, lgwin=22)
    assert gzip.decompress((site / "feed_rss_created.xml.gz").read_bytes()) == RSS


def test_a_feed_leaves_nothing_in_the_cache(tmp_path):
    cache = tmp_path / "cache"
    site = tmp_path / "site"
    site.mkdir()
    (site / "feed_rss_created.xml").write_bytes(RSS)  # dated by the build: no later build has these bytes
    (site / "sitemap.xml").write_bytes(RSS.replace(b"<rss", b"<urlset").replace(b"</rss>", b"</urlset>"))
    (site / "sitemap.xml.gz").write_bytes(b"MkDocs's own")  # replaced, as any generator's copy is
    precompress(site, cache)
    assert not [path for path in cache.rglob("*") if path.is_file()]
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()


def test_a_runtime_file_left_alone_and_then_edited_to_the_same_size_gets_copies_of_the_new_bytes(tmp_path):
    cache = tmp_path / "cache"
    runtime = tmp_path / "node_modules" / "runtime.wasm"  # every build links it into a fresh site folder
    runtime.parent.mkdir()
    runtime.write_bytes(b"first  " * 20000)
    os.utime(runtime, (946684800, 946684800))  # installed long ago: its digest is remembered
    for index, words in enumerate((None, b"second ")):
        if words is not None:
            with open(runtime, "r+b") as edited:  # in place: the inode and size stay the same
                edited.write(words * 20000)
        site = tmp_path / f"site-{index}"
        site.mkdir()
        os.link(runtime, site / "runtime.wasm")
        precompress(site, cache)
        assert brotli.decompress((site / "runtime.wasm.br").read_bytes()) == runtime.read_bytes()
        assert gzip.decompress((site / "runtime.wasm.gz").read_bytes()) == runtime.read_bytes()


def test_links_and_what_a_linked_folder_holds_get_no_copies(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "page.html").write_bytes(TEXT)
    site = tmp_path / "site"
    (site / "own").mkdir(parents=True)
    (site / "own" / "index.html").write_bytes(TEXT)
    (site / "own" / "tiny.js").write_bytes(b"let x = 1;")  # below MIN_SIZE
    (site / "linked.html").symlink_to(elsewhere / "page.html")
    (site / "folder").symlink_to(elsewhere)
    assert [c.path for c in precompress(site, tmp_path / "cache")] == [site / "own" / "index.html"]
    assert sorted(p.name for p in elsewhere.iterdir()) == ["page.html"]
