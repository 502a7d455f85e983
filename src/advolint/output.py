"""What ``advolint check`` shows besides the report itself: a progress bar,
``--statistics``, and writing the report to ``-o FILE``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

import click

from .messages import Messages
from .model import AdvolintError, Violation

PROGRESS_MIN_FILES = 50  # below this a run is too quick for a bar to help


def with_progress(targets: list, stream) -> Iterator:
    """``targets``, with a progress bar on ``stream`` when it is a terminal and the run is long."""
    if len(targets) < PROGRESS_MIN_FILES or not (hasattr(stream, "isatty") and stream.isatty()):
        yield from targets
        return
    with click.progressbar(targets, file=stream, label="advolint", show_pos=True,
                           item_show_func=lambda target: getattr(target, "display", None)) as bar:
        yield from bar


def statistics(violations: Iterable[Violation], language: str) -> str:
    """``--statistics``: how many violations of each rule, most frequent first."""
    from .explain import rule_doc

    counts = Counter((v.rule, v.severity.label) for v in violations)
    if not counts:
        return ""
    width = max(len(rule) for rule, _ in counts)
    lines = [f"{count:>5}  {rule:<{width}}  [{severity}]  {rule_doc(rule)[language]['title']}"
             for (rule, severity), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    total = sum(counts.values())
    lines.append(f"{total:>5}  {Messages(language).get('core', 'statistics-total')}")
    return "\n".join(lines) + "\n"


def write_report(text: str, path: str) -> None:
    """``-o FILE``: the report to a file (UTF-8) instead of stdout."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AdvolintError(f"{path}: cannot write the report ({exc.strerror or exc})") from None
