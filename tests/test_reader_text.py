"""A reader's words are data: never template source, never Markdown, never HTML."""

import markdown as markdown_lib
import pytest

from plangen.engine.planner import build_plan
from plangen.engine.render import render_markdown
from plangen.engine.tokens import escape_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "![x](https://tracker.example/p.png)",
    "{{ 7 * 7 }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "<img src=x onerror=alert(1)>",
]


def _step(plan, section):
    return next(s for s in plan.steps if s.section == section)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_role_is_escaped_in_html(basic_content, text):
    body = _step(build_plan(basic_content, {"situation": "working", "role": text}), "weekly-plan").body_html
    assert "<script" not in body and "<img" not in body and "href=\"javascript" not in body
    assert "<a " not in body


@pytest.mark.parametrize("text", ["{{ 7 * 7 }}", "{% for x in range(3) %}loop{% endfor %}"])
def test_template_syntax_in_answers_is_never_evaluated(basic_content, text):
    plan = build_plan(basic_content, {"situation": "working", "role": text})
    body = _step(plan, "weekly-plan")
    assert "49" not in body.body_html and "looploop" not in body.body_html
    assert "{{ 7 * 7 }}" in body.body_html or "{% for x in range(3) %}" in body.body_html


def test_markdown_download_cannot_make_links_or_images_from_reader_text(basic_content):
    plan = build_plan(basic_content, {"situation": "working", "role": "![x](https://t.example/p.png)[a](j:x)"})
    markdown = render_markdown(plan)
    assert "![x](" not in markdown and "[a](" not in markdown
    assert "!\\[x\\](https://t.example/p.png)\\[a\\](j:x)" in markdown
    as_html = markdown_lib.markdown(markdown)
    assert "<img" not in as_html and 'href="j:x"' not in as_html and 'href="https://t.example' not in as_html


def test_escape_markdown_keeps_the_words_readable():
    assert escape_markdown("data *analyst*") == "data \\*analyst\\*"


@pytest.mark.parametrize("text", ["full-time", "3-6 months", "e.g. payroll (UK)", "A+ grade!", "C# dev"])
def test_escape_markdown_leaves_characters_that_are_not_syntax_inside_a_line_alone(text):
    assert escape_markdown(text) == text


@pytest.mark.parametrize("text, escaped", [("- not a list", "\\- not a list"), ("# not a heading", "\\# not a heading"),
                                           ("1. not a list", "1\\. not a list"), ("> no quote", "\\> no quote"),
                                           ("AT&amp;T", "AT\\&amp;T"), ("AT&T", "AT&T")])
def test_escape_markdown_escapes_markers_that_act_only_at_the_start_and_entities(text, escaped):
    assert escape_markdown(text) == escaped


def test_escape_markdown_isolates_right_to_left_words():
    assert escape_markdown("محلل بيانات") == "\u2068محلل بيانات\u2069"


def test_escape_markdown_isolates_right_to_left_words_only():
    assert escape_markdown("מנהלת חשבונות") == "\u2068מנהלת חשבונות\u2069"


def test_escape_markdown_isolates_direction_overrides_and_closes_them():
    assert escape_markdown("abc\u202edef") == "\u2068abc\u202edef\u202c\u2069"


def test_a_stray_isolate_closer_cannot_end_the_isolate_early():
    assert escape_markdown("\u2069\u202eabc") == "\u2068\u202eabc\u202c\u2069"


def test_html_shows_the_reader_text_literally(basic_content):
    plan = build_plan(basic_content, {"situation": "working", "role": "<b>bold</b> & co"})
    assert '<bdi class="reader-text">&lt;b&gt;bold&lt;/b&gt; &amp; co</bdi>' in _step(plan, "weekly-plan").body_html
