"""advolint: a compliance linter for employee-advocacy social-media posts.

Python API::

    import advolint
    policy = advolint.load_policy(".advolint.yaml")   # or None: embedded default
    for violation in advolint.check_text("Stolt af mit team! #reklame", policy):
        print(violation.line, violation.column, violation.rule, violation.message)
"""

__version__ = "0.1.0"

from advolint.errors import PolicyError  # noqa: E402
from advolint.findings import Severity, Violation  # noqa: E402

# The engine and the policy schema (pydantic) load on first use, so that
# `advolint check` on a cached compiled policy starts without them.
_LAZY = {"check_text": "linter.compiled", "load_policy": "policy.loading", "Policy": "policy.schema"}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'advolint' has no attribute {name!r}")


__all__ = ["check_text", "load_policy", "Policy", "PolicyError", "Severity", "Violation", "__version__"]
