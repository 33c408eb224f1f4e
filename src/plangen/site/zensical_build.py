"""The Zensical adapter: plangen's two phases around a Zensical build.

Zensical reads ``mkdocs.yml`` but runs no third-party plugin, so plangen
cannot join its build from inside. Instead, before it runs:

- the site's ``docs_dir`` is staged under ``.cache/plangen/zensical/`` with
  the guides' Markdown rendered with neutral words, plangen's pages added
  where the site has none, and the quiz and My plan pages given their
  template and, in their front matter, the values that template writes
  (Zensical's MiniJinja templates cannot call Python for them);
- the theme's ``custom_dir`` is staged too: the site's own templates, then
  plangen's quiz and My plan templates where the site has none;
- a config that ``INHERIT``s the site's own points Zensical at both.

Zensical then builds into the stage, the output moves to the site's
``site_dir``, and the after phase (``finish``) runs over it as it does for MkDocs.

Zensical's own URLs follow MkDocs' (directory URLs, and the blog's
``{date}/{slug}`` for posts); plangen computes them before the build, since
the quiz page names the bundle, whose links depend on them, and checks after
the build that every one of them is a page Zensical wrote.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from plangen.engine.errors import PlangenError
from plangen.site.finish import Finished, finish
from plangen.site.headers import sha256_source
from plangen.site.options import Options
from plangen.site.prepare import Prepared, markdown_sources, page_links, prepare
from plangen.site.quizpages import PAGES_DIR
from plangen.site.safety import LoadFacts, check
from plangen.site.assets import DataFiles
from plangen.site.siteconfig import plugin_settings, read_config, site_options
from plangen.site.urls import page_url

STAGE = ".cache/plangen/zensical"  # inside the site's folder: Zensical keeps docs_dir and site_dir under its config
INSTALL = "pip install 'plangen[zensical]'"
CDN_FIX = {
    "offline": ("the 'offline' plugin makes Zensical add a script from a CDN (iframe-worker) to every page",
                "remove 'offline' from 'plugins:'; plangen's service worker already keeps the whole site "
                "for use offline (plangen option 'offline', on by default)"),
}


class ZensicalError(PlangenError):
    """A Zensical build plangen cannot run or that failed."""


@dataclass(frozen=True)
class Report:
    """What a Zensical build with plangen did, and how long each part took."""

    site_dir: Path
    warnings: list[str]
    finished: Finished
    seconds: dict[str, float]


def _zensical():
    try:
        import zensical
        from zensical.config import parse_config
    except ImportError:
        raise ZensicalError(f"Zensical is not installed here; install it with: {INSTALL}") from None
    return zensical, parse_config


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a Markdown page; an empty mapping when it has none."""
    if text.startswith("---"):
        head, sep, body = text[3:].partition("\n---")
        if sep:
            try:
                meta = yaml.safe_load(head) or {}
            except yaml.YAMLError:  # a rule (---) opening the page, not front matter
                return {}, text
            if isinstance(meta, dict):
                return meta, body.split("\n", 1)[1] if "\n" in body else ""
    return {}, text


def _with_front_matter(meta: dict[str, Any], body: str) -> str:
    if not meta:
        return body
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + body


def _slugify(title: str, separator: str) -> str:
    from pymdownx.slugs import slugify  # Zensical's own dependency, as mkdocs-material's blog uses it

    return slugify(case="lower")(title, separator)


def _post_date(value: Any) -> dt.date | None:
    if isinstance(value, dict):
        value = value.get("created")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip()).date()
        except ValueError:
            return None
    return None


def _date_path(date: dt.date, pattern: str) -> str:
    # The blog's default pattern is the Unicode (Babel) 'yyyy/MM/dd'.
    return pattern.replace("yyyy", f"{date.year:04d}").replace("MM", f"{date.month:02d}").replace("dd", f"{date.day:02d}")


def blog_post_urls(docs_dir: Path, blog: dict[str, Any]) -> dict[str, str]:
    """``{docs path: URL}`` of the posts of a blog with these settings."""
    blog_dir = str(blog.get("blog_dir", "blog")).strip("/")
    url_format = str(blog.get("post_url_format", "{date}/{slug}"))
    date_format = str(blog.get("post_url_date_format", "yyyy/MM/dd"))
    separator = str(blog.get("post_slugify_separator", "-"))
    urls = {}
    posts = docs_dir / blog_dir / "posts"
    for path in sorted(posts.rglob("*.md")) if posts.is_dir() else []:
        meta, body = _front_matter(path.read_text(encoding="utf-8"))
        date = _post_date(meta.get("date"))
        title = meta.get("title") or next((line[2:].strip() for line in body.splitlines() if line.startswith("# ")), "")
        if date is None:
            continue  # not a post Zensical can place; the check after the build will say so if it is linked
        categories = [_slugify(str(name), separator) for name in (meta.get("categories") or [])[:1]]
        path_in_blog = url_format.format(date=_date_path(date, date_format), slug=meta.get("slug") or _slugify(title, separator),
                                         file=path.stem, categories="/".join(categories))
        urls[path.relative_to(docs_dir).as_posix()] = f"{blog_dir}/{path_in_blog.strip('/')}/"
    return urls


def site_urls(docs_dir: Path, sources: list[str], config: dict[str, Any], directory_urls: bool) -> dict[str, str]:
    """Where Zensical puts each Markdown page, as MkDocs' ``File.url`` would say it."""
    urls = {source: page_url(source, directory_urls) or "./" for source in sources}
    for name in ("blog", "material/blog"):
        listed, blog = plugin_settings(config, name)
        if listed:
            urls.update(blog_post_urls(docs_dir, blog or {}))
    return urls


def _load_facts(parsed: dict[str, Any], config_name: str) -> LoadFacts:
    theme = parsed.get("theme") or {}
    scripts = [("extra.polyfills", item.get("path", "") if isinstance(item, dict) else str(item))
               for item in parsed.get("extra", {}).get("polyfills") or []]
    scripts += [("extra_javascript", item.get("path", "") if isinstance(item, dict) else str(item))
                for item in parsed.get("extra_javascript") or []]
    sheets = [("extra_css", str(item)) for item in parsed.get("extra_css") or []]
    plugins = parsed.get("plugins") or {}
    features = []
    for name, (feature, fix) in CDN_FIX.items():
        settings = (plugins.get(name) or {}).get("config") if isinstance(plugins.get(name), dict) else None
        if isinstance(settings, dict) and settings.get("enabled"):
            features.append((feature, fix))
            # Its shim is then among the polyfills: said once, by the feature's own message.
            scripts = [(setting, url) for setting, url in scripts if "iframe-worker" not in url]
    return LoadFacts(config_name, theme.get("font") is not False, tuple(scripts), tuple(sheets), tuple(features))


def _stage_theme(stage: Path, custom_dir: Path | None) -> Path:
    theme = stage / "theme"
    shutil.rmtree(theme, ignore_errors=True)
    if custom_dir is not None:
        shutil.copytree(custom_dir, theme)
    theme.mkdir(parents=True, exist_ok=True)
    for template in PAGES_DIR.glob("*.html"):
        if not (theme / template.name).exists():  # the site's own quiz.html wins
            shutil.copyfile(template, theme / template.name)
    return theme


def _stage_docs(stage: Path, docs_dir: Path, prepared: Prepared) -> tuple[Path, list[str]]:
    docs = stage / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(docs_dir, docs)
    for path, markdown in prepared.provided_pages(markdown_sources(docs)).items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(markdown, encoding="utf-8")
    for path in markdown_sources(docs):
        meta, body = _front_matter((docs / path).read_text(encoding="utf-8"))
        shown = prepared.page_markdown(path, body)
        if shown != body:
            (docs / path).write_text(_with_front_matter(meta, shown), encoding="utf-8")
    return docs, markdown_sources(docs)


def _stage_config(stage: Path, config_file: Path, theme: Path) -> Path:
    staged = stage / "mkdocs.yml"
    staged.write_text(yaml.safe_dump({
        "INHERIT": os.path.relpath(config_file, stage),
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"custom_dir": str(theme)},
    }, sort_keys=False), encoding="utf-8")
    return staged


# Zensical's search box is a component in a shadow root that adds its styles
# as one <style> element, whose text is a string constant in the theme's bundle:
# `…("style",{},NAME.toString())` and `var NAME='…'`.
_STYLE_ELEMENT = re.compile(r"""["']style["'],\{\},([A-Za-z_$][\w$]*)(?:\.toString\(\))?\)""")


def theme_style_hashes(site_dir: Path) -> tuple[str, ...]:
    """CSP sources for the ``<style>`` elements the theme's scripts add, so the
    policy allows them (and nothing else) without ``'unsafe-inline'``."""
    found = []
    for script in sorted(site_dir.glob("assets/javascripts/bundle.*.js")):
        text = script.read_text(encoding="utf-8")
        for name in _STYLE_ELEMENT.findall(text):
            literal = re.search(rf"""\b{re.escape(name)}=(['"])((?:(?!\1)[^\\]|\\.)*)\1""", text)
            # With escapes the text in the page differs from the literal; not
            # hashed, the browser reports the blocked style and the tests fail.
            if literal is not None and "\\" not in literal.group(2):
                found.append(sha256_source(literal.group(2)))
    return tuple(sorted(set(found)))


def _missing_pages(site_dir: Path, urls: dict[str, str]) -> list[str]:
    missing = []
    for source, url in sorted(urls.items()):
        target = url.removeprefix("./")
        page = site_dir / target / "index.html" if target == "" or target.endswith("/") else site_dir / target
        if not page.is_file():
            missing.append(f"{source}: plangen expected Zensical to write it at '{url}', but it is not there; "
                           "plan links to it would not resolve")
    return missing


@dataclass(frozen=True)
class Staged:
    """What Zensical builds from: the staged config, and where each page will land."""

    config: Path
    urls: dict[str, str]
    data: DataFiles


def stage_site(root: Path, config_file: Path, config: dict[str, Any], parsed: dict[str, Any],
               prepared: Prepared) -> Staged:
    """The before phase's files, laid out for Zensical under ``root/STAGE``."""
    stage = root / STAGE
    stage.mkdir(parents=True, exist_ok=True)
    custom = (parsed.get("theme") or {}).get("custom_dir")
    theme = _stage_theme(stage, (root / custom).resolve() if custom else None)
    docs_dir = Path(parsed["docs_dir"]) if Path(parsed["docs_dir"]).is_absolute() else root / parsed["docs_dir"]
    docs, sources = _stage_docs(stage, docs_dir, prepared)
    urls = site_urls(docs, sources, config, bool(parsed.get("use_directory_urls", True)))
    data = prepared.data_files(urls)
    links = page_links(prepared, urls, data)
    for path, template in prepared.templates.items():
        meta, body = _front_matter((docs / path).read_text(encoding="utf-8"))
        meta.setdefault("template", template)
        # What the template writes, since MiniJinja cannot ask Python; and
        # whether the quiz page's header leaves out search (quiz_search).
        meta["plangen"] = {**links.values(urls[path]), "hide_search": not prepared.options.quiz_search}
        (docs / path).write_text(_with_front_matter(meta, body), encoding="utf-8")
    return Staged(_stage_config(stage, config_file, theme), urls, data)


def build(config_file: Path, site_dir: Path | None = None, strict: bool = False, serving: bool = False,
          options: Options | None = None, warn: Callable[[str], None] | None = None) -> Report:
    """Build the site of ``config_file`` with Zensical and plangen; return what happened.

    ``options`` overrides the site's own plangen options (the command line's
    ``--generator``); ``warn`` receives each warning as it is found. With
    ``strict``, any warning fails the build, as it does for ``mkdocs build --strict``.
    """
    warn = warn or (lambda message: print(f"WARNING  -  plangen: {message}", file=sys.stderr))
    zensical, parse_config = _zensical()

    times: dict[str, float] = {}
    started = time.monotonic()
    config_file = config_file.resolve()
    root = config_file.parent
    options = options or site_options(config_file)
    config = read_config(config_file)
    try:
        parsed = parse_config(str(config_file))  # as Zensical itself will read it
    except Exception as error:  # its ConfigurationError carries a sentence for the site's author
        raise ZensicalError(f"{config_file.name}: {getattr(error, 'message', error)}") from None
    findings = check(_load_facts(parsed, config_file.name))
    if findings.errors:
        raise ZensicalError("\n".join(findings.errors))
    docs_dir = Path(parsed["docs_dir"]) if Path(parsed["docs_dir"]).is_absolute() else root / parsed["docs_dir"]
    target = site_dir.resolve() if site_dir else root / str(config.get("site_dir", "site"))
    if target == root or target in root.parents or docs_dir.resolve().is_relative_to(target):
        raise ZensicalError(f"{config_file.name}: site_dir '{target}' would hold the site's own sources; "
                            "name a folder of its own (site_dir: site)")
    prepared = prepare(root, docs_dir.resolve().relative_to(root).as_posix(), options)
    warnings = [*findings.warnings, *prepared.warnings]

    staged = stage_site(root, config_file, config, parsed, prepared)
    times["before"] = time.monotonic() - started

    built = staged.config.parent / "site"
    shutil.rmtree(built, ignore_errors=True)
    try:
        zensical.build(str(staged.config), {"clean": False, "strict": strict})
    except Exception as error:  # Zensical reports its own problems; say whose they are
        raise ZensicalError(f"{config_file.name}: Zensical's build failed: {error}") from None
    times["zensical"] = time.monotonic() - started - times["before"]

    warnings += _missing_pages(built, staged.urls)
    for message in warnings:
        warn(message)
    if strict and warnings:
        raise ZensicalError(f"aborted with {len(warnings)} warning(s) in strict mode")
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(built), str(target))
    finished = finish(target, root, options, staged.data, serving=serving, style_hashes=theme_style_hashes(target))
    times["after"] = time.monotonic() - started - times["before"] - times["zensical"]
    return Report(target, warnings, finished, {name: round(value, 2) for name, value in times.items()})
