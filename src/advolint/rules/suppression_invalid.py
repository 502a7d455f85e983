"""suppression-invalid: a front-matter suppression that does not say why, or is wrong.

What: a ``.md`` post may switch rules off for itself in its front matter
(``advolint: {ignore: [rule, ...], reason: "..."}``, see
:mod:`advolint.suppressions`).  This rule reports a suppression without a
``reason``, one naming a rule that does not exist (or ``suppression-invalid``
itself), one naming a rule the policy does not let posts suppress
(``suppressions.forbidden``, by default ``confidential-term`` and
``personal-data``), ``commercial: false`` without a reason on a post that
names the company, and one with another shape.  An invalid suppression
suppresses nothing.

Why: a suppression hides a compliance finding, perhaps a missing
advertising label (markedsføringsloven § 6, stk. 4); whoever reviews the
post, and any later audit, must see who decided it and why, as with the
"flag for review" trails of compliance platforms (domain notes §7).  An
unknown rule name is usually a typo that would silently suppress nothing.

Failing (``opslag.md``)::

    ---
    advolint: {ignore: [tone-exclamation]}
    ---
    Kæmpe nyhed! Vi lancerer SolarFlex i dag! Kom forbi standen!

Passing::

    ---
    advolint: {ignore: [tone-exclamation], reason: "Citat fra kundens tale; godkendt af kommunikation"}
    ---
    Kæmpe nyhed! Vi lancerer SolarFlex i dag! Kom forbi standen!
"""

from __future__ import annotations

from advolint.findings import Finding, Severity
from advolint.rules import commercial
from advolint.rules.suppressions import SELF, suppression, suppression_settings
from advolint.rules.base import Rule


class SuppressionRule(Rule):
    ids = {SELF: Severity.ERROR}
    # Which rules a post may not suppress; the company names tell a post whose
    # "commercial: false" is a suppression of the disclosure rules.
    policy_keys = ("suppressions.forbidden", *commercial.POLICY_KEYS)

    @classmethod
    def settings(cls, policy):
        return suppression_settings(policy)

    def check(self, post):
        for problem in suppression(post, self.settings).problems:
            yield Finding(rule=SELF, start=problem.start, end=problem.end,
                          message=self.message(SELF, problem.key, **problem.params),
                          suggestion=self.message(SELF, "suggestion"))


RULE = SuppressionRule
