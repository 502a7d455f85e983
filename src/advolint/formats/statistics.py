"""``--statistics``: how many violations of each rule, instead of the report."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from advolint.findings import Violation
from advolint.messages import Messages


def statistics(violations: Iterable[Violation], language: str, output_format: str = "text", linters=()) -> str:
    """``--statistics``: how many violations of each rule, most frequent first; as a table,
    or with ``--format json`` as ``{"statistics": [{"rule", "severity", "count", "title"}], "total"}``.
    ``linters``: the run's compiled policies, whose own (custom wording) rules they describe."""
    from advolint.explain import rule_title

    counts = Counter((v.rule, v.severity.label) for v in violations)
    rows = [(rule, severity, count, rule_title(rule, language, linters))
            for (rule, severity), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    total = sum(counts.values())
    if output_format == "json":
        import json

        return json.dumps({"statistics": [{"rule": rule, "severity": severity, "count": count, "title": title}
                                          for rule, severity, count, title in rows], "total": total},
                          ensure_ascii=False, indent=2) + "\n"
    if not rows:
        return ""
    rule_width = max(len(row[0]) for row in rows)
    severity_width = max(len(row[1]) for row in rows) + 2
    lines = [f"{count:>5}  {rule:<{rule_width}}  {'[' + severity + ']':<{severity_width}}  {title}"
             for rule, severity, count, title in rows]
    lines.append(f"{total:>5}  {Messages(language).get('core', 'statistics-total')}")
    return "\n".join(lines) + "\n"
