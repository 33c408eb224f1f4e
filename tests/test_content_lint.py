"""The site's content meets its brief: enough posts, guides, sections and questions,
each complete, and every post leads readers on to the quiz and the guides."""

import re

import pytest
import yaml

from conftest import ROOT

POSTS = sorted((ROOT / "docs/blog/posts").glob("*.md"))
AUTHORS = yaml.safe_load((ROOT / "docs/blog/.authors.yml").read_text())["authors"]
CATEGORIES = {"Job search", "Networking", "Career paths", "Wellbeing", "Tools"}


def _front_matter_and_body(path):
    _, meta, body = path.read_text().split("---\n", 2)
    return yaml.safe_load(meta), body


def _words(markdown: str) -> int:
    text = re.sub(r"\]\([^)]*\)", "]", markdown)  # link targets are not words
    text = re.sub(r"<!--.*?-->", "", text)
    return len(re.findall(r"[\w'’-]+", text))


def test_blog_has_at_least_8_posts():
    assert len(POSTS) >= 8


@pytest.mark.parametrize("post", POSTS, ids=[p.stem for p in POSTS])
def test_post_is_700_to_1500_words(post):
    assert 700 <= _words(_front_matter_and_body(post)[1]) <= 1500


@pytest.mark.parametrize("post", POSTS, ids=[p.stem for p in POSTS])
def test_post_has_date_author_category_tags_and_excerpt(post):
    meta, body = _front_matter_and_body(post)
    assert meta["date"] and set(meta["authors"]) <= set(AUTHORS)
    assert set(meta["categories"]) <= CATEGORIES and meta["tags"]
    assert body.count("<!-- more -->") == 1


@pytest.mark.parametrize("post", POSTS, ids=[p.stem for p in POSTS])
def test_post_ends_pointing_to_the_quiz_and_a_guide(post):
    ending = _front_matter_and_body(post)[1].strip().split("\n\n")[-3:]
    text = "\n".join(ending)
    assert "quiz.md" in text and "guides/" in text


def test_library_has_at_least_12_guides_and_48_sections(content):
    assert len(content.guides) >= 12
    assert len(content.sections) >= 48


def test_every_section_has_phase_effort_and_tags(content):
    for section in content.sections:
        assert section.phase and section.effort > 0 and section.tags, section.id


def test_every_guide_has_a_description_and_a_theme(content):
    for guide in content.guides:
        assert guide.description and guide.theme, guide.path


def test_quiz_has_at_least_12_questions_3_branched_each_explained(content):
    assert len(content.questions) >= 12
    assert sum(q.show_if is not None for q in content.questions) >= 3
    assert [q.id for q in content.questions if not q.help] == []


def test_guides_index_links_every_guide(content):
    index = (ROOT / "docs/guides/index.md").read_text()
    for guide in content.guides:
        assert f"({guide.path.split('/')[-1]})" in index, guide.path


def test_feed_lists_exactly_the_posts(built_site):
    feed = (built_site / "feed_rss_created.xml").read_text()
    items = re.findall(r"<item>.*?<link>([^<]+)</link>", feed, re.S)
    assert len(items) == len(POSTS)
    assert all("/blog/20" in link for link in items)


GUIDE_LINK = re.compile(r"\[([^\]]+)\]\(((?:\.\./)*(?:guides/)?([a-z0-9-]+\.md))(#[a-z0-9-]+)?\)")


def test_library_covers_the_readers_it_promises(content):
    assert len(content.guides) >= 23 and len(content.sections) >= 100
    for path in ("work-authorisation", "disability-disclosure", "age-bias", "caregiving-part-time", "contract-work",
                 "job-scams", "offers-and-negotiation", "working-with-recruiters", "start-a-peer-group",
                 "automation-worry"):
        guide = next(g for g in content.guides if g.path == f"guides/{path}.md")
        assert len(guide.sections) >= 4, path


def test_steps_that_build_on_others_declare_it(content):
    with_needs = [section for section in content.sections if section.needs]
    assert len(with_needs) >= 20
    assert {"people", "peers"} <= {tag for section in content.sections for tag in section.tags}


def test_no_two_posts_end_with_the_same_paragraph():
    endings = [_front_matter_and_body(post)[1].strip().split("\n\n")[-1] for post in POSTS]
    assert len(set(endings)) == len(endings)


def test_no_two_posts_open_with_the_same_sentence_shape():
    openings = []
    for post in POSTS:
        body = _front_matter_and_body(post)[1]
        first = next(p for p in body.strip().split("\n\n") if not p.startswith("#"))
        openings.append(" ".join(first.split()[:4]).lower())
    assert len(set(openings)) == len(openings)


def test_link_texts_that_name_a_guide_use_its_title(content):
    titles = {guide.path.split("/")[-1]: guide.title for guide in content.guides}
    headings = {section.id: section.title for section in content.sections}
    pages = sorted((ROOT / "docs/guides").glob("*.md")) + POSTS
    wrong = []
    for page in pages:
        for match in GUIDE_LINK.finditer(page.read_text()):
            text, target, name, anchor = match.groups()
            if name not in titles or not text[0].isupper():
                continue  # prose links ("the guide on finding your people") name no guide
            allowed = {titles[name]} | ({headings.get(anchor[1:])} if anchor else set())
            if text not in allowed:
                wrong.append(f"{page.name}: [{text}]({target}{anchor or ''})")
    assert wrong == []
