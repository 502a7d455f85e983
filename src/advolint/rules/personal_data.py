"""personal-data: a post contains someone's CPR number, phone number, e-mail or IBAN.

Finds the kinds in ``confidential.personal_data`` and masks them in every report: personal
data may not be published (databeskyttelsesloven § 11, GDPR art. 6; domain notes §6).

Reference (what, why, sources, examples): lint_rules/docs/personal-data.yaml,
shown by `advolint explain personal-data`.
"""

from __future__ import annotations

import datetime
import re

import regex

from advolint import patterns
from advolint.findings import Finding, Severity
from advolint.records import Record
from advolint.resources import load_data
from advolint.rules.base import Rule
from advolint.rules.confidential_terms import AllowList
from advolint.text.termmatch import normalised_post

RULE_ID = "personal-data"
DASH = "[-\u2010\u2011\u2012\u2013\u2212]"

CPR = patterns.compile(rf"(?<![0-9])(?<![0-9]{DASH})[0-9]{{6}}(?:{DASH}| )?[0-9]{{4}}(?![0-9]|{DASH}[0-9])")
# PHONE and IBAN use only ASCII classes and fixed-width look-behinds, so
# ``re`` finds the same matches, two to four times faster than ``regex`` here.
PHONE = re.compile(
    r"(?<![0-9+])(?<![0-9][ -])"
    r"(?P<prefix>(?:\+|00)45[ -]?)?"
    r"(?P<number>[2-9][0-9](?P<sep>[ -])[0-9]{2}(?P=sep)[0-9]{2}(?P=sep)[0-9]{2}"
    r"|(?P<first>[2-9][0-9]{3}) (?P<second>[0-9]{4})"
    r"|[2-9][0-9]{7})"
    r"(?![0-9]|[ -][0-9])")
EMAIL = patterns.compile(r"(?<![\w.+-])[\w+-](?:[\w.+-]*[\w+-])?@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w-])")
IBAN = re.compile(r"(?<![a-z0-9])[a-z]{2}[0-9]{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?(?![a-z0-9])")
YEAR = patterns.compile(r"(?:19|20)[0-9]{2}")
# A cheap search per kind for what every match of the kind contains (six
# digits; a phone number's digits; a name's last character and "@"; an IBAN's
# country and check digits), and how many characters before it a match can
# start (None: any number).  A post without it costs this search instead of
# the full pattern with its look-behinds, which is tried at every position;
# a post with it needs the full pattern only from there (a match anywhere
# contains a candidate, so none starts earlier).
CANDIDATE = {
    "cpr": (patterns.compile("[0-9]{6}"), 0),
    "phone": (patterns.compile(r"[2-9][0-9](?:[0-9]{6}|[0-9]{2} [0-9]{4}|[ -][0-9]{2}[ -][0-9]{2}[ -][0-9]{2})"),
              len("0045 ")),
    "email": (patterns.compile(r"(?<=[\w+-])@"), None),
    "iban": (patterns.compile("[0-9]{2}(?<=[a-z]{2}[0-9]{2})"), len("dk")),
}


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def _is_cpr(digits: str) -> bool:
    """A real, past birth date with the century of the 7th digit.  No modulus
    11: python-stdnum's ``get_birth_date`` never looks at it (whatever its
    ``validate`` does in a given version)."""
    # python-stdnum is imported on the first candidate, not at start-up (it pulls in ssl).
    from stdnum.dk import cpr as stdnum_cpr
    from stdnum.exceptions import ValidationError

    try:
        return stdnum_cpr.get_birth_date(digits) <= datetime.date.today()
    except ValidationError:
        return False


def _mask(value: str, keep: int) -> str:
    """``value`` with every letter and digit after the first ``keep`` ones as X (same length)."""
    out, seen = [], 0
    for char in value:
        if char.isalnum():
            seen += 1
            out.append(char if seen <= keep else "X")
        else:
            out.append(char)
    return "".join(out)


def _phone_canonical(value: str) -> str:
    digits = _digits(value)
    for prefix in ("0045", "45"):
        if len(digits) == 8 + len(prefix) and digits.startswith(prefix):
            return digits[len(prefix):]
    return digits


def _mask_email(value: str) -> str:
    local, _, domain = value.rpartition("@")
    return _mask(local, 1) + "@" + domain


def _mask_phone(value: str) -> str:
    digits_in_prefix = len(_digits(value)) - 8
    return _mask(value, digits_in_prefix)


def _mask_cpr(value: str) -> str:
    return _mask(value, 6)  # the date stays, the serial number becomes X


def _iban_canonical(value: str) -> str:
    return "".join(c for c in value if c.isalnum()).upper()


def _mask_iban(value: str) -> str:
    return _mask(value, 4)  # country and check digits stay


class Settings(Record):
    kinds: tuple[str, ...]  # confidential.personal_data: cpr, phone, email, iban
    allow: tuple[str, ...]  # confidential.allow


class PersonalDataRule(Rule):
    ids = {RULE_ID: Severity.ERROR}

    # kind -> (canonical form for the allow list, mask); plain functions, so
    # a compiled policy pickles.
    KINDS = {
        "cpr": (_digits, _mask_cpr),
        "phone": (_phone_canonical, _mask_phone),
        "email": (str.casefold, _mask_email),
        "iban": (_iban_canonical, _mask_iban),
    }

    policy_keys = ("confidential.personal_data", "confidential.allow")

    @classmethod
    def settings(cls, policy) -> Settings | None:
        confidential = policy.confidential
        if not confidential.personal_data:
            return None
        return Settings(tuple(dict.fromkeys(confidential.personal_data)), tuple(confidential.allow))

    def __init__(self, settings: Settings, messages):
        super().__init__(settings, messages)
        self.kinds = list(settings.kinds)
        self.allowed = {kind: AllowList(settings.allow, self.KINDS[kind][0]) for kind in self.kinds}
        context_words = load_data("personal-data.yaml")
        self.not_phone_before = _context_pattern(context_words["not_phone_before"], before=True)
        self.not_phone_after = _context_pattern(context_words["not_phone_after"], before=False)

    def check(self, post):
        folded = normalised_post(post)
        for kind in self.kinds:
            search, before = CANDIDATE[kind]
            candidate = search.search(folded.text)
            if candidate is None:
                continue
            pos = 0 if before is None else max(candidate.start() - before, 0)
            for start, end in getattr(self, f"_{kind}")(folded.text, pos):
                start, end = folded.original_span(start, end)
                value = post.text[start:end]
                if self.allowed[kind].allows(value):
                    continue
                yield Finding(
                    rule=RULE_ID, start=start, end=end,
                    message=self.message(RULE_ID, kind),
                    suggestion=self.message(RULE_ID, "suggestion"),
                    secret=True, masked=self.KINDS[kind][1](value),
                )

    # -- detectors on the folded text from pos: yield (start, end) -------
    def _cpr(self, text, pos):
        for match in CPR.finditer(text, pos):
            if _is_cpr(_digits(match.group())):
                yield match.span()

    def _phone(self, text, pos):
        for match in PHONE.finditer(text, pos):
            if not match.group("prefix"):
                halves = match.group("first", "second")
                if halves[0] and all(YEAR.fullmatch(half) for half in halves):
                    continue  # "2023 2024": two years
                if self.not_phone_before.search(text, endpos=match.start()) or \
                        self.not_phone_after.match(text, match.end()):
                    continue
            yield match.span()

    def _email(self, text, pos):
        for match in EMAIL.finditer(text, pos):
            yield match.span()

    def _iban(self, text, pos):
        for match in IBAN.finditer(text, pos):
            from stdnum import iban as stdnum_iban  # on the first candidate only (see _is_cpr)

            # The last group may be the start of the next word: shorten until valid.
            candidate = match.group()
            while len(candidate.replace(" ", "")) >= 15:
                if stdnum_iban.is_valid(candidate):
                    yield match.start(), match.start() + len(candidate)
                    break
                candidate = candidate[:-1].rstrip(" ")


def _context_pattern(words: list[str], before: bool):
    """A pattern for one of ``words`` right before (or after) a number."""
    alternatives = "|".join(regex.escape(word) for word in sorted(words, key=len, reverse=True))
    if before:
        return regex.compile(rf"(?<![\w])(?:{alternatives})[.:]?\s?(?:nr\.?|nummer)?[.:]?\s?\Z")
    return regex.compile(rf"\s?(?:{alternatives})(?![\w])")


RULE = PersonalDataRule
