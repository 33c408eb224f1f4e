"""Text a reader must read, measured in a real Chromium: the required-answer
error and every button of the quiz, the plan and My plan, at rest, under the
pointer and with the focus, in the light and the dark scheme, at 4.5:1 or
better (WCAG 2 AA for body text)."""

from __future__ import annotations

import pytest

from personas import PERSONAS
from quizdriver import wait_for_plan
from savedplans import open_with_state, saved_state

pytestmark = pytest.mark.browser
AA = 4.5

# The contrast of an element's text with what is drawn behind it: backgrounds are
# composited from the first opaque ancestor up, and translucent text over that.
CONTRAST_JS = """(element) => {
    const parse = (text) => {
        const parts = text.match(/rgba?\\(([^)]*)\\)/)[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
        return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
    };
    const over = (top, bottom) => ({
        r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
        b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
        const colour = parse(getComputedStyle(node).backgroundColor);
        if (colour.a > 0) layers.push(colour);
        if (colour.a === 1) break;
    }
    let behind = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) behind = over(layer, behind);
    const text = over(parse(getComputedStyle(element).color), behind);
    const luminance = ({ r, g, b }) => {
        const [R, G, B] = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    const [light, dark] = [luminance(text), luminance(behind)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
}"""

CONTROLS = ".plangen button:not([hidden]), .plangen a.md-button, .plangen a.plangen-change"
SCHEMES = ["light", "dark"]


def _settle(page) -> None:
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState === 'finished' || a.playState === 'idle')")


def _ratio(locator) -> float:
    return locator.evaluate(CONTRAST_JS)


def _button_contrasts(page) -> dict[str, float]:
    """The lowest contrast of each visible control at rest, hovered and focused, by its name and state."""
    found: dict[str, float] = {}
    controls = page.locator(CONTROLS)
    for index in range(controls.count()):
        control = controls.nth(index)
        if not control.is_visible():
            continue
        name = (control.get_attribute("aria-label") or control.inner_text()).strip()
        page.mouse.move(0, 0)
        _settle(page)
        found[f"{name} (at rest)"] = _ratio(control)
        control.hover()
        _settle(page)
        found[f"{name} (hovered)"] = _ratio(control)
        page.mouse.move(0, 0)
        control.focus()
        _settle(page)
        found[f"{name} (focused)"] = _ratio(control)
        control.blur()
    return found


@pytest.fixture(params=SCHEMES)
def scheme_page(request, browser):
    context = browser.new_context(color_scheme=request.param, reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page, request.param
    context.close()


def _scheme_is(page, scheme: str) -> None:
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected


def test_the_required_answer_error_reads_at_4_5_to_1_in_both_schemes(scheme_page, site_server):
    page, scheme = scheme_page
    page.goto(site_server.url + "quiz/")
    page.locator("form.plangen-form button[type=submit]").click()
    error = page.locator("#plangen-error")
    error.wait_for()
    _scheme_is(page, scheme)
    assert error.inner_text() == "This question needs an answer before you go on."
    assert _ratio(error) >= AA


def test_every_quiz_button_reads_at_4_5_to_1_at_rest_hovered_and_focused(scheme_page, site_server):
    page, scheme = scheme_page
    page.goto(site_server.url + "quiz/")
    page.locator("#plangen-question").wait_for()
    _scheme_is(page, scheme)
    found = _button_contrasts(page)
    assert any(name.startswith("Next") for name in found)
    assert {name: round(ratio, 2) for name, ratio in found.items() if ratio < AA} == {}


@pytest.mark.parametrize("path", ["quiz/", "my-plan/"])
def test_every_plan_button_reads_at_4_5_to_1_at_rest_hovered_and_focused(scheme_page, site_server, built_site,
                                                                          path):
    page, scheme = scheme_page
    open_with_state(page, site_server.url,
                    saved_state(built_site, site_server.url, PERSONAS["returning-after-a-break"]), path)
    wait_for_plan(page)
    _scheme_is(page, scheme)
    found = _button_contrasts(page)
    assert any(name.startswith("Change: ") for name in found)
    assert any(name.startswith("Download plan") for name in found)
    assert {name: round(ratio, 2) for name, ratio in found.items() if ratio < AA} == {}


def test_the_contrast_probe_fails_the_themes_own_error_tint(scheme_page, site_server):
    """The probe can fail: the theme's 15 % tint, which the error text once used, reads far below 4.5:1."""
    page, _ = scheme_page
    page.goto(site_server.url + "quiz/")
    page.locator("form.plangen-form button[type=submit]").click()
    error = page.locator("#plangen-error")
    error.wait_for()
    error.evaluate("(element) => { element.style.color = 'var(--md-typeset-del-color)'; }")
    assert _ratio(error) < 2
