"""The MkDocs adapter (ProperDocs loads it too): MkDocs events in, calls to
the generator-independent phases out. Every piece of work lives in
``prepare`` (before the build) and ``finish`` (after it), which import no
MkDocs, so Zensical runs the same phases around its own build.

- on_config: the before phase (load and validate the content; any mistake
  aborts with ``path:line: message``); put the quiz and My plan templates on
  the theme's search path after the site's own ``custom_dir``; check that no
  page would load anything from another host.
- on_files: add plangen's pages the site does not write itself.
- on_serve: rebuild when ``quiz/`` changes too.
- on_page_markdown: the quiz and My plan pages get their templates; every
  page gets the question count in words; guide pages get their Markdown with
  neutral words and their own ending.
- on_env: learn the URL MkDocs gives each page and serialise the data files once.
- on_page_context: tell templates where the assets, the quiz and My plan are.
- on_post_page (after other plugins' changes): with ``offline``, the page
  gets the service worker's registration as MkDocs writes it, so the after
  phase need not read and write every page again.
- on_post_build (after other plugins' files): the after phase.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File

from plangen.engine.errors import ContentErrors, PlangenError
from plangen.site.finish import finish
from plangen.site.options import Options, option_fields
from plangen.site.prepare import PageLinks, Prepared, markdown_sources, page_links, prepare
from plangen.site.quizpages import PAGES_DIR, ConfigWithoutSearch
from plangen.site.registration import registered, wants_registration
from plangen.site.safety import LoadFacts, check

log = get_plugin_logger(__name__)

# The typed config class, made from the one declaration in `options.py`.
PlangenConfig = type("PlangenConfig", (base.Config,), {
    name: c.Type(kind, default=default) for name, kind, default in option_fields()
})


def _load_facts(config) -> LoadFacts:
    theme = config.theme
    fonts = theme.name == "material" and theme.get("font") is not False
    scripts = tuple(("extra_javascript", str(getattr(script, "path", script))) for script in config.extra_javascript)
    sheets = tuple(("extra_css", str(sheet)) for sheet in config.extra_css)
    return LoadFacts(Path(config.config_file_path).name, fonts, scripts, sheets)


class PlangenPlugin(BasePlugin[PlangenConfig]):
    serving = False

    def on_startup(self, *, command, dirty):
        # `mkdocs serve` sends files as they are, and must show the latest edit.
        self.serving = command == "serve"

    def on_config(self, config):
        self.options = Options(**{name: self.config[name] for name, _, _ in option_fields()})
        self.registered: dict[str, int] = {}  # page path -> size written, for this build
        self.root = Path(config.config_file_path).resolve().parent
        docs_dir = Path(config.docs_dir).resolve().relative_to(self.root).as_posix()
        try:
            self.prepared: Prepared = prepare(self.root, docs_dir, self.options)
        except ContentErrors as errors:
            raise PluginError("plangen found content errors:\n" + str(errors)) from None
        except PlangenError as error:
            raise PluginError(str(error)) from None
        findings = check(_load_facts(config))
        if findings.errors:
            raise PluginError("\n".join(findings.errors))
        for warning in [*findings.warnings, *self.prepared.warnings]:
            log.warning(warning)  # `mkdocs build --strict` fails on these; drafts still preview
        # After the site's custom_dir (so its own quiz.html wins), before the theme's.
        dirs = config.theme.dirs
        if str(PAGES_DIR) not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, str(PAGES_DIR))
        return config

    def on_files(self, files, config):
        existing = [file.src_uri for file in files.documentation_pages()]
        for src_uri, markdown in self.prepared.provided_pages(existing).items():
            files.append(File.generated(config, src_uri, content=markdown))
        return files

    def on_serve(self, server, config, builder):
        # `mkdocs serve` watches docs/ and mkdocs.yml; the quiz lives beside them.
        server.watch(str(self.root / self.options.quiz_dir))
        return server

    def on_page_markdown(self, markdown, page, config, files):
        template = self.prepared.templates.get(page.file.src_uri)
        if template is not None:
            # The site's own page may name its own template; otherwise it is ours.
            page.meta.setdefault("template", template)
        return self.prepared.page_markdown(page.file.src_uri, markdown)

    def on_env(self, env, config, files):
        # Only the site's own Markdown and plangen's pages: the views other
        # plugins generate (archives, categories) are no link target.
        sources = set(markdown_sources(Path(config.docs_dir))) | set(self.prepared.templates)
        urls = {file.src_uri: file.url for file in files.documentation_pages() if file.src_uri in sources}
        self.data = self.prepared.data_files(urls)  # once: pages name these files, on_post_build writes them
        self.links: PageLinks = page_links(self.prepared, urls, self.data)
        return env

    def on_page_context(self, context, page, config, nav):
        context["plangen"] = {
            **self.links.values(page.url),
            "header_config": None if self.options.quiz_search else ConfigWithoutSearch(config),
        }
        return context

    @event_priority(-100)  # last: what this returns is what MkDocs writes
    def on_post_page(self, output, page, config):
        path = page.file.dest_uri
        if self.options.offline and not self.serving and wants_registration(path):
            output = registered(output, path, self.options.assets_dir)
            # As MkDocs encodes it: the after phase reads again only a page whose size has changed.
            self.registered[path] = len(output.encode("utf-8", errors="xmlcharrefreplace"))
        return output

    @event_priority(-100)  # last: the precache list needs every file other plugins write (search index, feeds)
    def on_post_build(self, config):
        try:
            finished = finish(Path(config.site_dir), self.root, self.options, self.data, serving=self.serving,
                              registered=self.registered)
        except PlangenError as error:
            raise PluginError(str(error)) from None
        log.info("wrote %s, the Pyodide runtime and _headers (CSP) to %s", finished.assets.bundle,
                 Path(config.site_dir) / self.options.assets_dir)
        if finished.compressed:
            log.info("wrote .br and .gz copies of %d files", finished.compressed)
