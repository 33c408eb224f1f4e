"""The two pages plangen provides to any site: the quiz and My plan.

Their templates (``pages/quiz.html``, ``pages/my-plan.html``) go on the
theme's search path after the site's own ``custom_dir``, so a site that
writes its own still wins; their default Markdown (``pages/*.md``) is used
when the site's docs hold no page at the configured path.
"""

from __future__ import annotations

import functools
from pathlib import PurePosixPath, Path
from typing import TYPE_CHECKING

from plangen.engine.errors import PlangenError
from plangen.site.assets import WEB_DIR

if TYPE_CHECKING:
    from plangen.engine.model import Content

PAGES_DIR = Path(__file__).parent / "pages"
QUIZ_TEMPLATE = "quiz.html"
MY_PLAN_TEMPLATE = "my-plan.html"


class PageConfigError(PlangenError):
    """A ``quiz_page`` or ``my_plan_page`` option that cannot name a page."""


def _page_path(option: str, value: str) -> str:
    path = PurePosixPath(value.strip())
    if path.suffix != ".md" or path.is_absolute() or ".." in path.parts:
        raise PageConfigError(
            f"mkdocs.yml: plangen option '{option}: {value}' must be a Markdown page inside docs_dir, "
            f"written relative to it (e.g. '{option}: {'quiz.md' if option == 'quiz_page' else 'my-plan.md'}')"
        )
    return path.as_posix()


def page_templates(quiz_page: str, my_plan_page: str) -> dict[str, str]:
    """``{src_uri: template}`` for the two pages, after checking the options."""
    quiz = _page_path("quiz_page", quiz_page)
    my_plan = _page_path("my_plan_page", my_plan_page)
    if quiz == my_plan:
        raise PageConfigError(f"mkdocs.yml: plangen options 'quiz_page' and 'my_plan_page' both name '{quiz}'; "
                              "give each page its own path")
    return {quiz: QUIZ_TEMPLATE, my_plan: MY_PLAN_TEMPLATE}


@functools.cache
def engine_start_script() -> str:
    """The text of ``web/enginestart.js``, which the quiz page runs inline
    first thing, so that the engine's worker exists before anything else
    downloads. A site's policy allows it by its hash (`headers.py` finds it)."""
    text = (WEB_DIR / "enginestart.js").read_text(encoding="utf-8")
    if "</" in text:
        raise PlangenError(f"{WEB_DIR / 'enginestart.js'}: '</' would end the inline <script> it is written into")
    return text


def default_markdown(template: str) -> str:
    """The text of the page plangen provides for ``template``."""
    return (PAGES_DIR / template).with_suffix(".md").read_text(encoding="utf-8")


#: Written in any page's Markdown, it becomes how many questions a reader is asked ("14 to 19").
QUESTION_COUNT = "[[plangen:question-count]]"


def question_count_words(content: Content) -> str:
    """The engine's fewest and most questions shown, in words: "14 to 19", or "15" when every reader gets 15."""
    from plangen.engine.answers import shown_count_range  # only when the content was loaded anew

    fewest, most = shown_count_range(content)
    return str(fewest) if fewest == most else f"{fewest} to {most}"


def with_question_count(markdown: str, words: str) -> str:
    """``markdown`` with every `QUESTION_COUNT` replaced by ``words``."""
    return markdown.replace(QUESTION_COUNT, words)


SEARCH_PLUGINS = ("material/search", "search")


class ConfigWithoutSearch:
    """The site's configuration as the quiz page's header sees it: the same in
    every respect, except that no search plugin is listed.

    mkdocs-material puts its search box in the header when the search plugin
    is on, and every page with that box downloads the whole search index and
    starts the search worker at load. On the quiz page those bytes compete
    with the runtime the quiz needs (the index alone was a third of the page's
    own weight), so by default its header has no search box and it loads neither.
    """

    def __init__(self, config) -> None:
        self._config = config

    @property
    def plugins(self) -> dict:
        return {name: plugin for name, plugin in self._config.plugins.items() if name not in SEARCH_PLUGINS}

    def __getattr__(self, name: str):
        return getattr(self._config, name)

    def __getitem__(self, key: str):
        return self.plugins if key == "plugins" else self._config[key]

    def __contains__(self, key: str) -> bool:
        return key in self._config
