"""JSON text as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, byte for byte,
at a nesting depth of choice and several times faster.

``json.dumps`` with ``indent`` runs the encoder written in Python; the reports
of ``--format json`` and ``sarif`` are mostly small dicts of strings and
integers.  A dict without nesting goes through json's C encoder, whose
separators can carry the indentation; the rest is written here with the C
string escaper.  Writing at a depth lets a report be written piece by piece
(one violation at a time) and still be the document ``json.dumps`` would have
written whole.
"""

from __future__ import annotations

import json
from json.encoder import c_make_encoder, encode_basestring  # C, when there is C (ensure_ascii=False)

class _Newlines(dict):
    """depth -> a new line indented to it."""

    def __missing__(self, depth: int) -> str:
        made = self[depth] = "\n" + "  " * depth
        return made


_newline = _Newlines().__getitem__
_flat_encoders: list = []  # by depth: the C encoder of a dict without nesting at that depth
_NESTED = (dict, list, tuple)


def _flat_encoder(depth: int):
    while len(_flat_encoders) <= depth:
        separator = "," + _newline(len(_flat_encoders) + 1)
        if c_make_encoder is not None:  # made once: JSONEncoder.encode makes one per call
            made = c_make_encoder(None, _unencodable, encode_basestring, None, ": ", separator, False, False, True)
            _flat_encoders.append(lambda value, made=made: "".join(made(value, 0)))
        else:
            _flat_encoders.append(json.JSONEncoder(ensure_ascii=False, separators=(separator, ": ")).encode)
    return _flat_encoders[depth]


def _unencodable(value):
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def dumps(value, depth: int = 0) -> str:
    """``value`` as indented JSON whose first line starts at ``depth`` (its other lines are indented
    as they are in a document where ``value`` stands at that depth)."""
    kind = value.__class__
    if kind is str:
        return encode_basestring(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = _newline(depth + 1)
        for item in value.values():
            if item.__class__ in _NESTED:
                break
        else:  # no nesting: json's C encoder, "{" and "}" on lines of their own
            return "{" + inner + _flat_encoder(depth)(value)[1:-1] + _newline(depth) + "}"
        parts = []
        for key, item in value.items():
            kind = item.__class__
            parts.append(encode_basestring(key) + ": " + (encode_basestring(item) if kind is str else
                                                          int.__repr__(item) if kind is int else dumps(item, depth + 1)))
        return "{" + inner + ("," + inner).join(parts) + _newline(depth) + "}"
    if kind is int:
        return int.__repr__(value)
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = _newline(depth + 1)
        return "[" + inner + ("," + inner).join([dumps(item, depth + 1) for item in value]) + _newline(depth) + "]"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    # Floats, int and str subclasses (an IntEnum): whatever json writes.  Its own
    # indentation would be wrong below the top, so only for values without nesting.
    return json.dumps(value, ensure_ascii=False)
