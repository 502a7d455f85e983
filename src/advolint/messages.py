"""Every message advolint shows exists in Danish and English.

Texts live in ``lint_rules/messages/*.yaml`` (data, not code), one file per
rule kind plus ``core.yaml``::

    tone-exclamation:            # a rule id (or "core")
      too-many:                  # a message key
        da: "For mange udråbstegn ..."
        en: "Too many exclamation marks ..."

Placeholders use ``str.format`` names.  A test checks that every key has both
languages and the same placeholders in each.
"""

from __future__ import annotations

from advolint.resources import lint_rules_dir

LANGUAGES = ("da", "en")


_catalogue: dict | None = None


def catalogue() -> dict:
    """Every message, read once per process (or handed over by :func:`preload`)."""
    global _catalogue
    if _catalogue is None:
        _catalogue = _read_catalogue()
    return _catalogue


def preload(data: dict) -> None:
    """Use ``data`` as the catalogue: the compiled-policy cache keeps it, sparing a YAML parse."""
    global _catalogue
    _catalogue = data


def _read_catalogue() -> dict:
    import yaml

    merged: dict = {}
    for path in sorted((lint_rules_dir() / "messages").glob("*.yaml")):
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        for section, entries in data.items():
            merged.setdefault(section, {}).update(entries)
    return merged


class Messages:
    """Messages in one language (``da`` or ``en``)."""

    def __init__(self, language: str = "da"):
        self.language = language if language in LANGUAGES else "en"
        # (section, key) -> this language's template, resolved on first use:
        # a finding then costs one dict lookup and a format, not three lookups.
        self._templates: dict[tuple[str, str], str] | None = None
        # Messages without parameters (most suggestions) are formatted once.
        self._plain: dict[tuple[str, str], str] = {}

    def get(self, section: str, key: str, **params) -> str:
        if not params:
            text = self._plain.get((section, key))
            if text is None:
                text = self._plain[section, key] = self._template(section, key).format()
            return text
        return self._template(section, key).format(**params)

    def _template(self, section: str, key: str) -> str:
        if self._templates is None:
            self._templates = {(name, entry): texts[self.language]
                               for name, entries in catalogue().items()
                               for entry, texts in entries.items() if self.language in texts}
        try:
            return self._templates[section, key]
        except KeyError:
            raise KeyError(f"no message {section}.{key} in {self.language}") from None

    def count(self, section: str, key: str, n: int, **params) -> str:
        """The message for ``n`` things: ``key-one`` when ``n`` is 1, else ``key-many`` ("1 fil", "2 filer")."""
        return self.get(section, f"{key}-{'one' if n == 1 else 'many'}", n=n, **params)

    def join(self, items) -> str:
        """A readable list: 'a, b og c' / 'a, b and c'."""
        items = [str(item) for item in items]
        if len(items) <= 1:
            return "".join(items)
        word = " og " if self.language == "da" else " and "
        return ", ".join(items[:-1]) + word + items[-1]
