"""tone-shouting: words written in capitals ("HUSK", "ÆBLER").

Words of 4+ capitals, except short acronyms, codes, names and known acronyms: capitals
read as shouting, and most social-media policies say "we don't shout" (domain notes §1).

Reference (what, why, sources, examples): lint_rules/docs/tone-shouting.yaml,
shown by `advolint explain tone-shouting`.
"""

from __future__ import annotations

from advolint import patterns
from advolint.findings import Finding, Severity
from advolint.records import Record
from advolint.resources import load_data
from advolint.rules.base import Rule
from advolint.text.units import hashtags, mentions, starts_sentence, urls

WORD = patterns.compile(r"[\p{L}\p{M}\p{N}]+(?:-[\p{L}\p{M}\p{N}]+)*")
LETTERS = patterns.compile(r"\p{L}")
ROMAN_NUMERAL = patterns.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
MIN_LETTERS = 4
# A shouted word has a hyphen-free part of 4+ characters, all capitals,
# combining marks or non-decimal numbers (a decimal digit makes it a code):
# where this finds nothing, nothing is shouted, so most posts cost one search.
CAPITAL_RUN = patterns.compile(r"[\p{Lu}\p{M}\p{Nl}\p{No}]{4}")
# The start of the word around a position, searched backwards: letters,
# marks and digits, and hyphens between them, as ``WORD`` joins them.
WORD_BEFORE = patterns.compile(r"(?r)(?:[\p{L}\p{M}\p{N}]+-)*[\p{L}\p{M}\p{N}]*")


class Settings(Record):
    allowed: tuple[str, ...]  # the company's names and tone.shouting_allow


class ShoutingRule(Rule):
    ids = {"tone-shouting": Severity.WARNING}
    policy_keys = ("tone.shouting", "tone.shouting_allow", "company.name", "company.aliases", "company.products")

    @classmethod
    def settings(cls, policy) -> Settings | None:
        if not policy.tone.shouting:
            return None
        company = policy.company
        return Settings((company.name or "", *company.aliases, *company.products, *policy.tone.shouting_allow))

    def __init__(self, settings: Settings, messages):
        super().__init__(settings, messages)
        names = [*settings.allowed, *load_data("lexicons/shouting-allow.yaml")]
        self.allowed = {word.casefold() for name in names for word in WORD.findall(name)}

    def _shouted(self, word: str) -> bool:
        letters = LETTERS.findall(word)
        if len(letters) < MIN_LETTERS or any(char.isdigit() for char in word) or ROMAN_NUMERAL.fullmatch(word):
            return False
        if not all(letter.isupper() for letter in letters) or word.casefold() in self.allowed:
            return False
        return any(len(part) >= MIN_LETTERS and part.casefold() not in self.allowed for part in word.split("-"))

    @staticmethod
    def _skipped(post) -> list[tuple[int, int]]:
        """Spans whose words are not the post's own voice: URLs, hashtags, @mentions."""
        return [(start, end) for start, end, _ in [*urls(post), *hashtags(post), *mentions(post)]]

    def _any_shouted(self, post) -> bool:
        """Whether any word outside URLs, hashtags and mentions is shouted, looking only at words with a capital run."""
        text, floor = post.text, post.body_start
        position, skip = floor, None
        while (run := CAPITAL_RUN.search(text, position)) is not None:
            word = WORD.match(text, WORD_BEFORE.match(text, floor, run.start()).start())
            if self._shouted(word.group()):
                skip = self._skipped(post) if skip is None else skip
                if not any(start <= word.start() < end for start, end in skip):
                    return True
            position = word.end()
        return False

    def check(self, post):
        if not self._any_shouted(post):
            return  # the usual case: no capitals, or only allowed ones ("HUSK", "NATO")
        skip = self._skipped(post)
        runs: list[list[int]] = []  # [start, end] of consecutive shouted words
        previous_end = None
        for match in WORD.finditer(post.text, post.body_start):
            word = match.group()
            if any(start <= match.start() < end for start, end in skip):
                continue
            if not self._shouted(word):
                if not word.isupper():
                    previous_end = None  # a normal word ends the run
                elif previous_end is not None:
                    runs[-1][1] = previous_end = match.end()  # "STOR NYHED I DAG" is one run
                continue
            gap = post.text[previous_end:match.start()] if previous_end is not None else None
            if runs and gap is not None and "\n" not in gap:
                runs[-1][1] = match.end()
            else:
                runs.append([match.start(), match.end()])
            previous_end = match.end()
        for start, end in runs:
            shouted = post.text[start:end]
            calm = shouted.lower()
            if starts_sentence(post.text, start, post.body_start):
                calm = calm[:1].upper() + calm[1:]
            yield Finding(
                rule="tone-shouting", start=start, end=end,
                message=self.message("tone-shouting", "shouting", words=shouted),
                suggestion=self.message("tone-shouting", "suggestion", calm=calm),
            )


RULE = ShoutingRule
