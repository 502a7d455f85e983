"""Checking many posts in one process or in several (``--jobs N``).

Targets are cut into work units in a fixed order: runs of up to
``FILES_PER_UNIT`` post files with the same policy, a JSONL segment of about
``batch.SEGMENT_BYTES``, or ``RECORDS_PER_UNIT`` CSV records.  With
``--jobs 1`` the units are checked here, one after the other; with
``--jobs N`` by this process and N - 1 worker processes, at most
``UNITS_IN_FLIGHT_PER_JOB * N`` units at a time (memory does not grow with
the input), and their results are collected in unit order.  Either way the
violations, warnings and errors come out in the same order, so the output
of ``--jobs N`` is identical to ``--jobs 1``.

Workers get the policy as its file path and load it from the compiled-policy
cache (or inherit it from the parent process where processes fork).
"""

from __future__ import annotations

import collections
import operator
import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from advolint.text.batch import csv_records, is_batch, is_jsonl, jsonl_segments, record_post, segment_records
from advolint.linter.cache import load_compiled
from advolint.text.post import read_post_file
from advolint.linter.compiled import linter_for
from advolint.errors import InputError
from advolint.findings import Violation

if TYPE_CHECKING:  # pragma: no cover
    from advolint.run.discovery import RunResult, Target

FILES_PER_UNIT = 64
RECORDS_PER_UNIT = 500
UNITS_IN_FLIGHT_PER_JOB = 4
WORKER_BACKLOG = 2  # units queued per worker before this process checks one itself


class PolicyRef(tuple):
    """How a worker process finds a policy: its file path and whether to use the cache."""


# Compiled policies by reference.  The parent fills it before workers fork, so
# forked workers inherit them; spawned workers load them from the cache.
_WORKER_LINTERS: dict[PolicyRef, object] = {}


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_targets(targets: Iterable["Target"], result: "RunResult", jobs: int = 1, use_cache: bool = True) -> "RunResult":
    """Check every target into ``result``; with ``jobs > 1`` in worker processes."""
    units = _units(targets, result)
    if jobs <= 1:
        outcomes = (check_unit(unit) for unit in units)
        _collect(outcomes, result)
        return result
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs - 1) as executor:
        _collect(_in_order(executor, units, jobs, use_cache), result)
    return result


def _collect(outcomes, result: "RunResult") -> None:
    # Errors of the checks go after the errors found while discovering files,
    # which arrive at a different pace with several jobs.
    check_errors = []
    for files, violations, warnings, errors in outcomes:
        result.files += files
        result.violations.extend(violations)
        result.warnings.extend(warnings)
        check_errors.extend(errors)
    result.errors.extend(check_errors)


def _units(targets: Iterable["Target"], result: "RunResult") -> Iterator[tuple]:
    """Work units in a stable order: ("files", policy, [(path, display)]),
    ("records", policy, display, [raw records], last), ("segment", policy,
    display, (path, offset, length, first line), last) or ("error", message)."""
    files: list[tuple[str, str]] = []
    files_policy = None
    for target in targets:
        result.language = target.policy.message_language
        if files and (target.policy is not files_policy or len(files) >= FILES_PER_UNIT or is_batch(target.path)):
            yield "files", files_policy, files
            files = []
        if is_batch(target.path):
            yield from _batch_units(target)
        else:
            files_policy = target.policy
            files.append((str(target.path), target.display))
    if files:
        yield "files", files_policy, files


def _batch_units(target: "Target") -> Iterator[tuple]:
    """Units of a batch file; its last unit counts the file as checked (once,
    however many records it holds), unless the file could not be read at all.

    JSONL files go out as byte segments that the worker reads itself; CSV
    records (which may span lines) as parsed rows."""
    path, policy, display = target.path, target.policy, target.display
    if is_jsonl(path):
        pieces = (("segment", policy, display, (str(path), *segment))
                  for segment in jsonl_segments(path, display))
    else:
        pieces = (("records", policy, display, rows) for rows in _batched(csv_records(path, display)))
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
    yield (*previous, True) if previous is not None else ("records", policy, display, [], True)


def _batched(records: Iterator, size: int = RECORDS_PER_UNIT) -> Iterator[list]:
    batch: list = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _for_worker(unit: tuple, use_cache: bool) -> tuple:
    """The unit with its policy replaced by a reference a worker can load."""
    ref = PolicyRef((unit[1].source, use_cache))
    _WORKER_LINTERS[ref] = linter_for(unit[1])
    return (unit[0], ref, *unit[2:])


def _linter(policy):
    if not isinstance(policy, PolicyRef):
        return linter_for(policy)
    linter = _WORKER_LINTERS.get(policy)
    if linter is None:
        linter = _WORKER_LINTERS[policy] = load_compiled(*policy)
    return linter


def _in_order(executor, units: Iterator[tuple], jobs: int, use_cache: bool) -> Iterator[tuple]:
    """Outcomes in unit order.  This process is one of the ``jobs``: while
    the ``jobs - 1`` workers have enough queued (``WORKER_BACKLOG`` units
    each), it checks the next unit itself, so no core is left to a process
    that only collects and the work balances itself.  The first unit is
    checked here too: a one-unit input starts no worker."""
    from concurrent.futures import Future

    window = jobs * UNITS_IN_FLIGHT_PER_JOB
    backlog = (jobs - 1) * WORKER_BACKLOG
    pending: collections.deque = collections.deque()

    def head() -> tuple:
        item = pending.popleft()
        return _unpacked(item.result()) if isinstance(item, Future) else item

    for index, unit in enumerate(units):
        queued = sum(1 for item in pending if isinstance(item, Future) and not item.done())
        if unit[0] == "error" or index == 0 or queued >= backlog:
            pending.append(check_unit(unit))
        else:
            pending.append(executor.submit(_check_unit_packed, _for_worker(unit, use_cache)))
        while pending and (len(pending) >= window or not isinstance(pending[0], Future) or pending[0].done()):
            yield head()
    while pending:
        yield head()


# Violations travel back from workers as plain tuples: half the pickling time of objects.
_violation_values = operator.attrgetter(*Violation.__slots__)  # constructor order


def _check_unit_packed(unit: tuple) -> tuple:
    files, violations, warnings, errors = check_unit(unit)
    return files, [_violation_values(v) for v in violations], warnings, errors


def _unpacked(outcome: tuple) -> tuple:
    files, values, warnings, errors = outcome
    return files, [Violation(*v) for v in values], warnings, errors


def check_unit(unit: tuple) -> tuple[int, list, list, list]:
    """Check one work unit: (files checked, violations, warnings, errors), in input order."""
    kind = unit[0]
    if kind == "error":
        return 0, [], [], [unit[1]]
    policy = unit[1]
    check = _linter(policy).check
    violations: list = []
    warnings: list = []
    errors: list = []
    if kind == "files":
        checked = 0
        for path, display in unit[2]:
            try:
                post = read_post_file(Path(path), display)
                found = check(post)  # a rule may fail the post too (a pattern's time-out)
            except InputError as exc:
                errors.append(str(exc))
                continue
            checked += 1
            warnings.extend(post.warnings)
            violations.extend(found)
        return checked, violations, warnings, errors
    display, records, last = unit[2], unit[3], unit[4]
    if kind == "segment":
        try:
            records = list(segment_records(Path(records[0]), display, *records[1:]))
        except InputError as exc:  # the file went away since it was cut into segments
            return int(last), [], [], [str(exc)]
    for raw in records:
        try:
            violations.extend(check(record_post(raw, display)))
        except InputError as exc:
            errors.append(str(exc))
    return int(last), violations, warnings, errors
