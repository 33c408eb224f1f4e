"""This site built with Zensical (``plangen build --generator zensical``),
in a real Chromium: the quiz gives the engine's plan, My plan shows it, the
whole site works offline after one visit, and no page asks another host for
anything or breaks the Content-Security-Policy the build wrote."""

from __future__ import annotations

import pytest

from hostile import PageWatch
from personas import PERSONAS
from plangen.engine.planner import build_plan
from plangen.site.devserver import SiteServer
from plangen.site.serviceworker import precache_entries
from quizdriver import QuizDriver, wait_for_plan
from test_offline import cache_name, cut_network, visit_once
from test_privacy import RECORD_VIOLATIONS, _static_pages

pytestmark = pytest.mark.browser

PERSONA = PERSONAS["new-graduate"]


@pytest.fixture
def watched(browser, zensical_server):
    """A page on the Zensical build, watched for requests off the origin,
    errors and CSP violations from before any script runs."""
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    watch = PageWatch(context, zensical_server.url)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page, watch
    context.close()


def _assert_clean(page, watch) -> None:
    watch.assert_stayed_home()
    assert page.evaluate("window.__cspViolations") == []
    assert watch.page_errors == [] and watch.console_errors == []


def _titles(page) -> list[str]:
    return [text.strip() for text in page.locator(".plangen-step-title").all_inner_texts()]


def test_the_quiz_gives_the_plan_the_engine_builds(watched, zensical_server, content):
    page, watch = watched
    page.goto(zensical_server.url + "quiz/")
    QuizDriver(page, content).take(PERSONA)
    wait_for_plan(page)
    assert _titles(page) == [step.title for step in build_plan(content, PERSONA).steps]
    _assert_clean(page, watch)


def test_my_plan_shows_the_saved_plan_and_its_ticks(watched, zensical_server, content):
    page, watch = watched
    page.goto(zensical_server.url + "quiz/")
    QuizDriver(page, content).take(PERSONA)
    wait_for_plan(page)
    titles = _titles(page)
    page.locator(".plangen-step input[type=checkbox]").nth(1).check()
    page.goto(zensical_server.url + "my-plan/")
    wait_for_plan(page)
    assert _titles(page) == titles
    assert page.locator(".plangen-step input[type=checkbox]").nth(1).is_checked()
    _assert_clean(page, watch)


@pytest.mark.parametrize("kind", ["home", "blog", "post", "tags", "guides", "guide", "quiz", "my-plan"])
def test_no_page_asks_another_host_or_breaks_the_policy(watched, zensical_server, zensical_site, content, kind):
    page, watch = watched
    page.goto(zensical_server.url + _static_pages(zensical_site)[kind])
    if kind == "quiz":  # the engine is ready once the progress counts only this reader's questions
        page.locator(".plangen-progress").filter(has_not_text=f"about {len(content.questions)}").wait_for()
    page.wait_for_load_state("networkidle")
    _assert_clean(page, watch)
    assert page.context.cookies() == []


def test_the_quiz_page_loads_no_search_index_while_other_pages_do(watched, zensical_server):
    page, watch = watched
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("guides/", "quiz/"):
        requested.clear()
        page.goto(zensical_server.url + path)
        page.wait_for_load_state("networkidle")
        searched = [url for url in requested if url.endswith("search.json")]
        assert searched == ([] if path == "quiz/" else [zensical_server.url + "search.json"]), path
    _assert_clean(page, watch)


OFFLINE_PAGES = {
    "": "Plan your next move",
    "blog/2026/07/01/not-your-fault/": "It's not your fault (and that's useful to know)",
    "guides/where-they-gather/": "Find where your target role gathers",
    "my-plan/": "My plan",
    "quiz/": "Build your plan",
}


def test_after_one_visit_every_page_and_a_new_plan_work_with_the_network_gone(browser, zensical_site, content):
    server = SiteServer(zensical_site).start()  # an origin of its own: no worker or cache from another test
    context = browser.new_context(service_workers="allow")
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        settled = visit_once(page, server.url + "quiz/")
        assert settled["caches"] == {cache_name(zensical_site): len(precache_entries(zensical_site)) + 1}
        cut_network(context, server)
        for path, title in OFFLINE_PAGES.items():
            page.goto(server.url + path)
            assert page.locator("h1").first.inner_text().rstrip("¶") == title, path
            assert page.locator("link[rel=stylesheet]").first.evaluate("link => link.sheet !== null"), path
        QuizDriver(page, content).take(PERSONA)  # the last page is the quiz: a new plan, offline
        wait_for_plan(page)
        assert _titles(page) == [step.title for step in build_plan(content, PERSONA).steps]
    finally:
        context.close()
        server.stop()
