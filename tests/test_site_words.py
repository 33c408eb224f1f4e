"""Words that agree and do not leak: one question count from the engine on
every page, bios that name the site, a sidebar without doubled entries,
guides that end with a next step and the quiz, no link beside another of the
same title, and a Change that returns where it began."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from plangen.authoring.sampling import answer_sets
from plangen.authoring.walk import _choices
from plangen.engine.answers import shown_count_range, visible_questions
from plangen.site.quizpages import question_count_words

from conftest import ROOT
from personas import PERSONAS
from quizdriver import wait_for_plan
from savedplans import open_with_state, saved_state

SITE_NAME = "Plan Your Next Move"


# --- the question count ---------------------------------------------------------------------

def test_the_count_range_is_exact_for_a_small_quiz_walked_in_full(basic_content):
    counts = {len(visible_questions(basic_content, {q.id: v for q, v in zip(basic_content.questions, combo) if v is not None}))
              for combo in itertools.product(*(_choices(q) for q in basic_content.questions))}
    assert shown_count_range(basic_content) == (min(counts), max(counts))


def test_every_sampled_reader_of_the_real_quiz_is_shown_a_count_inside_the_range(content):
    fewest, most = shown_count_range(content)
    counts = {len(visible_questions(content, answers)) for answers in answer_sets(content, 3000, seed=22)}
    assert fewest <= min(counts) and max(counts) <= most
    assert fewest < most  # this quiz branches, so the words are a range


def test_the_home_page_and_the_quiz_intro_say_the_engines_count(built_site, content):
    words = question_count_words(content)
    assert re.fullmatch(r"\d+ to \d+", words)
    home = (built_site / "index.html").read_text(encoding="utf-8")
    quiz = (built_site / "quiz/index.html").read_text(encoding="utf-8")
    assert f"You answer {words} short questions" in home
    assert f"{words} short questions, one at a time" in quiz
    assert f'data-question-count="{words}"' in quiz
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "about a dozen" not in text.lower() and "[[plangen:" not in text, page


@pytest.mark.browser
def test_after_a_reload_the_counter_gives_this_readers_count_from_the_engine(guarded_page, site_server, content):
    page, guard = guarded_page
    page.goto(site_server.url + "quiz/")
    first = page.locator(".plangen-progress").inner_text()
    fewest, most = shown_count_range(content)
    assert re.fullmatch(rf"Question 1 of (\d+|{fewest} to {most})", first), first
    page.get_by_label("I was laid off or let go recently", exact=True).check()
    page.get_by_role("button", name="Next").click()
    page.get_by_text(content.question("goal").text).wait_for()
    page.reload()
    total = len(visible_questions(content, {"situation": "laid-off"}))
    assert fewest <= total <= most
    page.locator(".plangen-progress", has_text=re.compile(f"^Question 2 of {total}$")).wait_for()
    guard.assert_clean()


# --- the site's own words ---------------------------------------------------------------------

def test_author_bios_name_the_site_not_the_package():
    authors = yaml.safe_load((ROOT / "docs/blog/.authors.yml").read_text(encoding="utf-8"))["authors"]
    for author in authors.values():
        assert "plangen" not in author["description"].lower()
        assert SITE_NAME in author["description"]


class _NavTitles(HTMLParser):
    """The entries of the site's main navigation, leaving out the page's own table of contents
    (a nested secondary nav) and the label that opens it, which repeat the page's title."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.titles: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "img", "input", "meta", "link", "hr", "path"):
            attributes = dict(attrs)
            # The active page's entry comes twice: its link, and a label that opens its contents on a phone.
            toc_toggle = " md-toc-toggle" if tag == "label" and attributes.get("for") == "__toc" else ""
            self.stack.append((tag, (attributes.get("class") or "") + toc_toggle))

    def handle_endtag(self, tag):
        if any(open_tag == tag for open_tag, _ in self.stack):  # an end tag with no start changes nothing
            while self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data):
        classes = [cls for _, cls in self.stack]
        if (data.strip() and classes and "md-ellipsis" in classes[-1] and any("md-nav--primary" in c for c in classes)
                and not any("md-nav--secondary" in c or "md-toc-toggle" in c for c in classes)):
            self.titles.append(data.strip())


def _nav_titles(page: Path) -> list[str]:
    parser = _NavTitles()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.titles


@pytest.mark.parametrize("page", ["blog/index.html", "blog/tags/index.html", "guides/index.html"])
def test_the_sidebar_has_no_entry_doubled_under_its_own_section(built_site, page):
    titles = _nav_titles(built_site / page)
    assert titles and all(a != b for a, b in itertools.pairwise(titles)), titles


class _Blocks(HTMLParser):
    """The links of each paragraph and list item inside the page's article: [[(href, text), ...], ...]."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[list[tuple[str, str]]] = []
        self.in_article = 0
        self.block: list[tuple[str, str]] | None = None
        self.link: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_article += 1
        elif self.in_article and tag in ("p", "li"):
            self.block = []
            self.blocks.append(self.block)
        elif self.in_article and tag == "a" and self.block is not None:
            self.link = [dict(attrs).get("href") or "", ""]

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1
        elif tag == "a" and self.link is not None:
            self.block.append((self.link[0], self.link[1]))
            self.link = None

    def handle_data(self, data):
        if self.link is not None:
            self.link[1] += data


def _blocks(page: Path) -> list[list[tuple[str, str]]]:
    parser = _Blocks()
    parser.feed(page.read_text(encoding="utf-8"))
    return [block for block in parser.blocks if block]


def _same_title(text: str) -> str:
    """Link words as a title: case, apostrophes and contractions aside ("Don't" is "do not")."""
    text = text.lower().replace("\u2019", "'").replace("n't", " not")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def test_no_link_beside_another_to_elsewhere_has_the_same_title(built_site):
    doubled = []
    for page in sorted(built_site.rglob("*.html")):
        for block in _blocks(page):
            targets: dict[str, set[str]] = {}
            for href, text in block:
                if href.startswith("#") or "headerlink" in href:
                    continue
                targets.setdefault(_same_title(text), set()).add(href.split("#")[0])
            doubled += [f"{page.relative_to(built_site)}: {title!r} -> {sorted(hrefs)}"
                        for title, hrefs in targets.items() if title and len(hrefs) > 1]
    assert doubled == []


def test_every_guide_ends_with_its_next_step_and_a_link_to_the_quiz(built_site, content):
    for guide in content.guides:
        slug = Path(guide.path).stem
        last = _blocks(built_site / "guides" / slug / "index.html")[-1]
        hrefs = [href for href, _ in last]
        assert any(href.endswith("quiz/") for href in hrefs), (slug, last)
        assert any(href.startswith("../") and not href.endswith("quiz/") and slug not in href for href in hrefs), (slug, last)


def test_a_guides_ending_never_enters_a_plan(content):
    assert content.sections
    assert not any("Your next step" in section.template or "end of plan sections" in section.template
                   for section in content.sections)


# --- changing an answer from the plan ----------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("path", ["quiz/", "my-plan/"])
def test_every_skipped_question_has_an_add_an_answer_row(guarded_page, site_server, built_site, content, path):
    page, guard = guarded_page
    answers = PERSONAS["returning-after-a-break"]
    skipped = [q for q in visible_questions(content, answers) if q.id not in answers]
    assert skipped
    open_with_state(page, site_server.url, saved_state(built_site, site_server.url, answers), path)
    wait_for_plan(page)
    for question in skipped:
        label = question.summary or question.text
        assert page.get_by_role("link" if path == "my-plan/" else "button", name=f"Add an answer: {label}").count() == 1
    guard.assert_clean()


@pytest.mark.browser
def test_back_to_my_plan_returns_to_my_plan_when_the_change_began_there(guarded_page, site_server, built_site, content):
    page, guard = guarded_page
    answers = PERSONAS["returning-after-a-break"]
    open_with_state(page, site_server.url, saved_state(built_site, site_server.url, answers), "my-plan/")
    wait_for_plan(page)
    page.get_by_role("link", name="Add an answer: Shaping the search").click()
    page.locator("form.plangen-form[aria-label='Change one answer']").wait_for()
    assert page.locator("#plangen-question").inner_text().startswith(content.question("constraints").text)
    page.get_by_role("button", name="Back to my plan").click()
    page.wait_for_url(site_server.url + "my-plan/")
    wait_for_plan(page)
    guard.assert_clean()
