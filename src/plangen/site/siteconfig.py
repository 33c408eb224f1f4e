"""Read a site's ``mkdocs.yml`` without a generator: plangen's own options
(its plugin entry) and a plugin's settings, for the command line and the
Zensical adapter, which cannot ask MkDocs.

``!ENV`` reads the environment as MkDocs does (``!ENV NAME`` or ``!ENV
[NAME, OTHER, default]``); other tags a config may carry for MkDocs
(``!!python/name:…``) are read as nothing rather than run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from plangen.engine.errors import PlangenError
from plangen.site.options import Options, options_from_mapping


class SiteConfigError(PlangenError):
    """A site config that cannot be read."""


class _TolerantLoader(yaml.SafeLoader):
    """YAML that reads any tag as plain data (or nothing) instead of running it."""


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """The first of the named variables that is set, else the last item (the default)."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    items = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else []
    if not items:
        return None
    *names, default = items
    return next((os.environ[name] for name in names if name in os.environ), default)


_TolerantLoader.add_constructor("!ENV", _env)
_TolerantLoader.add_multi_constructor("!", _untagged)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _untagged)


def _merged(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """``child`` over ``parent``, mappings merged key by key, anything else replaced (as MkDocs merges)."""
    merged = dict(parent)
    for key, value in child.items():
        both = isinstance(value, dict) and isinstance(parent.get(key), dict)
        merged[key] = _merged(parent[key], value) if both else value
    return merged


def read_config(config_file: Path) -> dict[str, Any]:
    """The config as plain data, with the file it ``INHERIT``s merged under it."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506 (tolerant, runs nothing)
    except OSError as error:
        raise SiteConfigError(f"{config_file}: cannot read the site's config ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise SiteConfigError(f"{config_file}: not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise SiteConfigError(f"{config_file}: the site's config must be a mapping")
    parent = data.pop("INHERIT", None)
    return _merged(read_config(config_file.parent / str(parent)), data) if parent else data


def plugin_settings(config: dict[str, Any], name: str) -> tuple[bool, Any]:
    """(listed, settings) of plugin ``name`` in ``config['plugins']``, either form:
    ``- name`` or ``- name: {…}`` (a list), or ``name: {…}`` (a mapping)."""
    plugins = config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(entry.items())) if isinstance(entry, dict) and entry else (entry, None) for entry in plugins
    )
    for entry_name, settings in entries:
        if entry_name == name:
            return True, settings
    return False, None


def site_options(config_file: Path) -> Options:
    """plangen's options as the site sets them under its ``plangen`` plugin entry."""
    _, settings = plugin_settings(read_config(config_file), "plangen")
    return options_from_mapping(settings, config_file.name)
