"""tone-shouting: words of the post's language written in capitals ("HUSK", "ÆBLER").

A dictionary word of 4+ capitals is shouting; an all-capital non-word is an acronym or a
name (KFUM, LDAP), and disclosure labels never shout: capitals read as shouting, and most
social-media policies say "we don't shout" (domain notes §1).

Reference (what, why, sources, examples): lint_rules/docs/tone-shouting.yaml,
shown by `advolint explain tone-shouting`.
"""

from __future__ import annotations

import unicodedata

from advolint import patterns
from advolint.findings import Finding, Severity
from advolint.records import Record
from advolint.resources import jurisdiction, load_data
from advolint.rules.base import Rule
from advolint.text.units import dictionary, foreign_spans, starts_sentence

WORD = patterns.compile(r"[\p{L}\p{M}\p{N}]+(?:-[\p{L}\p{M}\p{N}]+)*")
LETTERS = patterns.compile(r"\p{L}")
ROMAN_NUMERAL = patterns.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
MIN_LETTERS = 4
# A shouted word has a hyphen-free part of 4+ characters, all capitals,
# combining marks or non-decimal numbers (a decimal digit makes it a code):
# where this finds nothing, nothing is shouted, so most posts cost one search.
CAPITAL_RUN = patterns.ClassRuns(r"\p{Lu}\p{M}\p{Nl}\p{No}", MIN_LETTERS)
# The start of the word around a position, searched backwards: letters,
# marks and digits, and hyphens between them, as ``WORD`` joins them.
WORD_BEFORE = patterns.compile(r"(?r)(?:[\p{L}\p{M}\p{N}]+-)*[\p{L}\p{M}\p{N}]*")
# "RÆKKE(D5:D8)", "LAGER::hent": a function or a namespace, code, not a word.
CALL = patterns.compile(r"[(\[]|::")
# One word in capitals before a colon is a rubric or a dateline, a label of the text below it
# ("DEBAT: ...", "ODENSE: ...", "LÆS OGSÅ:"), as newspapers set them, not a raised voice.
# The word before or after a run that makes the run part of a name: an acronym, a code or a
# capitalised word; "&" joins names ("DAC& CAFE", "MAD & MOTION").
NAME_BEFORE = patterns.compile(
    r"(?<![\p{L}\p{N}])(&|\p{Lu}\p{Ll}+|[\p{Lu}\p{N}]*\p{Lu}[\p{Lu}\p{N}]+|\p{Lu}\p{N}+)"
    r"[^\S\n]*(?P<amp>&?)[^\S\n]+$")
NAME_AFTER = patterns.compile(r"[^\S\n]*(&|(?<=\s)\p{Lu}{2,}(?![\p{L}\p{N}]))")
# A name in a list of names: "af KLØVER, Nordvind og Solbær", "Team Nord og KLØVER"
# (a capitalised word after "og" or a comma inside a sentence is a name, not a sentence start).
LISTED_AFTER = patterns.compile(r"(?:,|[^\S\n]+(?:og|eller))[^\S\n]+\p{Lu}\p{L}*\p{Ll}")
LISTED_BEFORE = patterns.compile(r"(?<![\p{L}\p{N}])\p{Lu}\p{L}*\p{Ll}\p{L}*(?:,|[^\S\n]+(?:og|eller))[^\S\n]+$")
# Danish writes the genitive of a name or an acronym with an apostrophe ("SPIRE's", "SPIRE' s"),
# of a word without one ("PRISENS").
GENITIVE_APOSTROPHE = patterns.compile(r"[’'][^\S\n]?s(?![\p{L}\p{N}])")
# A numbered title before a colon is a rubric too ("SERIEN 3: Nye afsnit").
NUMBERED_RUBRIC = patterns.compile_anchored(r"[^\S\n]+\d{1,3}[^\S\n]*:(?!:)")
# A short word in capitals just before a run belongs to it ("LÆS OGSÅ", "NU ER DET SOMMER").
SHORT_BEFORE = patterns.compile(r"(?<![\p{L}\p{M}\p{N}-])(\p{Lu}{1,3})[^\S\n]+$")
# So is one that a new sentence follows without a stop, a heading run into its text
# ("PORTRÆT Efter at have ...", "AFSTEMNING (Forslaget vedtoges)"); a capitalised word that is
# no word of the language carries a name on inside a sentence ("ifølge UGEAVISEN Holstebro").
RUBRIC = patterns.compile(r"[^\S\n]*:(?!:)|[^\S\n]+(?:(?P<next>\p{Lu}\p{Ll}\p{L}*)|\()")
# Several words before a colon and a capitalised headline are a kicker ("LÆS OGSÅ NYHEDER FRA:
# Der er håb ..."); "STOR NYHED I DAG: vi åbner" goes on with the sentence and shouts.
HEADLINE_AFTER = patterns.compile_anchored(r"[^\S\n]*:[^\S\n]+\p{Lu}")
COMPOUND_PART = 4  # the shortest part of a compound word: "PRIS-GARANTI", "JULE-HYGGE" (not "KID-KIT")
LINKS = ("", "s", "e")  # a Danish compound's linking letters: "forening-s-formand"


def _compound(word: str, table) -> bool:
    """Whether ``word`` is two known words, the first maybe with a linking s or e ("prisgaranti")."""
    for cut in range(COMPOUND_PART, len(word) - COMPOUND_PART + 1):
        head, tail = word[:cut], word[cut:]
        if tail in table and any(
                head.endswith(link) and len(head) - len(link) >= COMPOUND_PART
                and head[:len(head) - len(link)] in table for link in LINKS):
            return True
    return False


class Settings(Record):
    allowed: tuple[str, ...]  # the company's names, tone.shouting_allow and the one-word disclosure labels
    language: str  # the policy's: posts without their own
    phrases: tuple[str, ...] = ()  # the disclosure labels of several words ("I SAMARBEJDE MED")


class ShoutingRule(Rule):
    ids = {"tone-shouting": Severity.WARNING}
    policy_keys = ("tone.shouting", "tone.shouting_allow", "company.name", "company.aliases", "company.products",
                   "language", "jurisdictions", "disclosure.labels", "disclosure.insufficient")

    @classmethod
    def settings(cls, policy) -> Settings | None:
        if not policy.tone.shouting:
            return None
        company, disclosure = policy.company, policy.disclosure
        labels = [*(disclosure.labels or []), *(disclosure.insufficient or [])]
        for code in policy.jurisdictions:  # "REKLAME | ..." is the label the law asks for, not shouting
            pack = jurisdiction(code)
            labels += [*pack.get("accepted", []), *pack.get("insufficient", [])]
        # A label of several words is allowed as a whole: "I samarbejde med" must not allow "I".
        # A "#" label is an ordinary word outside a hashtag ("SAMARBEJDE"), and hashtags are skipped anyway.
        words = [label for label in labels if len(label.split()) == 1 and not label.startswith(("#", "＃"))]
        phrases = tuple(" ".join(label.casefold().split()) for label in labels if len(label.split()) > 1)
        return Settings((company.name or "", *company.aliases, *company.products, *policy.tone.shouting_allow,
                         *words), policy.language, phrases)

    def __init__(self, settings: Settings, messages):
        super().__init__(settings, messages)
        names = [*settings.allowed, *load_data("lexicons/shouting-allow.yaml")]
        self.allowed = {word.casefold() for name in names for word in WORD.findall(name)}
        self.before_names = frozenset(load_data("lexicons/shouting-da.yaml")["before_names"])

    @staticmethod
    def _languages(post, default: str) -> tuple[str, ...]:
        """Whose words shout in the post: its language's (front matter, else the policy's).  English
        words in a Danish post are mostly names ("ROSE XEON", "Fair DISPLAY"), so they do not count."""
        return (str(post.language or default).lower(),)

    def _shouted(self, word: str, languages: tuple[str, ...]) -> bool:
        letters = LETTERS.findall(word)
        if len(letters) < MIN_LETTERS or any(char.isdigit() for char in word) or ROMAN_NUMERAL.fullmatch(word):
            return False
        if not all(letter.isupper() for letter in letters) or word.casefold() in self.allowed:
            return False
        parts = [part for part in word.split("-") if part.casefold() not in self.allowed]
        # A part that is no word makes the whole a name or code: "TALENT-DK", "SANS-II".
        return (any(len(part) >= MIN_LETTERS for part in parts)
                and all(self._is_word(part, languages) or self._short_shouted(part, languages) for part in parts))

    def _in_label(self, text: str, start: int, end: int) -> bool:
        """Whether the run is two or more words of a disclosure label of several words
        ("SAMARBEJDE MED" of "i samarbejde med"; a lone "SAMARBEJDE" still shouts)."""
        words = WORD.findall(text, start, end)
        if not self.settings.phrases or len(words) < 2:
            return False
        run = f" {' '.join(words).casefold()} "
        return any(run in f" {phrase} " for phrase in self.settings.phrases)

    def _in_name(self, post, start: int, languages: tuple[str, ...]) -> bool:
        """Whether the word at ``start`` carries on a name: after an acronym or name in capitals
        ("TV AVISEN", "TV SKOVEN"), after a capitalised word inside a sentence ("Hos Fair
        DISPLAY", "Kontant SPOT"), after "&" ("MAD & MOTION") or a slash ("TV/MIDT-VEST")."""
        text = post.text
        if start > post.body_start and text[start - 1] == "/":
            return True
        before = NAME_BEFORE.search(text, max(post.body_start, start - 40), start)
        if not before:
            return False
        word = before.group(1)
        if word == "&" or before.group("amp") or any(char.isdigit() for char in word):
            return True
        if word.isupper():
            return self._acronym(word, languages)
        return not starts_sentence(text, before.start(1), post.body_start)

    def _acronym(self, capitals: str, languages: tuple[str, ...]) -> bool:
        """Whether a token in capitals is an acronym or a name: of 3+ letters, no word of the
        language (KFUM, XEON); of two, an allowed one ("TV AVISEN", "PIRAT TV"), as most
        two-letter tokens are words ("ER", "OG")."""
        if len(capitals) == 2:
            return capitals.casefold() in self.allowed
        return not self._is_word(capitals, languages) and not self._short_shouted(capitals, languages)

    @staticmethod
    def _also_english(word: str, languages: tuple[str, ...]) -> bool:
        """Whether a word of a non-English post is an English word too (LIVE, SHOP, SPOT): inside
        a sentence, alone or with such words only, it is mostly a name, a brand or a title."""
        lower = word.lower()
        return "en" not in languages and lower.isascii() and lower in dictionary("en")

    def _short_shouted(self, word: str, languages: tuple[str, ...]) -> bool:
        """A word of fewer than 4 capitals that belongs to a shouted run: "I", "DAG", "HER"."""
        if len(word) >= MIN_LETTERS or not (word.isalpha() and word.isupper()) or word.casefold() in self.allowed:
            return False
        lower = word.lower()
        return any(lower in dictionary(language) for language in languages)

    @staticmethod
    def _is_word(capitals: str, languages: tuple[str, ...]) -> bool:
        """Whether a word in capitals is a word of one of ``languages`` (a dictionary has it in lower
        case, or it is a compound of two such words), not an acronym or a name: "AIDS" and "Odense"
        are in the Danish table only as written so, KFUM and LDAP in none."""
        capitals = unicodedata.normalize("NFC", capitals)  # a decomposed "ÅBEN" is "ÅBEN"
        dictionaries = [dictionary(language) for language in languages]
        if any(capitals in table for table in dictionaries):
            return False
        lower = capitals.lower()
        if any(lower in table for table in dictionaries):
            return True
        name = capitals.capitalize()  # "AALBORG" is the name "Aalborg", not "aal" + "borg"
        return not any(name in table for table in dictionaries) and any(
            _compound(lower, table) for table in dictionaries)

    def _any_shouted(self, post, languages) -> bool:
        """Whether any word outside URLs, hashtags and mentions is shouted, looking only at words with a capital run."""
        text, floor = post.text, post.body_start
        position = floor
        while (run := CAPITAL_RUN.search(text, position)) is not None:
            word = WORD.match(text, WORD_BEFORE.match(text, floor, run.start()).start())
            if not CALL.match(text, word.end()) and self._shouted(word.group(), languages):
                if word.start() not in foreign_spans(post):
                    return True
            position = word.end()
        return False

    def check(self, post):
        languages = self._languages(post, self.settings.language)
        if not self._any_shouted(post, languages):
            return  # the usual case: no capitals, or only allowed ones ("HUSK", "NATO")
        text, skip = post.text, foreign_spans(post)
        runs: list[list[int]] = []  # [start, end] of consecutive shouted words
        names: set[str] = set()  # words the post writes as (part of) a name
        open_run = False  # whether the next shouted word on the line continues the last run
        for match in WORD.finditer(text, post.body_start):
            word = match.group()
            if match.start() in skip:
                continue
            gap_ok = open_run and text[runs[-1][1]:match.start()].isspace() and "\n" not in text[
                runs[-1][1]:match.start()]
            if CALL.match(text, match.end()) or not self._shouted(word, languages):
                # "STOR NYHED I DAG": a short word of the language carries the run on; a normal
                # word, a name or an acronym ends it ("KLIK HER FC", "LOVE IKEA").
                open_run = gap_ok and self._short_shouted(word, languages)
                if open_run:
                    runs[-1][1] = match.end()
                continue
            if gap_ok:
                runs[-1][1] = match.end()
                open_run = True
            elif self._in_name(post, match.start(), languages):
                names.add(word.casefold())
                open_run = False
            else:
                runs.append([match.start(), match.end()])
                open_run = True
        shouted_runs = []
        for start, end in runs:
            reason = self._not_shouting(post, start, end, languages)
            if reason == "name":
                names.update(word.casefold() for word in WORD.findall(text, start, end))
            elif reason is None:
                shouted_runs.append((start, end))
        titled: list = []  # the words written with a capital inside a sentence, once asked
        for start, end in shouted_runs:
            if self._named_elsewhere(post, start, end, names, titled):
                continue  # "BLÆST XEVO ... BLÆST er et godt valg", "KVIST ... handlede Kvist om"
            start = self._start_with_short_words(post, start, languages)
            shouted = text[start:end]
            calm = shouted.lower()
            if starts_sentence(text, start, post.body_start):
                calm = calm[:1].upper() + calm[1:]
            yield Finding(
                rule="tone-shouting", start=start, end=end,
                message=self.message("tone-shouting", "shouting", words=shouted),
                suggestion=self.message("tone-shouting", "suggestion", calm=calm),
            )

    def _start_with_short_words(self, post, start: int, languages) -> int:
        """Where a run that starts at ``start`` starts with the short shouted words before it on
        its line ("LÆS OGSÅ GUIDEN", "NU ER DET SOMMER")."""
        while (before := SHORT_BEFORE.search(post.text, max(post.body_start, start - 40), start)) and (
                self._short_shouted(before.group(1), languages)):
            start = before.start(1)
        return start

    def _not_shouting(self, post, start: int, end: int, languages) -> str | None:
        """Why the run is no shouting: "label", "rubric", "name" or "code"; None if it shouts."""
        text = post.text
        if self._in_label(text, start, end):
            return "label"  # "I SAMARBEJDE MED Nordlys": the label the law asks for
        words = WORD.findall(text, start, end)
        at_start = starts_sentence(text, start, post.body_start)
        rubric = RUBRIC.match(text, end)
        if rubric and rubric.group("next"):  # "PORTRÆT Efter ...", not "FORGET Friday" (a name)
            next_word = rubric.group("next").lower()
            known = any(next_word in dictionary(language) for language in languages)
            if not known and not at_start and "en" not in languages and words[-1].casefold() not in self.before_names:
                # Danish capitalises names only: "ifølge UGEAVISEN Holstebro";
                # English capitalises days and languages too ("Don't FORGET Friday"); a pronoun or
                # determiner goes before a name, not in it ("i VORES Holstebro", "HELE Danmark").
                return "name"
            rubric = known
        if HEADLINE_AFTER.match(text, end) or NUMBERED_RUBRIC.match(text, end) or (rubric and len(words) == 1):
            return "rubric"
        after = NAME_AFTER.match(text, end)
        if after and (after.group(1) == "&" or self._acronym(after.group(1), languages)):
            return "name"  # the start of a name: "ROSE XEON", "MAMMA MIA", "SKOVEN TV"
        if GENITIVE_APOSTROPHE.match(text, end) or LISTED_AFTER.match(text, end):
            return "name"  # "SPIRE's rapport", "KLØVER, Nordvind og Solbær"
        listed = LISTED_BEFORE.search(text, max(post.body_start, start - 40), start)
        if listed and not starts_sentence(text, listed.start(), post.body_start):
            return "name"  # "Team Nord og KLØVER"
        if not at_start and all(self._also_english(word, languages) for word in words):
            return "name"  # "på DROP n' SHOP", "koncerter til SPOT": a name more often than a raised voice
        return None

    @staticmethod
    def _named_elsewhere(post, start: int, end: int, names: set[str], titled: list) -> bool:
        """Whether each long word of the run is a name elsewhere in the post: part of a name in
        capitals there ("BLÆST XEVO"), or written with a capital inside a sentence ("Kvist").
        ``titled`` holds the set of the latter once a run has asked (one pass over the post)."""
        text = post.text
        if not titled:
            titled.append({word.group().casefold() for word in WORD.finditer(text, post.body_start)
                           if word.group()[:1].isupper() and word.group() == word.group().capitalize()
                           and not starts_sentence(text, word.start(), post.body_start)})
        return all(len(word) < MIN_LETTERS or word.casefold() in names or word.casefold() in titled[0]
                   for word in WORD.findall(text, start, end))


RULE = ShoutingRule
