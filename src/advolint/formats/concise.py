"""``--format concise``: one line per violation, then the summary line.

    post.txt:1:41: tone-exclamation [warning] For mange udråbstegn: ...
    1 advarsel i 1 fil

Written as the run goes.
"""

from __future__ import annotations

from advolint.formats import Writer as _Writer, written
from advolint.formats.text import headline, summary_line


class Writer(_Writer):
    def add(self, violations) -> None:
        if violations:
            color = self.color
            self.write("".join([headline(v, color) + "\n" for v in violations]))

    def end(self) -> None:
        if not self.report.quiet:
            self.write(summary_line(self.report) + "\n")


def render(report, color: bool = False) -> str:
    return written(Writer, report, color)
