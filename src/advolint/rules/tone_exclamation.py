"""tone-exclamation: too many exclamation marks in one post.

More than ``tone.exclamation_max``: exclamation marks are the commonest sign of a pushy
sales tone, and most social-media policies say "we don't shout" (domain notes §1).

Reference (what, why, sources, examples): lint_rules/docs/tone-exclamation.yaml,
shown by `advolint explain tone-exclamation`.
"""

from __future__ import annotations

import re

from advolint.findings import Severity
from advolint.records import Record
from advolint.rules.base import Rule

EXCLAMATION = re.compile("[!\uff01]")


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
        spans = [match.span() for match in EXCLAMATION.finditer(post.text, post.body_start)]
        return self.first_over_limit("tone-exclamation", spans, self.limit)

RULE = ExclamationRule
