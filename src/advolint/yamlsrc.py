"""Safe YAML loading that remembers where every value came from.

Policies must report errors as ``policy.yaml:LINE:COL: message``.  PyYAML's
``safe_load`` forgets positions and silently keeps the last of two duplicate
keys, so we compose the node tree with the safe loader ourselves, build plain
Python values, and keep a map from each value's path (a tuple of keys and
indexes) to its 1-based line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .model import PolicyError


@dataclass
class Located:
    """A YAML document's plain value plus the position of every sub-value."""

    value: object
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # where each mapping key stands

    def position(self, path: tuple) -> tuple[int | None, int | None]:
        """The position of ``path``, or of its nearest located ancestor."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (None, None))


def load_yaml(text: str, source: str) -> Located:
    """Parse ``text`` (named ``source`` in errors) with the safe loader."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise PolicyError(source, f"YAML syntax error: {problem}",
                          mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise PolicyError(source, f"YAML error: {exc}") from None
    located = Located(None)
    if node is None:
        return located
    constructor = yaml.SafeLoader("")
    located.value = _build(node, (), located, constructor, source)
    return located


def _build(node, path, located, constructor, source):
    located.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        constructor.flatten_mapping(node)
        result = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise PolicyError(source, "mapping keys must be plain words",
                                  key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                raise PolicyError(source, f"duplicate key '{key}'",
                                  key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            located.key_positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build(value_node, path + (key,), located, constructor, source)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (index,), located, constructor, source)
                for index, item in enumerate(node.value)]
    try:
        return constructor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise PolicyError(source, f"YAML error: {exc}",
                          node.start_mark.line + 1, node.start_mark.column + 1) from None
