"""``plangen new | build | serve | check | plan | bundle``: the author's tools,
with MkDocs, ProperDocs or Zensical.

Errors print one line each (``path:line: message``) and exit non-zero;
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

from plangen.cli.scaffold import scaffold
from plangen.site import generators
from plangen.site.options import GENERATORS
from plangen.site.assets import data_files, write_assets
from plangen.site.runtime import INSTALL_RUNTIME
from plangen.authoring.walk import PAIR_SHARE, SAMPLES, answers_that_count, report, walk
from plangen.authoring.loader import Project, load_content
from plangen.engine.planner import build_plan
from plangen.engine.errors import AnswerError, ContentError, ContentErrors, PlangenError
from plangen.engine.render import plan_to_plain, render_markdown


def _project(args: argparse.Namespace) -> Project:
    return Project(Path(args.root).resolve(), quiz_dir=args.quiz_dir, docs_dir=args.docs_dir)


def cmd_new(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    written = scaffold(target, args.generator)
    print(f"wrote a new site to {target} ({len(written)} files), built with {args.generator}. Next, in that folder:")
    print(f"  npm install            # the Pyodide runtime package.json pins ({INSTALL_RUNTIME})")
    print("  plangen serve          # preview on http://127.0.0.1:8000; plangen build --strict writes site/")
    return 0


def _config_file(args: argparse.Namespace) -> Path:
    return Path(args.root) / args.config_file


def cmd_build(args: argparse.Namespace) -> int:
    site_dir = Path(args.site_dir).resolve() if args.site_dir else None
    return generators.build(_config_file(args), args.generator, site_dir, strict=args.strict)


def cmd_serve(args: argparse.Namespace) -> int:
    return generators.serve(_config_file(args), args.generator, port=args.port)


def cmd_check(args: argparse.Namespace) -> int:
    content = load_content(_project(args))
    coverage = walk(content, samples=args.samples, seed=args.seed)
    for line in report(content, coverage):
        print(line)
    counting = answers_that_count(content)
    below = counting.below()
    shares = sorted(counting.shares.values())
    print(f"answers that count: {len(shares) - len(below)}/{len(shares)} pairs of single and multi answers "
          f"change at least {PAIR_SHARE:.0%} of their readers' plans (lowest {min(shares, default=1):.0%}, "
          f"median {statistics.median(shares) if shares else 1:.0%}; {counting.readers} readers compared)")
    problems = list(coverage.problems)
    for question_id, a, b in counting.dead:
        question = content.question(question_id)
        problems.append(f"{question.where.path}:{question.where.line}: answers '{a}' and '{b}' to "
                        f"'{question_id}' give every reader the same plan")
    for question_id, a, b, share in below:
        if (question_id, a, b) in counting.dead:
            continue
        question = content.question(question_id)
        problems.append(f"{question.where.path}:{question.where.line}: answers '{a}' and '{b}' to "
                        f"'{question_id}' change only {share:.0%} of plans (merge them, drop the question, "
                        f"or make the answer matter)")
    for problem in problems:
        print(("error: " if args.strict else "warning: ") + problem, file=sys.stderr)
    return 1 if args.strict and problems else 0


def _read_answers(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".yaml", ".yml"):
        import yaml

        return yaml.safe_load(text)
    return json.loads(text)


def cmd_plan(args: argparse.Namespace) -> int:
    content = load_content(_project(args))
    try:
        answers = _read_answers(Path(args.answers))
    except (OSError, ValueError) as error:
        raise PlangenError(f"{args.answers}: cannot read answers ({error})") from None
    plan = build_plan(content, answers, link_base=args.link_base)
    if args.format == "json":
        print(json.dumps(plan_to_plain(plan), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_markdown(plan))
    return 0


def cmd_bundle(args: argparse.Namespace) -> int:
    project = _project(args)
    content = load_content(project)
    assets = write_assets(data_files(content), Path(args.out), project.root / args.pyodide_dir, project.root / args.wheel_cache)
    print(f"wrote {assets.bundle}, {assets.engine_zip} and the Pyodide runtime to {args.out}")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="plangen", description=__doc__.splitlines()[0])
    main.add_argument("--root", default=".", help="project folder (holds quiz/ and docs/)")
    main.add_argument("--quiz-dir", default="quiz")
    main.add_argument("--docs-dir", default="docs")
    commands = main.add_subparsers(dest="command", required=True)

    new = commands.add_parser("new", help="write a new site (mkdocs.yml, docs/, quiz/, package.json) into DIR")
    new.add_argument("dir", metavar="DIR", help="a folder that does not exist yet or is empty")
    new.add_argument("--generator", choices=GENERATORS, default="mkdocs", help="what builds the new site")
    new.set_defaults(run=cmd_new)

    for name, job in (("build", "build the site into site/ with everything plangen adds"),
                      ("serve", "preview the site on 127.0.0.1, rebuilt when a file changes")):
        command = commands.add_parser(name, help=job)
        command.add_argument("--generator", choices=GENERATORS,
                             help="mkdocs, properdocs or zensical (default: the plangen option 'generator', else mkdocs)")
        command.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's config, from --root")
        if name == "build":
            command.add_argument("-d", "--site-dir", help="where to write the site (default: the config's site_dir)")
            command.add_argument("--strict", action="store_true", help="fail on warnings (web fonts, unused sections)")
            command.set_defaults(run=cmd_build)
        else:
            command.add_argument("--port", type=int, default=8000)
            command.set_defaults(run=cmd_serve)

    check = commands.add_parser("check", help="validate content and report answer-space coverage")
    check.add_argument("--strict", action="store_true", help="fail on unreachable sections, rules or questions")
    check.add_argument("--samples", type=int, default=SAMPLES, help="answer sets to walk when not exhaustive")
    check.add_argument("--seed", type=int, default=0)
    check.set_defaults(run=cmd_check)

    plan = commands.add_parser("plan", help="print the plan for a set of answers")
    plan.add_argument("--answers", required=True, help="a .yaml or .json file of answers")
    plan.add_argument("--format", choices=("md", "json"), default="md")
    plan.add_argument("--link-base", default="", help="prefix for links to guides, e.g. https://example.org/")
    plan.set_defaults(run=cmd_plan)

    bundle = commands.add_parser("bundle", help="write the browser bundle, wheels and runtime without MkDocs")
    bundle.add_argument("out", help="folder to write into")
    bundle.add_argument("--pyodide-dir", default="node_modules/pyodide")
    bundle.add_argument("--wheel-cache", default=".cache/browser-wheels")
    bundle.set_defaults(run=cmd_bundle)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except ContentErrors as errors:
        for error in errors.errors:
            print(f"error: {error}", file=sys.stderr)
        return 1
    except (ContentError, AnswerError, PlangenError) as error:
        for line in str(error).splitlines():  # a refused config may give several reasons, one a line
            print(f"error: {line}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
