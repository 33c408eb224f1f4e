"""The privacy promise, checked on a site's configuration for any generator.

Every byte a page loads must come from the site's own origin. Each adapter
reads its generator's configuration into :class:`LoadFacts` (what the theme
and the config would make every page load), and :func:`check` says what
breaks the promise:

- a script from another host (a theme's CDN shim, an ``extra_javascript``
  URL) is refused: it would run with the page's rights and see the answers;
- a stylesheet from another host is refused too: it reveals every visit;
- web fonts from another host are a warning, which ``--strict`` turns into a
  failed build (themes turn them on by default, and an existing site may
  need a moment to move off them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_OFF_ORIGIN = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def off_origin(url: str) -> bool:
    """Whether ``url`` names another host (``https://…`` or ``//…``)."""
    return bool(_OFF_ORIGIN.match(url.strip())) and not url.strip().lower().startswith(("data:", "blob:"))


@dataclass(frozen=True)
class LoadFacts:
    """What a site's configuration makes its pages load, as its generator reads it."""

    config_file: str  # for messages: "mkdocs.yml"
    web_fonts: bool  # the theme links fonts from another host
    scripts: tuple[tuple[str, str], ...] = ()  # (setting, URL) of every script the config adds
    stylesheets: tuple[tuple[str, str], ...] = ()  # (setting, URL) of every stylesheet it adds
    cdn_features: tuple[tuple[str, str], ...] = field(default=())  # (feature, what to write instead)


@dataclass(frozen=True)
class Findings:
    errors: list[str]
    warnings: list[str]


def check(facts: LoadFacts) -> Findings:
    """Errors that refuse the build and warnings that ``--strict`` refuses, each with its fix."""
    where = facts.config_file
    errors = [f"{where}: {feature}; {fix}" for feature, fix in facts.cdn_features]
    for setting, url in facts.scripts:
        if off_origin(url):
            errors.append(f"{where}: '{setting}' loads the script {url} from another host on every page; "
                          "put a copy in docs_dir and name that instead")
    for setting, url in facts.stylesheets:
        if off_origin(url):
            errors.append(f"{where}: '{setting}' loads the stylesheet {url} from another host on every page; "
                          "put a copy in docs_dir and name that instead")
    warnings = []
    if facts.web_fonts:
        warnings.append(f"{where}: the theme loads web fonts from another host on every page; "
                        "write 'font: false' under 'theme:' (theme: font: false)")
    return Findings(errors, warnings)
