"""Suppressions: a Markdown post may switch rules off for itself, with a reason.

In the front matter of a ``.md`` post::

    ---
    advolint:
      ignore: [tone-exclamation]
      reason: "Citat fra kunden; godkendt af kommunikation 12/3"
    ---

The listed rules are not reported for that post.  A suppression must say
why (``reason``): one without a reason, naming an unknown rule, or shaped
wrongly does not suppress anything and is itself a violation
(``suppression-invalid``), which cannot be suppressed.  There are no
inline comments, and nothing in ``.txt`` posts: a suppression must never be
text that could be published by mistake.
"""

from __future__ import annotations

import re

from advolint.text.post import Post

KEY = "advolint"
SELF = "suppression-invalid"
ALLOWED_KEYS = ("ignore", "reason")


# Plain classes, not dataclasses: each @dataclass costs ~0.5 ms at import (it
# compiles its generated methods), a noticeable part of a one-file start.


class Problem:
    """Why a suppression is invalid: a message key, its parameters, and where."""

    __slots__ = ("key", "start", "end", "params")

    def __init__(self, key: str, start: int, end: int, params: dict | None = None):
        self.key, self.start, self.end = key, start, end
        self.params = {} if params is None else params


class Suppression:
    __slots__ = ("ignored", "problems")

    def __init__(self, ignored: frozenset[str] = frozenset(), problems: list[Problem] | None = None):
        self.ignored = ignored
        self.problems = [] if problems is None else problems


def suppression(post: Post) -> Suppression:
    """The post's suppression (parsed once per post)."""
    if "suppression" not in post.cache:
        post.cache["suppression"] = _parse(post)
    return post.cache["suppression"]


def ignored_rules(post: Post) -> frozenset[str]:
    return suppression(post).ignored


def _span(post: Post, word: str, after: int = 0) -> tuple[int, int]:
    """Where ``word`` stands in the front matter (from ``after``), else the ``advolint`` key."""
    front = post.text[:post.body_start]
    match = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", front[after:])
    if match:
        return after + match.start(), after + match.end()
    key = re.search(rf"(?m)^{KEY}\s*:", front)
    return (key.start(), key.start() + len(KEY)) if key else (0, 0)


def _parse(post: Post) -> Suppression:
    from advolint.rules import rule_ids

    if KEY not in post.meta:
        return Suppression()
    value = post.meta[KEY]
    key_start, key_end = _span(post, KEY)

    def problem(message_key: str, **params) -> Suppression:
        return Suppression(problems=[Problem(message_key, key_start, key_end, params)])

    if not isinstance(value, dict):
        return problem("malformed")
    unknown_keys = [str(k) for k in value if k not in ALLOWED_KEYS]
    if unknown_keys:
        return problem("unknown-key", field=unknown_keys[0])
    ignore = value.get("ignore")
    if isinstance(ignore, str):
        ignore = [ignore]
    if not isinstance(ignore, list) or not ignore or not all(isinstance(rule, str) for rule in ignore):
        return problem("malformed")
    problems = []
    reason = value.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        problems.append(Problem("missing-reason", key_start, key_end))
    known = rule_ids()
    cursor = key_start  # each name is found after the previous one, so duplicates get their own place
    for rule in ignore:
        if rule == SELF or rule not in known:
            start, end = _span(post, rule, cursor)
            cursor = max(cursor, end)
        if rule == SELF:
            problems.append(Problem("cannot-ignore", start, end, {"name": rule}))
        elif rule not in known:
            import difflib  # only for a misspelt rule id

            close = difflib.get_close_matches(rule, list(known), n=1)
            params = {"name": rule, "close": close[0]} if close else {"name": rule}
            problems.append(Problem("unknown-rule-close" if close else "unknown-rule", start, end, params))
    if problems:
        return Suppression(problems=problems)
    return Suppression(ignored=frozenset(ignore))
