"""The rule registry: one rule kind per module in this package.

A rule module defines one subclass of :class:`~advolint.rules.base.Rule`
and names it ``RULE``; modules are discovered, so a new kind needs no entry
here (``docs/adding-a-rule.md`` lists the files one rule touches).  Besides
the rule modules this package holds the base class (``base``), commercial
detection shared by the disclosure and hashtag rules (``commercial``) and
front-matter suppressions (``suppressions``).
"""

from __future__ import annotations

import functools
import importlib

from advolint.findings import Severity
from advolint.rules.base import Rule


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
