"""One way to build or preview a site, whichever generator it uses.

MkDocs and ProperDocs run plangen as their plugin, so plangen runs their own
command (``python -m mkdocs build``); Zensical runs no plugin, so plangen
runs its two phases around Zensical's build (``zensical_build``) and, for a
preview, rebuilds when a source changes and serves the result itself.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from plangen.engine.errors import PlangenError
from plangen.site.options import Options, with_generator
from plangen.site.siteconfig import plugin_settings, read_config, site_options

# The generator's Python module, and the extra of plangen that installs it.
MODULES = {"mkdocs": ("mkdocs", "pip install plangen"),
           "properdocs": ("properdocs", "pip install 'plangen[properdocs]'"),
           "zensical": ("zensical", "pip install 'plangen[zensical]'")}
POLL_SECONDS = 1.0


class GeneratorError(PlangenError):
    """A generator that is not installed or cannot do what was asked."""


def choose(config_file: Path, generator: str | None) -> Options:
    """The site's plangen options with the generator to use: ``generator``
    when given, else the site's ``generator`` option, else MkDocs."""
    options = with_generator(site_options(config_file), generator)
    module, install = MODULES[options.generator]
    if importlib.util.find_spec(module) is None:
        raise GeneratorError(f"{options.generator} is not installed here; install it with: {install}")
    return options


def _plugin_command(options: Options, command: str, config_file: Path, extra: list[str]) -> int:
    listed, _ = plugin_settings(read_config(config_file), "plangen")
    if not listed:  # the build would succeed, with an empty quiz page and no runtime
        raise GeneratorError(f"{config_file.name}: {options.generator} runs plangen as a plugin, but 'plangen' "
                             "is not among 'plugins:'; add '- plangen' there")
    module, _ = MODULES[options.generator]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")  # mkdocs-material's notice about MkDocs 2, said in our README instead
    return subprocess.run([sys.executable, "-m", module, command, "--config-file", str(config_file), *extra],
                          env=env).returncode


def build(config_file: Path, generator: str | None = None, site_dir: Path | None = None, strict: bool = False) -> int:
    """Build the site of ``config_file``; return the exit status."""
    options = choose(config_file, generator)
    started = time.monotonic()
    if options.generator == "zensical":
        from plangen.site.zensical_build import build as zensical_build

        report = zensical_build(config_file, site_dir, strict=strict, options=options)
        where, status = report.site_dir, 0
        phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.seconds.items())
    else:
        extra = (["--site-dir", str(site_dir)] if site_dir else []) + (["--strict"] if strict else [])
        status = _plugin_command(options, "build", config_file, extra)
        where = site_dir or config_file.parent / str(read_config(config_file).get("site_dir", "site"))
        phases = ""
    if status == 0:
        print(f"plangen: built {where} with {options.generator} in {time.monotonic() - started:.1f} s"
              + (f" ({phases})" if phases else ""))
    return status


def _sources_stamp(paths: list[Path]) -> tuple:
    """Changes whenever a file under ``paths`` is added, removed or written."""
    stamp = []
    for path in paths:
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        stamp += [(str(file), file.stat().st_mtime_ns) for file in files]
    return tuple(stamp)


def _watched(config_file: Path, options: Options) -> list[Path]:
    config = read_config(config_file)
    root = config_file.parent
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    paths = [config_file, root / str(config.get("docs_dir", "docs")), root / options.quiz_dir]
    if theme.get("custom_dir"):
        paths.append(root / str(theme["custom_dir"]))
    return paths


def serve(config_file: Path, generator: str | None = None, port: int = 8000) -> int:
    """Preview the site on 127.0.0.1:``port``, rebuilt when a source changes (until Ctrl-C)."""
    options = choose(config_file, generator)
    if options.generator != "zensical":
        return _plugin_command(options, "serve", config_file, ["--dev-addr", f"127.0.0.1:{port}"])
    from plangen.site.devserver import SiteServer
    from plangen.site.zensical_build import build as zensical_build

    out = Path(tempfile.mkdtemp(prefix="plangen-serve-"))
    zensical_build(config_file, out, serving=True, options=options)
    server = SiteServer(out, port=port).start()
    print(f"plangen: serving {config_file.parent.name} (zensical) on {server.url}; Ctrl-C stops", flush=True)
    watched = _watched(config_file, options)
    stamp = _sources_stamp(watched)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = _sources_stamp(watched)
            if now == stamp:
                continue
            stamp = now
            try:
                zensical_build(config_file, out, serving=True, options=options)
            except PlangenError as error:  # keep serving the last good build; say what is wrong
                print(f"error: {error}", file=sys.stderr, flush=True)
                continue
            server.stop()  # a new server reads the new _headers (their script hashes)
            server = SiteServer(out, port=port).start()
            print("plangen: rebuilt", flush=True)
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()
