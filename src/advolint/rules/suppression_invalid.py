"""suppression-invalid: a front-matter suppression that does not say why, or is wrong.

What: a ``.md`` post may switch rules off for itself in its front matter
(``advolint: {ignore: [rule, ...], reason: "..."}``, see
:mod:`advolint.suppressions`).  This rule reports a suppression without a
``reason``, one naming a rule that does not exist (or ``suppression-invalid``
itself), and one with another shape.  An invalid suppression suppresses
nothing.

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
from advolint.rules.suppressions import SELF, suppression
from advolint.rules.base import Rule


class SuppressionRule(Rule):
    ids = {SELF: Severity.ERROR}

    @classmethod
    def settings(cls, policy) -> tuple:
        return ()  # nothing from the policy: a suppression is the post's own

    def check(self, post):
        for problem in suppression(post).problems:
            yield Finding(rule=SELF, start=problem.start, end=problem.end,
                          message=self.message(SELF, problem.key, **problem.params),
                          suggestion=self.message(SELF, "suggestion"))


RULE = SuppressionRule
