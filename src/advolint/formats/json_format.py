"""``--format json``: one JSON document for the whole run.

``{"version": 1, "violations": [...], "summary": {"files": N, "errors": N,
"warnings": N, "infos": N}}``; each violation has path, line, column,
end_line, end_column (exclusive), rule, severity, message and, when there is
one, suggestion (and record/record_line for batch input).  ``suppressions``
lists, in the same shape plus ``suppression: {"reason": ...}``, every
finding a post's own front-matter suppression hid; ``summary.suppressed``
counts them.
"""

from __future__ import annotations

import json


def render(report, color: bool = False) -> str:
    document = {
        "version": 1,
        "violations": [v.to_dict() for v in report.violations],
        "suppressions": [v.to_dict() for v in report.suppressed],
        "summary": report.summary(),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
