"""Output formats: one module per ``--format`` value.

Each module has ``render(report: Report, color: bool) -> str``.  Only the
chosen module is imported.  stdout carries only the report; notices and
errors go to stderr (the CLI's job).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ..model import Severity, Violation

FORMATS = {
    "text": "text",
    "json": "json_format",
}


@dataclass
class Report:
    """Everything a run found: what formatters render."""

    violations: list[Violation] = field(default_factory=list)
    files: int = 0
    language: str = "da"
    errors: list[str] = field(default_factory=list)  # files that could not be checked

    def count(self, severity: Severity) -> int:
        return sum(1 for v in self.violations if v.severity == severity)

    def summary(self) -> dict:
        return {
            "files": self.files,
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
        }


def render(name: str, report: Report, color: bool = False) -> str:
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    return module.render(report, color=color)
