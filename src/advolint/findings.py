"""The values that flow through advolint: severities, edits, violations.

A rule sees a :class:`~advolint.document.Post` and yields :class:`Finding`
objects whose offsets are code-point offsets into ``post.text`` (the whole
file as decoded, front matter included).  The engine turns findings into
:class:`Violation` objects with 1-based line/column numbers, the severity the
policy sets, and the path.
"""

from __future__ import annotations

import enum
from typing import NamedTuple


class Severity(enum.IntEnum):
    """Ordered so that ``severity >= fail_level`` decides the exit code."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> "Severity":
        return cls[name.upper()]

    @property
    def label(self) -> str:
        return self.name.lower()


# Edit and Fix are NamedTuples: immutable, hashable and equal by value like
# the frozen dataclasses they were, but ~0.1 ms to define instead of ~0.5
# (noticeable in a one-file start).
class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``replacement`` (offsets into post.text)."""

    start: int
    end: int
    replacement: str


class Fix(NamedTuple):
    """A safe fix: one or more non-overlapping edits applied together."""

    edits: tuple[Edit, ...]
    description: str = ""


class Finding:
    """What a rule reports: a span in ``post.text`` and a message.

    ``secret`` marks personal data: every output masks the span with
    ``masked`` (same length as the span, so underlines still line up)
    instead of repeating it (CI logs must not leak it).

    Written out rather than a ``@dataclass`` (same constructor, equality and
    repr): a dataclass costs ~0.5 ms at import, noticeable in a one-file start.
    """

    __slots__ = ("rule", "start", "end", "message", "suggestion", "fix", "secret", "masked")

    def __init__(self, rule: str, start: int, end: int, message: str, suggestion: str | None = None,
                 fix: Fix | None = None, secret: bool = False, masked: str | None = None):
        self.rule, self.start, self.end, self.message = rule, start, end, message
        self.suggestion, self.fix, self.secret, self.masked = suggestion, fix, secret, masked

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def moved(self, offset: int) -> "Finding":
        """This finding with its offsets (and its fix's) ``offset`` further on: what a rule
        found in a part of a story or thread, in the file's text (``part.offset``)."""
        if not offset:
            return self
        fix = self.fix and Fix(tuple(Edit(edit.start + offset, edit.end + offset, edit.replacement)
                                     for edit in self.fix.edits), self.fix.description)
        return Finding(self.rule, self.start + offset, self.end + offset, self.message, self.suggestion, fix,
                       self.secret, self.masked)

    def __eq__(self, other):
        return self._values() == other._values() if other.__class__ is self.__class__ else NotImplemented

    def __repr__(self) -> str:
        return f"Finding({', '.join(f'{name}={value!r}' for name, value in zip(self.__slots__, self._values()))})"


class Route:
    """Where the policy sends a rule's findings (``route:``): ``to``, a ``note``, ``review``.

    Written out with slots like the rest of this module; equal by value."""

    __slots__ = ("to", "note", "review")

    def __init__(self, to: str, note: str | None = None, review: bool = False):
        self.to, self.note, self.review = to, note, review

    def __eq__(self, other):
        return (self.to, self.note, self.review) == (other.to, other.note, other.review) \
            if other.__class__ is self.__class__ else NotImplemented

    def __repr__(self) -> str:
        return f"Route(to={self.to!r}, note={self.note!r}, review={self.review!r})"

    def to_dict(self) -> dict:
        data = {"to": self.to, "review": self.review}
        if self.note:
            data["note"] = self.note
        return data


class Violation:
    """A finding placed in a file, with the severity the policy gives it.

    Written out like :class:`Finding` (slots: many thousand in a batch
    report).  ``matched`` is the span's text, already masked when secret;
    ``fix``, ``start``/``end`` (offsets into the post text) and
    ``source_line`` (the first line of the span, secrets masked) serve fixes
    and reports and are not part of the public JSON.  Equality ignores ``fix``.
    """

    __slots__ = ("path", "line", "column", "end_line", "end_column", "rule", "severity", "message",
                 "suggestion", "matched", "fix", "start", "end", "secret", "source_line", "record",
                 "record_line", "route", "post_position", "suppression", "part")
    _REPR_HIDDEN = ("fix", "start", "end", "source_line")

    def __init__(self, path: str, line: int, column: int, end_line: int, end_column: int, rule: str,
                 severity: Severity, message: str, suggestion: str | None = None, matched: str = "",
                 fix: Fix | None = None, start: int = 0, end: int = 0, secret: bool = False,
                 source_line: str = "", record: str | None = None, record_line: int | None = None,
                 route: "Route | None" = None, post_position: tuple | None = None,
                 suppression: str | None = None, part: int | None = None):
        self.path, self.line, self.column, self.end_line, self.end_column = path, line, column, end_line, end_column
        self.rule, self.severity, self.message, self.suggestion = rule, severity, message, suggestion
        self.matched, self.fix, self.start, self.end, self.secret = matched, fix, start, end, secret
        self.source_line, self.record, self.record_line = source_line, record, record_line
        self.route = route  # where the policy sends it (``route:``); None: nowhere in particular
        # A batch record's violation stands at the record's line in the batch file (line,
        # column 1); its (line, column, end_line, end_column) inside the post's text is here.
        self.post_position = post_position
        self.suppression = suppression  # the reason of the post's suppression that hides it; None: reported
        self.part = part  # the number of the part of a story or thread it is in; None: a post in one part

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self.__slots__ if n != "fix")

    __hash__ = None  # mutable, like the dataclass it was

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__ if n not in self._REPR_HIDDEN)
        return f"Violation({shown})"

    def to_dict(self) -> dict:
        data = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": self.severity.label,
            "message": self.message,
        }
        if self.suggestion is not None:
            data["suggestion"] = self.suggestion
        if self.record is not None:
            data["record"] = self.record
            data["record_line"] = self.record_line
            if self.post_position is not None:
                data["post_line"], data["post_column"], data["post_end_line"], data["post_end_column"] = \
                    self.post_position
        if self.route is not None:
            data["route"] = self.route.to_dict()
        if self.suppression is not None:
            data["suppression"] = {"reason": self.suppression}
        if self.part is not None:
            data["part"] = self.part
        return data

    @property
    def needs_review(self) -> bool:
        """A person must approve the draft; it need not change (a route with ``review: true``)."""
        return self.route is not None and self.route.review

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.record_line or 0, self.line, self.column, self.rule)
