"""The ``advolint check`` command: what it shows besides the report itself
(a progress bar) and writing the report to ``-o FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import click

from advolint.errors import AdvolintError

PROGRESS_MIN_FILES = 50  # below this a run is too quick for a bar to help


def with_progress(targets: list, stream) -> Iterator:
    """``targets``, with a progress bar on ``stream`` when it is a terminal and the run is long."""
    if len(targets) < PROGRESS_MIN_FILES or not (hasattr(stream, "isatty") and stream.isatty()):
        yield from targets
        return
    with click.progressbar(targets, file=stream, label="advolint", show_pos=True,
                           item_show_func=lambda target: getattr(target, "display", None)) as bar:
        yield from bar


def write_report(text: str, path: str) -> None:
    """``-o FILE``: the report to a file (UTF-8) instead of stdout."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AdvolintError(f"{path}: cannot write the report ({exc.strerror or exc})") from None
