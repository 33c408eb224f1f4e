"""The plan read on a phone and on a wide screen, and on paper, in a real
Chromium: this week fits a few screens, text is large enough in lines short
enough, boxes nest at most twice, ticking folds a step and strikes its title
only, and a print is no longer than the printable download."""

from __future__ import annotations

import re

import pytest

from plangen.engine.planner import build_plan

from conftest import ARTIFACTS
from personas import PERSONAS
from savedplans import open_with_state, saved_state
from quizdriver import wait_for_plan

pytestmark = pytest.mark.browser

CHANGER = PERSONAS["returning-after-a-break"]  # a 15-step plan, 6 steps in week 1
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def plan_at(browser, site_server, built_site):
    """``plan_at(viewport, path)``: a page at that size showing CHANGER's saved plan on ``path``."""
    contexts = []

    def open_plan(viewport: dict, path: str = "quiz/", answers: dict = CHANGER):
        context = browser.new_context(viewport=viewport, reduced_motion="reduce")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        open_with_state(page, site_server.url, saved_state(built_site, site_server.url, answers), path)
        wait_for_plan(page)
        return page

    yield open_plan
    for context in contexts:
        context.close()


FIRST_SCREEN_JS = """() => {
    const rect = (selector) => document.querySelector(selector).getBoundingClientRect();
    return {
        height: innerHeight,
        thisWeek: rect('.plangen-this-week').height,
        total: rect('.plangen-week-load').bottom + scrollY,
        firstTitle: rect('.plangen-this-week .plangen-step-title').bottom + scrollY,
        downloadsLink: rect('.plangen-jump a').bottom + scrollY,
    };
}"""


@pytest.mark.parametrize("path", ["quiz/", "my-plan/"])
def test_at_390_the_weeks_total_and_first_step_are_on_the_first_screen_and_the_week_is_at_most_three(plan_at, path):
    page = plan_at(PHONE, path)
    sizes = page.evaluate(FIRST_SCREEN_JS)
    print(f"390 x 844 {path}: {sizes}")
    assert sizes["total"] <= sizes["height"] and sizes["firstTitle"] <= sizes["height"]
    assert sizes["downloadsLink"] <= sizes["height"]
    assert sizes["thisWeek"] <= 3 * sizes["height"]


TEXT_JS = """() => {
    const p = document.querySelector('.plangen-this-week .plangen-body p');
    const style = getComputedStyle(p);
    const context = document.createElement('canvas').getContext('2d');
    context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const perCharacter = context.measureText(p.textContent).width / p.textContent.length;
    const sizes = [...document.querySelectorAll('.plangen-plan p, .plangen-plan li, .plangen-plan dd, .plangen-plan label')]
        .filter((e) => e.checkVisibility()).map((e) => parseFloat(getComputedStyle(e).fontSize));
    return {smallest: Math.min(...sizes), perLine: p.getBoundingClientRect().width / perCharacter};
}"""


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390", "1280"])
def test_plan_text_is_16px_or_more_in_lines_of_about_75_characters_at_most(plan_at, viewport):
    page = plan_at(viewport)
    text = page.evaluate(TEXT_JS)
    print(f"{viewport['width']} px: smallest text {text['smallest']} px, {text['perLine']:.0f} characters a line")
    assert text["smallest"] >= 16
    assert text["perLine"] <= 75


BOX_DEPTH_JS = """() => {
    const boxed = (e) => {
        const s = getComputedStyle(e);
        const sides = ['Top', 'Right', 'Bottom', 'Left'].filter((side) => parseFloat(s[`border${side}Width`]) > 0
            && s[`border${side}Style`] !== 'none').length;
        return sides >= 3 || s.boxShadow !== 'none' || s.backgroundColor !== 'rgba(0, 0, 0, 0)';
    };
    let deepest = 0;
    for (const e of document.querySelectorAll('.plangen-plan *')) {
        if (!e.checkVisibility() || e.closest('button, .md-button, input, svg, code, pre, table')) continue;
        let depth = 0;
        for (let a = e; a && !a.classList.contains('plangen'); a = a.parentElement) if (boxed(a)) depth += 1;
        deepest = Math.max(deepest, depth);
    }
    return deepest;
}"""


def test_the_plan_nests_at_most_two_levels_of_boxes_with_every_step_open(plan_at):
    page = plan_at(PHONE)
    page.get_by_role("button", name="Show all instructions").click()
    page.evaluate("document.querySelectorAll('.plangen-this-week details').forEach((d) => { d.open = true; })")
    assert page.evaluate(BOX_DEPTH_JS) <= 2


def test_the_downloads_link_at_the_top_brings_the_downloads_into_view(plan_at):
    page = plan_at(PHONE)
    page.locator(".plangen-jump").get_by_role("link", name="Downloads").click()
    assert page.evaluate("document.activeElement.id") == "plangen-downloads-title"
    assert page.get_by_role("button", name="Download plan (Markdown)").is_visible()
    # In view and not under the theme's sticky header: the heading itself is what its centre shows.
    assert page.evaluate("""() => { const r = document.getElementById('plangen-downloads-title').getBoundingClientRect();
        return document.elementFromPoint(r.left + 10, r.top + r.height / 2)?.id; }""") == "plangen-downloads-title"


def test_the_quiz_intro_is_hidden_once_the_plan_shows(plan_at):
    page = plan_at(PHONE)
    intro = page.locator(".md-content__inner > p").first
    assert intro.count() == 1 and not intro.is_visible()
    assert page.locator(".md-content__inner > h1").count() == 1  # kept for screen readers, out of sight


def test_ticking_folds_the_step_and_opens_the_next_one_to_start_with(plan_at, content):
    page = plan_at(PHONE)
    first, second = [s for s in build_plan(content, CHANGER).steps if s.week == 1][:2]
    assert page.locator(f"#step-{second.section} .plangen-body").is_visible() is False
    page.locator(f"#tick-{first.section}").check()
    assert page.locator(f"#step-{first.section} .plangen-why").is_visible() is False
    assert page.locator(f"#step-{first.section} .plangen-body").is_visible() is False
    assert page.locator(f"#step-{second.section} .plangen-body").is_visible()


DECORATION_JS = """(id) => {
    const step = document.getElementById(id);
    const line = (e) => getComputedStyle(e).textDecorationLine;
    return {title: line(step.querySelector('.plangen-step-title')),
            bold: [...step.querySelectorAll('.plangen-body strong, .plangen-body b')].map(line)};
}"""


@pytest.mark.parametrize("media", ["screen", "print"])
def test_ticking_strikes_through_the_title_only_not_bold_words_in_the_instructions(plan_at, content, media):
    page = plan_at(WIDE)
    step = next(s for s in build_plan(content, CHANGER).steps if "<strong>" in s.body_html)
    page.locator(f"#tick-{step.section}").check()
    page.emulate_media(media=media)
    decoration = page.evaluate(DECORATION_JS, f"step-{step.section}")
    assert decoration["title"] == "line-through"
    assert decoration["bold"] and set(decoration["bold"]) == {"none"}


# --- on paper -------------------------------------------------------------------------------

MARGINS = dict.fromkeys(("top", "right", "bottom", "left"), "12mm")  # the plan pages' own @page margins


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("path", ["quiz/", "my-plan/"])
def test_a_printed_plan_has_no_controls_and_is_no_longer_than_the_printable_download(plan_at, content, path):
    page = plan_at(WIDE, path)
    html = page.evaluate("JSON.parse(localStorage.getItem('plangen:state')).plan.html")
    page.emulate_media(media="print")
    # "Not in your plan yet" is that list's heading on paper; every other summary opens something.
    shown = page.evaluate("""() => [...document.querySelectorAll('.plangen button, .plangen input[type=file], .plangen a.plangen-change, .plangen summary:not(.plangen-left-out > summary)')]
        .filter((e) => e.checkVisibility()).map((e) => e.textContent.trim())""")
    assert shown == []
    printed = _pages(page.pdf(format="A4", margin=MARGINS))
    page.set_content(html)
    download = _pages(page.pdf(format="A4", margin=MARGINS))  # the same paper and margins for both
    print(f"{path}: {len(build_plan(content, CHANGER).steps)} steps, printed {printed} A4 pages, the HTML download {download}")
    assert printed <= download


# --- screenshots ------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390x844", "1280x900"])
@pytest.mark.parametrize("path", ["quiz/", "my-plan/"])
def test_the_plan_and_my_plan_fit_the_width_and_are_saved_as_screenshots(plan_at, viewport, path):
    page = plan_at(viewport, path)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    name = "plan" if path == "quiz/" else "my-plan"
    size = f"{viewport['width']}x{viewport['height']}"
    page.screenshot(path=ARTIFACTS / f"{name}-{size}.png")
    page.screenshot(path=ARTIFACTS / f"{name}-{size}-full.png", full_page=True)
