"""Platform facts for the page (limit, fold, how to count): ``lint_rules/platforms/platforms.yaml``."""

from __future__ import annotations

from advolint.resources import load_data


def platforms() -> dict[str, dict]:
    """Platform id (as in a post's ``platform:``) -> its facts, without the sources."""
    return {name: {key: value for key, value in facts.items() if key not in ("sources", "checked")}
            for name, facts in load_data("platforms/platforms.yaml").items()}
