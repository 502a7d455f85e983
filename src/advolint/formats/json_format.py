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

from json.encoder import encode_basestring as _string  # C: a str as JSON (ensure_ascii=False)

from advolint.findings import Severity
from advolint.formats import Memo, Writer as _Writer, written
from advolint.formats.jsontext import dumps

_SEPARATOR = ",\n    "  # between two violations, the second at depth 2
_KEY = ",\n      "  # before each key of a violation but the first (depth 3)
_SEVERITIES = {severity: _string(severity.label) for severity in Severity}
# What a violation's JSON starts with up to its line (by path), and its rule and severity
# up to its message (by rule and severity): the same for many violations.
_HEADS = Memo(lambda path: f'{{\n      "path": {_string(path)}{_KEY}"line": ')
_RULES = Memo(lambda key: f'{_KEY}"rule": {_string(key[0])}{_KEY}"severity": {_SEVERITIES[key[1]]}{_KEY}"message": ')


def violation_json(violation) -> str:
    """``dumps(violation.to_dict(), 2)``, written straight from the violation's fields: the dict
    and the encoder's walk over it were most of the report's time.  The keys, their order and
    when they appear are ``Violation.to_dict``'s (a test compares the two on any violation);
    a field of an unexpected type goes the long way round."""
    line, column, end_line, end_column = violation.line, violation.column, violation.end_line, violation.end_column
    if not (line.__class__ is column.__class__ is end_line.__class__ is end_column.__class__ is int):
        return dumps(violation.to_dict(), 2)
    # The parts that may be left out, made first: the whole is then put together once.
    suggestion = record = extra = ""
    try:
        if violation.suggestion is not None:
            suggestion = f'{_KEY}"suggestion": {_string(violation.suggestion)}'
        if violation.record is not None:
            record_line, position = violation.record_line, violation.post_position
            record = f'{_KEY}"record": {_string(violation.record)}{_KEY}"record_line": ' + (
                f"{record_line}" if record_line.__class__ is int else dumps(record_line))
            if position is not None:
                post_line, post_column, post_end_line, post_end_column = position
                if not (post_line.__class__ is post_column.__class__ is post_end_line.__class__
                        is post_end_column.__class__ is int):
                    return dumps(violation.to_dict(), 2)
                record += (f'{_KEY}"post_line": {post_line}{_KEY}"post_column": {post_column}'
                           f'{_KEY}"post_end_line": {post_end_line}{_KEY}"post_end_column": {post_end_column}')
        if violation.route is not None:
            extra = f'{_KEY}"route": {dumps(violation.route.to_dict(), 3)}'
        if violation.suppression is not None:
            extra += f'{_KEY}"suppression": {dumps({"reason": violation.suppression}, 3)}'
        if violation.part is not None:
            extra += f'{_KEY}"part": {dumps(violation.part)}'
        return (f'{_HEADS[violation.path]}{line}{_KEY}"column": {column}{_KEY}"end_line": {end_line}'
                f'{_KEY}"end_column": {end_column}{_RULES[violation.rule, violation.severity]}'
                f'{_string(violation.message)}{suggestion}{record}{extra}\n    }}')
    except (TypeError, KeyError, ValueError):  # not a str where one belongs, an unknown severity
        return dumps(violation.to_dict(), 2)


class Writer(_Writer):
    def begin(self) -> None:
        self.write('{\n  "version": 1,\n  "violations": [')
        self.opened = False

    def add(self, violations) -> None:
        if not violations:
            return
        text = _SEPARATOR.join([violation_json(v) for v in violations])
        self.write((_SEPARATOR if self.opened else "\n    ") + text)
        self.opened = True

    def end(self) -> None:
        report = self.report
        self.write(("\n  ]" if self.opened else "]") + ',\n  "suppressions": '
                   + ("[\n    " + _SEPARATOR.join([violation_json(v) for v in report.suppressed]) + "\n  ]"
                      if report.suppressed else "[]")
                   + ',\n  "summary": ' + dumps(report.summary(), 1) + "\n}\n")


def render(report, color: bool = False) -> str:
    return written(Writer, report, color)
