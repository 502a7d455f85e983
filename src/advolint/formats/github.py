"""``--format github``: GitHub Actions workflow commands (annotations).

One ``::error``/``::warning``/``::notice`` command per violation::

    ::error file=post.txt,line=1,col=41,endLine=1,endColumn=42,title=tone-exclamation::For mange ...

Escaping as GitHub's runner requires: ``%``, CR and LF in the message;
also ``:`` and ``,`` in properties.  No other line can start a workflow
command: every text from a post, a record id, a file name or an option is
made printable (no CR, LF or escape sequence), and a log line that would
start with ``::`` (a file named ``::error ...``) gets ``./`` before it.  GitHub shows at most 10 annotations per
level per step, so the full list follows in a collapsible log group; when
``GITHUB_STEP_SUMMARY`` names a file, a Markdown table of every violation is
appended to it (the job summary page).

Docs: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

import html
import os
import re
from collections import Counter

from advolint.messages import Messages
from advolint.findings import Severity
from advolint.formats import Writer as _Writer, printable, relative_path, written
from advolint.formats.text import headline, summary_line

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(violation) -> str:
    properties = {"file": relative_path(violation.path), "line": violation.line, "col": violation.column,
                  "endLine": violation.end_line, "endColumn": violation.end_column, "title": violation.rule}
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    message = violation.message + (f" {violation.suggestion}" if violation.suggestion else "")
    if violation.route is not None:
        message += f" → {violation.route.to}" + (" (review)" if violation.route.review else "")
    return f"::{COMMANDS[violation.severity]} {joined}::{escape_data(message)}"


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, ``|`` escaped, no HTML or Markdown of its own
    (a post's text must not add links or images to the job summary)."""
    text = html.escape(printable(text), quote=False).replace("|", "\\|")
    return re.sub(r"([\\`*_\[\]!#~])", r"\\\1", text)


def _code(text: str) -> str:
    """``text`` as a Markdown code span in a table cell: the fence is longer than any run of
    backticks in it (a backtick in a file name must not end the span)."""
    text = printable(text).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if longest else f"{fence}{text}{fence}"


def _inert(line: str) -> str:
    """A log line GitHub's runner does not read as a workflow command: those start with
    ``::`` after leading white space.  Only a relative path can start so; ``./`` names
    the same file."""
    line = printable(line)
    return "./" + line if line.lstrip().startswith("::") else line


def _summary_head(report, counts: Counter) -> list[str]:
    """The job summary's title and its table of counts per rule."""
    words = Messages(report.language)
    lines = [f"### advolint: {summary_line(report)}", ""]
    if counts:
        lines += [f"| {words.get('core', 'column-rule')} | {words.get('core', 'column-severity')} "
                  f"| {words.get('core', 'column-count')} |", "|---|---|---:|"]
        lines += [f"| `{rule}` | {severity} | {count} |" for (rule, severity), count in sorted(counts.items())]
        lines += ["", f"| {words.get('core', 'column-where')} | {words.get('core', 'column-rule')} "
                      f"| {words.get('core', 'column-message')} |", "|---|---|---|"]
    return lines


def _summary_row(violation) -> str:
    return f"| {_code(f'{violation.path}:{violation.line}:{violation.column}')} | `{violation.rule}` | " \
           f"{_cell(violation.message)} |"


def step_summary(report) -> str:
    """A Markdown job summary: the count per rule, then every violation."""
    counts = Counter((v.rule, v.severity.label) for v in report.violations)
    lines = _summary_head(report, counts) + [_summary_row(v) for v in report.violations]
    return "\n".join(lines) + "\n\n"


def _spool():
    """A file for what is written after the last annotation (the log group, the summary's rows):
    in memory while small, on disk beyond a megabyte."""
    import tempfile

    return tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8", newline="")


class Writer(_Writer):
    """Annotations as the run goes; the log group (every headline) and the job summary at the
    end, from spool files: memory does not grow with the violations."""

    def begin(self) -> None:
        self.group = _spool()
        self.summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
        self.rows = _spool() if self.summary_path else None
        self.counts: Counter = Counter()

    def add(self, violations) -> None:
        if not violations:
            return
        self.write("".join([annotation(v) + "\n" for v in violations]))
        self.group.write("".join([_inert(headline(v)) + "\n" for v in violations]))
        if self.rows is not None:
            self.counts.update((v.rule, v.severity.label) for v in violations)
            self.rows.write("".join([_summary_row(v) + "\n" for v in violations]))

    def end(self) -> None:
        report = self.report
        if self.group.tell():
            self.write(f"::group::advolint: {summary_line(report)}\n")
            _copy(self.group, self.write)
            self.write("::endgroup::\n")
        self.group.close()
        if not report.quiet:
            self.write(_inert(summary_line(report)) + "\n")
        if self.rows is not None:
            self._append_step_summary()

    def _append_step_summary(self) -> None:
        try:
            with open(self.summary_path, "a", encoding="utf-8") as handle:
                handle.write("\n".join(_summary_head(self.report, self.counts)) + "\n")
                _copy(self.rows, handle.write)
                handle.write("\n")
        except OSError:
            pass  # the annotations and the log are the report; a missing summary file must not fail the gate
        finally:
            self.rows.close()


def _copy(spool, write) -> None:
    spool.seek(0)
    while True:
        block = spool.read(1 << 16)
        if not block:
            return
        write(block)


def render(report, color: bool = False) -> str:
    return written(Writer, report, color)
