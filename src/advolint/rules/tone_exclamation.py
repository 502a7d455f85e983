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

import re

from advolint.findings import Severity
from advolint.rules import Rule

EXCLAMATION = re.compile("[!\uff01]")


class ExclamationRule(Rule):
    ids = {"tone-exclamation": Severity.WARNING}

    @classmethod
    def wanted(cls, context) -> bool:
        return context.policy.tone.exclamation_max is not None

    def __init__(self, context):
        super().__init__(context)
        self.limit = self.policy.tone.exclamation_max

    def check(self, post):
        spans = [match.span() for match in EXCLAMATION.finditer(post.text, post.body_start)]
        return self.first_over_limit("tone-exclamation", spans, self.limit)

RULE = ExclamationRule
