"""Vale ``occurrence``: ``token`` may occur at most ``max`` / at least ``min`` times per block (scope)."""

from __future__ import annotations

from advolint.custom.matching import Checker, format_message

KEYS = {"token": str, "max": int, "min": int, "ignorecase": bool}


class Occurrence(Checker):
    def __init__(self, definition, accepted=(), where=None):
        super().__init__(definition, accepted, where)
        self.pattern = self.compile(self.options.get("token", ""), "token", where=where)
        self.max, self.min = self.options.get("max", 0), self.options.get("min", 0)

    def check(self, post, blocks):
        for block in blocks:
            spans = [match.span() for match in self.pattern.finditer(block.text) if match.end() > match.start()]
            count = len(spans)
            if (self.max and count > self.max) or count < self.min:
                # Reported at the first occurrence in prose (not in code), else where the block starts.
                start, end = next(((a, b) for a, b in spans if not block.touches_protected(a, b)),
                                  (0, len(block.text)))
                if not spans:
                    start = end = 0
                finding = self.finding(post, block, start, end, format_message(self.definition.message, str(count)))
                if not spans:
                    finding.start = finding.end = block.start
                yield finding


CHECKER = Occurrence
