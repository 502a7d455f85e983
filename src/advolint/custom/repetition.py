"""Vale ``repetition``: the same token twice in a row ("plan plan"), more than ``max`` times."""

from __future__ import annotations

from advolint.custom.definition import TEXT_LIST
from advolint.custom.matching import Checker, format_message, token_pattern

KEYS = {"tokens": TEXT_LIST, "max": int, "alpha": bool, "exceptions": TEXT_LIST, "ignorecase": bool,
        "nonword": bool, "vocab": bool}


class Repetition(Checker):
    def __init__(self, definition, accepted=(), where=None):
        super().__init__(definition, accepted, where)
        options = self.options
        self.pattern = self.compile(token_pattern(options.get("tokens", ()) or (r"[^\s]+",), (),
                                                  options.get("nonword", False)), "tokens", where=where)
        self.max, self.alpha = options.get("max", 0), options.get("alpha", False)
        self.ignorecase = options.get("ignorecase", False)

    def check(self, post, blocks):
        for block in blocks:
            text, previous, count = block.text, None, 0
            for match in self.pattern.finditer(text):
                current = match.group().strip()
                start, end = match.span()
                hit = False
                if previous is not None and current and not text[previous[1]:start].strip():
                    same = current.casefold() == previous[2].casefold() if self.ignorecase \
                        else current == previous[2]
                    hit = same and (not self.alpha or current.isalpha()) and not self.excepted(current)
                count = count + 1 if hit else 0
                if hit and count > self.max and not block.touches_protected(previous[0], end):
                    finding = self.finding(post, block, previous[0], end,
                                           format_message(self.definition.message, current))
                    if finding.fix is None and post.text[finding.start:finding.end] == text[previous[0]:end]:
                        # The fix keeps the first of the two.
                        from advolint.findings import Edit, Fix

                        first_end = finding.start + (previous[1] - previous[0])
                        finding.fix = Fix((Edit(first_end, finding.end, ""),), f"{self.rule_id}: remove repetition")
                    yield finding
                    count = 0
                previous = (start, end, current)


CHECKER = Repetition
