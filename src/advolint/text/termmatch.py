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
5. invisible characters vanish: every Default_Ignorable_Code_Point and
   format (Cf) character (zero-width characters, soft hyphens, variation
   selectors, tag characters, the combining grapheme joiner, the Mongolian
   vowel separator, Hangul fillers, bidi marks, embeddings and isolates),
   except the bidi overrides and their end (kept for the loose pass, which
   reads overridden text in the order it is displayed); digits of any script
   are ASCII digits; every run of white space (line breaks included) is one
   space.

The loose pass (:class:`Loose`) then reads the folded text as a reader sees
it, for evasions the folding cannot undo one character at a time: letters
written with digits and symbols ("0r10n"), letters spaced or joined by
separators ("O r i o n", "O.r.i.o.n", "Ori🚀on", "Ori-\\non"), Markdown and
HTML markup and entities, percent-encoded URLs, hashtags, text reversed by a
right-to-left override, and Danish transliterations (æ/ae, ø/oe, å/aa,
dropped rings and strokes).  Its hits map back to the folded text, where the
word-boundary checks are made.

Danish inflection uses suffix rules (``lint_rules/danish-inflection.yaml``),
not the lemma table of spacy-lookups-data: confidential terms are mostly code
names and customer names ("Orion", "Hvidsten Holding"), which a lemma table
does not contain ("orions", "orionen" are not in ``da_lemma_lookup``), and a
suffix check on the few automaton hits costs nothing per term.
"""

from __future__ import annotations

import bisect
import collections
import functools
import itertools
import operator
import re
import unicodedata
from array import array
from collections.abc import Sequence
from typing import NamedTuple

import ahocorasick

from advolint import patterns
from advolint.resources import lint_rules_dir, load_data
from advolint.text.units import CASEFOLDED

# The bidi overrides (LRO, RLO) and their end (PDF) are kept: see Loose.
INVISIBLE = r"(?V1)[[\p{Default_Ignorable_Code_Point}\p{Cf}]--[\u202c\u202d\u202e]]"
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
        if unit.isspace():
            folded = " "
        elif patterns.compile(INVISIBLE).match(unit):
            folded = ""
        else:
            table = look_alikes()
            folded = "".join(table.get(c, c) if not c.isdecimal() else str(unicodedata.decimal(c))
                             for c in fold_before_skeleton(unit)).casefold()
            # No spaces out of a non-space (NFKC turns "¨" into " " + a mark).
            folded = "".join(APOSTROPHES.get(c, c) for c in folded if not c.isspace())
        self[unit] = folded
        return folded


_FOLD = _Folder()
_MARK = patterns.compile(r"\p{M}")  # every character with a combining class is a mark


class Normalised:
    """The folded text and, per folded character, its original span."""

    __slots__ = ("text", "starts", "ends", "source")  # a plain class: a dataclass costs ~0.5 ms at import

    def __init__(self, text: str, starts: Sequence[int], ends: Sequence[int], source: str = ""):
        self.text = text
        self.source = source  # the original text (the loose pass looks for its line breaks)
        # Lists, or ranges where the folded text is the original one for one.
        self.starts = starts  # original offset of the unit each folded char came from
        self.ends = ends  # original end offset (exclusive) of that unit

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of folded ``[start, end)``: everything in between is inside."""
        return self.starts[start], self.ends[end - 1]


def normalise(text: str, start: int = 0, end: int | None = None, casefolded: str | None = None) -> Normalised:
    """Fold ``text[start:end]``; offsets in the result point into ``text``.

    Most of a post is plain characters (see :func:`_is_plain`) and white
    space: their folded form is ``casefold()`` with every run of white space
    made one space, and the offset map is built from ranges.  Only the runs
    around other characters (zero-width characters, accents, look-alikes,
    ...) are folded unit by unit.  Both ways give exactly the same result
    (tested against each other).

    ``casefolded``, when given, is ``text.casefold()``: the plain stretches
    are taken from it, and a whole post with nothing to fold but case is
    that very string, not another copy of it (a 100 MB post's copy is 400 MB).
    """
    end = len(text) if end is None else end
    if casefolded is not None and len(casefolded) != len(text):
        casefolded = None  # a character folds to several ("ß"): its offsets are not the text's
    odd = _odd_chars(text[start:end])
    spaces = {char for char in odd if char.isspace()}
    if odd == spaces:  # the usual post: plain characters and white space
        return Normalised(*_fold_plain(text, start, end, spaces, casefolded), source=text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = start
    for run in _odd_runs(frozenset(odd - spaces)).finditer(text, start, end):
        run_start = run.start()
        # The run takes the white space before it (a run ends with all the
        # white space after it), so no space needs merging across its
        # edges.  A combining mark belongs to the character before it.
        while run_start > done and text[run_start - 1].isspace():
            run_start -= 1
        if run_start > done and unicodedata.combining(text[run_start]):
            run_start -= 1
        _extend(out, starts, ends, _fold_plain(text, done, run_start, spaces, casefolded))
        # A run ends before a plain character (no combining mark) or at
        # ``end``, so no unit crosses its end.
        _append_folded(text, run_start, run.end(), out, starts, ends)
        done = run.end()
    _extend(out, starts, ends, _fold_plain(text, done, end, spaces, casefolded))
    return Normalised("".join(out), starts, ends, source=text)


def _is_plain(char: str) -> bool:
    """A character that is a unit of its own (not a combining mark), never
    vanishes, and folds to one character, its casefold.  White space (folded
    by :func:`_fold_plain`) is not plain, except the space."""
    if char == " ":
        return True
    if char.isspace() or unicodedata.combining(char):
        return False
    folded = _FOLD[char]
    return len(folded) == 1 and folded == char.casefold()


_PLAIN: set[str] = set()
_NOT_PLAIN: set[str] = set()


def _not_common_plain():
    """A pattern for any character but the plain ones of Latin-1, Latin
    Extended-A and general punctuation (most of a Danish or English post),
    so that finding the odd characters of a post is one search.  Working it
    out takes ~2 ms, so it travels in the compiled-policy cache."""
    return patterns.build_once("termmatch.not_common_plain", _build_not_common_plain)


def _build_not_common_plain():
    common = [chr(code) for code in [*range(0x180), *range(0x2010, 0x2028)] if _is_plain(chr(code))]
    return re.compile("[^" + "".join(re.escape(char) for char in common) + "]")


def _odd_chars(body: str) -> set[str]:
    """The characters of ``body`` that are not plain (each one classified once)."""
    odd = set(_not_common_plain().findall(body)) - _PLAIN
    if odd:
        for char in odd - _NOT_PLAIN:
            (_PLAIN if _is_plain(char) else _NOT_PLAIN).add(char)
        odd -= _PLAIN
    return odd


@functools.lru_cache(maxsize=512)
def _odd_runs(odd: frozenset[str]):
    """A pattern for the runs to fold unit by unit: an odd character (not
    white space) and the odd characters and white space after it, on through
    up to 8 other characters before the next odd one (a text thick with odd
    characters is folded in long runs, not in many short ones).  A run ends
    before a plain character that is not white space."""
    chars = "".join(re.escape(char) for char in sorted(odd))
    return re.compile(f"[{chars}][{chars}\\s]*(?:[^{chars}]{{1,8}}[{chars}][{chars}\\s]*)*")


_SPACE_RUN = re.compile("  +")


def _fold_plain(text: str, start: int, end: int, spaces: set[str], casefolded: str | None = None):
    """Folded ``text[start:end]`` (plain characters and white space;
    ``spaces``: its white space characters other than the space) and its
    offset maps, at once.  White space is its own casefold (every character
    of it), and ``re``'s ``\\s`` is exactly ``str.isspace``.  ``casefolded``:
    ``text.casefold()``, as long as ``text`` (its slice is the same, and
    the whole of it is no copy)."""
    folded = text[start:end].casefold() if casefolded is None else casefolded[start:end]
    for space in spaces:
        folded = folded.replace(space, " ")
    if "  " not in folded:
        return folded, range(start, end), range(start + 1, end + 1)
    starts: list[int] = []
    ends: list[int] = []
    kept = start  # the next original character that keeps a folded one
    for run in _SPACE_RUN.finditer(folded):
        # A run of white space is one space spanning the run.
        first, last = start + run.start(), start + run.end()
        starts += range(kept, first + 1)
        ends += range(kept + 1, first + 1)
        ends.append(last)
        kept = last
    starts += range(kept, end)
    ends += range(kept + 1, end + 1)
    return _SPACE_RUN.sub(" ", folded), starts, ends


def _extend(out: list[str], starts: list[int], ends: list[int], folded) -> None:
    """Append what :func:`_fold_plain` returned."""
    out.append(folded[0])
    starts += folded[1]
    ends += folded[2]


def _append_folded(text, start, end, out, starts, ends) -> None:
    """Fold ``text[start:end]`` unit by unit (a character and the combining
    marks after it); a run of white space is one space."""
    fold = _FOLD
    index = start
    while index < end:
        char = text[index]
        unit_end = index + 1
        while unit_end < end and unicodedata.combining(text[unit_end]):
            unit_end += 1
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


def fold_term(term: str) -> str:
    """A term's folded form (what the automaton stores): ``normalise(term).text``
    without the offsets and the outer spaces, fast for 100,000 terms."""
    text = term
    if text.isascii():
        return " ".join(text.lower().replace("`", "'").split())
    if _MARK.search(text):  # a unit of several characters: the slow, exact path
        return normalise(text).text.strip(" ")
    fold = _FOLD
    return " ".join("".join([fold[char] for char in text]).split())


def fold_terms(terms: list[str]) -> list[str]:
    """:func:`fold_term` of each term (the same results), folded as one text:
    a term file's million lines in a few string operations."""
    text = "\n".join(terms)
    if text.count("\n") != len(terms) - 1:  # a term with a line break in it
        return [fold_term(term) for term in terms]
    # Every white space character is a space (the line breaks between the
    # terms excepted), a run of them one space, none at either end.
    odd = _odd_chars(text)
    if all(char.isspace() for char in odd):  # plain characters (the usual file): their fold is casefold()
        folded = text.casefold()  # (3 times faster than translate on a million Danish terms)
        for space in odd - {"\n"}:
            folded = folded.replace(space, " ")
    else:
        table = {ord(char): _FOLD[char] for char in set(text)}
        table[ord("\n")] = "\n"
        folded = text.translate(table)
    folded = _SPACE_RUN.sub(" ", folded).replace(" \n", "\n").replace("\n ", "\n").strip(" ")
    keys = folded.split("\n")
    if _MARK.search(text):  # units of several characters: those terms take the exact path
        return [fold_term(term) if _MARK.search(term) else key for term, key in zip(terms, keys)]
    return keys


def normalised_post(post) -> Normalised:
    """The folded body of ``post``, computed once and shared by the rules."""
    cached = post.cache.get("termmatch.normalised")
    if cached is None:
        # The post's case-folded text, when a rule made it already, is shared (see normalise).
        cached = post.cache["termmatch.normalised"] = normalise(post.text, post.body_start,
                                                                casefolded=post.cache.get(CASEFOLDED))
    return cached


class Match(NamedTuple):
    """A term found in a post: original offsets and which term it was.

    A NamedTuple (immutable, equal by value): cheaper to define than a dataclass."""

    start: int
    end: int
    term: int  # index into TermMatcher.terms
    disguised: bool = False  # found only by the loose reading (see Loose)


class TermList(Sequence):
    """``(term, origin)`` pairs, packed: the terms as one string with their
    end offsets, the origins as an array when they are ints (as the rules'
    are).  A million terms as a list of tuples cost 226 MB in memory and
    1.5 s to pickle; packed, they cost about a tenth."""

    __slots__ = ("_text", "_ends", "_origins", "_new_terms", "_new_origins")

    def __init__(self):
        self._text = ""
        self._ends = array("q")  # end offset of term i in _text
        self._origins: Sequence = array("q")
        self._new_terms: list[str] = []  # appended since the last pack
        self._new_origins: list = []

    def append(self, term: str, origin) -> None:
        self._new_terms.append(term)
        self._new_origins.append(origin)

    def extend(self, pairs: list[tuple[str, object]]) -> None:
        self._new_terms.extend(map(operator.itemgetter(0), pairs))
        self._new_origins.extend(map(operator.itemgetter(1), pairs))

    def _flush(self) -> None:
        if not self._new_terms:
            return
        offset = len(self._text)
        self._text += "".join(self._new_terms)
        self._ends.extend(itertools.accumulate(map(len, self._new_terms), initial=offset))
        self._ends.pop(len(self._ends) - len(self._new_terms) - 1)  # the ``initial`` offset
        try:
            if not all(type(origin) is int for origin in self._new_origins):
                raise OverflowError
            self._origins.extend(self._new_origins)  # an array: every int fits in 64 bits
        except (OverflowError, TypeError, AttributeError):
            self._origins = list(self._origins) + self._new_origins
        self._new_terms, self._new_origins = [], []

    def __len__(self) -> int:
        return len(self._ends) + len(self._new_terms)

    def __getitem__(self, index: int) -> tuple[str, object]:
        self._flush()
        if index < 0:
            index += len(self._ends)
        start = self._ends[index - 1] if index > 0 else 0
        return self._text[start:self._ends[index]], self._origins[index]

    def __getstate__(self):
        self._flush()
        return self._text, self._ends, self._origins

    def __setstate__(self, state) -> None:
        self._text, self._ends, self._origins = state
        self._new_terms, self._new_origins = [], []


class TermMatcher:
    """Terms compiled once; ``find`` costs the same for 100 or 100,000 terms.

    ``add(term, mode, origin)`` returns False for a term that folds to
    nothing (or is longer than 65,535 characters); ``mode`` is "word",
    "compound" (also the first part of a compound) or "anywhere" (also
    inside a word or as its last part).  ``terms[i]`` is ``(term, origin)``: the term as written and
    where it came from (for messages; an int origin is stored most compactly).
    """

    def __init__(self):
        self.terms = TermList()
        # Values are ints (small pickles, fast to load): see COMPOUND below.
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        # Variant -> value of the words not yet in the automaton: a dict
        # look-up costs a tenth of an automaton's (see add).
        self._new_words: dict[str, int] = {}
        self._suffixes = inflection_suffixes()
        # The loose pass's tables, read here (at compile time) so that a
        # cached check needs no YAML.
        evasions = load_data("term-evasions.yaml")
        letters = evasions["danish_letters"]
        # Terms and posts are read with the Danish letters made plain ("å"
        # as "a": same length, so offsets stay); the loose readings also read
        # digits and symbols as letters and collapse the digraphs ("aa").
        self._plain_letters = tuple(letters.items())
        readings = [{**reading, **letters} for reading in evasions["letters_for_symbols"]]
        self._readings = tuple(str.maketrans(reading) for reading in readings)
        self._quick_readings = tuple(tuple(reading.items()) for reading in readings)
        self._digraphs = evasions["danish_digraphs"]
        self._pieces = _LOOSE_PIECES + "|(?P<danish>" + "|".join(map(re.escape, self._digraphs)) + ")"

    def add(self, term: str, mode: str, origin: object) -> bool:
        return self.add_many(((term, origin),), mode) == 1

    def add_many(self, terms, mode: str) -> int:
        """Add each ``(term, origin)`` of ``terms``: its folded form and the
        variants a reader takes for it.  Returns how many were added (the
        new ones are the last of ``self.terms``).

        A term file's million lines come here at once: the terms are folded
        and their variants made in a few string operations on all of them
        (see _variant_forms), the words found in dict operations (see
        _first_values), and kept in a dict (an automaton look-up costs
        ten times more) until :meth:`compile`."""
        terms = terms if isinstance(terms, list) else list(terms)
        keys = fold_terms(list(map(operator.itemgetter(0), terms)))
        kept = [index for index, key in enumerate(keys) if key and len(key) <= LENGTH_MASK]
        if len(kept) < len(keys):  # terms that fold to nothing are left out
            terms, keys = [terms[index] for index in kept], [keys[index] for index in kept]
        first = len(self.terms)
        self.terms.extend(terms)
        compound = COMPOUND if mode != "word" else 0
        keep = ~LEFT_BOUNDED if mode == "anywhere" else -1  # "anywhere": no boundary before
        added = _first_values(self._variant_forms(keys), first, compound, keep)
        # A word of an earlier list keeps its term (the first origin is
        # reported); the stricter mode (compound, anywhere) wins.
        earlier = self._new_words
        common = added.keys() & earlier.keys()
        for variant in common:
            added[variant] = (earlier[variant] | compound) & keep
        if len(self._automaton):  # words of an earlier compile (those of ``earlier`` are merged already)
            in_automaton = self._automaton.get
            for variant in added.keys() - common:
                existing = in_automaton(variant, None)
                if existing is not None:
                    added[variant] = (existing | compound) & keep
        if len(added) <= len(earlier):  # the smaller dict merged into the larger one
            earlier.update(added)
        else:
            for variant in earlier.keys() - common:
                added[variant] = earlier[variant]
            self._new_words = added
        return len(keys)

    def _variant_forms(self, keys: list[str]) -> list[tuple[Sequence[int], list[str]]]:
        """The variants of ``keys`` (folded terms), kind by kind, as pairs
        ``(positions, variants)``: ``variants[i]`` is a variant of
        ``keys[positions[i]]``, and positions ascend.  Each kind is made for
        all the keys that have it in one string operation (see _each)."""
        forms = [(range(len(keys)), keys)]
        # "Projekt Falcon" is also written "ProjektFalcon" (#ProjektFalcon)
        # and "Projekt-Falcon" (and "Nordlys-Orion" "Nordlys Orion").  Only
        # the keys a variant changes have it ("Projekt Falcon" is its own
        # variant with a space).
        with_space, with_hyphen = _positions_with(keys, " "), _positions_with(keys, "-")
        spaced = sorted({*with_space, *with_hyphen}) if with_hyphen else with_space
        if spaced:
            forms.append((spaced, _each([keys[position] for position in spaced], str.replace, " ", "",
                                        then=(str.replace, "-", ""))))
            for joiner, positions in ((" ", with_hyphen), ("-", with_space)):
                if positions:
                    forms.append((positions, _each([keys[position] for position in positions], str.replace,
                                                   " ", joiner, then=(str.replace, "-", joiner))))
        # "Aabyhøj" is also "Abyhoj" (see Loose and term-evasions.yaml).
        forms = [(positions, _each(variants, _replace_all, self._plain_letters)) for positions, variants in forms]
        # Where the joined variant has a digraph, every variant of that key
        # is collapsed too (one without a digraph stays as it is).
        joined = list(forms[0][1])
        if spaced:
            for position, variant in zip(spaced, forms[1][1]):
                joined[position] = variant
        collapsed = _each(joined, _collapse_digraphs, self._digraphs)
        with_digraph = list(itertools.compress(range(len(joined)), map(operator.ne, joined, collapsed)))
        if with_digraph:
            for positions, variants in list(forms):
                chosen = _indices_of(positions, with_digraph)
                if chosen:
                    forms.append(([positions[index] for index in chosen],
                                  _each([variants[index] for index in chosen], _collapse_digraphs, self._digraphs)))
        return forms

    def compile(self) -> "TermMatcher":
        if self._new_words:
            # In sorted order, the trie's nodes lie in memory in the order
            # they are visited: for a million terms, building it, linking it
            # and pickling it take 7 s less, sorting costs 1.5 s.  The
            # (word, value) pairs are sorted, not the words alone: looking
            # each value up in the dict in sorted order cost 1.3 s more.
            in_order = sorted(self._new_words.items(), key=operator.itemgetter(0))
            self._new_words = {}
            # starmap, not a loop: two million calls cost 0.5 s less.
            collections.deque(itertools.starmap(self._automaton.add_word, in_order), 0)
            del in_order
        if len(self.terms):
            self._automaton.make_automaton()
            # Compiled now, so that they travel in the compiled-policy cache.
            patterns.compile(INVISIBLE)
            _loose_pattern(self._pieces)
        return self

    def __len__(self) -> int:
        return len(self.terms)

    def find(self, folded: Normalised) -> list[Match]:
        """Terms in ``folded`` at word boundaries, inflected or compounded as
        allowed: in the folded text, then in its loose readings (see Loose)."""
        if not self.terms:
            return []
        hits = self._exact_hits(_replace_all(folded.text, self._plain_letters))
        found: dict[int, int] = {}
        for _, _, term, _ in hits:
            found[term] = found.get(term, 0) + 1
        if self._may_hide_a_term(folded, found):
            loose = Loose(folded, self._pieces, self._digraphs)
            for reading in self._readings:
                hits += self._loose_hits(loose, loose.text.translate(reading), folded.text)
        return [Match(*folded.original_span(start, end), term, disguised)
                for start, end, term, disguised in _outermost(hits)]

    def _may_hide_a_term(self, folded: Normalised, found: dict[int, int]) -> bool:
        """Whether the loose reading is needed: a quick reading of the
        folded text, with every separator and mark and each line break
        removed (and every space, when single letters stand spaced), holds
        a term not found already.  It joins all that the loose reading
        joins, in C string operations; most posts hold no term, and then
        this is all the loose reading costs.  ``found``: how often each term
        was found as written; the quick reading must hold it more often.
        (A quick hit may also be a variant of the same occurrence or lie
        inside a word: then the loose reading runs and finds nothing new.)"""
        text = folded.text
        if "\u202e" in text or "<" in text or "](" in text or "&" in text or _PERCENT.search(text) \
                or _REGIONAL.search(text):
            return True  # markup and encodings: the quick reading cannot undo them
        joined = _NOT_LETTER.sub("", text)
        # Spaced letters, or a line break between letters ("Ori\non"): join all.
        if _SPACED_LETTERS.search(" " + joined) or _line_break_inside_a_word(folded.source):
            joined = joined.replace(" ", "")
        if "aa" in joined or "ae" in joined or "oe" in joined:
            joined = _collapse_digraphs(joined, self._digraphs)
        # The second reading differs only for "1", "|" and "!".
        ambiguous = "1" in joined or "|" in joined or "!" in joined
        for reading in self._quick_readings[:None if ambiguous else 1]:
            seen: dict[int, int] = {}
            for _, value in self._automaton.iter(_replace_all(joined, reading)):
                term = value >> (3 + LENGTH_BITS)
                seen[term] = seen.get(term, 0) + 1
                if seen[term] > found.get(term, 0):
                    return True
        return False

    def _exact_hits(self, text: str) -> list[tuple[int, int, int, bool]]:
        hits = []
        for last, value in self._automaton.iter(text):
            start = last - ((value >> 3) & LENGTH_MASK) + 1
            if value & LEFT_BOUNDED and start > 0 and text[start - 1].isalnum():
                continue  # inside a word: "Korion" is not "Orion"
            start = _word_start(text, start, value)
            end = last + 1
            if value & RIGHT_BOUNDED:
                word_end = end
                while word_end < len(text) and text[word_end].isalnum():
                    word_end += 1
                if not value & COMPOUND and text[end:word_end] not in self._suffixes:
                    continue
                end = word_end
            hits.append((start, end, value >> (3 + LENGTH_BITS), False))
        return hits

    def _loose_hits(self, loose: "Loose", text: str, folded: str) -> list[tuple[int, int, int, bool]]:
        """Hits in a loose reading ``text``, as spans of the folded text.  The
        word boundaries are those of the folded text ("O r i o n i morgen"
        ends at the space after "n"); an ending may also run on in the
        reading ("O r i o n s")."""
        hits = []
        for last, value in self._automaton.iter(text):
            loose_start = last - ((value >> 3) & LENGTH_MASK) + 1
            start, end = loose.folded_start(loose_start), loose.folded_end(last)
            if value & LEFT_BOUNDED and start > 0 and folded[start - 1].isalnum():
                continue
            start = _word_start(folded, start, value)
            if value & RIGHT_BOUNDED and end < len(folded) and folded[end].isalnum():
                word_end = last + 1
                while word_end < len(text) and text[word_end].isalnum():
                    word_end += 1
                if not value & COMPOUND and text[last + 1:word_end] not in self._suffixes:
                    continue
                if word_end > last + 1:
                    end = loose.folded_end(word_end - 1)
            if not any(char.isalpha() for char in loose.text[loose_start:last + 1]):
                continue  # digits only ("501"): a number, not a word in disguise
            if loose.splits_a_run(loose_start, last + 1):
                continue
            hits.append((start, end, value >> (3 + LENGTH_BITS), True))
        return hits


# What the quick reading (TermMatcher._may_hide_a_term) removes: all but
# letters, digits, spaces and the symbols read as letters (and "_", which \w keeps:
# in the same pass, 9.2 instead of 11.0 µs on a 300-character post).
_NOT_LETTER = re.compile("[^\\w\\s@$|!\u20ac]+|_+")
_PERCENT = re.compile("%[0-9a-f]{2}")
_REGIONAL = re.compile("[\U0001f1e6-\U0001f1ff]{3}")  # three or more: more than one flag's letters
_SPACED_LETTERS = re.compile(r" \w \w \w(?!\w)")


def _line_break_inside_a_word(text: str) -> bool:
    """A line break between two letters or digits ("Ori\non", "Ori-\non");
    a post has few line breaks, so a loop over them is cheap."""
    index = text.find("\n")
    while index != -1:
        before = index - 1
        while before >= 0 and before >= index - 2 and text[before] in "\r-":
            before -= 1
        if before >= 0 and text[before].isalnum() and text[index + 1:index + 2].isalnum():
            return True
        index = text.find("\n", index + 1)
    return False


def _replace_all(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """``text.translate`` for a few pairs, several times faster on a post."""
    for old, new in pairs:
        if old in text:
            text = text.replace(old, new)
    return text


def _each(texts: list[str], change, *args, then=None) -> list[str]:
    """``change(text, *args)`` (then ``then``'s change) of each of ``texts``,
    made on them all at once, joined by line breaks: for changes that never
    reach across a line break and that no text holds one of."""
    joined = change("\n".join(texts), *args)
    if then is not None:
        joined = then[0](joined, *then[1:])
    return joined.split("\n")


def _positions_with(texts: list[str], char: str) -> list[int]:
    """The positions of the texts that contain ``char`` (at C speed)."""
    return list(itertools.compress(range(len(texts)), map(str.__contains__, texts, itertools.repeat(char))))


def _indices_of(positions: Sequence[int], wanted: list[int]) -> list[int]:
    """Where each of ``wanted`` stands in ``positions`` (both ascending), for those it holds."""
    indices = []
    for position in wanted:
        index = bisect.bisect_left(positions, position)
        if index < len(positions) and positions[index] == position:
            indices.append(index)
    return indices


def _first_values(forms: list[tuple[Sequence[int], list[str]]], first: int, compound: int,
                  keep: int) -> dict[str, int]:
    """Each variant of ``forms`` (see TermMatcher._variant_forms; the terms'
    indices start at ``first``) and its automaton value (see COMPOUND).  Of
    the terms that have a variant, the first one's: a word may be a later
    term's first variant and an earlier term's third, and then the earlier
    term is the one reported.  Its value is the lowest (the term's index is
    the high bits).  In dict operations, one dict for all: a million terms'
    two million words cost a second, not three."""
    shift = 3 + LENGTH_BITS
    words: dict[str, int] = {}
    for positions, variants in forms:
        values = [((first + position) << shift | len(variant) << 3 | compound
                   | (LEFT_BOUNDED if variant[:1].isalnum() else 0)
                   | (RIGHT_BOUNDED if variant[-1:].isalnum() else 0)) & keep
                  for position, variant in zip(positions, variants)]
        earlier = {variant: words[variant] for variant in words.keys() & variants} if words else {}
        # Backwards, so that of equal variants the first (positions ascend) is kept.
        words.update(zip(reversed(variants), reversed(values)))
        for variant, value in earlier.items():  # a word of an earlier kind too: the lower value
            if value < words[variant]:
                words[variant] = value
    words.pop("", None)  # "-" joined: nothing left to find (and no word to store)
    return words


def _collapse_digraphs(text: str, digraphs: dict) -> str:
    return _digraph_pattern(tuple(digraphs)).sub(lambda found: digraphs[found.group()], text)


@functools.lru_cache(maxsize=4)
def _digraph_pattern(digraphs: tuple[str, ...]):
    return re.compile("|".join(map(re.escape, digraphs)))


# The pieces of a folded text that a reader does not see as written, in the
# order they are tried (see Loose).
_LOOSE_PIECES = r"""
 (?P<override>\u202e[^\u202c\u202d]*\u202c?)                 # right-to-left override: displayed reversed
|(?P<comment><!--.*?-->)                                       # HTML comment
|(?P<tag></?[a-z][a-z0-9-]*(?:\s[^<>]*)?/?>)                   # HTML tag
|(?P<entity>&(?:\#[0-9]{1,7}|\#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});)  # HTML entity
|(?P<percent>(?:%[0-9a-f]{2})+)                                # percent-encoded URL characters
|(?P<link>\]\([^()\s]*\))                                      # the target of a Markdown link
|(?P<regional>[\U0001f1e6-\U0001f1ff]+)                        # regional-indicator letters (not flags: see below)
|(?P<markup>[*_~`\#\\\[\]\u202c\u202d]+)                         # emphasis, code, hashtag, escapes
|(?P<spaced>(?<![^\W_])[^\W_](?:[ \n][^\W_](?![^\W_])){2,})      # s p a c e d single letters
|(?P<joiner>(?<=[^\W_])(?:[^\w\s@$|!€%&<]+\n?|\n)(?=[^\W_]|[@$|!€]))  # a separator or line break inside a word
"""


class Loose:
    """The folded text as a reader sees it, and the way back.

    Markup, entities, percent-encoding, hashtag signs, separators and line
    breaks inside a word and the spaces between single letters are undone;
    text after a right-to-left override is reversed; the Danish digraphs
    are collapsed ("aa" is "a").  ``text`` is the result (the caller reads
    digits and symbols as letters and "å" as "a" with ``str.translate``,
    which keeps offsets).
    Segments map it back: a character copied as it was maps to itself, a
    replaced piece to the whole piece."""

    __slots__ = ("text", "_loose_starts", "_folded_starts", "_folded_ends", "_copied", "_whole")

    def __init__(self, folded: Normalised, pieces: str, digraphs: dict):
        source = _mark_line_breaks(folded)
        out: list[str] = []
        self._loose_starts: list[int] = []
        self._folded_starts: list[int] = []
        self._folded_ends: list[int] = []
        self._copied: list[bool] = []
        # Runs of regional-indicator letters, (start, end) in ``text``: a hit
        # takes a run whole ("🇩🇰🇸🇪" is two flags, not "kse").
        self._whole: list[tuple[int, int]] = []
        length = done = 0
        for piece in _loose_pattern(pieces).finditer(source):
            if piece.start() > done:
                length = self._segment(out, length, source[done:piece.start()], done, piece.start(), True)
            if piece.lastgroup == "spaced":  # each letter maps to itself
                for index in range(piece.start(), piece.end(), 2):
                    length = self._segment(out, length, source[index], index, index + 1, True)
                done = piece.end()
                continue
            replacement = _replacement(piece, digraphs)
            if piece.lastgroup == "regional":
                self._whole.append((length, length + len(replacement)))
            if replacement:
                length = self._segment(out, length, replacement, piece.start(), piece.end(), False)
            done = piece.end()
        if done < len(source):
            self._segment(out, length, source[done:], done, len(source), True)
        self.text = "".join(out)

    def _segment(self, out, length, text, start, end, copied) -> int:
        out.append(text)
        self._loose_starts.append(length)
        self._folded_starts.append(start)
        self._folded_ends.append(end)
        self._copied.append(copied)
        return length + len(text)

    def splits_a_run(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` begins or ends inside a run that must be taken whole."""
        return any(first < start < last or first < end < last for first, last in self._whole)

    def folded_start(self, index: int) -> int:
        segment = bisect.bisect_right(self._loose_starts, index) - 1
        if self._copied[segment]:
            return self._folded_starts[segment] + index - self._loose_starts[segment]
        return self._folded_starts[segment]

    def folded_end(self, index: int) -> int:
        """The folded end (exclusive) of the loose character at ``index``."""
        segment = bisect.bisect_right(self._loose_starts, index) - 1
        if self._copied[segment]:
            return self._folded_starts[segment] + index - self._loose_starts[segment] + 1
        return self._folded_ends[segment]


@functools.lru_cache(maxsize=4)
def _loose_pattern(pieces: str):
    return re.compile(pieces, re.VERBOSE | re.DOTALL)


def _mark_line_breaks(folded: Normalised) -> str:
    """The folded text with each space that stands for a line break made a
    line break (same length), so a word broken over two lines can be joined."""
    text, source = folded.text, folded.source
    if "\n" not in source or not text:
        return text
    chars = None
    first = folded.starts[0]
    for line_break in re.finditer("\n", source):
        if line_break.start() < first:
            continue
        index = bisect.bisect_right(folded.starts, line_break.start()) - 1
        if 0 <= index < len(text) and text[index] == " ":
            chars = chars or list(text)
            chars[index] = "\n"
    return "".join(chars) if chars else text


def _replacement(piece, digraphs: dict) -> str:
    kind, value = piece.lastgroup, piece.group()
    if kind == "override":
        return value[1:].rstrip("\u202c")[::-1]
    if kind == "entity":
        import html  # only a post with an entity needs it

        return "".join(_FOLD[char] for char in html.unescape(value))
    if kind == "percent":
        from urllib.parse import unquote  # only a post with percent-encoding needs it

        return "".join(_FOLD[char] for char in unquote(value, errors="replace"))
    if kind == "danish":
        return digraphs[value]
    if kind == "regional":
        # "🇴🇷🇮🇴🇳" spells "orion"; a flag ("🇩🇰") is two letters too, but the
        # word boundary is checked in the folded text, where it is no letter.
        return "".join(chr(ord(char) - 0x1F1E6 + ord("a")) for char in value)
    return ""  # markup, comments, tags, link targets, separators


# One automaton value (made in TermMatcher.add_many): the term's index, the
# key's length (LENGTH_BITS) and three flags (compound mode; whether the key
# needs a word boundary before / after it, i.e. starts / ends with a letter
# or digit).
COMPOUND, LEFT_BOUNDED, RIGHT_BOUNDED = 4, 2, 1
LENGTH_BITS = 16
LENGTH_MASK = (1 << LENGTH_BITS) - 1


def _word_start(text: str, start: int, value: int) -> int:
    """Where the word that holds a hit at ``start`` begins: the hit itself,
    unless the term may stand inside a word (match: anywhere, "Nordorion")."""
    if value & LEFT_BOUNDED or not text[start].isalnum():
        return start
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    return start


def _outermost(hits):
    """Drop hits inside an earlier, longer hit ("Falcon" inside "Projekt Falcon")."""
    hits.sort(key=lambda hit: (hit[0], -hit[1]))
    kept = []
    for hit in hits:
        if kept and hit[1] <= kept[-1][1]:
            continue
        kept.append(hit)
    return kept
