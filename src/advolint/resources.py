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


def cache_dir() -> Path:
    """advolint's cache folder (compiled policies, word tables): ``ADVOLINT_CACHE_DIR`` or the user's."""
    import os

    configured = os.environ.get("ADVOLINT_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("advolint", appauthor=False))


def lookups_table(name: str) -> dict:
    """A table of spacy-lookups-data (``da_lemma_lookup``, ...) read with the standard library
    (neither spaCy nor srsly needed); empty when the package or the table is missing."""
    import gzip
    import importlib.util
    import json

    spec = importlib.util.find_spec("spacy_lookups_data")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"{name}.json.gz"
    if not path.is_file():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


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
