"""Split a guide page into front matter, introduction and plan sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plangen.engine.errors import ContentError
from plangen.authoring.yamlsrc import NodeDict, load_yaml

_SECTION = re.compile(r"^##\s+(?P<title>.+?)\s*\{#(?P<id>[^}\s]*)\}\s*$")
_H2 = re.compile(r"^##\s")
_FENCE = re.compile(r"^\s*(```|~~~)")
#: A line of its own after the last section: what follows ends the guide's page (its next step, say)
#: and never enters a plan.
PAGE_END = "<!-- end of plan sections -->"


def page_ending(markdown: str) -> str:
    """What a guide's page shows after its sections: the text after `PAGE_END`, or nothing."""
    _, marker, ending = markdown.partition("\n" + PAGE_END + "\n")
    return ending if marker else ""


@dataclass(frozen=True)
class RawSection:
    id: str
    title: str
    line: int  # line of the heading
    body: str
    body_line: int  # line of the first body line


@dataclass(frozen=True)
class RawGuide:
    meta: NodeDict
    intro: str
    sections: tuple[RawSection, ...]
    errors: tuple[ContentError, ...] = ()  # bad headings; the rest of the page still parses


def split_front_matter(text: str, path: str) -> tuple[NodeDict, str, int]:
    """Return (front matter, body, line where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError("a guide must start with front matter between '---' lines", path, 1)
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            meta = load_yaml("".join(lines[1:index]), path, first_line=2) or NodeDict()
            if not isinstance(meta, dict):
                raise ContentError("front matter must be a mapping", path, 2)
            if not isinstance(meta, NodeDict):
                meta = NodeDict(meta)
                meta.line, meta.key_lines = 2, {}
            return meta, "".join(lines[index + 1:]), index + 2
    raise ContentError("front matter is not closed with '---'", path, 1)


def _heading_error(line: str, path: str, number: int) -> ContentError | None:
    match = _SECTION.match(line)
    if match is None:
        return ContentError("a '##' heading in a guide needs a section id", path, number,
                            "write '## Title {#section-id}'")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", match["id"]):
        return ContentError(f"section id '{match['id']}' is not lowercase-kebab-case", path, number)
    if "{{" in match["title"] or "{%" in match["title"]:
        return ContentError("a section heading cannot use template variables", path, number,
                            "headings appear in plans and the table of contents as written")
    return None


def parse_guide(text: str, path: str) -> RawGuide:
    """Parse a guide; every ``##`` heading outside code is a plan section,
    until a `PAGE_END` line, after which nothing is read.

    A bad heading is reported (and, lacking an id, its section left out); the
    rest of the page is still read, so one typo does not hide every other
    section.
    """
    meta, body, first = split_front_matter(text, path)
    intro: list[str] = []
    sections: list[RawSection] = []
    errors: list[ContentError] = []
    current: tuple[str, str, int] | None = None
    current_body: list[str] = []
    in_fence = False
    skipping = False

    def close() -> None:
        if current is not None:
            section_id, title, line = current
            sections.append(RawSection(section_id, title, line, "".join(current_body), line + 1))

    for offset, line in enumerate(body.splitlines(keepends=True)):
        number = first + offset
        if _FENCE.match(line):
            in_fence = not in_fence
        if not in_fence and line.rstrip("\n") == PAGE_END:
            break
        if not in_fence and _H2.match(line):
            close()
            current, current_body = None, []
            error = _heading_error(line.rstrip("\n"), path, number)
            if error is not None:
                errors.append(error)
            match = _SECTION.match(line.rstrip("\n"))
            # Without an id the section cannot be named, so it is left out;
            # with one, it is kept so nothing that refers to it fails as well.
            skipping = match is None
            if match is not None:
                current = (match["id"], match["title"], number)
            continue
        if skipping:
            continue
        (current_body if current is not None else intro).append(line)
    close()
    return RawGuide(meta=meta, intro="".join(intro), sections=tuple(sections), errors=tuple(errors))
