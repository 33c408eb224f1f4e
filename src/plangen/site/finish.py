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

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from plangen.site.assets import Assets, DataFiles, write_assets
from plangen.site.compress import precompress
from plangen.site.headers import write_headers_file
from plangen.site.options import Options
from plangen.site.registration import register_on_every_page
from plangen.site.serviceworker import write_removal_worker, write_service_worker
from plangen.site.snapshot import remove_snapshot, write_snapshot


@dataclass(frozen=True)
class Finished:
    """What the after phase wrote."""

    assets: Assets
    compressed: int  # files given .br/.gz copies


def finish(site_dir: Path, root: Path, options: Options, data: DataFiles, serving: bool = False,
           style_hashes: tuple[str, ...] = (), registered: Mapping[str, int] | None = None) -> Finished:
    """Write everything plangen adds to the built site in ``site_dir``.

    ``root`` is the site's folder (the runtime and caches are found from it);
    ``serving`` is a preview that rebuilds on change: no offline copy (a
    preview must show the latest edit) and no compressed copies (slow, and a
    preview server sends files as they are). ``style_hashes``: CSP sources
    for ``<style>`` elements the generator's theme adds from its script.
    ``registered``: pages the generator wrote with the service worker's
    registration already (``registration``), by path, with their sizes.
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
        register_on_every_page(site_dir, options.assets_dir, registered)
        write_service_worker(site_dir, options.assets_dir, cache.parent / "service-worker")
    elif not serving:
        write_removal_worker(site_dir)  # readers who kept a copy drop it
    write_headers_file(site_dir, options.assets_dir, style_hashes)
    compressed = 0
    if options.precompress and not serving:  # last: every file is final now
        compressed = len(precompress(site_dir, cache.parent / "compressed"))
    return Finished(assets, compressed)
