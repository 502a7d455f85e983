"""The policy a company writes: its schema, loading and error wording.

``schema`` (the pydantic models), ``loading`` (YAML with positions,
``extends``, merging, validation), ``wording`` (errors in a policy author's
words), ``yaml_positions`` (the safe YAML reader that keeps positions, also
used for front matter).  Importing this package imports none of them:
pydantic and PyYAML load only when a policy is really read.
"""

_LAZY = {"Policy": "schema", "schema": "schema", "load_policy": "loading", "policy_from_mapping": "loading",
         "deep_merge": "loading", "resolved_yaml": "loading"}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = list(_LAZY)
