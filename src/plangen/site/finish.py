"""After the generator has written the site: everything plangen adds to the
finished output folder, in an order where each step sees the final files of
the steps before it.

1. the bundle, questions file, web modules, runtime, engine zip and lock, and
   the engine's memory snapshot for returning readers;
2. with ``offline``, every page names the service worker and loads the module
   that registers it;
3. the service worker with its precache list (hashes of the final pages), or,
   with ``offline`` off, the worker that removes what readers kept;
4. ``_headers``: the CSP with the hash of each inline script of the final pages;
5. last, ``.br`` and ``.gz`` copies of every file worth compressing.

Knows nothing of any generator: the MkDocs plugin calls it from
``on_post_build``, the Zensical adapter after Zensical's build returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plangen.site.assets import Assets, DataFiles, write_assets
from plangen.site.compress import precompress
from plangen.site.headers import write_headers_file
from plangen.site.options import Options
from plangen.site.serviceworker import (
    page_url, with_registration, write_removal_worker, write_service_worker,
)
from plangen.site.snapshot import remove_snapshot, write_snapshot
from plangen.site.urls import relative_url

NOT_REGISTERED = ("404.html",)  # served for any path, so relative links in it would point anywhere


@dataclass(frozen=True)
class Finished:
    """What the after phase wrote."""

    assets: Assets
    compressed: int  # files given .br/.gz copies


def register_on_every_page(site_dir: Path, assets_dir: str) -> int:
    """Add the service worker's registration to every page; return how many."""
    assets = assets_dir.strip("/") + "/"
    count = 0
    for page in sorted(site_dir.rglob("*.html")):
        path = page.relative_to(site_dir).as_posix()
        if path in NOT_REGISTERED:
            continue
        url = page_url(path)
        html = page.read_text(encoding="utf-8")
        registered = with_registration(html, relative_url(assets, url).rstrip("/") + "/",
                                       relative_url(".", url).rstrip("/") + "/")
        if registered != html:
            page.write_text(registered, encoding="utf-8")
            count += 1
    return count


def finish(site_dir: Path, root: Path, options: Options, data: DataFiles, serving: bool = False,
           style_hashes: tuple[str, ...] = ()) -> Finished:
    """Write everything plangen adds to the built site in ``site_dir``.

    ``root`` is the site's folder (the runtime and caches are found from it);
    ``serving`` is a preview that rebuilds on change: no offline copy (a
    preview must show the latest edit) and no compressed copies (slow, and a
    preview server sends files as they are). ``style_hashes``: CSP sources
    for ``<style>`` elements the generator's theme adds from its script.
    """
    out_dir = site_dir / options.assets_dir
    cache = root / options.wheel_cache
    assets = write_assets(data, out_dir, root / options.pyodide_dir, cache, precompile=options.precompile)
    if options.snapshot and not serving:  # a preview rebuilds on every edit; its readers start the usual way
        write_snapshot(out_dir, out_dir / "pyodide", assets.bundle, cache.parent / "snapshots")
    else:
        remove_snapshot(out_dir)
    offline = options.offline and not serving
    if offline:
        register_on_every_page(site_dir, options.assets_dir)
        write_service_worker(site_dir, options.assets_dir, cache.parent / "service-worker")
    elif not serving:
        write_removal_worker(site_dir)  # readers who kept a copy drop it
    write_headers_file(site_dir, options.assets_dir, style_hashes)
    compressed = 0
    if options.precompress and not serving:  # last: every file is final now
        compressed = len(precompress(site_dir, cache.parent / "compressed"))
    return Finished(assets, compressed)
