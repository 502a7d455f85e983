"""``--statistics``: how many violations of each rule, instead of the report."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from advolint.findings import Violation
from advolint.messages import Messages


def statistics(violations: Iterable[Violation], language: str) -> str:
    """``--statistics``: how many violations of each rule, most frequent first."""
    from advolint.explain import rule_doc

    counts = Counter((v.rule, v.severity.label) for v in violations)
    if not counts:
        return ""
    width = max(len(rule) for rule, _ in counts)
    lines = [f"{count:>5}  {rule:<{width}}  [{severity}]  {rule_doc(rule)[language]['title']}"
             for (rule, severity), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    total = sum(counts.values())
    lines.append(f"{total:>5}  {Messages(language).get('core', 'statistics-total')}")
    return "\n".join(lines) + "\n"
