"""Module-level regular expressions that travel in the compiled-policy cache.

Parsing a ``regex`` pattern costs about 0.2 ms; the rule and text modules
compile some forty at import, which was a large part of a one-file start.
They compile through :func:`compile` instead of ``regex.compile``: the cache
(:mod:`advolint.cache`) stores every pattern compiled so far next to the
compiled policy and hands them back with :func:`preload` before the rule
modules are imported, and an unpickled ``regex`` pattern is ready without
parsing.  Without a cache (or for a pattern the cache lacks) :func:`compile`
simply compiles, so behaviour is the same either way.
"""

from __future__ import annotations

import regex

_compiled: dict = {}  # (source, flags) or a build_once name -> compiled pattern


def compile(source: str, flags: int = 0) -> regex.Pattern:  # noqa: A001 - mirrors regex.compile
    """``regex.compile(source, flags)``, reusing a pattern the cache handed over."""
    key = (source, flags)
    pattern = _compiled.get(key)
    if pattern is None:
        pattern = _compiled[key] = regex.compile(source, flags)
    return pattern


def compile_anchored(source: str, flags: int = 0) -> regex.Pattern:
    """:func:`compile` for a pattern tried at one offset (``pattern.match(text, offset)``).

    Before matching, `regex` looks for a literal the pattern cannot match without
    (the ":" of ``[^\\S\\n]*:``) through all the rest of the text: 270 µs a call in a
    1 MB post that has none, so a rule that tries such a pattern after every word is
    quadratic in the post's length.  An alternative that never matches, ``|(?!)``,
    hides the literal from that look-ahead; the pattern matches exactly what it did.
    Leading inline flags (``(?i)``) stay in front."""
    flags_prefix = ""
    if source.startswith("(?") and (close := source.find(")")) > 2 and source[2:close].isalpha():
        flags_prefix, source = source[:close + 1], source[close + 1:]
    return compile(f"{flags_prefix}(?:{source})|(?!)", flags)


def build_once(name: str, build):
    """The pattern ``build()`` makes, kept under ``name`` like the rest: for
    a pattern whose source takes real work to derive."""
    pattern = _compiled.get(name)
    if pattern is None:
        pattern = _compiled[name] = build()
    return pattern


def compiled() -> dict:
    """Every pattern compiled through :func:`compile` in this process (for the cache)."""
    return dict(_compiled)


def preload(patterns: dict) -> None:
    """Reuse ``patterns`` (read from the cache) instead of compiling them again."""
    for key, pattern in patterns.items():
        _compiled.setdefault(key, pattern)


class ClassRuns:
    """``search`` for runs of a character class (``regex`` syntax, Unicode properties and
    all), scanning with ``re`` first.

    `regex` tests a class of Unicode properties character by character at some 20 ns
    each; ``re`` scans a plain class three times as fast.  So a ``re`` class that holds
    every member below U+0100 (found by testing them) and everything above is searched
    first, and the exact pattern runs only inside the runs it finds: most posts are
    Latin text, where the wide class is rare.  The answers are those of
    ``regex.compile(f"[{members}]{{{length}}}").search``."""

    def __init__(self, members: str, length: int = 1):
        self.members, self.length = members, length
        self.char = compile(f"[{members}]")
        self.exact = compile(f"[{members}]{{{length}}}") if length > 1 else self.char
        self.wide = None  # built on the first search: a one-file check may never need it

    def _wide(self):
        import re

        # Written as "none of the non-members below U+0100": ``re`` compiles a class that
        # spans up to U+10FFFF in some 9 ms, a start-up cost of every one-file check.
        outside = "".join(chr(code) for code in range(0x100) if not self.char.match(chr(code)))
        quantity = f"{{{self.length},}}" if self.length > 1 else ""
        self.wide = re.compile(f"[^{re.escape(outside)}]{quantity}")
        return self.wide

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        wide = self.wide or self._wide()
        end = len(text) if endpos is None else endpos
        while (run := wide.search(text, pos, end)) is not None:
            match = self.exact.search(text, run.start(), run.end())
            if match is not None:
                return match
            pos = run.end()
        return None


def offsets_of(text: str, needle: str, pos: int = 0) -> list[int]:
    """Every offset of ``needle`` in ``text`` from ``pos``, overlapping ones too (``str.find``)."""
    offsets = []
    found = text.find(needle, pos)
    while found != -1:
        offsets.append(found)
        found = text.find(needle, found + 1)
    return offsets


def matches_at(pattern, text: str, offsets, pos: int = 0):
    """What ``pattern.finditer(text, pos)`` yields, for a pattern whose every (non-empty)
    match starts at one of ``offsets`` (ascending): tried only there, not at every
    position of the text (where a look-behind costs `regex` tens of nanoseconds a
    character)."""
    for offset in offsets:
        if offset >= pos and (match := pattern.match(text, offset)) is not None:
            yield match
            pos = match.end()  # finditer goes on after a match


def finditer_at_signs(pattern, text: str, pos: int, signs: str):
    """:func:`matches_at` for a pattern whose every match starts with one of the
    characters ``signs`` ("#", "@")."""
    return matches_at(pattern, text, sorted(offset for sign in signs for offset in offsets_of(text, sign, pos)), pos)
