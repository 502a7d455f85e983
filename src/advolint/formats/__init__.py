"""Output formats: one module per ``--format`` value.

Each module has ``render(report: Report, color: bool) -> str``.  Only the
chosen module is imported.  stdout carries only the report; notices and
errors go to stderr (the CLI's job).

The formats in ``STREAMED`` also have a :class:`Writer`, which writes the
report piece by piece while the run goes (the violations of each file or
record as soon as they are known, the summary at the end), so an audit's
memory does not grow with its findings; their ``render`` is that writer
writing into a string, so both give the same bytes.
"""

from __future__ import annotations

import importlib

from advolint.findings import Severity, Violation

FORMATS = {
    "text": "text",
    "concise": "concise",
    "json": "json_format",
    "jsonl": "jsonl",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "rdjsonl": "rdjsonl",
}
STREAMED = frozenset({"concise", "json", "jsonl", "sarif", "github", "rdjsonl", "junit"})


class Report:
    """Everything a run found: what formatters render.

    A plain class, not a dataclass: a dataclass costs ~0.5 ms at import,
    noticeable in a one-file start."""

    def __init__(self, violations: list[Violation] | None = None, files: int = 0, language: str = "da",
                 errors: list[str] | None = None, quiet: bool = False, suppressed: list[Violation] | None = None):
        self.violations = [] if violations is None else violations
        # What posts' own suppressions hid (``Violation.suppression`` is the reason): every
        # format lists or counts them, so a suppression is never invisible.
        self.suppressed = [] if suppressed is None else suppressed
        self.files = files
        self.language = language
        self.errors = [] if errors is None else errors  # files (and records) that could not be checked
        self.unchecked_records = 0  # how many of ``errors`` are broken batch records
        self.quiet = quiet  # only the violations: no summary line
        self.streamed = [0, 0, 0, 0]  # by severity: violations a Writer wrote and did not keep
        # The policies' own rules (custom wording rules): id -> (severity, title, help text, link),
        # for the formats that describe every rule (SARIF's rule list).
        self.custom_rules: dict = {}

    def count(self, severity: Severity) -> int:
        return self.streamed[severity] + sum(1 for v in self.violations if v.severity == severity)

    def tally(self, violations: list[Violation]) -> None:
        """Count ``violations`` (written as the run goes, not kept in ``violations``)."""
        streamed = self.streamed
        for violation in violations:
            streamed[violation.severity] += 1

    def summary(self) -> dict:
        return {
            "files": self.files,
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
            "suppressed": len(self.suppressed),
        }


def printable(text: str) -> str:
    """``text`` with control characters (C0 but tab, DEL, C1) and lone surrogates as ``\\xNN``
    escapes: printed raw, a newline from a record id or a file name would start a line of its
    own (a forged GitHub workflow command) and an escape sequence would drive the terminal."""
    if text.isprintable():  # the usual case, and fast
        return text
    return "".join(f"\\x{ord(ch):02x}" if ch < " " and ch != "\t" or "\x7f" <= ch <= "\x9f"
                   else f"\\u{ord(ch):04x}" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


class Memo(dict):
    """``function``'s results by argument, worked out once each (a report names the same file,
    rule and severity many times); forgotten when more than ``limit``, so an audit of many
    files does not keep them all."""

    def __init__(self, function, limit: int = 10_000):
        super().__init__()
        self.function, self.limit = function, limit

    def __missing__(self, key):
        if len(self) >= self.limit:
            self.clear()
        made = self[key] = self.function(key)
        return made


_known_places: dict = {}  # (function, path, working directory) -> its result: reports name a file many times


def _remembered(function):
    def remembered(path: str) -> str:
        import os

        key = (function, path, os.getcwd())
        found = _known_places.get(key)
        if found is None:
            if len(_known_places) > 10_000:
                _known_places.clear()
            found = _known_places[key] = function(path)
        return found

    remembered.__doc__ = function.__doc__
    return remembered


@_remembered
def relative_path(path: str) -> str:
    """``path`` relative to the working directory with ``/`` separators, when
    it lies inside it; otherwise absolute.  ``<stdin>`` stays as it is."""
    import os
    from pathlib import Path

    if path.startswith("<"):
        return path
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


@_remembered
def relative_uri(path: str) -> str:
    """``path`` as a URI: relative (percent-encoded) inside the working
    directory, an absolute ``file://`` URI outside it."""
    from pathlib import PurePosixPath
    from urllib.parse import quote

    relative = relative_path(path)
    if relative.startswith("<"):
        return quote(relative)  # "<stdin>" as a valid URI reference
    if PurePosixPath(relative).is_absolute():
        return PurePosixPath(relative).as_uri()
    return quote(relative)


class Writer:
    """Writes a report in pieces through ``write`` (a text stream's ``write``): :meth:`begin`,
    then :meth:`add` with each file's (or record's) reported violations in report order,
    then :meth:`end` once ``report`` holds the summary (files, errors, suppressed)."""

    def __init__(self, report: Report, write, color: bool = False):
        self.report, self.write, self.color = report, write, color

    def begin(self) -> None:
        pass

    def add(self, violations: list[Violation]) -> None:
        pass

    def end(self) -> None:
        pass


WRITTEN_PIECE = 256  # violations a rendered report's writer is given at a time


def written(writer: type[Writer], report: Report, color: bool = False) -> str:
    """The whole report as ``writer`` writes it: what a streamed format's ``render`` returns."""
    parts: list[str] = []
    out = writer(report, parts.append, color)
    out.begin()
    violations = report.violations
    # In pieces, as a run writes them: one piece joined of a whole audit's violations and then
    # joined again into the report cost as much as writing them (a single emoji among them
    # makes that text four bytes a character); pieces this size are joined in the cache.
    for start in range(0, len(violations), WRITTEN_PIECE):
        out.add(violations[start:start + WRITTEN_PIECE])
    out.end()
    return "".join(parts)


def writer(name: str) -> type[Writer]:
    """The :class:`Writer` of streamed format ``name``."""
    return importlib.import_module(f"{__name__}.{FORMATS[name]}").Writer


def render(name: str, report: Report, color: bool = False, width: int | None = None) -> str:
    """The report in format ``name``; ``width`` (a terminal's columns) fits the text format to it."""
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    if width and name == "text":
        return module.render(report, color=color, width=width)
    return module.render(report, color=color)
