"""Work units: the targets of a run cut into pieces that one process checks.

Targets are cut in a fixed order into runs of up to ``FILES_PER_UNIT`` post
files with the same compiled policy, a JSONL segment of about
``batch.SEGMENT_BYTES``, ``RECORDS_PER_UNIT`` CSV records, stdin, or an
error found while cutting (a batch file that cannot be read or fixed).
:func:`check_unit` checks one unit (and fixes its files with ``--fix`` /
``--diff``) into an :class:`Outcome`; the run loop (:mod:`advolint.run.loop`)
adds outcomes up in unit order, whether the units were checked here or in
worker processes (:mod:`advolint.run.jobs`).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from advolint.errors import InputError
from advolint.language import tr
from advolint.records import Record
from advolint.text.batch import csv_records, is_batch, is_jsonl, jsonl_segments, record_post, segment_records
from advolint.text.post import post_from_bytes, read_post_file

if TYPE_CHECKING:  # pragma: no cover
    from advolint.run.discovery import Target

FILES_PER_UNIT = 64
RECORDS_PER_UNIT = 500


class FixMode(Record):
    """``--fix`` (write) or ``--diff`` (only the diff)."""

    write: bool


class Outcome(Record):
    """What one unit found, in input order."""

    files: int  # post files (or whole batch files) checked
    violations: list
    warnings: list[str]
    errors: list[str]
    fixes_applied: int = 0
    files_changed: int = 0
    diffs: tuple[str, ...] = ()
    records: int = 0  # batch records read (checked or broken)
    unchecked_records: int = 0  # broken records (their errors are among ``errors``)
    size: int = 0  # bytes of batch input read (about, for CSV): the progress display's


def work_units(targets: Iterable["Target"], fix: FixMode | None = None) -> Iterator[tuple]:
    """Units in a stable order: ("files", linter, [(path, display, root)], fix), ("stdin", linter,
    display, data), ("records", linter, display, [raw records], last), ("segment", linter,
    display, (path, offset, length, first line), last) or ("error", message)."""
    files: list[tuple[str, str, str]] = []
    files_linter = None
    for target in targets:
        if files and (target.linter is not files_linter or len(files) >= FILES_PER_UNIT or target.path is None
                      or is_batch(target.path)):
            yield "files", files_linter, files, fix
            files = []
        if target.path is None:
            yield "stdin", target.linter, target.display, target.data
        elif is_batch(target.path):
            if fix is not None:
                yield "error", (f"{target.display}: --fix and --diff do not change batch files "
                                "(.jsonl, .csv); check them without --fix")
            else:
                yield from _batch_units(target)
        else:
            files_linter = target.linter
            files.append((str(target.path), target.display, target.root))
    if files:
        yield "files", files_linter, files, fix


def _batch_units(target: "Target") -> Iterator[tuple]:
    """Units of a batch file; its last unit counts the file as checked (once,
    however many records it holds), unless the file could not be read at all.

    JSONL files go out as byte segments that the worker reads itself; CSV
    records (which may span lines) as parsed rows."""
    path, linter, display = target.path, target.linter, target.display
    if is_jsonl(path):
        pieces = (("segment", linter, display, (str(path), *segment))
                  for segment in jsonl_segments(path, display))
    else:
        pieces = (("records", linter, display, rows) for rows in _batched(csv_records(path, display)))
    previous = None
    try:
        for piece in pieces:
            if previous is not None:
                yield *previous, False
            previous = piece
    except InputError as exc:
        if previous is not None:
            yield *previous, True
        yield "error", str(exc)
        return
    yield (*previous, True) if previous is not None else ("records", linter, display, [], True)


def _batched(records: Iterator, size: int = RECORDS_PER_UNIT) -> Iterator[list]:
    batch: list = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class OverBudget(BaseException):
    """A post's check ran past ``limits.post_seconds``.  A BaseException, so that no
    ``except Exception`` on the way (a rule's, the linter's) swallows it."""


def _over_budget(signum, frame):
    raise OverBudget


_handler_installed = False


class PostBudget:
    """The time budget of each post's check: ``with budget:`` around one post raises
    :class:`OverBudget` when the time is up (``SIGALRM``; two or three system calls a
    post, ~2 µs).  ``limits.post_seconds`` is the budget of a post of up to 1 MB; a
    larger post gets that much per MB (:meth:`fit`): the rules are linear, so a budget
    that grows with the post stops only what is not (a quadratic rule, a hang), while
    a 100 MB post is still checked.  Where there is no ``SIGALRM`` (Windows) or this is
    not the main thread, there is no budget."""

    def __init__(self, seconds: float):
        import signal
        import threading

        self.seconds = self.allowed = seconds
        self.signal = signal if hasattr(signal, "setitimer") and threading.current_thread() is \
            threading.main_thread() else None

    def __enter__(self):
        global _handler_installed
        self.allowed = self.seconds  # reading the post counts too
        if self.signal is not None:
            if not _handler_installed:  # once per process: it only acts while a timer is armed
                self.signal.signal(self.signal.SIGALRM, _over_budget)
                _handler_installed = True
            self.signal.setitimer(self.signal.ITIMER_REAL, self.seconds)
        return self

    def fit(self, post) -> None:
        """Give a post over 1 MB ``limits.post_seconds`` per MB (from now on)."""
        megabytes = len(post.text) / 1_000_000
        if megabytes > 1:
            self.allowed = self.seconds * megabytes
            if self.signal is not None:
                self.signal.setitimer(self.signal.ITIMER_REAL, self.allowed)

    def __exit__(self, *exc):
        if self.signal is not None:
            self.signal.setitimer(self.signal.ITIMER_REAL, 0)
        return False

    def message(self, where: str) -> str:
        return tr("{where}: checking took more than {allowed:g} s (limits.post_seconds); not checked",
                  where=where, allowed=self.allowed)


class BorrowedBudget(PostBudget):
    """:class:`PostBudget` in a process that is not advolint's own (the Python API, an
    engine's task): ``SIGALRM``'s handler and timer are borrowed for each post and
    handed back after it, a timer of the caller's re-armed with the time it had left."""

    def __enter__(self):
        self.allowed = self.seconds
        if self.signal is not None:
            self._handler = self.signal.signal(self.signal.SIGALRM, _over_budget)
            self._timer = self.signal.setitimer(self.signal.ITIMER_REAL, self.seconds)
            self._since = time.monotonic()
        return self

    def __exit__(self, *exc):
        if self.signal is not None:
            self.signal.setitimer(self.signal.ITIMER_REAL, 0)
            self.signal.signal(self.signal.SIGALRM, self._handler)
            delay, interval = self._timer
            if delay:  # the caller's timer, less the time the post took (due now: at once)
                left = max(delay - (time.monotonic() - self._since), 1e-6)
                self.signal.setitimer(self.signal.ITIMER_REAL, left, interval)
        return False


def check_unit(unit: tuple) -> Outcome:
    """Check one work unit (and fix its files when it says so)."""
    kind = unit[0]
    if kind == "error":
        return Outcome(0, [], [], [unit[1]])
    linter = unit[1]
    budget = PostBudget(linter.header.post_seconds)
    if kind == "files":
        return _check_files(linter, unit[2], unit[3], budget)
    if kind == "stdin":
        try:
            with budget:
                post = post_from_bytes(unit[3], unit[2])
                budget.fit(post)
                return Outcome(1, in_order(linter.check(post, suppressed=True)), post.warnings, [])
        except InputError as exc:
            return Outcome(0, [], [], [str(exc)])
        except OverBudget:
            return Outcome(0, [], [], [budget.message(unit[2])])
    display, records, last = unit[2], unit[3], unit[4]
    if kind == "segment":
        size = records[2]
        try:
            records = list(segment_records(Path(records[0]), display, *records[1:]))
        except InputError as exc:  # the file went away since it was cut into segments
            return Outcome(int(last), [], [], [str(exc)], size=size)
    else:  # CSV rows: their cells and separators
        size = sum(len(cell) + 1 for row in records for cell in row[2].values())
    violations, errors = check_raw_records(linter, records, display, budget)
    return Outcome(int(last), violations, [], errors, records=len(records), unchecked_records=len(errors),
                   size=size)


def check_raw_records(linter, records, display: str, budget: PostBudget | None = None) -> tuple[list, list]:
    """(violations, errors) of raw batch records (see advolint.text.batch), as a batch run
    checks them: record by record, each record's violations in report order, a broken
    record or one over the time budget an error naming file and line.  Without ``budget``
    (a caller's process) the budget borrows ``SIGALRM`` and gives it back (:class:`BorrowedBudget`)."""
    budget = budget or BorrowedBudget(linter.header.post_seconds)
    check = linter.check
    violations: list = []
    errors: list = []
    for raw in records:
        try:
            with budget:
                post = record_post(raw, display)
                budget.fit(post)
                violations.extend(in_order(check(post, suppressed=True)))
        except InputError as exc:
            errors.append(str(exc))
        except OverBudget:
            errors.append(budget.message(f"{display}:{raw[1]}"))
        except Exception as exc:  # never a traceback that hides the other records
            errors.append(internal_error(f"{display}:{raw[1]}", exc))
    return violations, errors


def in_order(violations: list) -> list:
    """One file's (or record's) violations in report order.  Reports are sorted within a
    file, never across the run: files come in input order, so a report can be written
    file by file as the run goes."""
    if len(violations) > 1:
        violations.sort(key=_sort_key)
    return violations


def _sort_key(violation):
    return violation.sort_key


def internal_error(where: str, exc: Exception) -> str:
    """An unexpected exception as one error line naming the file (and record)."""
    detail = " ".join(str(exc).split())[:200]
    return tr("{where}: internal error ({name}: {detail}); not checked, please report it", where=where,
              name=type(exc).__name__, detail=detail)


def _check_files(linter, files: list[tuple[str, str, str]], fix: FixMode | None, budget: PostBudget) -> Outcome:
    check = linter.check
    checked, violations, warnings, errors = 0, [], [], []
    fixes_applied, files_changed, diffs = 0, 0, []
    for path, display, root in files:
        try:
            with budget:  # reading and checking; the fix passes have their own checks
                post = read_post_file(Path(path), display)
                budget.fit(post)
                found = check(post, suppressed=True)  # a rule may fail the post too (a pattern's time-out)
            if fix is not None:
                from advolint.run.fixing import fix_file

                fixing = fix_file(Path(path), post, found, linter, fix.write, root)
                post, found = fixing.post, fixing.violations
                if fixing.diff:
                    diffs.append(fixing.diff)
                if fixing.problem:
                    errors.append(fixing.problem)
                elif fixing.applied:
                    fixes_applied += fixing.applied
                    files_changed += 1
        except InputError as exc:
            errors.append(str(exc))
            continue
        except OverBudget:
            errors.append(budget.message(display))
            continue
        except Exception as exc:  # never a traceback that hides the other files
            errors.append(internal_error(display, exc))
            continue
        checked += 1
        warnings.extend(post.warnings)
        violations.extend(in_order(found))
    return Outcome(checked, violations, warnings, errors, fixes_applied, files_changed, tuple(diffs))
