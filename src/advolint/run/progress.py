"""The progress display of a run over big batch files: records checked, the rate, the time left.

Drawn on stderr only when it is a terminal (never in piped or redirected output;
``-q`` hides it), on one line that is redrawn a few times a second and cleared
at the end.  The time left comes from the bytes of batch input still to read.
"""

from __future__ import annotations

import time

from advolint.text.batch import SEGMENT_BYTES, is_batch

PROGRESS_MIN_BYTES = 2 * SEGMENT_BYTES  # a smaller batch is checked before a display would help
REDRAW_SECONDS = 0.2


def batch_progress(targets: list, stream, messages) -> "BatchProgress | None":
    """A display for ``targets`` when their batch files are big enough; else None."""
    import os

    total = 0
    for target in targets:
        if is_batch(target.path):
            try:
                total += os.path.getsize(target.path)
            except OSError:
                pass  # the run reports it
    return BatchProgress(stream, total, messages) if total >= PROGRESS_MIN_BYTES else None


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class BatchProgress:
    def __init__(self, stream, total_bytes: int, messages, clock=time.monotonic):
        self.stream, self.total, self.messages, self.clock = stream, total_bytes, messages, clock
        self.started = clock()
        self.drawn = None  # when the line was last drawn
        self.records = self.done = 0
        self.width = 0  # of the line drawn, to clear it

    def advance(self, outcome) -> None:
        self.records += outcome.records
        self.done += outcome.size
        now = self.clock()
        if self.drawn is None or now - self.drawn >= REDRAW_SECONDS:
            self.drawn = now
            self.draw(now - self.started)

    def draw(self, elapsed: float) -> None:
        rate = self.records / elapsed if elapsed > 0 else 0.0
        left = elapsed * (self.total - self.done) / self.done if self.done else 0.0
        line = self.messages.get("core", "progress", records=self.messages.count("core", "records", self.records),
                                 rate=f"{rate:.0f}", left=_duration(max(left, 0.0)))
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def close(self) -> None:
        if self.drawn is not None:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
