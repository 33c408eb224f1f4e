"""The built site carries everything it needs and references nothing elsewhere."""

import json
import re

import pytest
import zipfile


# Anything in a page or stylesheet that names another host: resources the
# browser would fetch (src, href, CSS url/@import) and links alike. The
# site's own address (site_url, used for canonical links) is allowed.
OWN = r"(?!127\.0\.0\.1[:/])"
EXTERNAL = re.compile(
    rf"""(?:src|href|srcset|action)\s*=\s*["']?\s*(?:https?:)?//{OWN}"""
    rf"""|url\(\s*["']?(?:https?:)?//{OWN}|@import\s+["'](?:https?:)?//{OWN}""",
    re.I,
)
CDN_HOSTS = ("cdn.jsdelivr", "unpkg.com", "fonts.googleapis", "fonts.gstatic", "cdnjs", "googletagmanager")


def test_site_has_home_blog_guides_and_quiz(built_site):
    for page in ("index.html", "blog/index.html", "guides/index.html", "guides/community/index.html", "quiz/index.html"):
        assert (built_site / page).is_file(), page


def test_pyodide_runtime_and_engine_zip_are_inside_the_site(built_site):
    runtime = built_site / "assets/plangen/pyodide"
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        assert (runtime / name).is_file(), name
    # The engine reaches Python as a zip on its path: the lock lists no package for Pyodide to fetch.
    assert json.loads((runtime / "pyodide-lock.json").read_text())["packages"] == {}
    assert [path.name for path in runtime.glob("*.whl")] == []
    assert len(list(runtime.glob("engine.*.zip"))) == 1


def test_engine_zip_holds_the_engine_but_no_build_tools_and_no_template_libraries(built_site):
    engine = next((built_site / "assets/plangen/pyodide").glob("engine.*.zip"))
    names = zipfile.ZipFile(engine).namelist()
    sources = {name for name in names if name.startswith("plangen/") and name.endswith(".py")}
    assert "plangen/engine/planner.py" in sources and "plangen/engine/worker.py" in sources
    assert {name.split("/")[1] for name in sources if name.count("/") > 1} == {"engine"}
    # Every section template was compiled at build time: the browser gets no Jinja2 or Markdown.
    assert {name.split("/")[0] for name in names if "/" in name and ".dist-info/" not in name} == {"plangen"}


def test_engine_zip_carries_bytecode_beside_each_module_where_zipimport_reads_it(built_site):
    engine = next((built_site / "assets/plangen/pyodide").glob("engine.*.zip"))
    names = set(zipfile.ZipFile(engine).namelist())
    modules = {name[:-3] for name in names if name.startswith("plangen/") and name.endswith(".py")}
    assert {module for module in modules if module + ".pyc" not in names} == set()
    assert [name for name in names if "__pycache__" in name] == []


def test_no_page_or_stylesheet_references_another_host(built_site):
    # Scripts are covered at run time instead: mkdocs-material's bundle names
    # CDN fallbacks for features this site does not use (diagrams, an old-
    # browser polyfill), and the browser tests fail on any request that
    # leaves the origin.
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix not in (".html", ".css", ".xml") or "pyodide" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".xml":  # feeds and sitemaps name the site itself
            continue
        offenders += [f"{path.relative_to(built_site)}: {host}" for host in CDN_HOSTS if host in text]
        offenders += [f"{path.relative_to(built_site)}: {text[m.start():m.end() + 40]}" for m in EXTERNAL.finditer(text)]
    assert offenders == []


def test_guide_pages_render_templates_with_neutral_words(built_site):
    html = (built_site / "guides/where-they-gather/index.html").read_text()
    assert "your target role" in html
    assert "{{" not in html and "{%" not in html


@pytest.mark.parametrize("attribute, stem", [("data-bundle", "content"), ("data-questions", "questions")])
def test_quiz_page_points_at_hashed_data_files(built_site, attribute, stem):
    html = (built_site / "quiz/index.html").read_text()
    name = re.search(rf'{attribute}="[./]*assets/plangen/({stem}\.[0-9a-f]{{12}}\.json)"', html).group(1)
    assert (built_site / "assets/plangen" / name).is_file()


def test_questions_file_carries_no_branching_rules(built_site):
    data = json.loads(next((built_site / "assets/plangen").glob("questions.*.json")).read_text())
    assert data["questions"] and all("show_if" not in q for q in data["questions"])


def test_questions_file_says_which_questions_are_asked_only_under_a_condition(built_site, content):
    data = json.loads(next((built_site / "assets/plangen").glob("questions.*.json")).read_text())
    assert {q["id"]: q["conditional"] for q in data["questions"]} == {
        q.id: q.show_if is not None for q in content.questions}
    assert any(q["conditional"] for q in data["questions"]) and not all(q["conditional"] for q in data["questions"])


def test_every_guide_section_keeps_its_anchor(built_site, content):
    for section in content.sections:
        page = built_site / section.guide.replace(".md", "/index.html")
        assert f'id="{section.id}"' in page.read_text(), section.id
