"""The run loop: every way of checking goes through :func:`run`.

Files, folders, stdin, batch records, ``--jobs N`` and ``--fix``/``--diff``
are all targets (:mod:`advolint.run.discovery`) cut into work units
(:mod:`advolint.run.units`), checked here or in worker processes
(:mod:`advolint.run.jobs`), and added up into one :class:`RunResult` in
input order.  A file that cannot be read is an error; the rest go on.
"""

from __future__ import annotations

from typing import Iterable

from advolint.run.discovery import Target
from advolint.run.units import FixMode, Outcome, check_unit, work_units


class RunResult:
    """What a run found, added up outcome by outcome.

    ``consume``, when given, is called with each unit's violations (in report order)
    instead of keeping them: a streamed report writes them as the run goes, so memory
    does not grow with the findings.  ``progress``, when given, sees every outcome."""

    def __init__(self, consume=None, progress=None):
        self.violations: list = []
        self.consume = consume
        self.progress = progress
        self.files = 0
        self.records = 0  # batch records read
        self.unchecked_records = 0  # broken batch records (their errors are among ``errors``)
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.language = "da"  # the message language of the last policy used
        self.fixes_applied = 0
        self.files_changed = 0
        self.diffs: list[str] = []

    def add(self, outcome: Outcome) -> None:
        self.files += outcome.files
        if self.consume is None:
            self.violations.extend(outcome.violations)
        elif outcome.violations:
            self.consume(outcome.violations)
        self.records += outcome.records
        self.unchecked_records += outcome.unchecked_records
        if self.progress is not None:
            self.progress.advance(outcome)
        self.warnings.extend(outcome.warnings)
        self.errors.extend(outcome.errors)
        self.fixes_applied += outcome.fixes_applied
        self.files_changed += outcome.files_changed
        self.diffs.extend(outcome.diffs)


def run(targets: Iterable[Target], result: RunResult | None = None, jobs: int = 1,
        fix: FixMode | None = None) -> RunResult:
    """Check every target into ``result``; with ``jobs > 1`` in worker processes too."""
    result = RunResult() if result is None else result

    def noted(targets):
        for target in targets:
            result.language = target.linter.message_language
            yield target

    if jobs <= 1:
        for unit in work_units(noted(targets), fix):
            result.add(check_unit(unit))
        return result
    from advolint.run.jobs import in_parallel

    targets = list(noted(targets))
    linters = list({target.linter: None for target in targets})
    for outcome in in_parallel(work_units(targets, fix), linters, jobs):
        result.add(outcome)
    return result
