"""Section templates compiled at build time give the plan Jinja2 and Markdown
would give, so the browser's engine needs neither; a template the program
format cannot hold is left to Jinja2 and still works."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plangen.authoring.compile_sections import MAX_VARIANTS, compile_template
from plangen.engine import bundle
from plangen.engine.errors import ContentError
from plangen.engine.planner import build_plan

from test_properties import CONTENT, fuzz, valid_answers
from personas import PERSONAS

LINK_BASES = st.sampled_from(["", "http://127.0.0.1:8000/", "https://example.test/a&amp;b'c\"d<e>/"])


def _uncompiled(content):
    return replace(content, sections=tuple(replace(section, compiled=None) for section in content.sections))


JINJA_ONLY = _uncompiled(CONTENT)


def _bodies(plan):
    return [(step.section, step.body_markdown, step.body_html) for step in plan.steps]


def test_every_section_of_this_site_is_compiled():
    assert [section.id for section in CONTENT.sections if section.compiled is None] == []


@fuzz
@given(valid_answers(), LINK_BASES)
def test_a_compiled_plan_is_the_plan_jinja2_and_markdown_make(answers, link_base):
    assert _bodies(build_plan(CONTENT, answers, link_base)) == _bodies(build_plan(JINJA_ONLY, answers, link_base))


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_each_persona_gets_the_same_words_from_the_bundle_as_from_jinja2(persona):
    from_bundle = bundle.content_from_plain(json.loads(bundle.dumps(CONTENT)))
    assert _bodies(build_plan(from_bundle, PERSONAS[persona], "http://x.test/")) == \
        _bodies(build_plan(JINJA_ONLY, PERSONAS[persona], "http://x.test/"))


def test_the_bundle_leaves_out_the_source_of_a_compiled_template():
    plain = json.loads(bundle.dumps(CONTENT))
    assert all(section["template"] == "" for section in plain["sections"])


@pytest.mark.parametrize("source", [
    "{% for item in answers.channels %}- {{ item }}\n{% endfor %}",
    "Hello {{ answers.role | upper }}.\n",
    "{% if answers.hours is number %}x{% endif %}\n",
    "{{ 'a' if facts.urgent else 'b' }}\n",
    "{% set x = 1 %}{{ x }}\n",
])
def test_a_template_the_program_cannot_hold_is_left_to_jinja2(source):
    assert compile_template(source, "guides/a.md") is None


def test_a_template_left_to_jinja2_still_renders_in_the_plan():
    answers = dict(PERSONAS["laid-off-short-runway"], channels=["job-boards", "referrals"])
    first = build_plan(CONTENT, answers).steps[0].section
    looped = replace(CONTENT.section(first), compiled=None,
                     template="{% for c in answers.channels %}Through {{ c | upper }}.\n{% endfor %}")
    content = replace(CONTENT, sections=tuple(looped if s.id == first else s for s in CONTENT.sections))
    step = build_plan(content, answers).steps[0]
    assert (step.section, step.body_markdown) == (first, "Through JOB-BOARDS.\nThrough REFERRALS.\n")


def test_a_template_with_more_branch_combinations_than_the_limit_is_left_to_jinja2():
    branches = "".join(f"{{% if facts.f{i} %}}{i}{{% endif %}}" for i in range(7))  # 2**7 combinations
    assert 2 ** 7 > MAX_VARIANTS
    assert compile_template(branches, "guides/a.md") is None
    assert compile_template("".join(f"{{% if facts.f{i} %}}{i}{{% endif %}}" for i in range(6)), "guides/a.md")


def test_each_combination_of_branches_has_its_html_made_at_build_time():
    compiled = compile_template('{% if facts.a %}A *{{ answers.role }}*{% elif answers.b == "x" %}B{% endif %}'
                                "\n\n{% if not facts.c %}C [link](other.md#x){% endif %}\n", "guides/a.md")
    assert len(compiled.html) == 6  # (A, B, nothing) x (C, nothing)


def test_a_tampered_program_fails_as_a_content_error_naming_its_section():
    section = CONTENT.sections[0]
    broken = replace(section, compiled=replace(section.compiled, program=[["exec", "import os"]]))
    content = replace(CONTENT, sections=(broken, *CONTENT.sections[1:]))
    plans = (build_plan(content, answers) for answers in PERSONAS.values())
    with pytest.raises(ContentError, match=f"section '{section.id}'"):
        for plan in plans:
            assert section.id not in [step.section for step in plan.steps]


def test_a_plan_from_the_bundle_imports_neither_jinja2_nor_markdown(tmp_path):
    (tmp_path / "bundle.json").write_text(bundle.dumps(CONTENT), encoding="utf-8")
    script = f"""
import json, sys
from plangen.engine import worker
worker.load(open({str(tmp_path / "bundle.json")!r}, encoding="utf-8").read())
worker.warm_up()
reply = json.loads(worker.handle(json.dumps({{"op": "plan", "answers": {json.dumps(PERSONAS["new-graduate"])}}})))
assert reply["ok"], reply
print(json.dumps(sorted(name for name in ("jinja2", "markdown", "markupsafe") if name in sys.modules)))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []
