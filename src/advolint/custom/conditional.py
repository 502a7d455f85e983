"""Vale ``conditional``: where ``first`` occurs, ``second`` must too ("rente" needs "ÅOP").

With a capture group in ``second`` (an abbreviation's definition), the text
``first`` finds must be one of the texts those groups captured in the post;
without one, ``second`` must simply occur somewhere in the post's blocks.
"""

from __future__ import annotations

from advolint.custom.definition import TEXT_LIST
from advolint.custom.matching import Checker, format_message

KEYS = {"first": str, "second": str, "exceptions": TEXT_LIST, "ignorecase": bool, "vocab": bool}


class Conditional(Checker):
    def __init__(self, definition, accepted=(), where=None):
        super().__init__(definition, accepted, where)
        self.first = self.compile(self.options.get("first", ""), "first", where=where)
        self.second = self.compile(self.options.get("second", ""), "second", where=where)

    def check(self, post, blocks):
        defined: set[str] = set()
        present = False
        for block in blocks:
            for match in self.second.finditer(block.text):
                if block.touches_protected(*match.span()):
                    continue
                present = True
                defined.update(group for group in match.groups() if group)
        if present and not self.second.groups:
            return
        for block in blocks:
            for match in self.first.finditer(block.text):
                start, end = match.span()
                observed = match.group()
                if start == end or block.touches_protected(start, end):
                    continue
                if observed not in defined and not self.excepted(observed):
                    yield self.finding(post, block, start, end, format_message(self.definition.message, observed))


CHECKER = Conditional
