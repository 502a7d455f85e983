"""Matching confidential terms so that people cannot slip past them.

Three parts, used by the ``confidential-term`` and ``personal-data`` rules:

* :func:`normalise` folds a text to a comparison form and keeps, for every
  character of that form, the span of original characters it came from, so a
  match in the folded text maps back to the exact original characters.
* :class:`TermMatcher` compiles term lists once into an Aho-Corasick
  automaton (pyahocorasick): the cost per post grows with the post, not with
  the number of terms.  It pickles (compiled policies are cached).
* Word-boundary and Danish-inflection checks on each raw automaton hit.

Folding (the same for terms and posts, so both meet in the middle):

1. a base character and the combining marks after it are one unit, NFKC
   normalised (a decomposed "A" + U+030A is "Å"; full-width letters become
   ASCII);
2. accents are dropped (NFD, combining marks removed) except on the Danish
   letters æ, ø, å, which are letters of their own;
3. look-alike letters (Cyrillic "о", Greek "ο", ...) are replaced by the Latin
   letter they imitate: the Unicode TR39 confusables restricted to letters
   that imitate one Latin letter (``lint_rules/confusables-latin.tsv``);
   before casefolding, because case decides the look (Greek "Η" looks like
   "H", "η" like "n");
4. casefold;
5. zero-width characters and soft hyphens vanish; every run of white space
   (line breaks included) is one space.

Danish inflection uses suffix rules (``lint_rules/danish-inflection.yaml``),
not the lemma table of spacy-lookups-data: confidential terms are mostly code
names and customer names ("Orion", "Hvidsten Holding"), which a lemma table
does not contain ("orions", "orionen" are not in ``da_lemma_lookup``), and a
suffix check on the few automaton hits costs nothing per term.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import ahocorasick

from .resources import lint_rules_dir, load_data

IGNORED = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
KEEP_ACCENTED = frozenset("æøåÆØÅ")
APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"}


@functools.lru_cache(maxsize=1)
def look_alikes() -> dict[str, str]:
    """Look-alike letter (NFKC, accents dropped) -> the Latin letter it imitates."""
    table = {}
    with open(lint_rules_dir() / "confusables-latin.tsv", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            source, target = line.split("\t")[:2]
            table[chr(int(source[2:], 16))] = target
    return table


@functools.lru_cache(maxsize=1)
def inflection_suffixes() -> frozenset[str]:
    """Every Danish ending a term may carry and still be the term ("" included)."""
    data = load_data("danish-inflection.yaml")
    endings = [""] + data["endings"]
    return frozenset(ending + genitive for ending in endings for genitive in ("",) + tuple(data["genitive"]))


def fold_before_skeleton(unit: str) -> str:
    """Steps 1-2 of the folding for one unit (a character and its combining marks)."""
    folded = unicodedata.normalize("NFKC", unit)
    if folded.isascii():
        return folded
    out = []
    for char in folded:
        if char in KEEP_ACCENTED:
            out.append(char)
        else:
            out.extend(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", "".join(out))


class _Folder(dict):
    """A cache from a unit to its folded form (missing entries computed once)."""

    def __missing__(self, unit: str) -> str:
        table = look_alikes()
        folded = "".join(table.get(c, c) for c in fold_before_skeleton(unit)).casefold()
        folded = "".join(APOSTROPHES.get(c, c) for c in folded)
        self[unit] = folded
        return folded


_FOLD = _Folder()


@dataclass
class Normalised:
    """The folded text and, per folded character, its original span."""

    text: str
    starts: list[int]  # original offset of the unit each folded char came from
    ends: list[int]  # original end offset (exclusive) of that unit

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of folded ``[start, end)``: everything in between is inside."""
        return self.starts[start], self.ends[end - 1]


def normalise(text: str, start: int = 0, end: int | None = None) -> Normalised:
    """Fold ``text[start:end]``; offsets in the result point into ``text``."""
    end = len(text) if end is None else end
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    fold = _FOLD
    index = start
    while index < end:
        char = text[index]
        unit_end = index + 1
        while unit_end < end and unicodedata.combining(text[unit_end]):
            unit_end += 1
        if char in IGNORED:
            index = unit_end
            continue
        if char.isspace():
            if out and out[-1] == " ":
                ends[-1] = unit_end
            else:
                out.append(" ")
                starts.append(index)
                ends.append(unit_end)
            index = unit_end
            continue
        folded = fold[text[index:unit_end]]
        for piece in folded:
            out.append(piece)
            starts.append(index)
            ends.append(unit_end)
        index = unit_end
    return Normalised("".join(out), starts, ends)


def fold_term(term: str) -> str:
    """A term's folded form (what the automaton stores)."""
    return normalise(term).text.strip(" ")


def normalised_post(post) -> Normalised:
    """The folded body of ``post``, computed once and shared by the rules."""
    cached = post.cache.get("termmatch.normalised")
    if cached is None:
        cached = post.cache["termmatch.normalised"] = normalise(post.text, post.body_start)
    return cached


@dataclass(frozen=True)
class Match:
    """A term found in a post: original offsets and which term it was."""

    start: int
    end: int
    term: int  # index into TermMatcher.terms


class TermMatcher:
    """Terms compiled once; ``find`` costs the same for 100 or 100,000 terms.

    ``add(term, compound, origin)`` returns False for a term that folds to
    nothing.  ``terms[i]`` is ``(term, origin)``: the term as written and
    where it came from (for messages).
    """

    def __init__(self):
        self.terms: list[tuple[str, object]] = []
        self._automaton = ahocorasick.Automaton()
        self._suffixes = inflection_suffixes()

    def add(self, term: str, compound: bool, origin: object) -> bool:
        key = fold_term(term)
        if not key:
            return False
        existing = self._automaton.get(key, None)
        if existing is not None:
            # The same term from two lists: keep the first origin; compound
            # (the stricter mode) wins.
            if compound and not existing[1]:
                self._automaton.add_word(key, (existing[0], True, existing[2], existing[3]))
            return True
        self.terms.append((term, origin))
        self._automaton.add_word(key, (len(key), compound, len(self.terms) - 1, _bounded(key)))
        return True

    def compile(self) -> "TermMatcher":
        if len(self.terms):
            self._automaton.make_automaton()
        return self

    def __len__(self) -> int:
        return len(self.terms)

    def find(self, folded: Normalised) -> list[Match]:
        """Terms in ``folded`` at word boundaries, inflected or compounded as allowed."""
        if not self.terms:
            return []
        text = folded.text
        hits = []
        for last, (length, compound, term, (left_bounded, right_bounded)) in self._automaton.iter(text):
            start = last - length + 1
            if left_bounded and start > 0 and text[start - 1].isalnum():
                continue  # inside a word: "Korion" is not "Orion"
            end = last + 1
            if right_bounded:
                word_end = end
                while word_end < len(text) and text[word_end].isalnum():
                    word_end += 1
                if not compound and text[end:word_end] not in self._suffixes:
                    continue
                end = word_end
            hits.append((start, end, term))
        return [Match(*folded.original_span(start, end), term) for start, end, term in _outermost(hits)]


def _bounded(key: str) -> tuple[bool, bool]:
    """Whether a term needs a word boundary before / after it (it starts / ends with a letter or digit)."""
    return key[0].isalnum(), key[-1].isalnum()


def _outermost(hits):
    """Drop hits inside an earlier, longer hit ("Falcon" inside "Projekt Falcon")."""
    hits.sort(key=lambda hit: (hit[0], -hit[1]))
    kept = []
    for hit in hits:
        if kept and hit[1] <= kept[-1][1]:
            continue
        kept.append(hit)
    return kept
