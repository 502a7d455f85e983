"""The compiled linter: a policy compiled once into plain settings and rule instances.

``Linter.compile(policy)`` asks every rule kind for its settings
(:meth:`~advolint.rules.base.Rule.settings`), builds the kinds the policy
turns on (term automata, combined patterns, lexicons) and keeps a plain
:class:`Header`: where the policy came from, the files the compiled form
depends on with their digests, which files to check, the languages.  After
compiling nothing refers to the policy (or imports pydantic): the linter is
what the cache pickles, what workers receive and what every run checks with.

``Linter.check(post)`` runs the rules and turns their findings into
violations with positions and severities.  Nothing in ``check`` depends only
on the policy: that work belongs in a rule's ``__init__``.
"""

from __future__ import annotations

import bisect
import operator
from typing import TYPE_CHECKING

from advolint.errors import InputError
from advolint.findings import Finding, Route, Severity, Violation
from advolint.messages import Messages
from advolint.rules import Rule, rule_classes
from advolint.rules.suppressions import NO_SETTINGS, SuppressionSettings, suppression, suppression_settings
from advolint.text.post import Post, post_from_text
from advolint.language import tr

if TYPE_CHECKING:  # pragma: no cover
    from advolint.policy.schema import Policy  # imported lazily: pydantic is slow to import

# The policy keys the header (and the severities) come from; every other key
# belongs to a rule kind's settings (a test checks that together they cover the schema).
HEADER_POLICY_KEYS = ("version", "extends", "language", "messages", "files.include", "files.exclude", "rules",
                      "route", "suppressions.forbidden", "limits.post_seconds")


_NOT_READ = object()


class Header:
    """What a run needs to know about a compiled policy, besides checking posts."""

    __slots__ = ("source", "files", "include", "exclude", "language", "message_language", "_own_files",
                 "post_seconds")

    def __init__(self, source: str, files: dict[str, str | None], include: tuple[str, ...],
                 exclude: tuple[str, ...], language: str, message_language: str, post_seconds: float = 10.0):
        self.source = source  # the policy file as named (or "<embedded default policy>")
        self.files = files  # every file the compiled policy depends on (absolute) -> SHA-256 of its bytes
        self.include, self.exclude = include, exclude  # files.include / files.exclude globs
        self.language = language  # of posts without their own
        self.message_language = message_language
        self.post_seconds = post_seconds  # limits.post_seconds: the time budget of one post's check

    @property
    def own_files(self) -> frozenset[str]:
        """The policy's own files (policy files, term files), resolved: never posts to check."""
        own = getattr(self, "_own_files", None)
        if own is None:
            from pathlib import Path

            own = self._own_files = frozenset(str(Path(path).resolve()) for path in self.files)
        return own


class Linter:
    """A policy compiled for checking many posts."""

    def __init__(self, header: Header, rules: list[Rule], severities: dict[str, Severity], messages: Messages,
                 suppressions: SuppressionSettings = NO_SETTINGS, routes: dict[str, Route] | None = None):
        self.header = header
        self.rules = rules
        self.severities = severities  # rule id -> severity, for every rule id the policy leaves on
        self.messages = messages
        # What posts may suppress: applied here, so it holds even with suppression-invalid off.
        self.suppressions = suppressions
        self.routes = routes or {}  # rule id -> where its findings go (policy ``route:``, "default" filled in)

    @classmethod
    def compile(cls, policy: "Policy") -> "Linter":
        """Compile ``policy``; raises :class:`~advolint.errors.PolicyError` for values a rule cannot use."""
        messages = Messages(policy.message_language)
        severities: dict[str, Severity] = {}
        rules: list[Rule] = []
        files = list(policy.files_read)
        for kind in rule_classes():
            ids, settings = kind.ids, _NOT_READ
            if kind.ids_from_policy:  # custom rules: their ids and severities are the policy's
                settings = kind.settings(policy)
                ids = kind.policy_ids(settings) if settings is not None else {}
            for rule_id, default in ids.items():
                configured = policy.rules.get(rule_id)
                if configured != "off":
                    severities[rule_id] = Severity.parse(configured) if configured else default
            if not any(rule_id in severities for rule_id in ids):
                continue
            if settings is _NOT_READ:
                settings = kind.settings(policy)
            if settings is not None:
                rules.append(kind(settings, messages))
                files.extend(kind.files_read(settings))
        header = Header(source=policy.source, files={path: file_digest(path) for path in dict.fromkeys(files)},
                        include=tuple(policy.files.include), exclude=tuple(policy.files.exclude),
                        language=policy.language, message_language=policy.message_language,
                        post_seconds=policy.limits.post_seconds)
        default = policy.route.get("default")
        routes = {rule_id: Route(route.to, route.note, route.review)
                  for rule_id in severities for route in [policy.route.get(rule_id, default)] if route is not None}
        return cls(header, rules, severities, messages, suppression_settings(policy), routes)

    @property
    def message_language(self) -> str:
        return self.header.message_language

    def check_text(self, text: str, path: str | None = None) -> list[Violation]:
        """Check one post given as text.  A ``.md`` path parses front matter."""
        return self.check(post_from_text(text, path))

    def _judged(self, post: Post) -> tuple[list[Finding], list[Finding], str | None]:
        """(reported findings, findings the post's own suppression ignores, its reason)."""
        suppressed = suppression(post, self.suppressions)  # the post's front matter, judged by the policy
        if suppressed.commercial_overruled:  # "commercial: false" on a post naming the company: a suppression
            post.meta = {key: value for key, value in post.meta.items() if key != "commercial"}
        findings = []
        for rule in self.rules:
            try:
                findings.extend(rule.check(post))
            except InputError:  # the rule's own word on a bad post (an unknown jurisdiction)
                raise
            except Exception as exc:  # a bug must fail this post, named, not end the run with a traceback
                detail = " ".join(str(exc).split())[:200]
                where = post.path if post.record_line is None else f"{post.path}:{post.record_line}"
                ids = rule.ids or rule.policy_ids(rule.settings)  # custom rules: the policy's ids
                raise InputError(tr("{where}: internal error in rule {join} ({name}: {detail}); please report it",
                                    where=where, join=", ".join(ids), name=type(exc).__name__, detail=detail)) from None
        if not findings:  # the common case: nothing more to look up
            return findings, [], None
        severities = self.severities
        ignored = suppressed.ignored
        findings = [f for f in findings if f.rule in severities]
        return ([f for f in findings if f.rule not in ignored], [f for f in findings if f.rule in ignored],
                suppressed.reason)

    def findings(self, post: Post) -> list[Finding]:
        """What the enabled rules find, less what the post's own suppression ignores."""
        return self._judged(post)[0]

    def check(self, post: Post, suppressed: bool = False) -> list[Violation]:
        """The post's violations; with ``suppressed`` also those its suppression ignores
        (marked with ``suppression``, the reason), for the report to list."""
        findings, ignored, reason = self._judged(post)
        if not suppressed:
            ignored = []
        if not findings and not ignored:  # the common case: no positions, no source lines
            return []
        secrets = sorted((f.start, f.end, f.masked or "X" * (f.end - f.start)) for f in findings + ignored if f.secret)
        source_lines: dict[int, str] = {}
        place = self.place
        violations = [place(post, finding, secrets, source_lines) for finding in findings]
        for finding in ignored:
            violation = place(post, finding, secrets, source_lines)
            violation.suppression = reason
            violations.append(violation)
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
        message, suggestion = finding.message, finding.suggestion
        if finding.secret:
            matched = finding.masked
        else:
            matched = post.text[start:end]
            overlapping = _overlapping(secrets, start, end) if secrets else ()
            if overlapping:  # a message quoting personal data ("JENS.HANSEN@..." shouted): masked like the span
                matched = _masked_span(post.text, start, end, overlapping)
                message = _without_secrets(message, post.text, start, end, overlapping)
                if suggestion:
                    suggestion = _without_secrets(suggestion, post.text, start, end, overlapping)
        # Violations on one line share its text: thousands of findings on a
        # 10 MB single-line post must not copy the line thousands of times.
        if source_lines is None:
            source_lines = {}
        source_line = source_lines.get(line)
        if source_line is None:
            source_line = source_lines[line] = _masked_line(post, line, secrets)
        column = start - line_start + 1
        post_position = None
        if post.record_line is not None:  # a batch record: where it stands in the batch file
            post_position = (line, column, end_line, end_column)
            first = post.record_line + (line - 1 if post.record_lines else 0)
            line, column = first, 1
            end_line, end_column = post.record_line + (end_line - 1 if post.record_lines else 0), 1
        return Violation(
            path=post.path, line=line, column=column, end_line=end_line, end_column=end_column,
            rule=finding.rule, severity=self.severities[finding.rule],
            message=message, suggestion=suggestion, matched=matched or "",
            fix=finding.fix, start=start, end=end, secret=finding.secret,
            record=post.record, record_line=post.record_line, source_line=source_line,
            route=self.routes.get(finding.rule), post_position=post_position, part=post.part_of(start),
        )


_REPORT_ORDER = operator.attrgetter("line", "column", "rule", "end_line", "end_column")


def _overlapping(secrets: list, start: int, end: int) -> list:
    """The secrets (sorted by start, never overlapping each other) that overlap [start, end)."""
    index = bisect.bisect_left(secrets, (end,))  # secrets starting before ``end``
    found = []
    while index > 0 and secrets[index - 1][1] > start:
        index -= 1
        found.append(secrets[index])
    return found


def _masked_span(text: str, start: int, end: int, secrets) -> str:
    """``text[start:end]`` with the parts that are personal data masked."""
    chars = list(text[start:end])
    for secret_start, secret_end, masked in secrets:
        for offset in range(max(start, secret_start), min(end, secret_end)):
            index = offset - secret_start
            chars[offset - start] = masked[index] if index < len(masked) else "X"
    return "".join(chars)


def _without_secrets(message: str, text: str, start: int, end: int, secrets) -> str:
    """``message`` with every quote of the overlapping ``secrets`` masked, whatever its case
    (tone-shouting suggests the lower-case form): the whole secret, and the part the span covers."""
    for secret_start, secret_end, masked in secrets:
        whole = text[secret_start:secret_end]
        low, high = max(start, secret_start), min(end, secret_end)
        message = _replace_ignoring_case(message, whole, masked)
        message = _replace_ignoring_case(message, text[low:high], masked[low - secret_start:high - secret_start])
    return message


def _replace_ignoring_case(text: str, old: str, new: str) -> str:
    if not old:
        return text
    lowered, wanted = text.lower(), old.lower()
    if len(lowered) != len(text) or len(wanted) != len(old):  # rare letters whose lower case is longer
        return text.replace(old, new)
    pieces, last = [], 0
    found = lowered.find(wanted)
    while found != -1:
        pieces += [text[last:found], new]
        last = found + len(old)
        found = lowered.find(wanted, last)
    return "".join(pieces) + text[last:] if pieces else text


def masked_text(text: str, violations) -> str:
    """``text`` with the personal data the ``violations`` found masked (``--diff`` shows this)."""
    secrets = sorted((v.start, v.end, v.matched) for v in violations if v.secret)
    pieces, last = [], 0
    for start, end, masked in secrets:
        if start >= last:
            pieces += [text[last:start], masked[:end - start].ljust(end - start, "X")]
            last = end
    return "".join(pieces) + text[last:]


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


def file_digest(path: str) -> str | None:
    """SHA-256 of a file's bytes (None when it cannot be read): what the cache compares."""
    import os
    import stat

    try:
        # Non-blocking, and only a regular file is read: a FIFO put in place
        # of a policy file must not hang the cache check.
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            return sha256(handle.read()).hexdigest()
    except OSError:
        return None


# SHA-256 from Python's own module: hashlib loads OpenSSL first, ~3 ms of every
# one-file start (the cache checks digests on every run).  The digests are the same.
try:
    from _sha2 import sha256  # Python 3.12+
except ImportError:
    try:
        from _sha256 import sha256  # Python 3.10, 3.11
    except ImportError:  # pragma: no cover - a build without them
        from hashlib import sha256
