"""tone-exclamation: too many exclamation marks in one post.

What: counts ``!`` (and the full-width ``！``) in the post body; when there
are more than ``tone.exclamation_max``, reports the first one over the
limit, once per post.  ``!!!`` counts three.

Why: a company's tone of voice ("we don't shout") is part of most social-media
policies (domain notes §1); exclamation marks are the commonest sign of a
pushy sales tone, and Danish style guides (Sprognævnet, "Retskrivningsregler"
§ 59) keep them for real exclamations.

Failing (``exclamation_max: 2``)::

    Kæmpe nyhed! Vi lancerer SolarFlex i dag! Kom forbi standen!

Passing::

    Kæmpe nyhed! Vi lancerer SolarFlex i dag. Kom forbi standen.
"""

from __future__ import annotations

from typing import NamedTuple

import re

from advolint.findings import Severity
from advolint.rules.base import Rule

EXCLAMATION = re.compile("[!\uff01]")


class Settings(NamedTuple):
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
