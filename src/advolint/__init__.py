"""advolint: a compliance linter for employee-advocacy social-media posts.

Python API::

    import advolint
    policy = advolint.load_policy(".advolint.yaml")   # or None: embedded default
    for violation in advolint.check_text("Stolt af mit team! #reklame", policy):
        print(violation.line, violation.column, violation.rule, violation.message)
"""

__version__ = "0.1.0"

from .engine import check_text  # noqa: E402
from .model import PolicyError, Severity, Violation  # noqa: E402
from .policy import Policy, load_policy  # noqa: E402

__all__ = ["check_text", "load_policy", "Policy", "PolicyError", "Severity", "Violation", "__version__"]
