"""suppression-invalid: a front-matter suppression that does not say why, or is wrong.

A suppression hides a compliance finding, so it must give a reason, name real rules and only
rules the policy lets posts switch off: whoever reviews the post, and any audit, must see who
decided it and why (domain notes §7).

Reference (what, why, sources, examples): lint_rules/docs/suppression-invalid.yaml,
shown by `advolint explain suppression-invalid`.
"""

from __future__ import annotations

from advolint.findings import Finding, Severity
from advolint.rules import commercial
from advolint.rules.base import Rule
from advolint.rules.suppressions import SELF, suppression, suppression_settings


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
