"""suppression-invalid: a front-matter suppression that does not say why, or is wrong.

A suppression hides a compliance finding, so it must give a reason and name real rules:
whoever reviews the post, and any audit, must see who decided it and why (domain notes §7).

Reference (what, why, sources, examples): lint_rules/docs/suppression-invalid.yaml,
shown by `advolint explain suppression-invalid`.
"""

from __future__ import annotations

from advolint.findings import Finding, Severity
from advolint.rules.base import Rule
from advolint.rules.suppressions import SELF, suppression


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
