"""Baselines: adopt advolint on an existing content repo.

``advolint check --write-baseline FILE`` records today's violations;
``advolint check --baseline FILE`` then reports only violations that are not
in it, so a team can gate new posts without first rewriting old ones.

A violation's fingerprint is a hash of its path (relative to the working
directory, ``/`` separators), its rule and its matched text with whitespace
normalised (``Violation.matched``: personal data is already masked there, so
the baseline file never holds it).  Line and column are left out, so a
violation keeps its fingerprint when lines above it are added or removed.
The same violation twice in one file is recorded with ``count: 2``; a third
occurrence is new.

File format (JSON, sorted, so it diffs well in review)::

    {"advolint_baseline": 1,
     "violations": [{"path": "content/opslag.txt", "rule": "tone-exclamation",
                     "fingerprint": "3f2a...", "count": 1}]}
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from advolint.errors import AdvolintError
from advolint.findings import Violation
from advolint.formats.fingerprints import fingerprint
from advolint.language import tr

FORMAT_VERSION = 1


def write_baseline(path: str, violations: list[Violation]) -> int:
    """Record ``violations`` in ``path``; returns how many were recorded."""
    from advolint.formats import relative_uri

    counts: Counter = Counter()
    described: dict[str, tuple[str, str]] = {}
    for violation in violations:
        digest = fingerprint(violation)
        counts[digest] += 1
        described[digest] = (relative_uri(violation.path), violation.rule)
    entries = [{"path": described[d][0], "rule": described[d][1], "fingerprint": d, "count": counts[d]}
               for d in sorted(counts, key=lambda d: (described[d], d))]
    document = {"advolint_baseline": FORMAT_VERSION, "violations": entries}
    try:
        Path(path).write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise AdvolintError(tr("{path}: cannot write baseline ({value})",
                               path=path, value=exc.strerror or exc)) from None
    return len(violations)


def load_baseline(path: str) -> Counter:
    """The fingerprint counts of a baseline file, or a one-line :class:`AdvolintError`."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AdvolintError(tr("{path}: baseline file not found (create it with --write-baseline)",
                               path=path)) from None
    except OSError as exc:
        raise AdvolintError(tr("{path}: cannot read baseline ({value})",
                               path=path, value=exc.strerror or exc)) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise AdvolintError(tr("{path}: not a baseline file (invalid JSON: {exc})", path=path, exc=exc)) from None
    if not isinstance(document, dict) or document.get("advolint_baseline") != FORMAT_VERSION:
        raise AdvolintError(tr("{path}: not an advolint baseline (version {FORMAT_VERSION}); write it with --write-baseline",
                               path=path, FORMAT_VERSION=FORMAT_VERSION))
    counts: Counter = Counter()
    try:
        for entry in document["violations"]:
            counts[str(entry["fingerprint"])] += int(entry["count"])
    except (KeyError, TypeError, ValueError):
        raise AdvolintError(tr("{path}: broken baseline entry; write it again with --write-baseline",
                               path=path)) from None
    return counts


class KnownViolations:
    """A baseline being used up: each entry covers ``count`` occurrences of its fingerprint,
    in report order, run after run of violations (a streamed report gives them file by file)."""

    def __init__(self, baseline: Counter):
        self.remaining = Counter(baseline)
        self.hidden = 0

    def new(self, violations: list[Violation]) -> list[Violation]:
        """The violations the baseline does not cover (and counts the ones it does)."""
        remaining = self.remaining
        new = []
        for violation in violations:
            digest = fingerprint(violation)
            if remaining[digest] > 0:
                remaining[digest] -= 1
            else:
                new.append(violation)
        self.hidden += len(violations) - len(new)
        return new

