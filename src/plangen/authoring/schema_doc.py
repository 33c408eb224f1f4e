"""The README's content-language table, generated from the schema.

Run ``python -m plangen.authoring.schema_doc`` to print it; a test keeps the
README's copy identical, so the documentation cannot drift from the loader.
"""

from __future__ import annotations

from plangen.engine.model import Fact, Habit, Option, PlanSettings, Question, Requirement, Rule, Section, ShareRule
from plangen.engine.schema import authored_keys

# (where an author writes it, the kind) in the order a new author meets them.
KINDS = (
    ("question", Question), ("option", Option), ("fact", Fact), ("rule", Rule),
    ("rules.yaml `plan:`", PlanSettings), ("`plan: require:` entry", Requirement),
    ("`plan: share_when:` entry", ShareRule), ("guide `sections: {id: …}`", Section),
    ("a section's `habit:`", Habit),
)
EXTRA_ROWS = (
    ("rules.yaml", "groups", "`name: {max: N, about: …}`: at most N steps from the rules in this group; `about` "
     "names the theme in reader words (\"about job scams\")"),
    ("guide front matter", "stage", "the default `stage` of the guide's sections"),
)


def _default(value: object) -> str:
    if value is None or value == () or value == "":
        return ""
    return f" (default `{str(value).lower() if isinstance(value, bool) else value}`)"


def content_language_table() -> str:
    """The Markdown table of every key an author may write, with its meaning."""
    rows = ["| where | key | meaning |", "| --- | --- | --- |"]
    for where, kind in KINDS:
        for key in authored_keys(kind).values():
            note = "" if key.required else _default(key.default)
            rows.append(f"| {where} | `{key.name}` | {key.doc}{note} |")
    rows += [f"| {where} | `{key}` | {doc} |" for where, key, doc in EXTRA_ROWS]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(content_language_table(), end="")
