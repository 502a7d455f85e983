"""The language of a run: advolint's own lines (errors, warnings, notices) in one language.

Rule messages come from ``lint_rules/messages/`` by key (:mod:`advolint.messages`);
advolint's own lines are written in English where they are raised, and
:func:`tr` gives them in the run's language, like gettext's ``_()``: the
English template is the key, its Danish text is in
``lint_rules/messages/translations/da.yaml``, with the same ``{placeholders}``
(a test checks every ``tr()`` in the code has one).

The run's language is decided, first that applies:

1. ``--lang`` (the CLI calls :func:`choose`),
2. the ``ADVOLINT_LANG`` environment variable,
3. in a CLI run, the message language of the first policy the run reads
   (``messages:``, else ``language:``), adopted when that policy is read (an
   API caller's process is not switched by the policies it happens to read),
4. English.

So with ``--lang da`` (or ``ADVOLINT_LANG=da``) even an error in the policy
itself is Danish: the language is known before any policy is read.
"""

from __future__ import annotations

import os

LANGUAGES = ("da", "en")

_chosen: str | None = None  # by --lang or by an adopted policy
_explicit = False  # chosen by --lang: a policy cannot change it
_in_run = False  # a CLI run is on: only then does a policy it reads decide (not for API callers)


def choose(language: str | None) -> None:
    """A run starts: its language as ``--lang`` gives it (None: not given, decided later).

    Worker processes (``--jobs``) are forked from the run and inherit the choice."""
    global _chosen, _explicit, _in_run
    _chosen, _explicit = (_known(language), True) if language is not None else (None, False)
    _in_run = True


def adopt(language: str) -> None:
    """A policy was read: its message language is the run's, unless ``--lang`` or
    ``ADVOLINT_LANG`` decided already, or an earlier policy did."""
    global _chosen
    if _in_run and _chosen is None and not _from_environment():
        _chosen = _known(language)


def explicit_language() -> str | None:
    """The language ``--lang`` or ``ADVOLINT_LANG`` asks for, or None: it overrides a policy's
    ``messages`` too, so the violations speak the run's language."""
    return _chosen if _explicit else _from_environment()


def run_language() -> str:
    return (_chosen if _explicit else None) or _from_environment() or _chosen or "en"


def reset() -> None:
    """The run is over: forget its language (the CLI calls this when a command ends)."""
    global _chosen, _explicit, _in_run
    _chosen, _explicit, _in_run = None, False, False


def _from_environment() -> str | None:
    value = os.environ.get("ADVOLINT_LANG", "").strip().lower()
    return value if value in LANGUAGES else None


def _known(language: str) -> str:
    return language if language in LANGUAGES else "en"


_translations: dict[str, dict[str, str]] = {}


def translations(language: str) -> dict[str, str]:
    """English template -> template in ``language`` (empty for English)."""
    if language == "en":
        return {}
    found = _translations.get(language)
    if found is None:
        import yaml

        from advolint.resources import lint_rules_dir

        path = lint_rules_dir() / "messages" / "translations" / f"{language}.yaml"
        with open(path, encoding="utf-8") as handle:
            found = _translations[language] = yaml.safe_load(handle) or {}
    return found


def tr(template: str, **params) -> str:
    """``template`` (English, ``str.format`` placeholders) in the run's language, filled in.

    A template with no translation is shown in English rather than not at all
    (a test keeps that from happening in a release)."""
    language = run_language()
    text = translations(language).get(template, template) if language != "en" else template
    return text.format(**params) if params else text
