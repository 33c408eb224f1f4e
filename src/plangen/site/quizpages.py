"""The two pages plangen provides to any site: the quiz and My plan.

Their templates (``pages/quiz.html``, ``pages/my-plan.html``) go on the
theme's search path after the site's own ``custom_dir``, so a site that
writes its own still wins; their default Markdown (``pages/*.md``) is used
when the site's docs hold no page at the configured path.
"""

from __future__ import annotations

from pathlib import PurePosixPath, Path

from plangen.engine.errors import PlangenError

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


def default_markdown(template: str) -> str:
    """The text of the page plangen provides for ``template``."""
    return (PAGES_DIR / template).with_suffix(".md").read_text(encoding="utf-8")
