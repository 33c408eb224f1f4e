"""Site URLs without a generator: where a docs page lands, and one URL written
relative to another (both as MkDocs writes them, which Zensical follows)."""

from __future__ import annotations


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL of the Markdown page ``src_uri``, relative to the site root:
    ``guides/a.md`` -> ``guides/a/`` (or ``guides/a.html`` without directory URLs)."""
    if directory_urls:
        from plangen.engine.tokens import default_url  # the engine's rule; its modules are slow to import

        return default_url(src_uri)
    stem = src_uri[: -len(".md")]
    return stem + ".html"


def _parts(path: str) -> list[str]:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()  # above the root stays at the root, as in a browser
        elif part not in ("", "."):
            parts.append(part)
    return parts


def relative_url(target: str, page: str) -> str:
    """``target`` (a path from the site root) as a link written in ``page``
    (a page URL from the site root: ``quiz/`` or ``guides/a.html``)."""
    folder, _, last = page.rpartition("/")
    here = _parts(folder if "." in last else page)
    there = _parts(target)
    shared = 0
    while shared < min(len(here), len(there)) and here[shared] == there[shared]:
        shared += 1
    link = "/".join([".."] * (len(here) - shared) + there[shared:]) or "."
    return link + "/" if target.endswith("/") else link
