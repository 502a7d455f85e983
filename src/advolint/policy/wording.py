"""How policy errors are worded: in a policy author's words, not pydantic's.

Every error names the file, line and column of the value at fault (see
:func:`locate`) and says what was expected in YAML terms ("a list", "true or
false"), with "did you mean" for a misspelt key or value.
"""

from __future__ import annotations

import difflib
from typing import Any

from advolint.language import tr


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return tr(" (did you mean '{close}'?)", close=close[0]) if close else ""


def looks_like_a_key(key) -> bool:
    """Whether an unknown key may be quoted: a word of letters, digits, ``_`` and ``-``."""
    import re

    return isinstance(key, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]{0,39}", key) is not None


def kind_of(value) -> str:
    """What a YAML value is, in a policy author's words."""
    kinds = {list: "a list", dict: "a mapping", str: "a text", int: "a whole number", float: "a decimal number",
             bool: "true/false"}
    kind = kinds.get(type(value))
    return tr(kind) if kind else f"a {type(value).__name__}"


def locate(positions: dict, loc: tuple, display: str):
    path = loc
    while path and path not in positions:
        path = path[:-1]
    if path in positions:
        return positions[path]
    return display, None, None


def describe(error: dict, loc: tuple, root) -> str:
    """One pydantic error of the model ``root`` in a policy author's words."""
    where = ".".join(str(part) for part in loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        parent = _model_at(root, loc[:-1])
        choices = list(parent.model_fields) if parent else []
        section = ".".join(str(p) for p in loc[:-1]) or tr("the policy")
        if not looks_like_a_key(loc[-1]):
            # `extends: [/etc/shadow]`: an error about a file that is not a policy must not
            # print what it holds (a password hash would end up in a CI log).
            if len(loc) == 1:
                return tr("not an advolint policy (its top-level keys are not policy keys; its content is not shown)")
            return tr("unknown key in {section} (not shown: it does not look like a policy key)", section=section)
        return tr("unknown key '{key}' in {section}{hint}", key=loc[-1], section=section,
                  hint=did_you_mean(loc[-1], choices))
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return tr("{where}: {value} is not allowed; expected {expected}", where=where, value=_shown(error["input"]),
                  expected=expected)
    if kind == "value_error":
        return f"{where}: {error['msg'].removeprefix('Value error, ')}"
    if kind in PLAIN_TYPE_ERRORS:
        expected, got = tr(PLAIN_TYPE_ERRORS[kind]), error["input"]
        if got is None:
            return tr("{where}: must be {expected}, but it is empty", where=where, expected=expected)
        return tr("{where}: must be {expected}, not {kind} ({value})", where=where, expected=expected,
                  kind=kind_of(got), value=_shown(got))
    # pydantic's own wording (English only): a kind of error the policy schema does not use today
    return tr("{where}: {detail} (got {value})", where=where, detail=error["msg"].lower(), value=_shown(error["input"]))


# Pydantic's wording names Python types ("a valid dictionary or instance of
# Company"); a policy author thinks in YAML.
PLAIN_TYPE_ERRORS = {
    "model_type": "a mapping of keys", "dict_type": "a mapping of keys", "list_type": "a list",
    "int_parsing": "a whole number", "int_type": "a whole number", "int_from_float": "a whole number",
    "bool_parsing": "true or false", "bool_type": "true or false", "string_type": "text",
}


def _shown(value) -> str:
    """A value as an error message quotes it: its repr, cut short (messages are one line)."""
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _model_at(root, loc: tuple):
    from pydantic import BaseModel

    model: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return None
        annotation = field.annotation
        for candidate in _unwrap(annotation):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                model = candidate
                break
        else:
            return None
    return model


def _unwrap(annotation):
    args = getattr(annotation, "__args__", None)
    if not args:
        return [annotation]
    found = []
    for arg in args:
        found.extend(_unwrap(arg))
    return found
