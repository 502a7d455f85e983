"""``--format jsonl``: one JSON object per violation per line (JSON Lines).

The objects are those of ``--format json`` (``Violation.to_dict``); a clean
run prints nothing, so ``wc -l`` counts violations.  Written as the run goes.
"""

from __future__ import annotations

import json

from advolint.formats import Writer as _Writer, written

_encode = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps makes one per call with options


def line(record: dict) -> str:
    """One line of the report (without its line break): a violation's ``to_dict()``, or
    another record (the Python API's error rows, see ``advolint.jsonl_report``)."""
    return _encode(record)


class Writer(_Writer):
    def add(self, violations) -> None:
        if violations:
            self.write("".join([_encode(v.to_dict()) + "\n" for v in violations]))


def render(report, color: bool = False) -> str:
    return written(Writer, report, color)
