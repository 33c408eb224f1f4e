"""YAML that remembers where each value came from (build time only).

Mappings load as `Node` dicts and sequences as `NodeList`s, both carrying the
1-based line of themselves and of each key or item, so content errors can say
``quiz/rules.yaml:42``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from plangen.engine.errors import ContentError


class NodeDict(dict):
    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class NodeList(list):
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


# libyaml's parser when PyYAML was built with it (several times faster); the
# constructors below are Python either way, so behaviour is the same.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> NodeDict:
    result = NodeDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + loader.plangen_first_line
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise ContentError("a key must be a plain word or number", loader.plangen_path, line)
        if key in result:
            raise ContentError(f"duplicate key '{key}'", loader.plangen_path, line,
                               "each key may appear once in a mapping")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1  # shifted later for embedded YAML
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> NodeList:
    result = NodeList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load_yaml(text: str, path: str, first_line: int = 1) -> object:
    """Parse YAML text; syntax errors become `ContentError`s at the right line.

    ``first_line`` offsets line numbers for YAML embedded in another file
    (front matter starts on line 2 of a Markdown page).
    """
    loader = _Loader(text)
    loader.plangen_path = path
    loader.plangen_first_line = first_line
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else None
        raise ContentError(f"invalid YAML: {error.problem or error}", path, line) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow (NUL, say)
        line = text.count("\n", 0, error.position) + first_line
        raise ContentError(f"invalid YAML: {error.reason} (character #x{error.character:04x})", path, line) from None
    except yaml.YAMLError as error:
        raise ContentError(f"invalid YAML: {error}", path, first_line) from None
    finally:
        loader.dispose()
    if first_line != 1:
        _shift(data, first_line - 1)
    return data


def _shift(data: object, offset: int) -> None:
    if isinstance(data, NodeDict):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            _shift(value, offset)
    elif isinstance(data, NodeList):
        data.line += offset
        data.item_lines = [v + offset for v in data.item_lines]
        for value in data:
            _shift(value, offset)


def read_yaml(path: Path, display: str) -> object:
    """Read and parse a YAML file, naming it ``display`` in errors."""
    return load_yaml(path.read_text(encoding="utf-8"), display)
