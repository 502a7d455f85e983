"""advolint: a compliance linter for employee-advocacy social-media posts.

Python API::

    import advolint
    linter = advolint.load_linter(".advolint.yaml")   # compiled (and cached); None: embedded default
    for violation in linter.check_text("Stolt af mit team! #reklame"):
        print(violation.line, violation.column, violation.rule, violation.message)

``load_policy`` reads and validates a policy file, ``compile_policy`` turns a
policy into a :class:`Linter`; ``check_text(text, policy)`` checks one post
with a linter, a policy (compiled for that call) or ``None`` (the embedded
default).  Compile once when you check many posts.
"""

__version__ = "0.1.0"

from advolint.errors import PolicyError  # noqa: E402
from advolint.findings import Severity, Violation  # noqa: E402

from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:  # pragma: no cover
    from advolint.linter.compiled import Linter

# The linter and the policy schema (pydantic) load on first use, so that
# `advolint check` on a cached compiled policy starts without them.
_LAZY = {"load_policy": "advolint.policy.loading", "Policy": "advolint.policy.schema",
         "Linter": "advolint.linter.compiled", "load_linter": "advolint.linter.cache"}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'advolint' has no attribute {name!r}")


def compile_policy(policy) -> "Linter":
    """The compiled form of a validated policy (see ``load_policy``)."""
    from advolint.linter.compiled import Linter

    return Linter.compile(policy)


def check_text(text: str, policy=None, path: str | None = None) -> list:
    """Check one post given as text; a ``.md`` ``path`` parses front matter.

    ``policy`` is a :class:`Linter`, a policy (compiled for this call) or
    ``None`` (the embedded default policy)."""
    from advolint.linter.compiled import Linter

    if policy is None:
        from advolint.linter.cache import load_linter

        linter = load_linter(None)
    elif isinstance(policy, Linter):
        linter = policy
    else:
        linter = Linter.compile(policy)
    return linter.check_text(text, path)


__all__ = ["check_text", "compile_policy", "load_linter", "load_policy", "Linter", "Policy", "PolicyError",
           "Severity", "Violation", "__version__"]
