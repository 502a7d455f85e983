"""Where the built-in data lives: ``lint_rules/`` and ``config/``.

Both ship inside the wheel as ``advolint/lint_rules`` and ``advolint/config``
(see ``pyproject.toml``); in a source checkout or an editable install they are
at the repository root.  Everything that reads built-in data asks here.
"""

from __future__ import annotations

import functools
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"advolint's built-in {name}/ folder is missing from the installation")


def lint_rules_dir() -> Path:
    return _data_dir("lint_rules")


def config_dir() -> Path:
    return _data_dir("config")


def default_policy_path() -> Path:
    return config_dir() / "default-policy.yaml"


@functools.lru_cache(maxsize=None)
def load_data(relative: str):
    """Load a YAML data file under ``lint_rules/`` once per process."""
    import yaml

    with open(lint_rules_dir() / relative, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def available_jurisdictions() -> set[str]:
    """Codes of the jurisdiction packs in ``lint_rules/jurisdictions``."""
    return {path.stem for path in (lint_rules_dir() / "jurisdictions").glob("*.yaml")}


def jurisdiction(code: str) -> dict:
    """The data of a jurisdiction pack from ``lint_rules/jurisdictions``."""
    return load_data(f"jurisdictions/{code}.yaml")
