"""Fingerprints of violations: what a baseline records and SARIF's ``partialFingerprints`` carry.

A fingerprint is a hash of the violation's path (relative to the working
directory, ``/`` separators), its rule and its matched text with white space
normalised (``Violation.matched``: personal data is already masked there).
Line and column are left out, so a violation keeps its fingerprint when lines
above it are added or removed.

A few rules report that something is *absent* from the post (no label, a
required hashtag missing); their span only marks where it would go (the
post's first word, its last hashtag), so its text says nothing about the
violation: their fingerprint is path and rule alone, and a line written above
the first one, or a hashtag added, does not make a recorded violation new.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter

from advolint.findings import Violation
from advolint.formats import relative_uri


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# Rules whose span is only a place to point at (see the module's docstring).
ABSENCE_RULES = frozenset({"disclosure-missing", "hashtag-required"})


def fingerprint(violation: Violation) -> str:
    return digest(relative_uri(violation.path), violation.rule, violation.matched)


def digest(uri: str, rule: str, matched: str) -> str:
    """The fingerprint of a violation of ``rule`` at ``uri`` (its path as a relative URI) that
    matched ``matched``."""
    matched = "" if rule in ABSENCE_RULES else _normalise(matched)
    return hashlib.sha256("\0".join((uri, rule, matched)).encode("utf-8")).hexdigest()[:32]


def fingerprints(violations: list[Violation]) -> list[str]:
    """Fingerprints made unique by occurrence (``<hash>:1``, ``<hash>:2``, ...)."""
    seen: Counter = Counter()
    unique = []
    for violation in violations:
        digest = fingerprint(violation)
        seen[digest] += 1
        unique.append(f"{digest}:{seen[digest]}")
    return unique
