"""``advolint check --fix`` and ``--diff``: apply the rules' safe fixes.

A step of the run loop (:mod:`advolint.run.units`): for each post file, check
it, apply every fix the violations offer (:func:`apply_fixes`: fixes are
applied together, in order of position; one whose edits overlap a fix
already taken waits for the next pass, the way ruff applies
non-overlapping fixes), check the new text again, and repeat until nothing changes, so one
``--fix`` leaves nothing a second one would change.  The violations that
remain are what the report shows and what the exit code counts.

Writing keeps the file as it was in every other respect: its encoding
(UTF-8, UTF-16 in its byte order, Windows-1252), its byte-order mark and its
line endings (text a fix inserts gets the file's own line ending: CRLF, LF,
or CR in a CR-only file), its owner, group and mode.  The new content goes
to a temporary file in the same folder, then ``os.replace`` swaps it in, so
a crash never leaves half a post; a file with several hard links (or whose
owner cannot be kept) is rewritten in place instead, so every link sees the
fix.  A read-only file, text a fix needs that the file's encoding cannot
hold, a file that changed since advolint read it, a symbolic link to a file
outside the folder being checked (the walked folder, or the working
directory for a file named on the command line), or a failed write leaves
the original untouched and is reported as an error naming the file
(exit 2).

``--diff`` computes the same fixes, prints them as a unified diff and writes
nothing.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Iterable

from advolint.text.post import Post, post_from_text
from advolint.findings import Edit, Fix, Violation
from advolint.errors import InputError
from advolint.language import tr

MAX_PASSES = 10  # each pass applies at least one fix; real posts settle in one or two


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


def line_ending(text: str) -> str:
    """The file's usual line ending: CRLF when most of its lines end so; CR in a CR-only file."""
    if "\n" not in text and "\r" in text:
        return "\r"
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf >= text.count("\n") - crlf else "\n"


def _with_line_ending(fix: Fix, eol: str) -> Fix:
    edits = tuple(Edit(e.start, e.end, re.sub(r"\r?\n", eol, e.replacement)) for e in fix.edits)
    return Fix(edits, fix.description)


def encode(text: str, post: Post, path: Path) -> bytes:
    """``text`` in the encoding and with the byte-order mark ``post`` was read with."""
    if post.encoding == "utf-16":
        with open(path, "rb") as handle:
            big_endian = handle.read(2) == codecs.BOM_UTF16_BE
        if big_endian:
            return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    try:
        data = text.encode(post.encoding)
    except UnicodeEncodeError as exc:
        raise InputError(tr("{path}: the fix needs '{value}', which {encoding} cannot store; file left unchanged (save it as UTF-8)",
                            path=post.path, value=exc.object[exc.start:exc.end], encoding=post.encoding)) from None
    return codecs.BOM_UTF8 + data if post.bom else data


def write_atomically(path: Path, data: bytes, display: str, expected_text: str | None = None) -> None:
    """Replace ``path``'s content with ``data``, or raise :class:`InputError`.

    ``expected_text``: the text the fix was computed from; a file whose text is no
    longer that (saved by someone else meanwhile) is not overwritten."""
    from advolint.text.post import decode

    real = Path(os.path.realpath(path))  # a symlinked post keeps its link
    info = real.stat()
    mode = info.st_mode
    if not os.access(real, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise InputError(tr("{display}: read-only file; not fixed", display=display))
    if expected_text is not None:
        try:
            current = decode(real.read_bytes(), display)[0]
        except (OSError, InputError):
            current = None
        if current != expected_text:
            raise InputError(tr("{display}: changed since advolint read it; not fixed (run --fix again)",
                                display=display))
    temporary = None
    try:
        if info.st_nlink > 1:
            _rewrite_in_place(real, data)
            return
        handle, temporary = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".advolint")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(mode))
        if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
            try:
                os.chown(temporary, info.st_uid, info.st_gid)
            except PermissionError:  # only root can give a file away: keep the owner by writing in place
                os.unlink(temporary)
                temporary = None
                _rewrite_in_place(real, data)
                return
        os.replace(temporary, real)
    except OSError as exc:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise InputError(tr("{display}: cannot write the fix ({value}); file left unchanged",
                            display=display, value=exc.strerror or exc)) from None


def _rewrite_in_place(real: Path, data: bytes) -> None:
    """Overwrite the file itself (its inode): hard links, owner, group and mode stay."""
    with open(real, "r+b") as stream:
        stream.write(data)
        stream.truncate()
        stream.flush()
        os.fsync(stream.fileno())


class FixOutcome:
    """What fixing one file did: the post and violations that remain, and the fixes applied."""

    __slots__ = ("post", "violations", "applied", "diff", "problem")

    def __init__(self, post: Post, violations: list[Violation], applied: int = 0, diff: str = "",
                 problem: str | None = None):
        self.post, self.violations, self.applied, self.diff, self.problem = post, violations, applied, diff, problem


def fix_file(path: Path, post: Post, violations: list[Violation], linter, write: bool,
             root: str | None = None) -> FixOutcome:
    """Fix the post read from ``path`` (see the module docstring); write it back when ``write``.
    ``root``: the folder being checked; a link to a file outside it is never written through."""
    fixed_post, remaining, applied = fixed(post, violations, linter)
    if not applied:
        return FixOutcome(post, violations)
    if write and root is not None:
        from advolint.run.discovery import inside, shown_path

        real = os.path.realpath(path)
        if not inside(real, root):
            return FixOutcome(post, violations, problem=f"{post.path}: not fixed: symbolic link to "
                                                        f"{shown_path(real)} outside {shown_path(root)}")
    from advolint.linter.compiled import masked_text

    # Context lines too: a diff in a CI log must not show personal data the reports mask.
    diff = "".join(difflib.unified_diff(
        masked_text(post.text, violations).splitlines(keepends=True),
        masked_text(fixed_post.text, remaining).splitlines(keepends=True),
        fromfile=f"a/{post.path}", tofile=f"b/{post.path}"))
    if write:
        try:
            write_atomically(path, encode(fixed_post.text, post, path), post.path, expected_text=post.text)
        except InputError as exc:
            return FixOutcome(post, violations, diff=diff, problem=str(exc))
    return FixOutcome(fixed_post, remaining, applied, diff)


def fixed(post: Post, violations: list[Violation], linter) -> tuple[Post, list[Violation], int]:
    """Fix until nothing changes: (fixed post, remaining violations, fixes applied)."""
    eol = line_ending(post.text)
    total = 0
    for _ in range(MAX_PASSES):
        fixes = [_with_line_ending(v.fix, eol) for v in violations if v.fix is not None and v.suppression is None]
        text, applied = apply_fixes(post.text, fixes)
        if not applied or text == post.text:
            break
        total += applied
        fixed_post = post_from_text(text, post.path, post.meta)  # metadata given with the post stays (a draft's)
        fixed_post.encoding, fixed_post.bom, fixed_post.warnings = post.encoding, post.bom, post.warnings
        post, violations = fixed_post, linter.check(fixed_post, suppressed=True)
    return post, violations, total
