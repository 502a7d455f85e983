"""A Vale rule definition, decoded strictly: known keys only, right types, regexes that compile.

Every error is a :class:`~advolint.errors.PolicyError` naming the file, line
and column of the value at fault (``where(key)`` gives them), like the
policy's own errors.  Each kind module declares its own keys (``KEYS``:
key -> type); the keys every kind has are :data:`COMMON_KEYS`.
"""

from __future__ import annotations

from advolint.errors import PolicyError
from advolint.records import Record
from advolint.language import tr

LEVELS = ("suggestion", "warning", "error")
# advolint's severity of each Vale level.
SEVERITY_OF_LEVEL = {"suggestion": "info", "warning": "warning", "error": "error"}
ACTIONS = ("replace", "remove", "edit", "suggest")
KEY = "<key>"  # a key path ending in KEY: where the key itself stands (policy.schema.KEY)

# Types a key may have: a Python type, or one of these names.
TEXT_LIST = "list of texts"
TEXT_MAP = "mapping of texts"
SCOPE = "scope"
ACTION = "action"
COMMON_KEYS = {"extends": str, "message": str, "level": str, "scope": SCOPE, "link": str, "limit": int,
               "description": str, "action": ACTION}


class Definition(Record):
    """One custom rule as plain values (what the compiled linter keeps)."""

    rule_id: str  # "Style.Rule" (Vale) or the name in the policy's custom: section
    kind: str
    source: str  # the file it was written in
    line: int  # where in it (1-based; 1 for a style file)
    message: str
    level: str  # suggestion | warning | error
    scope: tuple  # scope selectors as written ("heading & ~heading.h1", ...)
    link: str
    description: str
    limit: int  # at most this many findings per post (0: no limit)
    action: tuple  # (name, (params...)) or ()
    options: tuple  # the kind's own keys: sorted (key, value) pairs, values made hashable


class Sources(Record):
    definitions: tuple  # of Definition, every rule that can be on
    accepted: tuple  # the vocabularies' accepted terms (exceptions of rules with vocab: true)
    sections: tuple  # of vale.Section: which Vale rules are on for which files
    always: tuple  # ids on for every file (the policy's own rules, style folders named directly)
    files: tuple  # every file read (the cache rebuilds when one changes)

    def severities(self) -> dict:
        from advolint.findings import Severity

        return {d.rule_id: Severity.parse(SEVERITY_OF_LEVEL[d.level]) for d in self.definitions}




def decode(rule_id: str, data, kind_keys: dict[str, dict], where, vocab_default: bool = True) -> Definition:
    # where(key path inside the rule) -> (file, line, column) of that value
    """The :class:`Definition` of ``data`` (a rule's mapping), or a :class:`PolicyError`."""
    from advolint.policy.wording import did_you_mean, kind_of  # only while compiling: checking needs neither

    def fail(path: tuple, message: str):
        source, line, column = where(path)
        raise PolicyError(source, tr("rule {rule_id}: {message}", rule_id=rule_id, message=message), line, column)

    if not isinstance(data, dict):
        fail((), tr("must be a mapping of Vale rule keys (extends, message, ...), not {kind_of}",
                    kind_of=kind_of(data)))
    kind = data.get("extends")
    from advolint.custom import KINDS, UNSUPPORTED_KINDS

    if kind in UNSUPPORTED_KINDS:
        fail(("extends",), tr("Vale rules of kind '{kind}' are not supported by advolint (supported: {join}); switch the rule off ({rule_id} = NO)",
                              kind=kind, join=', '.join(KINDS), rule_id=rule_id))
    if kind not in KINDS:
        fail(("extends",) if "extends" in data else (),
             tr("'extends' must name a Vale rule kind ({kinds}), not {kind!r}{hint}", kinds=", ".join(KINDS), kind=kind,
                hint=did_you_mean(kind, KINDS) if isinstance(kind, str) else ""))
    allowed = {**COMMON_KEYS, **kind_keys[kind]}
    values = {}
    for key, value in data.items():
        if key not in allowed:
            fail((key, KEY), tr("unknown key '{key}' for a rule of kind {kind}{hint}; known: {known}",
                                key=key, kind=kind,
                                hint=did_you_mean(key, allowed), known=", ".join(sorted(allowed))))
        values[key] = _typed(value, allowed[key], key, fail)
    if not values.get("message"):
        fail(("message",) if "message" in data else (), tr("needs a 'message' (the text a finding shows; %s stands for what was found)"))
    level = values.get("level", "suggestion")
    if level not in LEVELS:
        fail(("level",), tr("level must be one of {join}, not {level!r}{did_you_mean}",
                            join=', '.join(LEVELS), level=level, did_you_mean=did_you_mean(level, LEVELS)))
    action = values.get("action", ())
    own = {key: value for key, value in values.items() if key in kind_keys[kind]}
    if "vocab" in kind_keys[kind]:
        own.setdefault("vocab", vocab_default)
    source, line, _ = where((KEY,))
    return Definition(rule_id=rule_id, kind=kind, source=source, line=line or 1, message=values["message"],
                      level=level, scope=values.get("scope", ("text",)), link=values.get("link", ""),
                      description=values.get("description", ""), limit=values.get("limit", 0), action=action,
                      options=tuple(sorted(own.items())))


def _typed(value, wanted, key: str, fail):
    from advolint.policy.wording import kind_of

    if wanted is bool:
        if not isinstance(value, bool):
            fail((key,), tr("'{key}' must be true or false, not {kind_of}", key=key, kind_of=kind_of(value)))
        return value
    if wanted is int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            fail((key,), tr("'{key}' must be a whole number of 0 or more, not {kind_of}",
                            key=key, kind_of=kind_of(value)))
        return value
    if wanted is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            fail((key,), tr("'{key}' must be a number from 0 to 1, not {value!r}", key=key, value=value))
        return float(value)
    if wanted is str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # `token: 2` in YAML is the text "2"
        if not isinstance(value, str):
            fail((key,), tr("'{key}' must be text, not {kind_of}", key=key, kind_of=kind_of(value)))
        return value
    if wanted == TEXT_LIST:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            fail((key,), tr("'{key}' must be a list of texts, not {kind_of}", key=key, kind_of=kind_of(value)))
        for index, item in enumerate(value):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = value[index] = str(item)
            if not isinstance(item, str):
                fail((key, index), tr("'{key}' entries must be texts, not {kind_of}", key=key, kind_of=kind_of(item)))
        return tuple(value)
    if wanted == TEXT_MAP:
        if not isinstance(value, dict):
            fail((key,), tr("'{key}' must be a mapping of texts (found: replacement), not {kind_of}",
                            key=key, kind_of=kind_of(value)))
        pairs = []
        for found, replacement in value.items():
            if replacement is None:
                replacement = ""
            if isinstance(replacement, (int, float)) and not isinstance(replacement, bool):
                replacement = str(replacement)
            if not isinstance(found, str) or not isinstance(replacement, str):
                fail((key, found), tr("'{key}' maps texts to texts; {found!r} maps to {kind_of}",
                                      key=key, found=found, kind_of=kind_of(replacement)))
            pairs.append((found, replacement))
        return tuple(pairs)
    if wanted == SCOPE:
        scopes = [value] if isinstance(value, str) else value
        if not isinstance(scopes, list) or not scopes or not all(isinstance(s, str) for s in scopes):
            fail((key,), tr("'scope' must be a scope name or a list of them, not {kind_of}", kind_of=kind_of(value)))
        from advolint.custom.blocks import parse_scope

        for scope in scopes:
            try:
                parse_scope(scope)
            except ValueError as exc:
                fail((key,), str(exc))
        return tuple(scopes)
    if wanted == ACTION:
        if not isinstance(value, dict) or not isinstance(value.get("name"), str):
            fail((key,), tr("'action' must be a mapping with a 'name' (replace, remove, edit, suggest)"))
        unknown = set(value) - {"name", "params"}
        if unknown:
            fail((key, sorted(unknown)[0]), tr("unknown key '{value}' in 'action' (name, params)",
                                               value=sorted(unknown)[0]))
        if value["name"] not in ACTIONS:
            fail((key, "name"), tr("action '{value}' is not a Vale action ({join})",
                                   value=value['name'], join=', '.join(ACTIONS)))
        params = _typed(value.get("params", []), TEXT_LIST, "params", lambda path, message: fail((key,) + path,
                                                                                                  message))
        return (value["name"], params)
    raise AssertionError(wanted)  # pragma: no cover - a kind declared a type this module lacks


def compile_regex(pattern: str, flags: int, definition: Definition, key: str, where=None):
    """``pattern`` compiled (Unicode-aware: æøå are word characters), or a policy error naming the rule."""
    import warnings

    import regex

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # inline flags mid-pattern, as Go allows
            return regex.compile(pattern, flags | regex.VERSION0)
    except (regex.error, OverflowError, RecursionError) as exc:
        source, line, column = where((key,)) if where else (definition.source, definition.line, None)
        raise PolicyError(source, tr("rule {rule_id}: '{key}' is not a valid regular expression ({exc}): {pattern!r}",
                                     rule_id=definition.rule_id, key=key, exc=exc, pattern=pattern), line, column) from None
