"""Applying fixes to a post's text.

A :class:`~advolint.model.Fix` is a set of edits on ``post.text``.  Fixes
are applied together, in order of position; a fix whose edits overlap one
already taken is skipped (it is offered again on the next run), the way
ruff applies non-overlapping fixes.
"""

from __future__ import annotations

from typing import Iterable

from .model import Fix


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """Return (new text, number of fixes applied)."""
    taken: list[tuple[int, int]] = []
    edits = []
    applied = 0
    for fix in sorted(fixes, key=lambda f: min((e.start for e in f.edits), default=0)):
        spans = [(e.start, e.end) for e in fix.edits]
        if any(_overlaps(span, other) for span in spans for other in taken):
            continue
        taken.extend(spans)
        edits.extend(fix.edits)
        applied += 1
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[:edit.start] + edit.replacement + text[edit.end:]
    return text, applied


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # Two insertions at the same point conflict too (their order would be arbitrary).
    if a[0] == a[1] == b[0] == b[1]:
        return True
    return a[0] < b[1] and b[0] < a[1]
