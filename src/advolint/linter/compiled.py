"""The engine: a policy compiled once into rule instances, run on posts.

``Linter(policy)`` builds every enabled rule kind once (term automata,
combined patterns, lexicons); ``Linter.check(post)`` runs them and turns
their findings into violations with positions and severities.  Nothing in
``check`` depends only on the policy: that work belongs in a rule's
``__init__``.
"""

from __future__ import annotations

import bisect
import functools
import operator
from typing import TYPE_CHECKING

from advolint.text.post import Post, post_from_text
from advolint.messages import Messages
from advolint.findings import Finding, Severity, Violation
from advolint.rules import Rule, rule_classes
from advolint.rules.suppressions import ignored_rules

if TYPE_CHECKING:  # pragma: no cover
    from advolint.policy.schema import Policy  # imported lazily: pydantic is slow to import


class Context:
    """What rules share for one policy: the policy, messages, severities, commercial detection."""

    def __init__(self, policy: "Policy"):
        self.policy = policy
        self.messages = Messages(policy.message_language)
        self.severities: dict[str, Severity] = {}
        for cls in rule_classes():
            for rule_id, default in cls.ids.items():
                configured = policy.rules.get(rule_id)
                if configured != "off":
                    self.severities[rule_id] = Severity.parse(configured) if configured else default

    @functools.cached_property
    def commercial(self):
        """The policy's :class:`~advolint.commercial.CommercialDetector`."""
        from advolint.rules.commercial import CommercialDetector

        return CommercialDetector(self)

    def is_commercial(self, post: Post) -> bool:
        """Whether ``post`` is advertising (computed once per post)."""
        if "commercial" not in post.cache:
            post.cache["commercial"] = self.commercial.is_commercial(post)
        return post.cache["commercial"]


class Linter:
    """A policy compiled for checking many posts."""

    def __init__(self, policy: "Policy"):
        self.policy = policy
        self.context = Context(policy)
        self.rules: list[Rule] = []
        for cls in rule_classes():
            if any(rule_id in self.context.severities for rule_id in cls.ids) and cls.wanted(self.context):
                self.rules.append(cls(self.context))

    def findings(self, post: Post) -> list[Finding]:
        """What the enabled rules find, less what the post's own suppression ignores."""
        findings = [finding for rule in self.rules for finding in rule.check(post)]
        if not findings:  # the common case: nothing more to look up
            return findings
        severities = self.context.severities
        ignored = ignored_rules(post)  # the post's own front-matter suppression
        return [f for f in findings if f.rule in severities and f.rule not in ignored]

    def check(self, post: Post) -> list[Violation]:
        findings = self.findings(post)
        if not findings:  # the common case: no positions, no source lines
            return []
        secrets = [(f.start, f.end, f.masked or "X" * (f.end - f.start)) for f in findings if f.secret]
        source_lines: dict[int, str] = {}
        place = self.place
        violations = [place(post, finding, secrets, source_lines) for finding in findings]
        if len(violations) > 1:
            violations.sort(key=_REPORT_ORDER)
        return violations

    def place(self, post: Post, finding: Finding, secrets=(), source_lines: dict | None = None) -> Violation:
        starts = post.line_starts()  # computed once per post, then kept
        start, end = finding.start, finding.end
        if len(starts) == 1:  # a one-line post (most batch records): no search
            line, line_start, end_line, end_column = 1, 0, 1, end + 1
        else:
            line = bisect.bisect_right(starts, start)  # 1-based: the line holding the start
            line_start = starts[line - 1]
            if line == len(starts) or end < starts[line]:  # the usual span: within its line
                end_line, end_column = line, end - line_start + 1
            else:
                end_line, end_column = post.position(end)
        matched = finding.masked if finding.secret else post.text[start:end]
        # Violations on one line share its text: thousands of findings on a
        # 10 MB single-line post must not copy the line thousands of times.
        if source_lines is None:
            source_lines = {}
        source_line = source_lines.get(line)
        if source_line is None:
            source_line = source_lines[line] = _masked_line(post, line, secrets)
        return Violation(
            path=post.path, line=line, column=start - line_start + 1, end_line=end_line, end_column=end_column,
            rule=finding.rule, severity=self.context.severities[finding.rule],
            message=finding.message, suggestion=finding.suggestion, matched=matched or "",
            fix=finding.fix, start=start, end=end, secret=finding.secret,
            record=post.record, record_line=post.record_line, source_line=source_line,
        )


_REPORT_ORDER = operator.attrgetter("line", "column", "rule", "end_line", "end_column")


def _masked_line(post: Post, line: int, secrets) -> str:
    """The text of ``line`` with every secret span on it masked (CI logs must not leak it)."""
    text = post.line_text(line)
    if not secrets:
        return text
    line_start = post.line_starts()[line - 1]
    chars = list(text)
    for start, end, masked in secrets:
        for offset in range(max(start, line_start), min(end, line_start + len(text))):
            index = offset - start
            chars[offset - line_start] = masked[index] if index < len(masked) else "X"
    return "".join(chars)


_LINTERS: dict[int, tuple["Policy", Linter]] = {}
MAX_CACHED_LINTERS = 32  # a program that loads a policy per call must not keep every one alive


def remember_linter(linter: Linter) -> None:
    """Make ``linter_for(linter.policy)`` return ``linter`` (a compiled policy from the cache)."""
    _LINTERS.pop(id(linter.policy), None)
    while len(_LINTERS) >= MAX_CACHED_LINTERS:
        del _LINTERS[next(iter(_LINTERS))]  # the oldest
    _LINTERS[id(linter.policy)] = (linter.policy, linter)


def linter_for(policy: "Policy") -> Linter:
    """The compiled form of ``policy``, built once per policy object."""
    cached = _LINTERS.get(id(policy))
    if cached is None or cached[0] is not policy:
        remember_linter(Linter(policy))
        cached = _LINTERS[id(policy)]
    return cached[1]


def check_text(text: str, policy: "Policy", path: str | None = None) -> list[Violation]:
    """Check one post given as text.  A ``.md`` path parses front matter."""
    return linter_for(policy).check(post_from_text(text, path))
