"""Checking work units in several processes (``--jobs N``).

This process and N - 1 worker processes check the units of
:mod:`advolint.run.units`, at most ``UNITS_IN_FLIGHT_PER_JOB * N`` at a time
(memory does not grow with the input); outcomes come back in unit order, so
the output of ``--jobs N`` is identical to ``--jobs 1``.

The compiled linters are shipped to each worker once, when it starts (the
pool's initializer); a unit names its linter by its index in that list.
"""

from __future__ import annotations

import collections
import operator
import os
from typing import Iterator

from advolint.findings import Violation
from advolint.run.units import Outcome, check_unit

UNITS_IN_FLIGHT_PER_JOB = 4
WORKER_BACKLOG = 2  # units queued per worker before this process checks one itself

_worker_linters: list = []  # in a worker: the linters the pool's initializer installed


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def in_parallel(units: list[tuple], linters: list, jobs: int) -> Iterator[Outcome]:
    """The outcomes of ``units`` in order, checked by this process and ``jobs - 1`` workers.

    ``linters`` are every linter the units use; each worker receives them once."""
    from concurrent.futures import ProcessPoolExecutor

    index = {linter: number for number, linter in enumerate(linters)}  # keyed by the object itself
    with ProcessPoolExecutor(max_workers=jobs - 1, initializer=_install, initargs=(linters,)) as executor:
        yield from _in_order(executor, units, index, jobs)


def _install(linters: list) -> None:
    _worker_linters[:] = linters


def _in_order(executor, units, index: dict, jobs: int) -> Iterator[Outcome]:
    """Outcomes in unit order.  This process is one of the ``jobs``: while
    the ``jobs - 1`` workers have enough queued (``WORKER_BACKLOG`` units
    each), it checks the next unit itself, so no core is left to a process
    that only collects and the work balances itself.  The first unit is
    checked here too: a one-unit input starts no worker."""
    from concurrent.futures import Future

    window = jobs * UNITS_IN_FLIGHT_PER_JOB
    backlog = (jobs - 1) * WORKER_BACKLOG
    pending: collections.deque = collections.deque()

    def head() -> Outcome:
        item = pending.popleft()
        return _unpacked(item.result()) if isinstance(item, Future) else item

    for number, unit in enumerate(units):
        queued = sum(1 for item in pending if isinstance(item, Future) and not item.done())
        if unit[0] in ("error", "stdin") or number == 0 or queued >= backlog:
            pending.append(check_unit(unit))
        else:
            pending.append(executor.submit(_check_in_worker, (unit[0], index[unit[1]], *unit[2:])))
        while pending and (len(pending) >= window or not isinstance(pending[0], Future) or pending[0].done()):
            yield head()
    while pending:
        yield head()


# Violations travel back from workers as plain tuples: half the pickling time of objects.
_violation_values = operator.attrgetter(*Violation.__slots__)  # constructor order


def _check_in_worker(unit: tuple) -> tuple:
    outcome = check_unit((unit[0], _worker_linters[unit[1]], *unit[2:]))
    return outcome._replace(violations=[_violation_values(v) for v in outcome.violations])


def _unpacked(outcome: Outcome) -> Outcome:
    return outcome._replace(violations=[Violation(*values) for values in outcome.violations])
