"""``--format json``: one JSON document for the whole run.

``{"version": 1, "violations": [...], "summary": {"files": N, "errors": N,
"warnings": N, "infos": N}}``; each violation has path, line, column,
end_line, end_column (exclusive), rule, severity, message and, when there is
one, suggestion (and record/record_line for batch input).  ``suppressions``
lists, in the same shape plus ``suppression: {"reason": ...}``, every
finding a post's own front-matter suppression hid; ``summary.suppressed``
counts them.

Written as the run goes (the document ``json.dumps(..., indent=2)`` would
write, byte for byte): the violations one by one, the suppressions and the
summary at the end.
"""

from __future__ import annotations

from advolint.formats import Writer as _Writer, written
from advolint.formats.jsontext import dumps

_SEPARATOR = ",\n    "  # between two violations, the second at depth 2


class Writer(_Writer):
    def begin(self) -> None:
        self.write('{\n  "version": 1,\n  "violations": [')
        self.opened = False

    def add(self, violations) -> None:
        if not violations:
            return
        text = _SEPARATOR.join([dumps(v.to_dict(), 2) for v in violations])
        self.write((_SEPARATOR if self.opened else "\n    ") + text)
        self.opened = True

    def end(self) -> None:
        report = self.report
        self.write(("\n  ]" if self.opened else "]") + ',\n  "suppressions": '
                   + dumps([v.to_dict() for v in report.suppressed], 1)
                   + ',\n  "summary": ' + dumps(report.summary(), 1) + "\n}\n")


def render(report, color: bool = False) -> str:
    return written(Writer, report, color)
