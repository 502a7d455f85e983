"""``--format concise``: one line per violation, then the summary line.

    post.txt:1:41: tone-exclamation [warning] For mange udråbstegn: ...
    1 advarsel i 1 fil
"""

from __future__ import annotations

from advolint.formats.text import headline, summary_line


def render(report, color: bool = False) -> str:
    lines = [headline(v, color) for v in report.violations]
    if not report.quiet:
        lines.append(summary_line(report))
    return "".join(line + "\n" for line in lines)
