"""``--format rdjsonl``: reviewdog's rdjsonl (one Diagnostic per line).

Use with ``reviewdog -f=rdjsonl``.  reviewdog counts columns in UTF-8
bytes, so columns here are bytes, not code points (an "ø" is 2, an emoji 4);
a span over several lines gives its end line without an end column.

Format: https://github.com/reviewdog/reviewdog/tree/master/proto/rdf
"""

from __future__ import annotations

import json

from advolint.findings import Severity
from advolint.formats import Writer as _Writer, relative_path, written

SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def byte_column(line: str, column: int) -> int:
    """The 1-based UTF-8 byte column of 1-based code-point ``column`` in ``line``."""
    return len(line[:column - 1].encode("utf-8")) + 1


def diagnostic(violation) -> dict:
    line = violation.source_line
    end = {"line": violation.end_line}
    if violation.end_line == violation.line:
        end["column"] = byte_column(line, violation.end_column)
    return {
        "message": violation.message + (f" {violation.suggestion}" if violation.suggestion else ""),
        "location": {"path": relative_path(violation.path), "range": {
            "start": {"line": violation.line, "column": byte_column(line, violation.column)},
            "end": end,
        }},
        "severity": SEVERITIES[violation.severity],
        "source": {"name": "advolint"},
        "code": {"value": violation.rule},
    }


_encode = json.JSONEncoder(ensure_ascii=False).encode


class Writer(_Writer):
    """Written as the run goes."""

    def add(self, violations) -> None:
        if violations:
            self.write("".join([_encode(diagnostic(v)) + "\n" for v in violations]))


def render(report, color: bool = False) -> str:
    return written(Writer, report, color)
