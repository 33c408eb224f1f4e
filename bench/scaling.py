"""How costs grow with content: 1×, 3× and 10× the real questions, rules and sections.

A scaled project is the real ``quiz/`` and guides plus ``k - 1`` renamed
copies of everything: copy ``n`` of question ``q`` is ``q-xn`` (its
``show_if`` points at copy ``n`` of the questions it names), and likewise
facts, groups, rules and guide sections, so every copy branches and fires
like the original. Templates keep reading the original answers. Prose in
each copy (question texts, labels, reasons, guide paragraphs) has its words
shuffled by a fixed seed, so a copy is as long as the original but gzip
cannot simply point back at it. The result must pass
``plangen.authoring.loader.load_content``.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import math
import random
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from plangen.engine.schedule import PROGRESS_FACTS
from plangen.site.assets import bundle_file
from plangen.authoring.loader import Project, load_content
from plangen.engine.templates import compile_template, markdown_to_html
from plangen.engine.planner import build_plan
from plangen.authoring.sampling import answer_sets

from .site import ROOT
from .stats import Metric

SCALES = (1, 3, 10)
ANSWER_SETS = 100
SEED = 1
_HEADING_ID = re.compile(r"^(##\s.*\{#)([a-z0-9-]+)(\}\s*)$", re.M)


def _suffix(name: str, n: int) -> str:
    return f"{name}-x{n}"


_PROSE_KEYS = {"text", "help", "label", "reason", "summary", "why", "min_label", "max_label", "title", "description"}
_MARKUP = re.compile(r"[{}\[\]()<>|`#*_]")


def vary(text: str, n: int) -> str:
    """``text`` with the words of each plain-prose line shuffled (seeded by text and copy)."""
    rng = random.Random(hashlib.sha256(f"{n}:{text}".encode()).digest())
    lines = []
    for line in text.split("\n"):
        words = line.split(" ")
        if len(words) > 2 and not _MARKUP.search(line) and not line.lstrip()[:1].isdigit():
            rng.shuffle(words)
            line = " ".join(words)
        lines.append(line)
    return "\n".join(lines)


def vary_prose(data: object, n: int) -> object:
    """A deep copy of YAML data with its prose fields varied for copy ``n``."""
    if isinstance(data, list):
        return [vary_prose(item, n) for item in data]
    if isinstance(data, dict):
        return {key: vary(value, n) if key in _PROSE_KEYS and isinstance(value, str) else vary_prose(value, n)
                for key, value in data.items()}
    return data


def rename_condition(condition: object, n: int) -> object:
    """A condition whose ``answer:``/``fact:`` names point at copy ``n``."""
    if isinstance(condition, list):
        return [rename_condition(item, n) for item in condition]
    if not isinstance(condition, dict):
        return condition
    renamed = {}
    for key, value in condition.items():
        if key == "fact" and value in PROGRESS_FACTS:
            renamed[key] = value  # derived from check-ins by the engine, one set for every copy
        elif key in ("answer", "fact"):
            renamed[key] = _suffix(str(value), n)
        elif key in ("all", "any", "not"):
            renamed[key] = rename_condition(value, n)
        else:
            renamed[key] = value
    return renamed


def scaled_questions(data: dict, k: int) -> dict:
    out = copy.deepcopy(data)
    for n in range(2, k + 1):
        for question in data["questions"]:
            clone = vary_prose(question, n)
            clone["id"] = _suffix(question["id"], n)
            if "show_if" in clone:
                clone["show_if"] = rename_condition(clone["show_if"], n)
            out["questions"].append(clone)
    return out


def scaled_rules(data: dict, k: int, section_ids: set[str]) -> dict:
    out = copy.deepcopy(data)
    for n in range(2, k + 1):
        for group, limit in (data.get("groups") or {}).items():
            out["groups"][_suffix(group, n)] = limit
        for fact in data.get("facts") or []:
            clone = copy.deepcopy(fact)
            clone["id"] = _suffix(fact["id"], n)
            if "when" in clone:
                clone["when"] = rename_condition(clone["when"], n)
            if "from" in clone:
                clone["from"] = _suffix(clone["from"], n)
            out["facts"].append(clone)
        for rule in data["rules"]:
            clone = vary_prose(rule, n)
            clone["id"] = _suffix(rule["id"], n)
            include = rule["include"] if isinstance(rule["include"], list) else [rule["include"]]
            clone["include"] = [_suffix(s, n) if s in section_ids else s for s in include]
            if "when" in clone:
                clone["when"] = rename_condition(clone["when"], n)
            if clone.get("group") is not None:
                clone["group"] = _suffix(clone["group"], n)
            out["rules"].append(clone)
    return out


def scaled_guide(text: str, n: int) -> str:
    """Copy ``n`` of a guide: every section id (front matter and heading) renamed."""
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    meta["sections"] = {_suffix(sid, n): value for sid, value in meta["sections"].items()}
    meta["title"] = f"{meta['title']} (copy {n})"
    if isinstance(meta.get("description"), str):
        meta["description"] = vary(meta["description"], n)
    body = _HEADING_ID.sub(lambda m: m[1] + _suffix(m[2], n) + m[3], vary(body, n))
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + body


def write_scaled_project(target: Path, k: int) -> Project:
    """Write the real content scaled ``k`` times into ``target``."""
    project = Project(target)
    quiz, guides = target / project.quiz_dir, target / project.docs_dir / project.guides_dir
    quiz.mkdir(parents=True)
    guides.mkdir(parents=True)
    sources = sorted((ROOT / "docs" / "guides").glob("*.md"))
    guide_texts = {}
    for source in sources:
        shutil.copyfile(source, guides / source.name)
        text = source.read_text(encoding="utf-8")
        if text.startswith("---\n") and "sections:" in text.split("---\n", 2)[1]:
            guide_texts[source] = text
    section_ids = {m[2] for text in guide_texts.values() for m in _HEADING_ID.finditer(text)}
    for source, text in guide_texts.items():
        for n in range(2, k + 1):
            (guides / f"{source.stem}-x{n}.md").write_text(scaled_guide(text, n), encoding="utf-8")
    questions = yaml.safe_load((ROOT / "quiz" / "questions.yaml").read_text(encoding="utf-8"))
    rules = yaml.safe_load((ROOT / "quiz" / "rules.yaml").read_text(encoding="utf-8"))
    (quiz / "questions.yaml").write_text(
        yaml.safe_dump(scaled_questions(questions, k), sort_keys=False, allow_unicode=True), encoding="utf-8")
    (quiz / "rules.yaml").write_text(
        yaml.safe_dump(scaled_rules(rules, k, section_ids), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return project


def growth_exponent(ratio: float, scale: float) -> float:
    """``e`` such that cost ∝ scale**e between 1× and ``scale`` (1.0 = linear)."""
    return math.log(ratio) / math.log(scale) if ratio > 0 else float("nan")


def _plan_pass(content, sets: list[dict]) -> tuple[float, list[int]]:
    """Median per-plan milliseconds over ``sets``, and each plan's step count."""
    timings, steps = [], []
    for answers in sets:
        start = time.perf_counter()
        built = build_plan(content, answers)
        timings.append((time.perf_counter() - start) * 1000)
        steps.append(len(built.steps))
    return statistics.median(timings), steps


def measure_scaling(runs: int, progress) -> dict:
    """load_content time, build_plan per plan and bundle size at each scale.

    Runs are interleaved across scales (1×, 3×, 10×, then 10×, 3×, 1×, ...)
    so machine load drifting during the run does not bend the growth ratios.
    """
    result: dict = {"scales": {}, "answer_sets": ANSWER_SETS}
    with tempfile.TemporaryDirectory(prefix="plangen-bench-scale-") as tmp:
        projects = {k: write_scaled_project(Path(tmp) / f"x{k}", k) for k in SCALES}
        contents = {k: load_content(project) for k, project in projects.items()}  # also a warm-up
        sets = {k: list(answer_sets(content, ANSWER_SETS, seed=SEED)) for k, content in contents.items()}
        for k, content in contents.items():
            _, steps = _plan_pass(content, sets[k])  # warm-up (template cache), not counted
            _, data = bundle_file(content)
            result["scales"][k] = {
                "questions": len(content.questions), "rules": len(content.rules),
                "sections": len(content.sections), "guides": len(content.guides),
                "mean_plan_steps": statistics.fmean(steps),
                "load_content": Metric(f"load_content at {k}×", "ms"),
                "build_plan": Metric(f"build_plan at {k}×", "ms", note=f"median per plan over {len(sets[k])} sets"),
                "bundle_raw": len(data), "bundle_gzip": len(gzip.compress(data, compresslevel=9)),
            }
        for index in range(runs):
            for k in SCALES if index % 2 == 0 else reversed(SCALES):
                row = result["scales"][k]
                # Cold each time: the template caches hold a whole 1× site but not a 10× one,
                # so warm loads would compare cache hits at 1× with compiling at 10×.
                compile_template.cache_clear()
                markdown_to_html.cache_clear()
                start = time.perf_counter()
                load_content(projects[k])
                row["load_content"].add((time.perf_counter() - start) * 1000)
                row["build_plan"].add(_plan_pass(contents[k], sets[k])[0])
            progress(f"scaling run {index + 1}/{runs}")
    first, last = result["scales"][SCALES[0]], result["scales"][SCALES[-1]]
    span = SCALES[-1] / SCALES[0]
    growth = {
        "load_content": last["load_content"].median / first["load_content"].median,
        "build_plan": last["build_plan"].median / first["build_plan"].median,
        "bundle_raw": last["bundle_raw"] / first["bundle_raw"],
        "bundle_gzip": last["bundle_gzip"] / first["bundle_gzip"],
    }
    result["growth"] = {name: {"ratio": ratio, "exponent": growth_exponent(ratio, span)}
                        for name, ratio in growth.items()}
    result["span"] = span
    return result
