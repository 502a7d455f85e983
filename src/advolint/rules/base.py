"""The base class of a rule kind.

A rule kind is compiled in two steps, both once per policy:

1. ``settings(policy)`` (a classmethod) reads the validated policy and
   returns the plain settings the kind needs, or ``None`` when the policy
   gives it nothing to do.  It reads only the policy keys listed in
   ``policy_keys`` (a test holds it to that and to the schema).
2. ``__init__(settings, messages)`` builds what checking needs from the
   settings (term automata, combined patterns, lexicons).  It may raise
   :class:`~advolint.errors.PolicyError` for values it cannot use.

The instance is then pickled into the compiled-policy cache and checks posts
with ``check(post)``; it never sees the policy itself.
"""

from __future__ import annotations

import abc
from typing import TYPE_CHECKING, Iterable

from advolint.findings import Finding, Severity

if TYPE_CHECKING:  # pragma: no cover
    from advolint.messages import Messages
    from advolint.policy.schema import Policy
    from advolint.text.post import Post


class Rule(abc.ABC):
    """Base class of a rule kind.

    ``ids`` maps each rule id this kind reports to its default severity;
    ``policy_keys`` names the policy keys (dotted paths) its settings come from.
    """

    ids: dict[str, Severity] = {}
    policy_keys: tuple[str, ...] = ()
    # True for a kind whose rule ids come from the policy (custom rules): see ``policy_ids``.
    ids_from_policy: bool = False

    def __init__(self, settings, messages: "Messages"):
        self.settings = settings
        self.messages = messages

    @classmethod
    @abc.abstractmethod
    def settings(cls, policy: "Policy"):
        """This kind's plain settings from ``policy``; ``None`` when it has nothing to check."""

    @staticmethod
    def policy_ids(settings) -> dict[str, Severity]:
        """With ``ids_from_policy``: the rule ids these settings report, with their default severities."""
        return {}

    @staticmethod
    def files_read(settings) -> tuple[str, ...]:
        """Files (absolute paths) that compiling these settings reads, besides the policy's own."""
        return ()

    @abc.abstractmethod
    def check(self, post: "Post") -> Iterable[Finding]:
        """Yield the findings of this rule kind in ``post``."""

    def message(self, rule: str, key: str, **params) -> str:
        return self.messages.get(rule, key, **params)

    @staticmethod
    def in_parts(parts: list["Post"], check_part) -> Iterable[Finding]:
        """What ``check_part`` finds in each of ``parts`` (see :meth:`Post.parts
        <advolint.text.post.Post.parts>`), at the file's offsets: a part holds only its own text."""
        for part in parts:
            for finding in check_part(part):
                yield finding.moved(part.offset)

    def first_over_limit(self, rule: str, spans: list, limit: int | None) -> Iterable[Finding]:
        """One finding at the first of ``spans`` over ``limit`` (messages ``too-many``, ``suggestion``)."""
        if limit is not None and len(spans) > limit:
            start, end = spans[limit][:2]
            yield Finding(
                rule=rule, start=start, end=end,
                message=self.message(rule, "too-many", count=len(spans), max=limit),
                suggestion=self.message(rule, "suggestion", max=limit),
            )
