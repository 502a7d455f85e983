"""Safe YAML loading that remembers where every value came from.

Policies must report errors as ``policy.yaml:LINE:COL: message``.  PyYAML's
``safe_load`` forgets positions and silently keeps the last of two duplicate
keys, so we compose the node tree with the safe loader ourselves, build plain
Python values, and keep a map from each value's path (a tuple of keys and
indexes) to its 1-based line and column.

Only plain values are built: text, numbers, true/false, null, dates, lists
and mappings.  Any other tag (``!!python/object``, ``!foo``) is an error,
never silently ignored; an alias that refers to itself or expands into more
than ``MAX_VALUES`` values is an error; every error is one line with a position.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from advolint.errors import PolicyError
from advolint.language import tr


@dataclass
class Located:
    """A YAML document's plain value plus the position of every sub-value."""

    value: object
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # where each mapping key stands
    # (start, end) character offsets into the YAML text of every text value as written
    # (quotes and block indentation included): front-matter text that gets published is checked there.
    text_spans: dict[tuple, tuple[int, int]] = field(default_factory=dict)

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
    except RecursionError:  # PyYAML composes recursively: [[[[...]]]] 2,000 deep
        raise PolicyError(source, tr("YAML nested more than {MAX_DEPTH} levels deep", MAX_DEPTH=MAX_DEPTH)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and problem.startswith("but "):  # "but found another document" needs its first half
            problem = f"{exc.context}, {problem}"
        raise PolicyError(source, tr("YAML syntax error: {one_line}", one_line=_one_line(problem)),
                          mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    except yaml.reader.ReaderError as exc:
        line, column = _line_column(text, exc.position)
        raise PolicyError(source, tr("YAML error: character U+{character:04X} is not allowed in YAML",
                                     character=exc.character),
                          line, column) from None
    except yaml.YAMLError as exc:
        raise PolicyError(source, tr("YAML error: {one_line}", one_line=_one_line(str(exc)))) from None
    located = Located(None)
    if node is None:
        return located
    builder = _Builder(located, source)
    located.value = builder.build(node, ())
    return located


# Tags the safe loader turns into plain values.  Anything else (``!!python/object``,
# ``!!binary``, ``!!set``, local ``!tags``) is refused instead of ignored, so a
# policy never means something other than what it plainly says.
SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
SCALAR_KINDS = {"tag:yaml.org,2002:timestamp": "date", "tag:yaml.org,2002:int": "whole number",
                "tag:yaml.org,2002:float": "number", "tag:yaml.org,2002:bool": "true/false value"}
MAPPING_TAG, SEQUENCE_TAG = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
MAX_VALUES = 200_000  # a policy or front matter has far fewer; aliases could otherwise expand without end
MAX_DEPTH = 100  # nesting of lists and mappings; a policy needs 5


class _Builder:
    """Builds plain values from a composed node tree, recording positions."""

    def __init__(self, located: Located, source: str):
        self.located, self.source = located, source
        self.constructor = yaml.SafeLoader("")
        self.active: set[int] = set()  # collection nodes being built: an alias back to one is a cycle
        self.count = 0

    def fail(self, node, message: str):
        raise PolicyError(self.source, message, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node, path: tuple):
        self.count += 1
        if self.count > MAX_VALUES:
            self.fail(node, tr("YAML has more than {MAX_VALUES} values (aliases expanding without end?)",
                               MAX_VALUES=MAX_VALUES))
        self.located.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if len(path) > MAX_DEPTH:
            self.fail(node, tr("YAML nested more than {MAX_DEPTH} levels deep", MAX_DEPTH=MAX_DEPTH))
        if isinstance(node, yaml.ScalarNode):
            value = self.scalar(node)
            if isinstance(value, str):
                self.located.text_spans[path] = (node.start_mark.index, node.end_mark.index)
            return value
        expected = MAPPING_TAG if isinstance(node, yaml.MappingNode) else SEQUENCE_TAG
        if node.tag != expected:
            self.refuse_tag(node)
        if id(node) in self.active:
            self.fail(node, tr("YAML alias refers to itself (a recursive structure)"))
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path)
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        finally:
            self.active.discard(id(node))

    def mapping(self, node, path: tuple) -> dict:
        written = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
        try:
            self.constructor.flatten_mapping(node)  # merge keys (<<: *defaults) go first
        except yaml.MarkedYAMLError as exc:
            self.fail(node, tr("YAML error: {one_line}", one_line=_one_line(exc.problem or 'bad merge key')))
        merged = len(node.value) - written  # the pairs a merge key brought in
        result = {}
        written_keys = set()
        for index, (key_node, value_node) in enumerate(node.value):
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, tr("mapping keys must be plain words"))
            key = self.scalar(key_node)
            if not isinstance(key, (str, int, float)):  # not null, a date or a list
                self.fail(key_node, tr("mapping keys must be plain words"))
            # A key written here overrides what a merge key brought (the point of
            # "<<: *defaults"); a key written twice is a mistake.
            if index >= merged:
                if key in written_keys:
                    self.fail(key_node, tr("duplicate key '{key}'", key=key))
                written_keys.add(key)
            self.located.key_positions[path + (key,)] = (key_node.start_mark.line + 1,
                                                         key_node.start_mark.column + 1)
            result[key] = self.build(value_node, path + (key,))
        return result

    def scalar(self, node):
        if node.tag not in SCALAR_TAGS:
            self.refuse_tag(node)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, KeyError, AttributeError, TypeError, OverflowError) as exc:
            # PyYAML's constructors fail in assorted ways on values such as
            # `2024-13-45` or `!!int x`; each is a bad value, not a crash.
            detail = getattr(exc, "problem", None) or str(exc)
            kind = SCALAR_KINDS.get(node.tag, _tag_name(node.tag))
            self.fail(node, tr("invalid {kind} {short!r}: {one_line}",
                               kind=kind, short=_short(node.value), one_line=_one_line(detail)))

    def refuse_tag(self, node):
        self.fail(node, tr("YAML tag '{tag_name}' is not allowed: advolint reads YAML with the safe loader and takes plain values only (text, numbers, true/false, lists, mappings)",
                           tag_name=_tag_name(node.tag)))


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1
