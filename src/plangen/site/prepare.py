"""Before the generator runs: what plangen adds to a site's pages.

Knows nothing of any generator. An adapter calls :func:`prepare` once per
build, then asks the result for

- the pages to add (the quiz and My plan, when the site has none at their path),
- the Markdown of each guide page, with its section templates rendered with
  neutral words ("your target role"),
- once the generator has said where every page lands, the data files
  (bundle, questions) that the quiz page names by hash,
- for a page, the values its quiz or My plan template writes (relative links).
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from plangen.authoring.guides import page_ending
from plangen.authoring.project import Project
from plangen.site.assets import DataFiles, data_files
from plangen.site.options import Options
from plangen.site.prepared_cache import DATA_FILE_NAME, FILE_NAME, input_key
from plangen.site.quizpages import (
    MY_PLAN_TEMPLATE, QUIZ_TEMPLATE, default_markdown, engine_start_script, page_templates, question_count_words,
    with_question_count,
)
from plangen.site.remembered import Remembered
from plangen.site.urls import relative_url

if TYPE_CHECKING:
    from plangen.engine.model import Content


@dataclass(frozen=True)
class Prepared:
    """A site's validated content and plangen's pages, before any generator runs.

    A warm build reads this from the last build (`prepared_cache`) and needs
    the content itself only if the bundle must be made again: it stays
    pickled until then, so the engine's model is not even imported.
    """

    project: Project
    options: Options
    templates: dict[str, str]  # {docs path: template} of the quiz and My plan pages
    guide_bodies: dict[str, str]  # {docs path of a guide: its Markdown up to the page's own ending}
    warnings: tuple[str, ...]  # ``path:line: message`` for what a strict build refuses: sections no rule includes
    question_count: str  # how many questions a reader is asked, in words: "14 to 19"
    content_pickle: bytes  # the validated `Content`, pickled (see `content`)
    cache_dir: Path | None = None  # where results are remembered between builds
    key: str = ""  # names the inputs everything above was made from (`prepared_cache.input_key`)

    @functools.cached_property
    def content(self) -> Content:
        """The site's validated content."""
        return pickle.loads(self.content_pickle)

    def provided_pages(self, existing: Iterable[str]) -> dict[str, str]:
        """``{docs path: Markdown}`` of plangen's pages the site does not write itself."""
        have = set(existing)
        return {path: default_markdown(template) for path, template in self.templates.items() if path not in have}

    def page_markdown(self, docs_path: str, markdown: str) -> str:
        """A page's Markdown as readers see it: ``[[plangen:question-count]]`` in words, and a guide's
        sections rendered with neutral words, followed by the page's own ending."""
        markdown = with_question_count(markdown, self.question_count)
        guide = self.guide_markdown(docs_path, markdown)
        return markdown if guide is None else guide

    def guide_markdown(self, docs_path: str, source: str = "") -> str | None:
        """The body (after front matter) of a guide page as readers see it, or
        None when ``docs_path`` is no guide. Headings keep their ``{#id}``
        (which Jinja would read as a comment): only section bodies are templates.
        What ``source`` has after its `PAGE_END` line (its next step, say) ends the page."""
        body = self.guide_bodies.get(docs_path)
        if body is None:
            return None
        return body + page_ending(source)  # the page's own ending, never part of a plan

    def data_files(self, urls: Mapping[str, str]) -> DataFiles:
        """The bundle and questions files, once ``urls`` says where each
        Markdown page of the site landed (``{docs path: URL from the root}``).

        Serialising the bundle is most of the time, and a build whose inputs
        and page URLs did not change takes the last build's bytes."""
        if self.cache_dir is None or not self.key:
            return self._data_files(urls)
        where = json.dumps(sorted(urls.items()), ensure_ascii=False)
        remembered = Remembered(self.cache_dir / DATA_FILE_NAME,
                                hashlib.sha256(f"{self.key}\0{where}".encode()).hexdigest())
        found = remembered.get()
        if not isinstance(found, DataFiles):
            found = self._data_files(urls)
            remembered.put(found)
        return found

    def _data_files(self, urls: Mapping[str, str]) -> DataFiles:
        from plangen.engine.bundle import with_urls

        return data_files(with_urls(self.content, dict(urls)))


def prepare(root: Path, docs_dir: str, options: Options) -> Prepared:
    """Load and check a site's content; raises ``ContentErrors`` with every
    mistake as ``path:line: message``, or a ``PlangenError`` for bad options."""
    templates = page_templates(options.quiz_page, options.my_plan_page)
    project = Project(root, options.quiz_dir, docs_dir, options.guides_dir)
    cache_dir = (root / options.wheel_cache).parent / "checks"
    # A build whose content, and the code reading it, did not change takes the last build's results.
    key = input_key(project)
    remembered = Remembered(cache_dir / FILE_NAME, key)
    found = remembered.get()
    if found is None:
        found = _load(project, cache_dir)
        remembered.put(found)
    bodies, warnings, question_count, content_pickle = found
    return Prepared(project, options, templates, bodies, warnings, question_count, content_pickle, cache_dir, key)


def unincluded_sections(content: Content) -> tuple[str, ...]:
    """``path:line: message`` for each section no rule includes."""
    included = {section_id for rule in content.rules for section_id in rule.include}
    return tuple(f"{section.where.path}:{section.where.line}: section '{section.id}' is not included by any rule"
                 for section in content.sections if section.id not in included)


def _load(project: Project, cache_dir: Path) -> tuple[dict[str, str], tuple[str, ...], str, bytes]:
    """What `Prepared` holds, made now from the content."""
    # Imported here: a warm build, served by `prepared_cache`, needs none of these modules.
    from plangen.authoring.loader import load_content
    from plangen.authoring.neutral_texts import NeutralTexts
    from plangen.engine.planner import neutral_context

    content = load_content(project, cache_dir=cache_dir)
    # Section texts whose template and context did not change come from an earlier build.
    neutral = NeutralTexts(cache_dir, neutral_context(content))
    sections = {section.id: section for section in content.sections}
    bodies = {}
    for guide in content.guides:
        parts = [guide.intro]
        for section_id in guide.sections:
            section = sections[section_id]
            parts += [f"## {section.title} {{#{section.id}}}\n", neutral.text(section.template)]
        bodies[guide.path] = "".join(parts)
    neutral.save()
    return (bodies, unincluded_sections(content), question_count_words(content),
            pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))


def markdown_sources(docs_dir: Path) -> list[str]:
    """Every Markdown page in ``docs_dir`` (docs paths), sorted."""
    return sorted(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md") if path.is_file())


@dataclass(frozen=True)
class PageLinks:
    """Where plangen's things are, from the site root: what each page's links are made from."""

    assets_dir: str
    quiz_url: str
    my_plan_url: str
    data: DataFiles
    question_count: str

    def values(self, page: str) -> dict[str, str]:
        """What the quiz and My plan templates write on the page at URL ``page``."""
        assets = relative_url(self.assets_dir.strip("/") + "/", page).rstrip("/") + "/"
        return {
            "assets": assets,
            "site": relative_url(".", page).rstrip("/") + "/",
            "bundle": assets + self.data.bundle[0],
            "questions": assets + self.data.questions[0],
            "quiz_url": relative_url(self.quiz_url, page),
            "my_plan_url": relative_url(self.my_plan_url, page),
            "question_count": self.question_count,
            "engine_start": engine_start_script(),
        }


def page_links(prepared: Prepared, urls: Mapping[str, str], data: DataFiles) -> PageLinks:
    """The :class:`PageLinks` of a build whose pages landed at ``urls``."""
    by_template = {template: urls[path] for path, template in prepared.templates.items()}
    return PageLinks(prepared.options.assets_dir, by_template[QUIZ_TEMPLATE], by_template[MY_PLAN_TEMPLATE], data,
                     prepared.question_count)
