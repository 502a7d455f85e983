"""``--format jsonl``: one JSON object per violation per line (JSON Lines).

The objects are those of ``--format json`` (``Violation.to_dict``); a clean
run prints nothing, so ``wc -l`` counts violations.
"""

from __future__ import annotations

import json


def render(report, color: bool = False) -> str:
    return "".join(json.dumps(v.to_dict(), ensure_ascii=False) + "\n" for v in report.violations)
