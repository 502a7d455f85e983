"""tone-exclamation: too many exclamation marks in one post.

More than ``tone.exclamation_max``: exclamation marks are the commonest sign of a pushy
sales tone, and most social-media policies say "we don't shout" (domain notes §1).
Marks that are no exclamation do not count: factorials, "#VALUE!", URLs and code.

Reference (what, why, sources, examples): lint_rules/docs/tone-exclamation.yaml,
shown by `advolint explain tone-exclamation`.
"""

from __future__ import annotations

import itertools
import re

from advolint.findings import Severity
from advolint.records import Record
from advolint.rules.base import Rule
from advolint.text.units import Covered, urls

EXCLAMATION_MARKS = ("!", "\uff01")  # and the full-width one
EXCLAMATION = re.compile(f"[{''.join(EXCLAMATION_MARKS)}]")
# "!" that is no exclamation: a spreadsheet error (#VALUE!, #DIV/0!), the operator != and,
# after a number or a bracket, a factorial in a formula: "(2+3+4)!", "3! = 6", "2 * 4!".
NOT_EXCLAMATION = re.compile(
    r"#[A-Z][A-Z0-9/]*[!\uff01]"
    r"|[!\uff01]="
    r"|\([^()\n]*[-+*/×·^][^()\n]*\)[!\uff01]"
    r"|\d[!\uff01](?=[^\S\n]*[-+*/×·^=][^\S\n]*[\d(])"
    r"|(?<=[-+*/×·^=(])[^\S\n]*\d+[!\uff01]")
# Code: inline `...` and fenced ``` blocks.
CODE = re.compile(r"```.*?(?:```|\Z)|`[^`\n]+`", re.DOTALL)


class Settings(Record):
    limit: int  # tone.exclamation_max


class ExclamationRule(Rule):
    ids = {"tone-exclamation": Severity.WARNING}
    policy_keys = ("tone.exclamation_max",)

    @classmethod
    def settings(cls, policy) -> Settings | None:
        limit = policy.tone.exclamation_max
        return None if limit is None else Settings(limit)

    def __init__(self, settings: Settings, messages):
        super().__init__(settings, messages)
        self.limit = settings.limit

    def check(self, post):
        text, start = post.text, post.body_start
        if sum(text.count(mark, start) for mark in EXCLAMATION_MARKS) <= self.limit:
            return ()  # the usual case: nothing to tell apart (counted in C, no match objects)
        skipped = Covered(itertools.chain(urls(post), (match.span() for pattern in (NOT_EXCLAMATION, CODE)
                                                        for match in pattern.finditer(text, start))))
        spans = [match.span() for match in EXCLAMATION.finditer(text, start) if match.start() not in skipped]
        return self.first_over_limit("tone-exclamation", spans, self.limit)


RULE = ExclamationRule
