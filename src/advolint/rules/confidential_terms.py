"""confidential-term: a post names a confidential term or matches a confidential pattern.

Finds ``confidential.terms``, term files and ``confidential.patterns`` however disguised,
because employees owe their employer loyalty and trade secrets are protected (lov om
forretningshemmeligheder, 2018; domain notes §6).

Reference (what, why, sources, examples): lint_rules/docs/confidential-term.yaml,
shown by `advolint explain confidential-term`.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
import time
from pathlib import Path
import regex

from advolint.errors import InputError, PolicyError
from advolint.findings import Finding, Severity
from advolint.records import Record
from advolint.rules.base import Rule
from advolint.text.termmatch import TermMatcher, fold_term, normalised_post
from advolint.language import tr

RULE_ID = "confidential-term"


class Term(Record):
    term: str
    mode: str  # match: word, compound or anywhere
    case_sensitive: bool  # case: sensitive
    origin: tuple  # (absolute policy file, line) or (key path, None), for the message


class TermFile(Record):
    path: str  # absolute
    column: str | None  # CSV files: the column that holds the terms
    mode: str
    case_sensitive: bool
    where: tuple  # (policy file, line, column) that names it, for errors


class Pattern(Record):
    pattern: str
    origin: tuple


class Settings(Record):
    policy_dir: str  # absolute: paths outside the working folder are shown relative to it
    terms: tuple[Term, ...]
    files: tuple[TermFile, ...]
    patterns: tuple[Pattern, ...]
    allow: tuple[str, ...]
    timeout: float  # seconds per pattern and post


class ConfidentialTermRule(Rule):
    ids = {RULE_ID: Severity.ERROR}
    policy_keys = ("confidential.terms", "confidential.files", "confidential.patterns", "confidential.allow",
                   "confidential.match", "confidential.timeout")

    @classmethod
    def settings(cls, policy) -> Settings | None:
        confidential = policy.confidential
        if not (confidential.terms or confidential.files or confidential.patterns):
            return None

        def where(key: str, index: int) -> tuple:
            """(absolute policy file, line) of ``confidential.KEY[index]``, or
            (the key path, None).  Made a display path when a message is
            written (see _display), so a cached policy names the files as seen
            from this run's working folder."""
            source, line, _ = policy.position_of(("confidential", key, index))
            return (os.path.abspath(source), line) if line else (f"confidential.{key}.{index}", None)

        return Settings(
            policy_dir=os.path.abspath(policy.base_dir),
            terms=tuple(Term(term.term, term.match or confidential.match, term.case == "sensitive",
                             where("terms", index))
                        for index, term in enumerate(confidential.terms)),
            files=tuple(TermFile(os.path.abspath(policy.resolve_path(entry.path)), entry.column,
                                 entry.match or confidential.match, entry.case == "sensitive",
                                 policy.position_of(("confidential", "files", index)))
                        for index, entry in enumerate(confidential.files)),
            patterns=tuple(Pattern(pattern, where("patterns", index))
                           for index, pattern in enumerate(confidential.patterns)),
            allow=tuple(confidential.allow), timeout=confidential.timeout)

    @staticmethod
    def files_read(settings: Settings) -> tuple[str, ...]:
        return tuple(term_file.path for term_file in settings.files)

    def __init__(self, settings: Settings, messages):
        super().__init__(settings, messages)
        self.timeout = settings.timeout
        self.allowed = AllowList(settings.allow)
        self.policy_dir = settings.policy_dir
        # Where terms came from: an origin is one int, the source's index
        # and the line (see _origin_id), so a million terms cost 8 bytes
        # each, not a string or a tuple.  A source is an absolute path (or a
        # key path), shown by _origin.
        self.sources: list[str] = []
        self.matcher = TermMatcher()
        self.case_sensitive: set[int] = set()  # indices of the terms with case: sensitive
        for term in settings.terms:
            self.sources.append(term.origin[0])
            self._add([(term.term, _origin_id(len(self.sources) - 1, term.origin[1]))], term.mode,
                      term.case_sensitive)
        for index, term_file in enumerate(settings.files):
            self._add_term_file(index, term_file)
        self.matcher.compile()
        self.patterns = [(regex.compile(entry.pattern, regex.IGNORECASE), entry.pattern, entry.origin)
                         for entry in settings.patterns]

    def _add(self, terms: list[tuple[str, int]], mode: str, case_sensitive: bool) -> None:
        added = self.matcher.add_many(terms, mode)
        if case_sensitive:
            self.case_sensitive.update(range(len(self.matcher) - added, len(self.matcher)))

    def _add_term_file(self, index: int, term_file: TermFile) -> None:
        path = Path(term_file.path)
        display = _display(str(path), self.policy_dir)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            source, line, column = term_file.where
            reason = "term file not found" if isinstance(exc, FileNotFoundError) else exc.strerror
            raise PolicyError(source, tr("confidential.files.{index}: {reason}: {display}",
                                         index=index, reason=reason, display=display), line, column) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PolicyError(display, tr("term file is not UTF-8 text"), raw.count(b"\n", 0, exc.start) + 1) from None
        self.sources.append(str(path))
        source = len(self.sources) - 1
        lines = _csv_terms(text, term_file.column, display) if term_file.column else _plain_terms(text)
        origin = _origin_id(source, 0)  # | the line
        self._add([(term, origin | line) for line, term in lines], term_file.mode, term_file.case_sensitive)

    # -- checking --------------------------------------------------------
    def check(self, post):
        yield from self._check(post)
        front = post.publishable_view()  # title, description, alt ...: published like the body
        if front is not None:
            yield from self._check(front)

    def _check(self, post):
        folded = normalised_post(post)
        for match in self.matcher.find(folded):
            written = post.text[match.start:match.end]
            if self.allowed.allows(written):
                continue
            term, origin_id = self.matcher.terms[match.term]
            if match.term in self.case_sensitive and not _same_capitals(term, written):
                continue  # case: sensitive: "en skarv" (the bird) is not "Skarv"
            origin = self._origin(self.sources[origin_id >> 32], origin_id & LINE_MASK or None)
            yield Finding(
                rule=RULE_ID, start=match.start, end=match.end,
                message=self.message(RULE_ID, "term_disguised" if match.disguised else "term",
                                     term=term, source=origin),
                suggestion=self.message(RULE_ID, "suggestion"),
            )
        yield from self._pattern_findings(post, folded)

    def _pattern_findings(self, post, folded):
        for index, (compiled, pattern, origin) in enumerate(self.patterns):
            deadline = time.monotonic() + self.timeout
            spans = set()
            try:
                # As written (accented pattern letters still match), then
                # folded (zero-width characters, look-alikes, line breaks).
                for match in compiled.finditer(post.text, pos=post.body_start, timeout=self._left(deadline)):
                    if match.end() > match.start():
                        spans.add((match.start(), match.end()))
                for match in compiled.finditer(folded.text, timeout=self._left(deadline)):
                    if match.end() > match.start():
                        spans.add(folded.original_span(match.start(), match.end()))
            except TimeoutError:
                raise InputError(f"{post.path}: " + self.message(
                    RULE_ID, "timeout", pattern=pattern, index=index, source=self._origin(*origin),
                    seconds=self.timeout)) from None
            for start, end in sorted(spans):
                if not self.allowed.allows(post.text[start:end]):
                    yield Finding(
                        rule=RULE_ID, start=start, end=end,
                        message=self.message(RULE_ID, "pattern", pattern=pattern, source=self._origin(*origin)),
                        suggestion=self.message(RULE_ID, "suggestion"),
                    )

    def _origin(self, source: str, line: int | None) -> str:
        """"policy.yaml:LINE" as seen from this run's working folder."""
        shown = _display(source, self.policy_dir) if os.path.isabs(source) else source
        return f"{shown}:{line}" if line else shown

    def _left(self, deadline: float) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        return left


class AllowList:
    """``confidential.allow``: exact values (compared folded and without
    spaces and hyphens, so "70 20 30 40" allows "70203040") and globs
    (``*@nordlys-energi.dk``)."""

    def __init__(self, entries: list[str], canonical=None):
        self.canonical = canonical or _compact
        # Compiled once (what fnmatch.fnmatchcase compiles, without its per-call cache lookup).
        self.globs = [re.compile(fnmatch.translate(fold_term(entry)))
                      for entry in entries if any(c in entry for c in "*?[")]
        self.exact = {self.canonical(entry) for entry in entries if not any(c in entry for c in "*?[")}

    def allows(self, value: str) -> bool:
        if not self.exact and not self.globs:
            return False
        canonical = self.canonical(value)
        if canonical in self.exact:
            return True
        # Globs see the value as written and in its canonical form ("jens
        # (at) firma (dot) dk" is "jens@firma.dk").
        folded = fold_term(value)
        return any(glob.match(folded) or glob.match(canonical) for glob in self.globs)


def _compact(value: str) -> str:
    return fold_term(value).replace(" ", "").replace("-", "")


LINE_MASK = (1 << 32) - 1


def _origin_id(source: int, line: int | None) -> int:
    """Where a term came from as one int: the source's index and the line (0: none)."""
    return source << 32 | (line or 0)


def _plain_terms(text: str) -> list[tuple[int, str]]:
    """(line, term) of a plain term file: one term per line, # comments, blank lines."""
    return [(number, term) for number, term in enumerate(map(str.strip, text.splitlines()), start=1)
            if term and term[0] != "#"]


def _csv_terms(text: str, column: str, display: str):
    """(line, term) of the named column of a CSV term file (header row first)."""
    import csv  # here, not at the top: only compiling a policy with a CSV term file needs it

    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        pass  # a one-column file: the default dialect reads it
    reader = csv.DictReader(text.splitlines(), dialect=dialect)
    if column not in (reader.fieldnames or []):
        raise PolicyError(display, tr("CSV term file has no column '{column}' (columns: {join})",
                                      column=column, join=', '.join(reader.fieldnames or [])), 1, 1)
    for row in reader:
        term = (row.get(column) or "").strip()
        if term:
            yield reader.line_num, term


def _display(path: str, policy_dir: str | None = None) -> str:
    """A path as a reviewer would type it: relative to the working folder when
    inside it, else relative to the policy's folder when inside that (a
    term file next to a policy elsewhere), else as it is."""
    return _display_from(path, policy_dir, os.getcwd())


@functools.lru_cache(maxsize=256)
def _display_from(path: str, policy_dir: str | None, cwd: str) -> str:
    """:func:`_display` from ``cwd`` (cached: every finding names its source)."""
    for folder in (cwd, policy_dir):
        if folder is None:
            continue
        try:
            relative = os.path.relpath(path, folder)
        except ValueError:  # another drive on Windows
            continue
        if not relative.startswith("..") and Path(path).is_absolute():
            return relative
    return path


def _same_capitals(term: str, written: str) -> bool:
    """Whether every capital of ``term`` is a capital in ``written`` (letters
    and digits paired in order; a digit or symbol written for a letter is no
    small letter)."""
    wanted = [char for char in term if char.isalnum()]
    seen = [char for char in written if char.isalnum()]
    return not any(want.isupper() and have.islower() for want, have in zip(wanted, seen))


RULE = ConfidentialTermRule
