"""claim-unsubstantiated: superlative claims the company must be able to document.

Flags, in commercial posts only, superlatives with a scope and fixed claims ("Danmarks
billigste", "nr. 1") from the lexicon of the post's language unless listed in
``claims.documented``: marketing claims must be documented (markedsføringsloven § 13).

Reference (what, why, sources, examples): lint_rules/docs/claim-unsubstantiated.yaml,
shown by `advolint explain claim-unsubstantiated`.
"""

from __future__ import annotations

import collections
import re

import ahocorasick
import regex

from advolint import patterns
from advolint.findings import Finding, Severity
from advolint.records import Record
from advolint.resources import lint_rules_dir, load_data
from advolint.rules import commercial
from advolint.rules.base import Rule
from advolint.text.units import Covered, casefolded, dictionary

WORD_BEFORE = patterns.compile(r"(\p{L}+)\P{L}*$")
WORDS_BEFORE = patterns.compile(r"(?r)\p{L}+")
WORD_AFTER = patterns.compile(r"[^\S\n]+(\p{L}+)")
# The runs of letters and digits (``re``'s \w less "_": str.isalnum()).  Only the runs that
# are function words (lower-case letters only) are counted, so these count exactly what
# \p{Ll}+ between non-letters would, at half the cost of ``regex`` with look-arounds.
WORD_RUN = re.compile(r"[^\W_]+")
NOT_WORD_RUN = re.compile(r"[\W_]")
# A long post's words are counted a stretch of about this many characters at a time:
# the list of every word of a 100 MB post, made at once, would take 2 GB.
WORD_COUNT_STRETCH = 1 << 20
DIGIT_AFTER = patterns.compile(r"\s*\d")
SUPERLATIVE_ENDINGS = ("est", "este", "st", "ste")
NEGATION_REACH = 3  # words before a claim that may negate it: "er ikke Danmarks største"
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


def available_lexicons() -> list[str]:
    """The languages advolint has a claim lexicon for."""
    return sorted(path.stem for path in (lint_rules_dir() / "lexicons" / "claims").glob("*.yaml"))


class LexiconHint:
    """What every match of a pattern built from lexicon entries must contain:
    each entry's required letters (compared casefolded, as the patterns are
    case-insensitive), and whether they must stand at a word boundary, where
    the pattern wants one.  ``always``: an entry we cannot reduce, so the
    pattern may match anything."""

    def __init__(self, entries):
        found = [required_letters(entry) for entry in entries]
        self.always = any(not letters for letters, _, _ in found)
        self.literals = [(letters.casefold(), at_start, at_end) for letters, at_start, at_end in found]
        # Match starts can be listed only when every entry starts with its letters (policy-only: once).
        self.lists_starts = not self.always and all(at_start for _, at_start, _ in self.literals)


class LexiconHints:
    """A cheap test of where the patterns of one lexicon can match a text.

    The required letters of every pattern's entries are in one automaton: one
    pass over a post finds every occurrence of every literal, overlapping ones
    too, for all the patterns at once, at C speed; a pattern is then tried only
    where its letters are (at the boundaries it wants), or not at all.  That
    costs a fraction of one ``regex`` pass per pattern."""

    def __init__(self, entries_by_pattern: dict[str, list[str]]):
        self.hints = {name: LexiconHint(entries) for name, entries in entries_by_pattern.items()}
        # letters -> pattern -> the (at_start, at_end) pairs of its entries with those letters
        flags: dict[str, dict[str, list]] = {}
        for name, hint in self.hints.items():
            if not hint.always:
                for letters, at_start, at_end in hint.literals:
                    flags.setdefault(letters, {}).setdefault(name, []).append((at_start, at_end))
        self.automaton = None
        if flags:
            self.automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
            for letters, by_pattern in flags.items():
                self.automaton.add_word(letters, (len(letters), tuple(
                    (name, tuple(dict.fromkeys(pairs))) for name, pairs in by_pattern.items())))
            self.automaton.make_automaton()

    def places(self, text: str, folded: str, start: int) -> dict[str, list[int]]:
        """Pattern name -> where its required letters are in ``text[start:]``, as the
        pattern allows them (``folded`` is ``text.casefold()``): the patterns put a
        non-letter before an entry and after it, so letters that start (end) their
        entry must have a non-letter before (after) them."""
        found: dict[str, list[int]] = {}
        if self.automaton is None:
            return found
        aligned = len(folded) == len(text)  # casefolding kept every character in place ("ß" would not)
        size = len(text)
        for last, (length, by_pattern) in self.automaton.iter(folded, start):
            position, end = last - length + 1, last + 1
            before_ok = not aligned or position == 0 or not text[position - 1].isalpha()
            after_ok = not aligned or end == size or not text[end].isalpha()
            for name, pairs in by_pattern:
                if any((before_ok or not at_start) and (after_ok or not at_end) for at_start, at_end in pairs):
                    found.setdefault(name, []).append(position)
        return found

    def may_match(self, name: str, places: dict[str, list[int]]) -> bool:
        """Whether pattern ``name`` can match, given the ``places`` of a text."""
        return self.hints[name].always or name in places

    def matches(self, name: str, pattern, text: str, places: dict[str, list[int]], start: int, aligned: bool):
        """What ``pattern.finditer(text, start)`` finds, trying ``pattern`` only where
        ``places`` says a match can start, or not at all when it cannot match."""
        hint = self.hints[name]
        if hint.always:
            return pattern.finditer(text, start)
        positions = places.get(name)
        if not positions:
            return ()
        if not hint.lists_starts or not aligned:  # the letters do not tell where a match starts
            return pattern.finditer(text, start)
        return patterns.matches_at(pattern, text, sorted(set(positions)), start)


def regular_superlative(word: str, lemma: str) -> bool:
    """Whether ``word`` is the regular superlative of the adjective ``lemma`` (both casefolded):
    the stem plus -est/-este/-st/-ste, with a doubled last consonant ("smuk" -> "smukkeste"),
    without a final e ("large" -> "largest") or with y -> i ("easy" -> "easiest")."""
    stems = {lemma, lemma + lemma[-1:]}
    if lemma.endswith("e"):
        stems.add(lemma[:-1])
    if lemma.endswith("y"):
        stems.add(lemma[:-1] + "i")
    return word != lemma and any(word == stem + ending for stem in stems for ending in SUPERLATIVE_ENDINGS)


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
        self.numbering = regex.compile(
            rf"(?<![\p{{L}}\p{{N}}])(?P<claim>{_alternatives(lexicon['numbering_claims'])})(?![\p{{L}}\p{{N}}])",
            regex.IGNORECASE)
        self.relative = regex.compile(rf"(?<!\p{{L}})(?P<claim>{_alternatives(lexicon['relative_claims'])})(?!\p{{L}})",
                                      regex.IGNORECASE)
        self.hints = LexiconHints({name: lexicon[key] for name, key in (
            ("scoped", "scopes"), ("placed", "places"), ("fixed", "claims"), ("relative", "relative_claims"),
            ("numbering", "numbering_claims"))})
        self.not_products = regex.compile(rf"{_alternatives(lexicon['not_products'])}", regex.IGNORECASE)
        self.scope_superlatives = _word_set(lexicon, "scope_superlatives")
        self.not_superlatives = _word_set(lexicon, "not_superlatives")
        self.possessives = _word_set(lexicon, "possessives")
        self.claim_before_number = _word_set(lexicon, "claim_before_number")
        self.negations = _word_set(lexicon, "negations")
        self.function_words = _word_set(lexicon, "function_words")
        # Superlatives are checked against the language's dictionary where advolint has one:
        # a regular superlative of a known adjective, or one of the irregular ones listed.
        self.dictionary_language = lexicon.get("dictionary")
        self.irregular = _word_set(lexicon, "irregular_superlatives") | self.scope_superlatives

    def claims(self, text: str, start: int, folded: str | None = None):
        """``(start, end)`` of each claim in ``text[start:]``, in order, without overlaps
        (``folded``: ``text.casefold()``, when the caller has it)."""
        found = []
        folded = text.casefold() if folded is None else folded
        hints = self.hints
        places = hints.places(text, folded, start)
        aligned = len(folded) == len(text)
        scoped, fixed, relative, numbering = (
            hints.matches(name, pattern, text, places, start, aligned) for name, pattern in (
                ("scoped", self.scoped), ("fixed", self.fixed), ("relative", self.relative),
                ("numbering", self.numbering)))
        # A placed claim starts at any superlative: its hint (the places) can only say whether to search.
        placed = self.placed.finditer(text, start) if hints.may_match("placed", places) else ()
        for match in scoped:
            word = match.group("sup").casefold()
            if word in self.not_superlatives and word not in self.scope_superlatives:
                continue
            if self._superlative(word) and not self._about_people(match.captures("noun")):
                found.append(match.span("claim"))
        for match in placed:
            if (match.group("sup").casefold() not in self.not_superlatives
                    and self._superlative(match.group("sup"))
                    and not self._about_people(match.captures("noun"))
                    and self._word_before(text, match.start(), start) not in self.possessives):
                found.append(match.span("claim"))
        found.extend(match.span("claim") for match in fixed)
        for match in numbering:
            # "Vi er nr. 1", "Danmarks nr. 1" claim a rank; "stand nr. 1", "Nyhedsbrev nr. 1 2008" number things.
            before = self._word_before(text, match.start(), start, fold=False)
            if ((before.casefold() in self.claim_before_number or (before.endswith("s") and before[:1].isupper()))
                    and not DIGIT_AFTER.match(text, match.end())):
                found.append(match.span("claim"))
        for match in relative:
            # Only before a noun: "den billigste strøm" compares, "det billigste var" judges.
            after = WORD_AFTER.match(text, match.end())
            if (self._word_before(text, match.start(), start) not in self.possessives
                    and after and after.group(1).casefold() not in self.function_words):
                found.append(match.span("claim"))
        found = [span for span in found if not self._negated(text, span[0], start)]
        found.sort(key=lambda span: (span[0], -span[1]))
        result = []
        for span in found:
            if not result or span[0] >= result[-1][1]:
                result.append(span)
        return result

    def _superlative(self, word: str) -> bool:
        """Whether a word the patterns took for a superlative is one (a multi-word "mest solgte" is)."""
        word = word.casefold()
        if not self.dictionary_language or not word.isalpha() or word in self.irregular:
            return True
        lemma = dictionary(self.dictionary_language).get(word)
        return bool(lemma) and regular_superlative(word, lemma.casefold())

    def _negated(self, text: str, offset: int, floor: int) -> bool:
        """Whether a negation stands among the few words before ``offset``: "rummer ikke Danmarks største"."""
        words = WORDS_BEFORE.finditer(text, max(floor, offset - 60), offset)
        return any(match.group().casefold() in self.negations for _, match in zip(range(NEGATION_REACH), words))

    def function_word_count(self, words: "collections.Counter") -> int:
        """How many of ``words`` (a post's words, counted) are this language's
        function words (to tell the post's language)."""
        return sum(words[word] for word in self.function_words & words.keys())

    def _about_people(self, nouns) -> bool:
        return any(self.not_products.fullmatch(noun) for noun in nouns)

    @staticmethod
    def _word_before(text: str, offset: int, floor: int, fold: bool = True) -> str:
        match = WORD_BEFORE.search(text, max(floor, offset - 40), offset)
        word = match.group(1) if match else ""
        return word.casefold() if fold else word


def word_counts(text: str, start: int = 0) -> "collections.Counter":
    """How often each run of letters and digits (``WORD_RUN``) occurs in ``text[start:]``,
    counted a stretch at a time; a stretch ends where a run does."""
    words: collections.Counter = collections.Counter()
    size = len(text)
    while start < size:
        stop = start + WORD_COUNT_STRETCH
        if stop >= size:
            stop = size
        else:
            boundary = NOT_WORD_RUN.search(text, stop)
            stop = boundary.start() if boundary else size
        words.update(WORD_RUN.findall(text, start, stop))
        start = stop
    return words


class Settings(Record):
    language: str  # the policy's: posts whose language neither front matter nor their words tell
    documented: tuple[str, ...]  # claims.documented
    commercial: commercial.CommercialSettings  # only commercial posts are marketing (§ 13)


class ClaimRule(Rule):
    ids = {"claim-unsubstantiated": Severity.WARNING}
    policy_keys = ("language", "claims.documented", *commercial.POLICY_KEYS)

    @classmethod
    def settings(cls, policy) -> Settings:
        return Settings(policy.language, tuple(policy.claims.documented), commercial.commercial_settings(policy))

    def __init__(self, settings: Settings, messages):
        super().__init__(settings, messages)
        self.detector = commercial.detector(settings.commercial)
        self.lexicons: dict[str, ClaimLexicon | None] = {}
        for language in available_lexicons():
            self._lexicon(language)
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

    def _post_lexicon(self, post) -> ClaimLexicon | None:
        """The lexicon of the post's language: its front matter's, else the language most of its
        function words belong to ("the fastest network in Denmark" in a Danish policy is English),
        else the policy's."""
        if post.language:
            return self._lexicon(str(post.language).lower())
        default = self.settings.language.lower()
        # The post's words are counted once (in C); each language then sums only its function words.
        words = word_counts(post.text, post.body_start)
        counts = {language: lexicon.function_word_count(words)
                  for language, lexicon in self.lexicons.items() if lexicon is not None}
        best = max(counts, key=counts.get, default=default)
        return self._lexicon(best if counts[best] > counts.get(default, 0) else default)

    def check(self, post):
        if not self.detector.is_commercial(post):
            return
        lexicon = self._post_lexicon(post)
        if lexicon is None:
            return
        claims = lexicon.claims(post.text, post.body_start, casefolded(post))
        documented = Covered(m.span() for m in self.documented.finditer(post.text, post.body_start)) \
            if self.documented and claims else Covered(())
        for start, end in claims:
            if documented.overlaps(start, end):
                continue
            claim = post.text[start:end]
            yield Finding(
                rule="claim-unsubstantiated", start=start, end=end,
                message=self.message("claim-unsubstantiated", "claim", claim=claim),
                suggestion=self.message("claim-unsubstantiated", "suggestion"),
            )


RULE = ClaimRule
