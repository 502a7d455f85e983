"""claim-unsubstantiated: superlative claims the company must be able to document.

Flags superlatives with a scope and fixed claims ("Danmarks billigste", "nr. 1") from the
post language's lexicon unless listed in ``claims.documented``: factual claims must be
documented (markedsføringsloven § 13; Forbrugerombudsmanden, case 15/02843).

Reference (what, why, sources, examples): lint_rules/docs/claim-unsubstantiated.yaml,
shown by `advolint explain claim-unsubstantiated`.
"""

from __future__ import annotations

import ahocorasick
import regex

from advolint import patterns
from advolint.findings import Finding, Severity
from advolint.records import Record
from advolint.resources import load_data
from advolint.rules.base import Rule

WORD_BEFORE = patterns.compile(r"(\p{L}+)\P{L}*$")
# A lexicon entry in tokens: an escape, a character class, a {...} quantifier, one character.
ENTRY_TOKEN = patterns.compile(r"\\.|\[\^?\]?(?:\\.|[^\]])*\]|\{[^}]*\}|.", regex.DOTALL)
QUANTIFIER = ("?", "*", "+", "{")


def _alternatives(items) -> str:
    return "|".join(f"(?:{item})" for item in items)


def _word_set(lexicon, key) -> set[str]:
    return {word.casefold() for word in lexicon.get(key, [])}


def required_letters(entry: str) -> tuple[str, bool, bool]:
    """The longest run of plain letters that every match of the regular
    expression ``entry`` contains, whether the run starts the entry and whether
    it ends it: ``billigste?`` -> ("billigst", True, False).  Letters inside
    groups, classes or escapes and a letter under a quantifier do not count;
    an entry with a top-level ``|`` or without such letters gives ("", False, False)."""
    tokens = ENTRY_TOKEN.findall(entry)
    runs, run_start, depth = [], None, 0
    for index, token in enumerate(tokens + [""]):
        if depth == 0 and len(token) == 1 and token.isalpha():
            run_start = index if run_start is None else run_start
            continue
        if run_start is not None:
            run_end = index - 1 if token.startswith(QUANTIFIER) else index  # "e?": the e is optional
            if run_end > run_start:
                runs.append(("".join(tokens[run_start:run_end]), run_start == 0, run_end == len(tokens)))
            run_start = None
        if token == "|" and depth == 0:
            return "", False, False
        depth += {"(": 1, ")": -1}.get(token, 0)
    return max(runs, key=lambda run: len(run[0]), default=("", False, False))


class LexiconHint:
    """A cheap test that a pattern built from lexicon entries cannot match a
    text: every entry's required letters are missing (compared casefolded, as
    the patterns are case-insensitive), or found only inside a word where the
    pattern wants a word boundary.  Searching for a few words with ``in`` and
    ``find`` costs a fraction of one ``regex`` pass over the text."""

    def __init__(self, entries):
        found = [required_letters(entry) for entry in entries]
        self.always = any(not letters for letters, _, _ in found)  # an entry we cannot reduce
        self.literals = [(letters.casefold(), at_start, at_end) for letters, at_start, at_end in found]
        # Match starts can be listed only when every entry starts with its letters (policy-only: once).
        self.lists_starts = not self.always and all(at_start for _, at_start, _ in self.literals)
        # Every literal in one automaton: one pass over a post finds every occurrence of every
        # literal, overlapping ones too (as a str.find loop per literal would), at C speed.
        # Each literal maps to its length and the (at_start, at_end) pairs of its entries.
        self.automaton = None
        if not self.always and self.literals:
            self.automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
            flags: dict[str, list] = {}
            for letters, at_start, at_end in self.literals:
                flags.setdefault(letters, []).append((at_start, at_end))
            for letters, pairs in flags.items():
                self.automaton.add_word(letters, (len(letters), tuple(dict.fromkeys(pairs))))
            self.automaton.make_automaton()

    def may_match(self, text: str, folded: str, start: int) -> bool:
        """``folded`` is ``text.casefold()``."""
        return self.always or next(self._places(text, folded, start), None) is not None

    def starts(self, text: str, folded: str, start: int) -> list[int] | None:
        """Every offset where a match can start, in order, when each entry
        starts with its letters (and casefolding kept the offsets); else None."""
        if not self.lists_starts or len(folded) != len(text):
            return None
        return sorted(set(self._places(text, folded, start)))

    def _places(self, text: str, folded: str, start: int):
        """Where the required letters are, as the patterns allow them: they put
        a non-letter before an entry and after it, so letters that start (end)
        their entry must have a non-letter before (after) them."""
        if self.automaton is None:
            return
        aligned = len(folded) == len(text)  # casefolding kept every character in place ("ß" would not)
        size = len(text)
        for last, (length, pairs) in self.automaton.iter(folded, start):
            position, end = last - length + 1, last + 1
            if not aligned:
                yield position
                continue
            before_ok = position == 0 or not text[position - 1].isalpha()
            after_ok = end == size or not text[end].isalpha()
            if any((before_ok or not at_start) and (after_ok or not at_end) for at_start, at_end in pairs):
                yield position


def _matches(pattern, hint: LexiconHint, text: str, folded: str, start: int):
    """What ``pattern.finditer(text, start)`` finds, trying ``pattern`` only
    where ``hint`` says a match can start, or not at all when it cannot match."""
    starts = hint.starts(text, folded, start)
    if starts is None:
        return pattern.finditer(text, start) if hint.may_match(text, folded, start) else ()
    found, end = [], start
    for position in starts:
        if position >= end and (match := pattern.match(text, position)):
            found.append(match)
            end = match.end()  # finditer goes on after a match
    return found


class ClaimLexicon:
    """The compiled claim patterns of one language."""

    def __init__(self, lexicon: dict):
        superlative = rf"(?P<sup>{_alternatives(lexicon['superlatives'])})(?!\p{{L}})"
        scope_superlative = (rf"(?P<sup>{_alternatives(lexicon['superlatives'] + lexicon['scope_superlatives'])})"
                             r"(?!\p{L})")
        self.scoped = regex.compile(
            rf"(?<!\p{{L}})(?P<claim>(?:{_alternatives(lexicon['scopes'])})\s+{scope_superlative})"
            r"(?:\s+(?P<noun>\p{L}+))?", regex.IGNORECASE)
        self.placed = regex.compile(
            rf"(?<!\p{{L}})(?P<claim>{superlative}(?:\s+(?P<noun>\p{{L}}+)){{0,2}}\s+"
            rf"(?:{_alternatives(lexicon['prepositions'])})\s+(?:{_alternatives(lexicon['places'])}))(?!\p{{L}})",
            regex.IGNORECASE)
        self.fixed = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?P<claim>{_alternatives(lexicon['claims'])})(?![\p{{L}}\p{{N}}])",
                                   regex.IGNORECASE)
        self.relative = regex.compile(rf"(?<!\p{{L}})(?P<claim>{_alternatives(lexicon['relative_claims'])})(?!\p{{L}})",
                                      regex.IGNORECASE)
        self.hints = {name: LexiconHint(lexicon[key]) for name, key in (
            ("scoped", "scopes"), ("placed", "places"), ("fixed", "claims"), ("relative", "relative_claims"))}
        self.not_products = regex.compile(rf"{_alternatives(lexicon['not_products'])}", regex.IGNORECASE)
        self.scope_superlatives = _word_set(lexicon, "scope_superlatives")
        self.not_superlatives = _word_set(lexicon, "not_superlatives")
        self.possessives = _word_set(lexicon, "possessives")
        self.number_contexts = _word_set(lexicon, "number_contexts")

    def claims(self, text: str, start: int):
        """``(start, end)`` of each claim in ``text[start:]``, in order, without overlaps."""
        found = []
        folded = text.casefold()
        scoped, fixed, relative = (_matches(pattern, self.hints[name], text, folded, start) for name, pattern in (
            ("scoped", self.scoped), ("fixed", self.fixed), ("relative", self.relative)))
        # A placed claim starts at any superlative: its hint (the places) can only say whether to search.
        placed = self.placed.finditer(text, start) if self.hints["placed"].may_match(text, folded, start) else ()
        for match in scoped:
            word = match.group("sup").casefold()
            if word in self.not_superlatives and word not in self.scope_superlatives:
                continue
            if not self._about_people(match.captures("noun")):
                found.append(match.span("claim"))
        for match in placed:
            if (match.group("sup").casefold() not in self.not_superlatives
                    and not self._about_people(match.captures("noun"))
                    and self._word_before(text, match.start(), start) not in self.possessives):
                found.append(match.span("claim"))
        for match in fixed:
            if self._word_before(text, match.start(), start) not in self.number_contexts:
                found.append(match.span("claim"))
        for match in relative:
            if self._word_before(text, match.start(), start) not in self.possessives:
                found.append(match.span("claim"))
        found.sort(key=lambda span: (span[0], -span[1]))
        result = []
        for span in found:
            if not result or span[0] >= result[-1][1]:
                result.append(span)
        return result

    def _about_people(self, nouns) -> bool:
        return any(self.not_products.fullmatch(noun) for noun in nouns)

    @staticmethod
    def _word_before(text: str, offset: int, floor: int) -> str:
        match = WORD_BEFORE.search(text, max(floor, offset - 40), offset)
        return match.group(1).casefold() if match else ""


class Settings(Record):
    language: str  # the policy's: posts without their own language
    documented: tuple[str, ...]  # claims.documented


class ClaimRule(Rule):
    ids = {"claim-unsubstantiated": Severity.WARNING}
    policy_keys = ("language", "claims.documented")

    @classmethod
    def settings(cls, policy) -> Settings:
        return Settings(policy.language, tuple(policy.claims.documented))

    def __init__(self, settings: Settings, messages):
        super().__init__(settings, messages)
        self.lexicons: dict[str, ClaimLexicon | None] = {}
        self._lexicon(settings.language)
        documented = [r"\s+".join(regex.escape(word) for word in claim.split())
                      for claim in settings.documented if claim.strip()]
        self.documented = (regex.compile(rf"(?<!\p{{L}})(?:{'|'.join(documented)})(?!\p{{L}})", regex.IGNORECASE)
                           if documented else None)

    def _lexicon(self, language: str) -> ClaimLexicon | None:
        """The compiled lexicon of ``language`` (None when advolint has none), built once."""
        if language not in self.lexicons:
            try:
                data = load_data(f"lexicons/claims/{language}.yaml")
            except FileNotFoundError:
                data = None
            self.lexicons[language] = ClaimLexicon(data) if data else None
        return self.lexicons[language]

    def check(self, post):
        lexicon = self._lexicon(str(post.language or self.settings.language).lower())
        if lexicon is None:
            return
        documented = ([m.span() for m in self.documented.finditer(post.text, post.body_start)]
                      if self.documented else [])
        for start, end in lexicon.claims(post.text, post.body_start):
            if any(start < d_end and d_start < end for d_start, d_end in documented):
                continue
            claim = post.text[start:end]
            yield Finding(
                rule="claim-unsubstantiated", start=start, end=end,
                message=self.message("claim-unsubstantiated", "claim", claim=claim),
                suggestion=self.message("claim-unsubstantiated", "suggestion"),
            )


RULE = ClaimRule
