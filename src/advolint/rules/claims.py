"""claim-unsubstantiated: superlative claims the company must be able to document.

What: claims that put the company or its product above the market, from the
lexicon of the post's language (front matter ``language``, else the
policy's ``language``) in ``lint_rules/lexicons/claims/<language>.yaml``
(da and en in depth, starting sets for sv, nb and de; a language without a
lexicon is not checked):

* a superlative with a scope: "Danmarks billigste", "landets største",
  "markedets bedste", "den bedste service på markedet", "billigst i
  Danmark"; English "Denmark's cheapest", "the best service in Denmark";
* fixed claims: "mest solgte", "nr. 1", "førende", "markedsførende",
  "testvinder"; English "#1", "number one", "market-leading",
  "best-selling";
* "billigste"/"cheapest" alone, unless after a possessive ("vores
  billigste abonnement" compares the company's own range).

Not claims: a superlative without a scope ("Mine bedste kolleger"), a
superlative about people, days or experiences ("de bedste kolleger i
verden", "verdens bedste team": a judgement, not a product claim), a
possessive before the superlative ("min bedste oplevelse i Danmark"), and
numbering ("stand nr. 1").  ``claims.documented`` lists claims the company
can document; they are not flagged (matched case-insensitively, whole
phrase, wherever they overlap a finding).

Why: markedsføringsloven § 13 requires that factual claims can be
documented; Forbrugerombudsmanden treats unqualified superlatives about
price and market position as factual claims (FO case 15/02843).  An
employee repeating "Danmarks billigste" makes the company liable for it.

Failing::

    Vi har Danmarks billigste solceller lige nu.

Passing::

    Tak til mine bedste kolleger for en fantastisk uge.
"""

from __future__ import annotations

import regex

from ..model import Finding, Severity
from ..resources import load_data
from . import Rule

WORD_BEFORE = regex.compile(r"(\p{L}+)\P{L}*$")


def _alternatives(items) -> str:
    return "|".join(f"(?:{item})" for item in items)


def _word_set(lexicon, key) -> set[str]:
    return {word.casefold() for word in lexicon.get(key, [])}


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
        self.not_products = regex.compile(rf"{_alternatives(lexicon['not_products'])}", regex.IGNORECASE)
        self.scope_superlatives = _word_set(lexicon, "scope_superlatives")
        self.not_superlatives = _word_set(lexicon, "not_superlatives")
        self.possessives = _word_set(lexicon, "possessives")
        self.number_contexts = _word_set(lexicon, "number_contexts")

    def claims(self, text: str, start: int):
        """``(start, end)`` of each claim in ``text[start:]``, in order, without overlaps."""
        found = []
        for match in self.scoped.finditer(text, start):
            word = match.group("sup").casefold()
            if word in self.not_superlatives and word not in self.scope_superlatives:
                continue
            if not self._about_people(match.captures("noun")):
                found.append(match.span("claim"))
        for match in self.placed.finditer(text, start):
            if (match.group("sup").casefold() not in self.not_superlatives
                    and not self._about_people(match.captures("noun"))
                    and self._word_before(text, match.start(), start) not in self.possessives):
                found.append(match.span("claim"))
        for match in self.fixed.finditer(text, start):
            if self._word_before(text, match.start(), start) not in self.number_contexts:
                found.append(match.span("claim"))
        for match in self.relative.finditer(text, start):
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


class ClaimRule(Rule):
    ids = {"claim-unsubstantiated": Severity.WARNING}

    def __init__(self, context):
        super().__init__(context)
        self.lexicons: dict[str, ClaimLexicon | None] = {}
        self._lexicon(self.policy.language)
        documented = [r"\s+".join(regex.escape(word) for word in claim.split())
                      for claim in self.policy.claims.documented if claim.strip()]
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
        lexicon = self._lexicon(str(post.language or self.policy.language).lower())
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
