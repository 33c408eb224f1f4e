"""MkDocs glue, and only glue: every piece of work lives in a module that does
not import MkDocs, so the content can move to another generator one day.

- on_config: load and validate the content; any mistake aborts the build
  with ``path:line: message``. Put the quiz and My plan templates on the
  theme's search path, after the site's own ``custom_dir``, and warn when the
  theme would load web fonts.
- on_files: provide the quiz and My plan pages when the site has none.
- on_serve: rebuild when ``quiz/`` changes too.
- on_page_markdown: ``[[plangen:question-count]]`` becomes the engine's
  count of questions a reader is asked; the quiz and My plan pages get their templates; guide
  pages render their section templates with neutral defaults ("your target
  role"), then the page's own ending (after ``<!-- end of plan sections -->``).
- on_env: learn the URL MkDocs gives each page, so plan links resolve, and
  serialise the bundle and the questions file (named by their hashes) once.
- on_page_context: tell templates where the assets, the quiz and My plan are.
- on_post_page: with ``offline`` (the default), every page names the
  service worker and loads the module that registers it.
- on_post_build (after other plugins' files): write the bundle, web files,
  wheels and Pyodide runtime, the service worker with its precache list,
  then ``_headers`` with a Content-Security-Policy hashing the theme's
  inline scripts and cache rules; last, ``.br`` and ``.gz`` copies of every
  file worth compressing.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from plangen.site.assets import Assets, data_files, write_assets
from plangen.site.compress import precompress
from plangen.site.quizpages import (
    MY_PLAN_TEMPLATE, PAGES_DIR, QUIZ_TEMPLATE, ConfigWithoutSearch, default_markdown, page_templates,
    question_count_words, with_question_count,
)
from plangen.engine.bundle import with_urls
from plangen.authoring.guides import page_ending
from plangen.authoring.loader import Project, load_content
from plangen.site.headers import write_headers_file
from plangen.site.serviceworker import with_registration, write_removal_worker, write_service_worker
from plangen.engine.planner import neutral_context
from plangen.engine.errors import ContentErrors, PlangenError
from plangen.engine.templates import render_text

log = get_plugin_logger(__name__)


class PlangenConfig(base.Config):
    quiz_dir = c.Type(str, default="quiz")
    guides_dir = c.Type(str, default="guides")
    pyodide_dir = c.Type(str, default="node_modules/pyodide")
    wheel_cache = c.Type(str, default=".cache/browser-wheels")
    assets_dir = c.Type(str, default="assets/plangen")
    precompile = c.Type(bool, default=True)  # bytecode compiled inside Pyodide: a much faster start
    precompress = c.Type(bool, default=True)  # .br and .gz beside each file, for hosts that serve them
    # Where the quiz and My plan pages live in docs/; provided when missing.
    quiz_page = c.Type(str, default="quiz.md")
    my_plan_page = c.Type(str, default="my-plan.md")
    # A service worker that keeps the whole site for use without a network
    # after one visit (never under `mkdocs serve`, where pages change).
    offline = c.Type(bool, default=True)
    # The site's search box on the quiz page: off by default, so the page
    # does not download the search index while the quiz's runtime loads.
    quiz_search = c.Type(bool, default=False)


class PlangenPlugin(BasePlugin[PlangenConfig]):
    serving = False

    def on_startup(self, *, command, dirty):
        # `mkdocs serve` sends files as they are: precompressed copies would only slow each rebuild.
        self.serving = command == "serve"

    @property
    def offline(self) -> bool:
        return self.config.offline and not self.serving

    def on_config(self, config):
        try:
            self.page_templates = page_templates(self.config.quiz_page, self.config.my_plan_page)
        except PlangenError as error:
            raise PluginError(str(error)) from None
        # After the site's custom_dir (so its own quiz.html wins), before the theme's.
        dirs = config.theme.dirs
        if str(PAGES_DIR) not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, str(PAGES_DIR))
        if config.theme.name == "material" and config.theme.get("font") is not False:
            # mkdocs-material's default: every page asks another host for fonts,
            # which breaks the promise that nothing leaves the reader's device.
            log.warning("mkdocs.yml: the theme loads web fonts from another host on every page; "
                        "write 'font: false' under 'theme:' (theme: font: false)")
        self.root = Path(config.config_file_path).resolve().parent
        docs_dir = Path(config.docs_dir).resolve().relative_to(self.root).as_posix()
        self.project = Project(self.root, self.config.quiz_dir, docs_dir, self.config.guides_dir)
        try:
            self.content = load_content(self.project)
        except ContentErrors as errors:
            raise PluginError("plangen found content errors:\n" + str(errors)) from None
        except PlangenError as error:
            raise PluginError(str(error)) from None
        included = {section_id for rule in self.content.rules for section_id in rule.include}
        for section in self.content.sections:
            if section.id not in included:
                # A warning, so drafts still preview; `mkdocs build --strict` fails on it.
                log.warning("%s:%s: section '%s' is not included by any rule",
                            section.where.path, section.where.line, section.id)
        self.neutral = neutral_context(self.content)
        self.guides = {guide.path: guide for guide in self.content.guides}
        self.sections = {section.id: section for section in self.content.sections}
        self.question_count = question_count_words(self.content)
        return config

    def on_files(self, files, config):
        for src_uri, template in self.page_templates.items():
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=default_markdown(template)))
        self.page_urls = {template: files.get_file_from_path(src_uri).url
                          for src_uri, template in self.page_templates.items()}
        return files

    def on_serve(self, server, config, builder):
        # `mkdocs serve` watches docs/ and mkdocs.yml; the quiz lives beside them.
        server.watch(str(self.root / self.config.quiz_dir))
        return server

    def on_page_markdown(self, markdown, page, config, files):
        markdown = with_question_count(markdown, self.question_count)
        template = self.page_templates.get(page.file.src_uri)
        if template is not None:
            # The site's own page may name its own template; otherwise it is ours.
            page.meta.setdefault("template", template)
        guide = self.guides.get(page.file.src_uri)
        if guide is None:
            return markdown
        # Rebuild the page from its parsed parts: headings keep their {#id}
        # (which Jinja would read as a comment) and only bodies are templates.
        parts = [guide.intro]
        for section_id in guide.sections:
            section = self.sections[section_id]
            parts.append(f"## {section.title} {{#{section.id}}}\n")
            parts.append(render_text(section.template, self.neutral))
        parts.append(page_ending(markdown))  # the page's own ending, never part of a plan
        return "".join(parts)

    def on_env(self, env, config, files):
        urls = {file.src_uri: file.url for file in files.documentation_pages()}
        self.content = with_urls(self.content, urls)
        self.data = data_files(self.content)  # once: pages name these files, on_post_build writes them
        return env

    def on_page_context(self, context, page, config, nav):
        assets = self.config.assets_dir.strip("/") + "/"
        relative = get_relative_url(assets, page.url)
        context["plangen"] = {
            "assets": relative.rstrip("/") + "/",
            "site": get_relative_url(".", page.url).rstrip("/") + "/",
            "bundle": relative.rstrip("/") + "/" + self.data.bundle[0],
            "questions": relative.rstrip("/") + "/" + self.data.questions[0],
            "quiz_url": get_relative_url(self.page_urls[QUIZ_TEMPLATE], page.url),
            "my_plan_url": get_relative_url(self.page_urls[MY_PLAN_TEMPLATE], page.url),
            "question_count": self.question_count,
            "header_config": None if self.config.quiz_search else ConfigWithoutSearch(config),
        }
        return context

    def on_post_page(self, output, page, config):
        if not self.offline:
            return output
        assets = get_relative_url(self.config.assets_dir.strip("/") + "/", page.url).rstrip("/") + "/"
        return with_registration(output, assets, get_relative_url(".", page.url).rstrip("/") + "/")

    @event_priority(-100)  # last: the precache list needs every file other plugins write (search index, feeds)
    def on_post_build(self, config):
        out_dir = Path(config.site_dir) / self.config.assets_dir
        try:
            assets: Assets = write_assets(
                self.data, out_dir, self.root / self.config.pyodide_dir, self.root / self.config.wheel_cache,
                precompile=self.config.precompile,
            )
        except PlangenError as error:
            raise PluginError(str(error)) from None
        if self.offline:
            write_service_worker(Path(config.site_dir), self.config.assets_dir)
        elif not self.serving:
            write_removal_worker(Path(config.site_dir))  # readers who kept a copy drop it
        write_headers_file(Path(config.site_dir), self.config.assets_dir)
        log.info("wrote %s, the Pyodide runtime and _headers (CSP) to %s", assets.bundle, out_dir)
        if self.config.precompress and not self.serving:  # last: every file is final now
            written = precompress(Path(config.site_dir), (self.root / self.config.wheel_cache).parent / "compressed")
            log.info("wrote .br and .gz copies of %d files", len(written))
