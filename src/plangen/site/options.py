"""plangen's site options, declared once for every generator.

A site sets them under its ``plangen`` plugin entry in ``mkdocs.yml``
(``- plangen: {offline: false}``). The MkDocs plugin turns this declaration
into its typed config class; the Zensical adapter, whose generator runs no
third-party plugins, reads the same entry with :func:`options_from_mapping`.
Both therefore accept the same names, types and defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

from plangen.engine.errors import PlangenError

GENERATORS = ("mkdocs", "properdocs", "zensical")


class OptionsError(PlangenError):
    """A plangen option with the wrong name, type or value."""


@dataclass(frozen=True)
class Options:
    """Everything a site can set for plangen; each field's ``doc`` says what it does."""

    quiz_dir: str = field(default="quiz", metadata={"doc": "folder of questions.yaml and rules.yaml"})
    guides_dir: str = field(default="guides", metadata={"doc": "folder of the guides, inside docs_dir"})
    pyodide_dir: str = field(default="node_modules/pyodide", metadata={"doc": "the npm package pyodide"})
    wheel_cache: str = field(default=".cache/browser-wheels", metadata={"doc": "pure wheels for the browser"})
    assets_dir: str = field(default="assets/plangen", metadata={"doc": "where in the site plangen writes"})
    precompile: bool = field(default=True, metadata={"doc": "bytecode compiled inside Pyodide: a much faster start"})
    snapshot: bool = field(default=True, metadata={"doc": "a memory snapshot of the started engine: returning readers start faster"})
    precompress: bool = field(default=True, metadata={"doc": ".br and .gz beside each file, for hosts that serve them"})
    quiz_page: str = field(default="quiz.md", metadata={"doc": "the quiz page in docs_dir; provided when missing"})
    my_plan_page: str = field(default="my-plan.md", metadata={"doc": "the My plan page; provided when missing"})
    offline: bool = field(default=True, metadata={"doc": "a service worker keeps the site for use offline"})
    quiz_search: bool = field(default=False, metadata={"doc": "the theme's search box on the quiz page"})
    generator: str = field(default="mkdocs", metadata={"doc": "what `plangen build` runs: mkdocs, properdocs or zensical"})


def option_fields() -> list[tuple[str, type, Any]]:
    """(name, type, default) of every option, in declaration order."""
    types = {"str": str, "bool": bool}
    return [(f.name, types[f.type] if isinstance(f.type, str) else f.type, f.default) for f in fields(Options)]


def options_from_mapping(values: object, where: str = "mkdocs.yml") -> Options:
    """Options from a plugin entry's mapping (None: every default), checked
    like the MkDocs plugin checks them, with errors naming ``where``."""
    if values is None:
        return Options()
    if not isinstance(values, dict):
        raise OptionsError(f"{where}: the options of the plangen plugin must be a mapping")
    known = {name: (kind, default) for name, kind, default in option_fields()}
    checked: dict[str, Any] = {}
    for name, value in values.items():
        if name not in known:
            raise OptionsError(f"{where}: unknown plangen option '{name}' (known: {', '.join(known)})")
        kind = known[name][0]
        if not isinstance(value, kind):
            raise OptionsError(f"{where}: plangen option '{name}' must be a {kind.__name__}, not {value!r}")
        checked[name] = value
    options = replace(Options(), **checked)
    return with_generator(options, options.generator, where)


def with_generator(options: Options, generator: str | None, where: str = "--generator") -> Options:
    """``options`` with ``generator`` (None keeps the site's own), checked."""
    chosen = generator or options.generator
    if chosen not in GENERATORS:
        raise OptionsError(f"{where}: unknown generator '{chosen}' (choose one of {', '.join(GENERATORS)})")
    return replace(options, generator=chosen)
