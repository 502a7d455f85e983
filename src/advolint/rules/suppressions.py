"""Suppressions: a Markdown post may switch rules off for itself, with a reason.

In the front matter of a ``.md`` post::

    ---
    advolint:
      ignore: [tone-exclamation]
      reason: "Citat fra kunden; godkendt af kommunikation 12/3"
    ---

The listed rules are not reported for that post; the report lists each
finding suppressed, with its reason (JSON ``suppressions``, SARIF
``suppressions``, a count in the text summary).  A suppression must say
why (``reason``): one without a reason, naming an unknown rule, or shaped
wrongly does not suppress anything and is itself a violation
(``suppression-invalid``), which cannot be suppressed.  There are no
inline comments, and nothing in ``.txt`` posts: a suppression must never be
text that could be published by mistake.

What a post may switch off is the policy's decision: a suppression naming
a rule in ``suppressions.forbidden`` (by default ``confidential-term`` and
``personal-data``) suppresses nothing and is a violation.  And
``commercial: false`` on a post that names the company would switch the
disclosure rules (and ``hashtag-required``) off, so it counts as a
suppression of them and needs a reason (``advolint: {reason: "..."}``;
``ignore`` may then be left out).  Either way the rules judge the post as if
``commercial`` were not set: with a reason, what they find is suppressed,
and listed; without one (or with a forbidden rule), the suppression is
invalid like any other and suppresses nothing, so what they find is
reported beside ``suppression-invalid``.  A gate must not let a missing
advertising label through because the post also got the form of its
excuse wrong: the report shows the real problem and its fix, and nothing
passes when a policy turns ``suppression-invalid`` off or down.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from advolint.text.post import Post

if TYPE_CHECKING:  # pragma: no cover
    from advolint.policy.schema import Policy

KEY = "advolint"
SELF = "suppression-invalid"
ALLOWED_KEYS = ("ignore", "reason")
# What "commercial: false" switches off for a post that names the company.
COMMERCIAL_RULES = ("disclosure-missing", "disclosure-placement", "disclosure-insufficient", "hashtag-required")


class SuppressionSettings(NamedTuple):
    """What the policy says about suppressions: rules a post may not suppress, and the
    commercial detector (None without company names) that tells a post naming the company."""

    forbidden: frozenset[str]
    detector: object | None


def suppression_settings(policy: "Policy") -> SuppressionSettings:
    from advolint.rules import commercial

    settings = commercial.commercial_settings(policy)
    return SuppressionSettings(forbidden=frozenset(policy.suppressions.forbidden),
                               detector=commercial.detector(settings) if settings.names else None)


NO_SETTINGS = SuppressionSettings(frozenset(), None)


# Plain classes, not dataclasses: each @dataclass costs ~0.5 ms at import (it
# compiles its generated methods), a noticeable part of a one-file start.


class Problem:
    """Why a suppression is invalid: a message key, its parameters, and where."""

    __slots__ = ("key", "start", "end", "params")

    def __init__(self, key: str, start: int, end: int, params: dict | None = None):
        self.key, self.start, self.end = key, start, end
        self.params = {} if params is None else params


class Suppression:
    """``ignored``: the rules not reported; ``reason``; ``problems``: why it is invalid;
    ``commercial_overruled``: the post says ``commercial: false`` but names the company,
    so the rules judge it as if ``commercial`` were not set (what they find is suppressed,
    and listed, when the suppression is valid; reported when it is not)."""

    __slots__ = ("ignored", "problems", "reason", "commercial_overruled")

    def __init__(self, ignored: frozenset[str] = frozenset(), problems: list[Problem] | None = None,
                 reason: str | None = None, commercial_overruled: bool = False):
        self.ignored = ignored
        self.problems = [] if problems is None else problems
        self.reason = reason
        self.commercial_overruled = commercial_overruled


NOTHING = Suppression()  # shared by every post without a suppression (never changed)


def suppression(post: Post, settings: SuppressionSettings = NO_SETTINGS) -> Suppression:
    """The post's suppression under the policy's ``settings`` (parsed once per post)."""
    if "suppression" not in post.cache:
        post.cache["suppression"] = _judged(post, settings)
    return post.cache["suppression"]


def _judged(post: Post, settings: SuppressionSettings) -> Suppression:
    """The parsed suppression, with the policy's say: forbidden rules, ``commercial: false``."""
    denies_commercial = (post.meta.get("commercial") is False and settings.detector is not None
                         and settings.detector.mentions_company(post))
    if not denies_commercial and KEY not in post.meta:  # the usual post: nothing suppressed
        return NOTHING
    found = _parse(post, reason_alone=denies_commercial)
    problems = list(found.problems)
    ignored = set(found.ignored) | (set(COMMERCIAL_RULES) if denies_commercial else set())
    for rule in sorted(ignored & settings.forbidden):
        start, end = _span(post, rule, _span(post, KEY)[0])
        problems.append(Problem("forbidden-rule", start, end, {"name": rule}))
    if denies_commercial and not found.reason:
        start, end = _span(post, "commercial")
        problems.append(Problem("commercial-needs-reason", start, end))
    if problems:
        # Invalid: suppresses nothing, "commercial: false" included (see the module's doc).
        return Suppression(problems=problems, commercial_overruled=denies_commercial)
    return Suppression(ignored=frozenset(ignored), reason=found.reason, commercial_overruled=denies_commercial)


def _span(post: Post, word: str, after: int = 0) -> tuple[int, int]:
    """Where ``word`` stands in the front matter (from ``after``), else the ``advolint`` key."""
    front = post.text[:post.body_start]
    match = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", front[after:])
    if match:
        return after + match.start(), after + match.end()
    key = re.search(rf"(?m)^{KEY}\s*:", front)
    return (key.start(), key.start() + len(KEY)) if key else (0, 0)


def _parse(post: Post, reason_alone: bool = False) -> Suppression:
    """The front matter's ``advolint`` key as written; ``reason_alone``: a reason without
    ``ignore`` is valid (it is the reason of ``commercial: false``)."""
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
    if ignore is None and reason_alone:
        ignore = []
    elif not isinstance(ignore, list) or not ignore or not all(isinstance(rule, str) for rule in ignore):
        return problem("malformed")
    problems = []
    reason = value.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        problems.append(Problem("missing-reason", key_start, key_end))
        reason = None
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
    return Suppression(ignored=frozenset(ignore), reason=reason.strip())
