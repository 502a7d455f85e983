"""Vale ``existence``: flag every match of ``tokens`` (words) or ``raw`` (a regular expression)."""

from __future__ import annotations

from advolint.custom.definition import TEXT_LIST
from advolint.custom.matching import Checker, format_message, token_pattern

KEYS = {"tokens": TEXT_LIST, "raw": TEXT_LIST, "exceptions": TEXT_LIST, "ignorecase": bool, "nonword": bool,
        "append": bool, "vocab": bool}


class Existence(Checker):
    def __init__(self, definition, accepted=(), where=None):
        super().__init__(definition, accepted, where)
        options = self.options
        tokens, raw = options.get("tokens", ()), options.get("raw", ())
        if not tokens and not raw:
            self.pattern = None
            return
        self.pattern = self.compile(token_pattern(tokens, raw, options.get("nonword", False),
                                                  options.get("append", False)),
                                    "tokens" if tokens else "raw", where=where)

    def check(self, post, blocks):
        pattern, message = self.pattern, self.definition.message
        if pattern is None:
            return
        for block in blocks:
            for match in pattern.finditer(block.text):
                start, end = match.span()
                if start == end or block.touches_protected(start, end):
                    continue
                observed = match.group().strip()
                if not self.excepted(observed):
                    yield self.finding(post, block, start, end, format_message(message, observed))


CHECKER = Existence
