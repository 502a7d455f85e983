"""The ``advolint check`` command, after its options are parsed.

:func:`check` finds the targets and their compiled policies, runs the one run
loop (:func:`advolint.run.loop.run`), applies a baseline, renders the report
(or the diff, or the statistics) and returns the exit code:
0 nothing at or above ``--fail-on``; 1 violations at or above it (or fixes a
``--diff`` shows); 2 a usage, policy or input error; 3 nothing blocks, but
findings that a route marks ``review: true`` need a person's approval.  stdout
carries only the report; notices, warnings and errors go to stderr.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterator

import click

from advolint.errors import AdvolintError
from advolint.findings import Severity
from advolint.records import Record
from advolint.language import tr

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2
EXIT_REVIEW = 3  # nothing blocks, but findings a route marks for review need a person's approval
PROGRESS_MIN_FILES = 50  # below this a run is too quick for a bar to help


class CheckOptions(Record):
    paths: tuple[str, ...]
    policy: str | None = None
    format: str = "text"
    output: str | None = None
    fail_on: str = "error"
    stdin_filename: str | None = None
    color: str = "auto"
    fix: bool = False
    diff: bool = False
    baseline: str | None = None
    write_baseline: str | None = None
    statistics: bool = False
    quiet: bool = False
    exit_zero: bool = False
    jobs: int = 1  # 0: one per CPU
    use_cache: bool = True
    force_exclude: bool = False  # named files obey files.include/exclude too (the pre-commit hook)


def stderr(message: str) -> None:
    """One line on stderr: record ids, file names and front-matter values in it are made
    printable, so no line can be forged (a GitHub workflow command) or drive the terminal."""
    from advolint.formats import printable

    click.echo(printable(message), err=True)


def check(options: CheckOptions) -> int:
    """Run ``advolint check`` with ``options``; the exit code."""
    from advolint.formats import STREAMED, Report
    from advolint.messages import Messages
    from advolint.run.discovery import PolicyResolver, Target, discover
    from advolint.run.loop import RunResult, run
    from advolint.run.units import FixMode

    notice = (lambda message: None) if options.quiet else stderr
    resolver = PolicyResolver(options.policy, notice=notice, use_cache=options.use_cache)
    if options.baseline or options.write_baseline:
        from advolint.run import baseline  # json and hashlib: not needed by a plain check
    known = baseline.load_baseline(options.baseline) if options.baseline else None
    result = RunResult()
    targets = []
    if "-" in options.paths:
        name = options.stdin_filename
        base = Path(name).parent if name else Path.cwd()
        linter = resolver.for_directory(base.resolve())
        resolver.announce(Target(None, name or "<stdin>", linter))  # the notice comes before stdin is read
        targets.append(Target(None, name or "<stdin>", linter, sys.stdin.buffer.read()))
    named = [p for p in options.paths if p != "-"]
    targets += discover(named, resolver, result.errors, result.warnings, force_exclude=options.force_exclude)
    if named and not targets and not result.errors:  # never "no problems in 0 files" without a word
        from advolint.run.discovery import shown_path

        language = resolver.explicit.message_language if resolver.explicit is not None else "en"
        stderr(Messages(language).get("core", "no-posts", paths=", ".join(shown_path(p) for p in named)))
    fix = FixMode(write=not options.diff) if options.fix or options.diff else None
    jobs = options.jobs
    if jobs == 0:
        from advolint.run.jobs import default_jobs

        jobs = default_jobs()
    # The message language: the explicit policy's, else that of the last policy used.
    explicit = resolver.explicit
    language = explicit.message_language if explicit is not None else (
        targets[-1].linter.message_language if targets else result.language)
    use_color = options.output is None and _use_color(options.color, sys.stdout)
    threshold = Severity.parse(options.fail_on)
    gate = Gate(threshold)
    report = Report(files=0, language=language, errors=result.errors, quiet=options.quiet)
    if options.format == "sarif":  # SARIF lists every rule of the run, the policies' own ones too
        from advolint.explain import custom_rule_descriptions

        report.custom_rules = custom_rule_descriptions([target.linter for target in targets], language)
    shown = not options.quiet and _is_terminal(sys.stderr)  # a progress display may be drawn
    progress = None
    if shown and len(targets) < PROGRESS_MIN_FILES:
        from advolint.run.progress import batch_progress

        progress = batch_progress(targets, sys.stderr, Messages(language))
    streamed = None
    if options.format in STREAMED and not (options.diff or options.statistics or options.write_baseline):
        # On a terminal that a progress display is drawn on, the report waits for the end.
        streamed = Streamed(options.format, report, gate, options.output, use_color,
                            hold=shown and options.output is None and _is_terminal(sys.stdout),
                            known=None if known is None else baseline.KnownViolations(known))
        result.consume = streamed.add
    result.progress = progress
    try:
        run(with_progress(targets, sys.stderr) if shown else targets, result, jobs=jobs, fix=fix)
    finally:
        if progress is not None:
            progress.close()
    result.language = language
    messages = Messages(result.language)

    for warning in [] if options.quiet else result.warnings:
        stderr(tr("advolint: warning: {warning}", warning=warning))
    for error in result.errors:
        stderr(f"advolint: {error}")
    report.files, report.unchecked_records = result.files, result.unchecked_records
    if streamed is not None:
        streamed.end()
        if streamed.known is not None and streamed.known.hidden:
            notice(messages.get("core", "baseline-hidden", path=options.baseline,
                                known=messages.count("core", "known", streamed.known.hidden)))
        return exit_code(result, gate, options)
    violations = result.violations  # in report order: sorted within each file, files in input order
    report.suppressed = [v for v in violations if v.suppression is not None]  # listed, never counted
    violations = [v for v in violations if v.suppression is None]
    if options.write_baseline:
        recorded = baseline.write_baseline(options.write_baseline, violations)
        notice(messages.get("core", "baseline-written", path=options.write_baseline,
                            violations=messages.count("core", "violations", recorded)))
        return EXIT_ERROR if result.errors else EXIT_OK
    if known is not None:
        still = baseline.KnownViolations(known)
        violations = still.new(violations)
        if still.hidden:
            notice(messages.get("core", "baseline-hidden", path=options.baseline,
                                known=messages.count("core", "known", still.hidden)))
    gate.see(violations)
    if options.diff:
        text = "".join(result.diffs)
    elif options.statistics:
        from advolint.formats.statistics import statistics

        linters = dict.fromkeys(target.linter for target in targets)  # their custom rules are titled too
        text = statistics(violations, result.language, options.format, linters)
    else:
        from advolint.formats import render

        report.violations = violations
        text = render(options.format, report, color=use_color, width=_terminal_width(options))
    if options.output:
        write_report(text, options.output)
    else:
        click.echo(text, nl=False, color=use_color)
    if options.fix and result.fixes_applied:
        notice(messages.get("core", "fixed-summary", fixes=messages.count("core", "fixes", result.fixes_applied),
                            files=messages.count("core", "files", result.files_changed)))
    if options.diff and not result.diffs and violations:  # an empty diff must not look like a clean run
        notice(messages.count("core", "nothing-to-fix", len(violations)))
    return exit_code(result, gate, options)


class Gate:
    """What the reported violations decide: does one at or above ``--fail-on`` block
    (``failing``), or only need a person's approval (``review``)?"""

    def __init__(self, threshold: Severity):
        self.threshold, self.failing, self.review = threshold, False, False

    def see(self, violations: list) -> None:
        threshold = self.threshold
        for violation in violations:
            if violation.severity >= threshold:
                if violation.needs_review:
                    self.review = True
                else:
                    self.failing = True


def exit_code(result, gate: Gate, options: CheckOptions) -> int:
    if result.errors:
        return EXIT_ERROR
    if options.exit_zero:
        return EXIT_OK
    if gate.failing or (options.diff and result.diffs):
        return EXIT_VIOLATIONS
    return EXIT_REVIEW if gate.review else EXIT_OK


STREAM_BUFFER = 1 << 16  # characters of report gathered before a write: few system calls, little memory


class Streamed:
    """A report written as the run goes (``formats.STREAMED``): each unit's violations are
    counted, gated and written; suppressed ones kept for the end (they are few).  ``hold``
    keeps the report until the end: stdout is the terminal a progress display is drawn on.
    ``known``: the baseline's violations (``run.baseline.KnownViolations``), left out as they come."""

    def __init__(self, name: str, report, gate: Gate, output: str | None, color: bool, hold: bool = False,
                 known=None):
        from advolint.formats import writer

        self.report, self.gate, self.color, self.hold, self.known = report, gate, color, hold, known
        self.handle = None
        if output:
            try:
                self.handle = open(output, "w", encoding="utf-8")
            except OSError as exc:
                raise AdvolintError(tr("{path}: cannot write the report ({value})",
                                       path=output, value=exc.strerror or exc)) from None
        self.pending: list[str] = []
        self.size = 0
        self.writer = writer(name)(report, self._write, color)
        self.writer.begin()

    def _write(self, text: str) -> None:
        self.pending.append(text)
        self.size += len(text)
        if self.size >= STREAM_BUFFER and not self.hold:
            self._flush()

    def _flush(self) -> None:
        text = "".join(self.pending)
        self.pending, self.size = [], 0
        if self.handle is not None:
            try:
                self.handle.write(text)
            except OSError as exc:
                raise AdvolintError(tr("{path}: cannot write the report ({value})",
                                       path=self.handle.name, value=exc.strerror or exc)) from None
        else:
            click.echo(text, nl=False, color=self.color)

    def add(self, violations: list) -> None:
        reported = [v for v in violations if v.suppression is None]
        if len(reported) < len(violations):
            self.report.suppressed.extend(v for v in violations if v.suppression is not None)
        if self.known is not None:
            reported = self.known.new(reported)
        if reported:
            self.report.tally(reported)
            self.gate.see(reported)
            self.writer.add(reported)

    def end(self) -> None:
        self.writer.end()
        self._flush()
        if self.handle is not None:
            self.handle.close()


def _terminal_width(options: CheckOptions) -> int | None:
    """The columns to fit the text report to: ``ADVOLINT_WIDTH``, else the terminal's when the
    report goes to one; None (no fitting: full messages, as CI logs and files get them) otherwise."""
    configured = os.environ.get("ADVOLINT_WIDTH", "")
    if configured.isdigit() and int(configured) >= 40:
        return int(configured)
    if options.output is None and hasattr(sys.stdout, "isatty") and sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size().columns
    return None


def _is_terminal(stream) -> bool:
    return hasattr(stream, "isatty") and stream.isatty()


def _use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or "NO_COLOR" in os.environ:
        return False
    return _is_terminal(stream)


def with_progress(targets: list, stream) -> Iterator:
    """``targets``, with a progress bar on ``stream`` when it is a terminal and the run is long."""
    if len(targets) < PROGRESS_MIN_FILES or not _is_terminal(stream):
        yield from targets
        return
    with click.progressbar(targets, file=stream, label="advolint", show_pos=True,
                           item_show_func=lambda target: getattr(target, "display", None)) as bar:
        yield from bar


def write_report(text: str, path: str) -> None:
    """``-o FILE``: the report to a file (UTF-8) instead of stdout."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AdvolintError(tr("{path}: cannot write the report ({value})",
                               path=path, value=exc.strerror or exc)) from None
