"""The plan a reader lives with, in a real Chromium: this week first, a
timeline readable at any width with its table, one answer changed from the
plan, instructions at hand and on paper, and My plan week by week."""

from __future__ import annotations

from datetime import date

import pytest

from plangen.engine.dates import dates_text
from plangen.engine.wording import effort_text, week_text
from plangen.engine.planner import build_plan
from plangen.engine.schedule import Progress

from conftest import ARTIFACTS
from personas import PERSONAS
from quizdriver import QuizDriver, download, wait_for_plan
from savedplans import open_with_state, read_state, saved_state

pytestmark = pytest.mark.browser

CHANGER = PERSONAS["returning-after-a-break"]  # 8 hours a week
CAREGIVER = PERSONAS["caregiver-part-time"]  # 2 hours a week


def _effort(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if hours and rest else f"{hours} h" if hours else f"{rest} min"


def _this_week(week: int) -> str:
    """The heading of "This week" for a plan started today (as a saved plan here is), in week ``week``."""
    return f"This week: week {week} of 13, {dates_text(date.today(), week)}"


def _in_week(plan, week: int):
    return [step for step in plan.steps if step.week <= week <= step.last_week]


@pytest.fixture
def saved_page(guarded_page, site_server, built_site):
    """Open a page over a plan saved for ``answers``: ``open_plan(answers, path, **state)``."""
    page, guard = guarded_page

    def open_plan(answers: dict, path: str = "quiz/", **state):
        open_with_state(page, site_server.url, saved_state(built_site, site_server.url, answers, **state), path)
        wait_for_plan(page)
        return page

    yield open_plan
    guard.assert_clean()


# --- this week first --------------------------------------------------------------

# What the page holds when the plan first appears (a MutationObserver's callback runs before the
# next frame, so before anything the page draws after it): the plan's element, this week, the focus.
FIRST_DRAWING_JS = """
window.__firstDrawing = null;
new MutationObserver((records, observer) => {
  const plan = document.querySelector(".plangen-plan");
  if (!plan) return;
  observer.disconnect();
  window.__firstDrawing = {
    drawn: plan.dataset.drawn,
    heading: document.querySelector(".plangen-this-week h3")?.textContent ?? null,
    steps: [...plan.querySelectorAll(".plangen-this-week .plangen-step-title")].map((e) => e.textContent),
    focused: document.activeElement?.id ?? null,
    laterWeeks: plan.querySelectorAll(".plangen-week").length,
  };
}).observe(document, { childList: true, subtree: true });
"""


@pytest.mark.parametrize("week", [1, 3])
def test_the_plan_first_appears_as_this_week_with_the_focus_on_its_title(guarded_page, site_server, built_site,
                                                                          content, week):
    page, guard = guarded_page
    page.add_init_script(script=FIRST_DRAWING_JS)
    open_with_state(page, site_server.url, saved_state(built_site, site_server.url, CHANGER, week=week))
    page.wait_for_function("() => window.__firstDrawing !== null")
    assert page.evaluate("window.__firstDrawing") == {
        "drawn": "first",
        "heading": _this_week(week),
        "steps": [step.title for step in _in_week(build_plan(content, CHANGER), week)],
        "focused": "plangen-plan",
        "laterWeeks": 0,  # they follow once this week is on screen
    }
    guard.assert_clean()


@pytest.mark.parametrize(("path", "week"), [("quiz/", 1), ("quiz/", 3), ("my-plan/", 1)])
def test_once_drawn_the_plan_holds_every_step_and_every_later_week(saved_page, content, path, week):
    page = saved_page(CHANGER, path, week=week)
    plan = build_plan(content, CHANGER)
    assert page.locator(".plangen-plan").get_attribute("data-drawn") == "all"
    # Each step once: this week's, the later weeks' (by the week they start), and those done in earlier weeks.
    shown = page.evaluate("() => [...document.querySelectorAll('.plangen-plan .plangen-step')].map((s) => s.id)")
    assert sorted(shown) == sorted(f"step-{step.section}" for step in plan.steps)
    later = sorted({step.week for step in plan.steps if step.week > week})
    assert page.evaluate("() => [...document.querySelectorAll('.plangen-week h4')].map((h) => h.id)") == [
        f"plangen-week-{later_week}" for later_week in later]
    for part in ("#plangen-summary-title", "svg.plangen-timeline", "#plangen-downloads"):
        assert page.locator(f".plangen-plan {part}").count() == 1, part

def test_the_plan_leads_with_this_week_its_time_against_the_hours_and_where_to_start(saved_page, content):
    page = saved_page(CAREGIVER)
    plan = build_plan(content, CAREGIVER)
    first_week = _in_week(plan, 1)
    box = page.locator(".plangen-this-week")
    assert box.locator("h3").inner_text() == _this_week(1)
    assert box.locator(".plangen-week-load").inner_text() == (
        f"{len(first_week)} steps, {_effort(plan.week_load(1))} of your {plan.hours} h this week.")
    assert box.locator(".plangen-start-with").inner_text() == f"Start with: {first_week[0].title}."
    assert box.locator(".plangen-step-title").all_inner_texts() == [step.title for step in first_week]
    # The plan's first element after its title and progress is this week.
    assert page.evaluate("document.querySelector('.plangen-plan > section').className") == "plangen-this-week"


def test_the_step_to_start_with_moves_on_as_steps_are_ticked(saved_page, content):
    page = saved_page(CAREGIVER)
    first, second = _in_week(build_plan(content, CAREGIVER), 1)[:2]
    page.locator(f"#tick-{first.section}").check()
    assert page.locator(".plangen-start-with").inner_text() == f"Start with: {second.title}."
    assert page.evaluate("document.activeElement.id") == f"tick-{first.section}"


def test_only_the_step_to_start_with_shows_its_instructions_with_one_control_for_all(saved_page, content):
    page = saved_page(CAREGIVER)
    plan = build_plan(content, CAREGIVER)
    first = _in_week(plan, 1)[0]
    opened = page.evaluate("() => [...document.querySelectorAll('.plangen-step')].map((s) => [s.id, s.querySelector('details').open])")
    assert opened == [[f"step-{s.section}", s is first] for s in
                      _in_week(plan, 1) + [s for s in plan.steps if s.week > 1]]
    page.get_by_role("button", name="Show all instructions").click()
    assert page.evaluate("[...document.querySelectorAll('.plangen-step details')].every((d) => d.open)")
    page.get_by_role("button", name="Hide all instructions").click()
    assert page.evaluate("[...document.querySelectorAll('.plangen-step details')].every((d) => !d.open)")


def test_later_weeks_are_grouped_by_the_week_each_step_starts_with_its_week_and_effort(saved_page, content):
    page = saved_page(CHANGER)
    plan = build_plan(content, CHANGER)
    later = sorted({step.week for step in plan.steps if step.week > 1})
    assert page.locator(".plangen-week h4").all_inner_texts() == [
        f"Week {week}, {dates_text(date.today(), week)} ({_effort(plan.week_load(week))})" for week in later]
    for week in later:
        group = page.locator(".plangen-week", has=page.locator(f"#plangen-week-{week}"))
        starting = [s for s in plan.steps if s.week == week]
        assert group.locator(".plangen-step label").all_inner_texts() == [
            f"{s.title} ({week_text(s)}, {effort_text(s)})" for s in starting]


def test_not_in_your_plan_yet_is_collapsed_and_links_each_step_to_its_guide(saved_page, content, site_server):
    page = saved_page(CAREGIVER)
    plan = build_plan(content, CAREGIVER)
    box = page.locator("details.plangen-left-out")
    assert box.get_attribute("open") is None
    box.locator("summary").click()
    items = box.locator("li")
    assert items.count() == len(plan.left_out) > 0
    for index, item in enumerate(plan.left_out):
        assert items.nth(index).inner_text() == f"{item.title}: {item.reason}."
        assert items.nth(index).locator("a").get_attribute("href") == site_server.url + item.url


# --- the timeline -------------------------------------------------------------------

LABEL_SIZES_JS = """() => {
    const svg = document.querySelector(".plangen-timeline");
    const scale = svg.getScreenCTM().a;
    return [...svg.querySelectorAll("text")].map((text) => parseFloat(getComputedStyle(text).fontSize) * scale);
}"""


@pytest.mark.parametrize("width", [360, 1280])
def test_timeline_labels_are_at_least_12_css_px(browser, site_server, built_site, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    open_with_state(page, site_server.url, saved_state(built_site, site_server.url, CHANGER))
    page.locator(".plangen-timeline").wait_for()
    sizes = page.evaluate(LABEL_SIZES_JS)
    assert len(sizes) >= 15 and min(sizes) >= 12, sizes
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_the_timeline_has_one_bar_per_busy_week_under_the_hours_line(saved_page, content):
    page = saved_page(CAREGIVER)
    plan = build_plan(content, CAREGIVER)
    bars = page.evaluate("""() => [...document.querySelectorAll('.plangen-timeline rect.bar')]
        .map((bar) => bar.getBoundingClientRect().top)""")
    line = page.evaluate("document.querySelector('.plangen-timeline line.hours').getBoundingClientRect().top")
    assert len(bars) == sum(1 for week in range(1, 14) if plan.week_load(week))
    assert all(top >= line - 0.5 for top in bars)  # every week fits: no bar rises above the line


def test_the_timelines_table_gives_every_weeks_time_and_steps(saved_page, content):
    page = saved_page(CHANGER)
    plan = build_plan(content, CHANGER)
    page.locator(".plangen-weeks-table summary").click()
    rows = page.evaluate("""() => [...document.querySelectorAll('.plangen-weeks tbody tr')]
        .map((row) => [...row.children].map((cell) => cell.textContent))""")
    assert rows == [[str(week), _effort(plan.week_load(week)) if plan.week_load(week) else "–",
                     ", ".join(s.title for s in _in_week(plan, week)) or "–"] for week in range(1, 14)]
    described = page.locator("#plangen-timeline-desc").text_content()
    busiest = max(range(1, 14), key=lambda week: (plan.week_load(week), -week))
    assert f"the busiest is week {busiest}, {_effort(plan.week_load(busiest))}" in described


# --- changing one answer ------------------------------------------------------------

def _change(page, label: str) -> None:
    page.get_by_role("button", name=f"Change: {label}").click()
    page.locator("form.plangen-form").wait_for()


def _save_change(page) -> str:
    page.get_by_role("button", name="Save and update my plan").click()
    notice = page.locator("#plangen-notice")
    notice.wait_for()
    wait_for_plan(page)  # the new plan's first part holds the notice; the rest follows
    return notice.inner_text()


def test_changing_the_hours_from_8_to_2_refits_every_week_keeps_ticks_and_names_what_changed(
        saved_page, content):
    page = saved_page(CHANGER)
    before, unticked = build_plan(content, CHANGER), build_plan(content, {**CHANGER, "hours": 2})
    kept = [s.section for s in before.steps if s.section in {t.section for t in unticked.steps}]
    done = next(s for s in before.steps if s.section not in {t.section for t in unticked.steps} and s.kind == "once")
    # A changed answer re-plans from the reader's week: what they ticked is done and stays, in the week it was ticked.
    ticked = (kept[0], kept[1], done.section)
    after = build_plan(content, {**CHANGER, "hours": 2}, progress=Progress(week=1, done=tuple((s, 1) for s in ticked)))
    gone = [s for s in before.steps if s.section not in {t.section for t in after.steps}]
    added = [s for s in after.steps if s.section not in {t.section for t in before.steps}]
    assert len(kept) >= 2 and gone
    for section in ticked:
        page.locator(f"#tick-{section}").check()

    _change(page, "Hours a week")
    assert page.locator("#plangen-question").inner_text().startswith(content.question("hours").text)
    QuizDriver(page, content).answer(content.question("hours"), 2)
    notice = _save_change(page)

    assert notice.startswith("Your plan changed: ")
    if added:
        assert f"{len(added)} step{'s' if len(added) > 1 else ''} added" in notice
    assert f"{len(gone)} step{'s' if len(gone) > 1 else ''} removed" in notice
    for step in added + gone:
        assert f"“{step.title}”" in notice
    assert page.evaluate("document.activeElement.id") == "plangen-notice"
    state = read_state(page)
    # Every week still to come fits the 2 hours; week 1 also holds what was already done in it.
    done_minutes = sum(s.effort for s in before.steps if s.section in ticked)
    weeks = {week["week"]: week["minutes"] for week in state["plan"]["data"]["weeks"]}
    assert max(minutes for week, minutes in weeks.items() if week > 1) <= 120 and weeks[1] <= 120 + done_minutes
    assert state["answers"]["hours"] == 2
    assert state["ticks"] == {section: True for section in ticked}
    assert all(page.locator(f"#tick-{section}").is_checked() for section in ticked)
    assert page.locator(".plangen-step .plangen-step-title").count() == len(after.steps)
    assert page.locator(".plangen-week-load").inner_text().endswith("of your 2 h this week.")


def test_back_from_a_change_returns_to_the_plan_with_nothing_changed(saved_page, content):
    page = saved_page(CHANGER)
    before = read_state(page)
    _change(page, "Hours a week")
    QuizDriver(page, content).answer(content.question("hours"), 2)
    page.get_by_role("button", name="Back to my plan").click()
    wait_for_plan(page)
    assert page.locator("#plangen-notice").count() == 0
    after = read_state(page)
    assert (after["answers"], after["plan"], after["ticks"]) == (before["answers"], before["plan"], before["ticks"])
    assert after.get("edit") is None


def test_a_change_left_open_survives_a_reload_as_a_draft(saved_page, content):
    page = saved_page(CHANGER)
    _change(page, "Hours a week")
    QuizDriver(page, content).answer(content.question("hours"), 3)
    page.reload()
    field = page.locator('input[name="q-hours"]')
    field.wait_for()
    assert field.input_value() == "3"
    assert read_state(page)["answers"]["hours"] == CHANGER["hours"]  # not saved until Save
    assert _save_change(page).startswith("Your plan changed")
    assert read_state(page)["answers"]["hours"] == 3


def test_a_change_that_asks_a_new_required_question_opens_it_with_the_draft_kept(saved_page, content):
    # Every summary row can be changed; the answer is checked by the engine, and a
    # required answer a change leaves out is asked for at once, on the same screen.
    page = saved_page(CHANGER)
    _change(page, "Hours a week")
    page.locator('input[name="q-hours"]').fill("")
    page.get_by_role("button", name="Save and update my plan").click()
    error = page.locator("#plangen-error")
    error.wait_for()
    assert error.inner_text() == "This question needs an answer before you go on."
    assert page.evaluate("document.activeElement.id") == "plangen-error"
    assert read_state(page)["answers"]["hours"] == CHANGER["hours"]


def test_change_on_my_plan_opens_that_question_alone_on_the_quiz_page(saved_page, site_server, content):
    page = saved_page(CHANGER, "my-plan/")
    link = page.get_by_role("link", name="Change: Hours a week")
    link.click()
    page.locator('input[name="q-hours"]').wait_for()
    assert page.url == site_server.url + "quiz/"  # the fragment is taken out of the address bar
    assert page.locator("form.plangen-form").get_attribute("aria-label") == "Change one answer"
    QuizDriver(page, content).answer(content.question("hours"), 2)
    assert _save_change(page).startswith("Your plan changed")


# --- print and the printable page -----------------------------------------------------

VISIBLE_BODIES_JS = """() => [...document.querySelectorAll('.plangen-step .plangen-body')]
    .map((body) => body.checkVisibility() && body.getBoundingClientRect().height > 0)"""


def test_print_shows_every_steps_instructions_with_nothing_to_open(saved_page):
    page = saved_page(CHANGER)
    assert not all(page.evaluate(VISIBLE_BODIES_JS))  # on screen, later weeks start closed
    page.emulate_media(media="print")
    shown = page.evaluate(VISIBLE_BODIES_JS)
    assert shown and all(shown)
    assert page.evaluate("[...document.querySelectorAll('.plangen-step summary')].some((s) => s.checkVisibility())") is False


def test_the_printable_page_has_every_steps_instructions_and_no_disclosures(saved_page, content, tmp_path):
    page = saved_page(CHANGER)
    text = download(page, "Printable page (HTML)", tmp_path).read_text(encoding="utf-8")
    assert "<details" not in text and "<summary" not in text
    assert text.count('<div class="body">') == len(build_plan(content, CHANGER).steps)
    assert '<table class="weeks">' in text


# --- My plan ---------------------------------------------------------------------------

def test_my_plan_leads_with_this_week_and_starts_the_next_once_its_steps_are_ticked(saved_page, content):
    page = saved_page(CAREGIVER, "my-plan/")
    plan = build_plan(content, CAREGIVER)
    assert page.locator(".plangen-this-week h3").inner_text() == _this_week(1)
    assert page.get_by_role("button", name="Start week 2").count() == 0
    for step in _in_week(plan, 1):
        if step.kind == "habit":  # counted up to this week's target, not ticked
            for _ in range(step.targets[0][1]):
                page.locator(f"#step-{step.section}").get_by_role("button", name=f"One more: {step.title}").click()
        else:
            page.locator(f"#tick-{step.section}").check()
    page.get_by_role("button", name="Start week 2").click()
    assert page.locator(".plangen-this-week h3").inner_text() == _this_week(2)
    second = _in_week(plan, 2)
    assert page.locator(".plangen-this-week .plangen-step-title").all_inner_texts() == [s.title for s in second]
    # A habit counts afresh each week; a step ticked in week 1 that runs on into week 2 stays ticked.
    start = next(s for s in second if s.kind == "habit" or s not in _in_week(plan, 1))
    assert page.locator(".plangen-start-with").inner_text() == f"Start with: {start.title}."
    assert read_state(page)["week"] == 2
    page.reload()
    wait_for_plan(page)
    assert page.locator(".plangen-this-week h3").inner_text() == _this_week(2)
    assert page.get_by_text(f"Done in earlier weeks ({len([s for s in plan.steps if s.last_week < 2])})").count() == 1
    # All of it from the saved plan: the engine starts in the background only once the page has loaded.
    assert page.evaluate("""() => {
      const loaded = performance.getEntriesByType("navigation")[0].loadEventEnd;
      const runtime = performance.getEntriesByType("resource").filter((r) => r.name.includes("/pyodide/"));
      return loaded > 0 && runtime.every((r) => r.startTime >= loaded);
    }""")


# --- screenshots -----------------------------------------------------------------------

@pytest.mark.parametrize("width, height", [(360, 740), (1280, 900)])
def test_plan_change_flow_and_my_plan_fit_and_are_saved_as_screenshots(browser, site_server, built_site, content,
                                                                      width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(60_000)
    open_with_state(page, site_server.url, saved_state(built_site, site_server.url, CHANGER))
    wait_for_plan(page)
    ARTIFACTS.mkdir(exist_ok=True)

    def shot(name: str) -> None:
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)

    shot("plan-this-week")
    _change(page, "Hours a week")
    QuizDriver(page, content).answer(content.question("hours"), 2)
    shot("change-answer")
    assert _save_change(page).startswith("Your plan changed")
    shot("plan-changed")
    page.goto(site_server.url + "my-plan/")
    wait_for_plan(page)
    shot("my-plan")
    context.close()
