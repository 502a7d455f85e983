"""The rule registry: one rule kind per module in this package.

A rule module defines one subclass of :class:`Rule` and names it ``RULE``.
The class declares the rule ids it reports with their default severities,
compiles whatever it needs from the policy once (``__init__``), and then
checks posts (``check``), yielding :class:`~advolint.model.Finding` objects.
Modules are discovered, so adding a rule kind means adding a module, its
messages (``lint_rules/messages/``) and its explain page
(``lint_rules/docs/``).
"""

from __future__ import annotations

import abc
import functools
import importlib
from typing import TYPE_CHECKING, Iterable

from advolint.findings import Finding, Severity

if TYPE_CHECKING:  # pragma: no cover
    from advolint.text.post import Post
    from advolint.linter.compiled import Context


class Rule(abc.ABC):
    """Base class of a rule kind.

    ``ids`` maps each rule id this kind reports to its default severity.
    ``enabled`` is the subset the policy leaves on; ``__init__`` may raise
    :class:`~advolint.model.PolicyError` for policy values it cannot use.
    """

    ids: dict[str, Severity] = {}

    def __init__(self, context: "Context"):
        self.context = context
        self.policy = context.policy
        self.messages = context.messages

    @classmethod
    def wanted(cls, context: "Context") -> bool:
        """False when the policy gives this kind nothing to check."""
        return True

    @abc.abstractmethod
    def check(self, post: "Post") -> Iterable[Finding]:
        """Yield the findings of this rule kind in ``post``."""

    def message(self, rule: str, key: str, **params) -> str:
        return self.messages.get(rule, key, **params)

    def first_over_limit(self, rule: str, spans: list, limit: int | None) -> Iterable[Finding]:
        """One finding at the first of ``spans`` over ``limit`` (messages ``too-many``, ``suggestion``)."""
        if limit is not None and len(spans) > limit:
            start, end = spans[limit][:2]
            yield Finding(
                rule=rule, start=start, end=end,
                message=self.message(rule, "too-many", count=len(spans), max=limit),
                suggestion=self.message(rule, "suggestion", max=limit),
            )


@functools.lru_cache(maxsize=None)
def rule_classes() -> tuple[type[Rule], ...]:
    import pkgutil  # here, not at the top: a check on a cached compiled policy never discovers rules

    classes = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        rule = getattr(module, "RULE", None)
        if rule is not None:
            classes.append(rule)
    return tuple(classes)


@functools.lru_cache(maxsize=None)
def rule_ids() -> dict[str, Severity]:
    """Every rule id with its default severity, in a stable order."""
    ids: dict[str, Severity] = {}
    for cls in rule_classes():
        ids.update(cls.ids)
    return dict(sorted(ids.items()))


def rule_module(rule_id: str):
    """The module that implements ``rule_id`` (its docstring documents it)."""
    import sys

    for cls in rule_classes():
        if rule_id in cls.ids:
            return sys.modules[cls.__module__]
    raise KeyError(rule_id)
