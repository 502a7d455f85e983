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

# DDMMYY, its groups apart or not ("12-03-88", "12.03.88", "12 03 88"), then
# the serial number after a dash, slash, dot or space, or nothing.  Never a
# slice of a longer token or the digits after a decimal point ("0.0209757694").
CPR = patterns.compile(
    rf"(?<![\w.,])(?<![\w][.,/-])[0-9]{{2}}(?P<sep>[-. ]?)[0-9]{{2}}(?P=sep)[0-9]{{2}}"
    rf"(?: ?(?:{DASH}|[/.]) ?| )?[0-9]{{4}}(?![\w]|[-./,][0-9])")
# PHONE and IBAN use only fixed-width look-behinds, so ``re`` finds the same
# matches, two to four times faster than ``regex`` here.
PHONE = re.compile(
    r"(?<![0-9+])(?<![0-9][ .,/-])"
    r"(?P<prefix>(?:\(\+45\)|\+45|0045)[ .-]?)?"
    r"(?P<number>[2-9][0-9](?P<sep>[ .\-/\u2013])[0-9]{2}(?P=sep)[0-9]{2}(?P=sep)[0-9]{2}"  # 2-2-2-2
    r"|(?P<first>[2-9][0-9]{3})[ .](?P<second>[0-9]{4})"  # 4-4 (with a dash it is a range: "2000-3000")
    r"|[2-9][0-9]{2}(?P<sep3>[ .\-\u2013])[0-9]{2}(?P=sep3)[0-9]{3}"  # 3-2-3
    r"|(?P<year>[2-9][0-9]{3})(?P<sep4>[ .\-\u2013])(?P<month>[0-9]{2})(?P=sep4)(?P<day>[0-9]{2})"  # 4-2-2
    r"|[2-9][0-9][ .\-\u2013][0-9]{6}"  # 2-6
    r"|[2-9][0-9]{7})"
    r"(?![0-9]|[ .,/\-\u2013][0-9])")
EMAIL = patterns.compile(r"(?<![\w.+-])[\w+-](?:[\w.+-]*[\w+-])?@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w-])")
# An address written around filters: "jens[at]firma.dk", "jens (at) firma
# (dot) dk", "jens @ firma . dk".  Its top-level domain must be a common one
# (see personal-data.yaml), so "os @ kontoret. Vi" is no address.
AT = r"(?:\s*@\s*|\s*[\[({]\s*(?:at|snabel-a)\s*[\])}]\s*)"
DOT = r"(?:\s*\.\s*|\s*[\[({]\s*(?:dot|punktum|prik)\s*[\])}]\s*)"
# Only a post with one of these is searched for an obfuscated address (the
# full pattern is slow: spaces are allowed around every part).
OBFUSCATION = patterns.compile(r"[\[({]\s*(?:at|snabel-a)\s*[\])}]|\s@\s|\w@\s")
AT_PATTERN = patterns.compile(AT, regex.IGNORECASE)
DOT_PATTERN = patterns.compile(DOT, regex.IGNORECASE)
OBFUSCATED_EMAIL = r"(?<![\w.+-])[\w+-](?:[\w.+-]*[\w+-])?" + AT + r"[\w-]+(?:" + DOT + r"[\w-]+)*" + DOT
IBAN = re.compile(r"(?<![a-z0-9])[a-z]{2}[0-9]{2}(?:[ -]?[a-z0-9]{4}){2,7}(?:[ -]?[a-z0-9]{1,4})?(?![a-z0-9])")
# A Danish bank account: registration number (4 digits) and account number
# (up to 10 digits), named as such ("Reg. 1234 Konto 1234567890").
BANK_ACCOUNT = patterns.compile(
    r"(?<![\w])reg(?:istrerings)?(?:\.|\s)?\s?(?:-?nr\.?|nummer)?[.:]?\s?[0-9]{4}[,;]?\s*"
    r"(?:konto(?:-?nr\.?|nummer)?|kto(?:\.|-?nr\.?)?)[.:]?\s?[0-9]{6,10}(?![0-9])")
# A CPR number run into the words of a hashtag ("#konkurrent1203881234"): a hashtag is
# published text, so there the digits after letters are not an id inside a longer token.
CPR_IN_HASHTAG = patterns.compile(r"[#＃]\w*?[^\W\d_](?P<cpr>[0-9]{6}[-]?[0-9]{4})(?!\w)")
YEAR = patterns.compile(r"(?:19|20)[0-9]{2}")
# A cheap search per kind for what every match of the kind contains (its
# digits; "@" or an "at"; an IBAN's country and check digits, or "reg"), and how many characters before it a match can
# start (None: any number).  A post without it costs this search instead of
# the full pattern with its look-behinds, which is tried at every position;
# a post with it needs the full pattern only from there (a match anywhere
# contains a candidate, so none starts earlier).
# A search that starts with a plain digit or letter lets ``regex`` skip ahead to it; an
# alternation of two such searches, or a first character that is also a common letter,
# makes it try every position (four to fifty times slower on a 1,000-character post).


class EarliestOf:
    """The earliest match of several searches, each run on its own."""

    def __init__(self, *searches):
        self.searches = searches

    def search(self, text: str):
        found = [match for search in self.searches if (match := search.search(text)) is not None]
        return min(found, key=lambda match: match.start(), default=None)


CANDIDATE = {
    # the date, from its first real digit: a day is never "00", so one of its two digits is
    # written as a digit ("o" may stand for a zero); five more digits (or O) may follow it,
    # a dot, dash or space between.  The match starts at most one character before.
    "cpr": (patterns.compile("[0-9](?:[-. ]?[0-9o]){4}"), 1),
    # eight digits, at most one separator between two
    "phone": (patterns.compile(r"[2-9][0-9](?:[ .\-/\u2013]?[0-9]){6}"), len("(+45) ")),
    "email": (patterns.compile(r"@|[\[({]\s*(?:at|snabel-a)\s*[\])}]"), None),
    # an IBAN's country and check digits, or a bank account's "reg"
    "iban": (EarliestOf(patterns.compile("[0-9][0-9](?<=[a-z][a-z][0-9][0-9])"), patterns.compile("reg")),
             len("dk")),
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


def _is_date(year: str, month: str, day: str) -> bool:
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return bool(YEAR.fullmatch(year))


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


def _email_parts(value: str) -> tuple[str, str, str]:
    """(local part, what separates it from the domain, domain) of a plain or obfuscated address."""
    at = AT_PATTERN.search(value)
    if at is None:
        return value, "", ""
    return value[:at.start()], at.group(), value[at.end():]


def _email_canonical(value: str) -> str:
    """"jens (at) firma (dot) dk" -> "jens@firma.dk", so the allow list sees the address."""
    local, _, domain = _email_parts(value.casefold())
    return local + "@" + DOT_PATTERN.sub(".", domain)


def _mask_email(value: str) -> str:
    local, at, domain = _email_parts(value)
    return _mask(local, 1) + at + domain


def _mask_phone(value: str) -> str:
    digits_in_prefix = len(_digits(value)) - 8
    return _mask(value, digits_in_prefix)


def _mask_cpr(value: str) -> str:
    return _mask(value, 6)  # the date stays, the serial number becomes X


def _iban_canonical(value: str) -> str:
    return "".join(c for c in value if c.isalnum()).upper()


def _mask_iban(value: str) -> str:
    """An IBAN keeps country and check digits; a reg. + account number keeps
    the registration number (the bank's branch), never the account."""
    if value[:2].isalpha() and value[2:4].isdigit():
        return _mask(value, 4)
    digits = _digits(value)
    kept = value.index(digits[:4]) + 4  # after the registration number
    return value[:kept] + "".join("X" if char.isdigit() else char for char in value[kept:])


class Settings(Record):
    kinds: tuple[str, ...]  # confidential.personal_data: cpr, phone, email, iban
    allow: tuple[str, ...]  # confidential.allow
    role_addresses: str  # confidential.role_addresses: allow or flag


class PersonalDataRule(Rule):
    ids = {RULE_ID: Severity.ERROR}

    # kind -> (canonical form for the allow list, mask); plain functions, so
    # a compiled policy pickles.
    KINDS = {
        "cpr": (_digits, _mask_cpr),
        "phone": (_phone_canonical, _mask_phone),
        "email": (_email_canonical, _mask_email),
        "iban": (_iban_canonical, _mask_iban),
    }

    policy_keys = ("confidential.personal_data", "confidential.allow", "confidential.role_addresses")

    @classmethod
    def settings(cls, policy) -> Settings | None:
        confidential = policy.confidential
        if not confidential.personal_data:
            return None
        return Settings(tuple(dict.fromkeys(confidential.personal_data)), tuple(confidential.allow),
                        confidential.role_addresses)

    def __init__(self, settings: Settings, messages):
        super().__init__(settings, messages)
        self.kinds = list(settings.kinds)
        self.allowed = {kind: AllowList(settings.allow, self.KINDS[kind][0]) for kind in self.kinds}
        context = load_data("personal-data.yaml")
        self.not_number_before = _context_pattern(context["not_personal_before"], before=True)
        self.not_number_after = _context_pattern(context["not_personal_after"], before=False)
        self.phone_cue = _context_pattern(context["phone_cues"], before=None)
        self.role_locals = frozenset(context["role_addresses"]) if settings.role_addresses == "allow" else frozenset()
        self.role_flagged = frozenset(context["role_addresses"]) if settings.role_addresses == "flag" else frozenset()
        top_level = "|".join(sorted(context["common_top_level_domains"], key=len, reverse=True))
        file_types = "|".join(sorted(context["file_types"], key=len, reverse=True))
        self.obfuscated_email = patterns.compile(OBFUSCATED_EMAIL + rf"(?:{top_level})(?![\w-])")
        self.file_name = patterns.compile(rf"\.(?:{file_types})\Z")

    def check(self, post):
        yield from self._check(post)
        front = post.publishable_view()  # title, description, alt ...: published like the body
        if front is not None:
            yield from self._check(front)

    def _check(self, post):
        folded = normalised_post(post)
        for kind in self.kinds:
            search, before = CANDIDATE[kind]
            candidate = search.search(folded.text)
            if candidate is None:
                continue
            pos = 0 if before is None else max(candidate.start() - before, 0)
            for start, end, message in getattr(self, f"_{kind}")(folded.text, pos):
                start, end = folded.original_span(start, end)
                value = post.text[start:end]
                if self.allowed[kind].allows(value):
                    continue
                yield Finding(
                    rule=RULE_ID, start=start, end=end,
                    message=self.message(RULE_ID, message),
                    suggestion=self.message(RULE_ID, "suggestion"),
                    secret=True, masked=self.KINDS[kind][1](value),
                )

    def _not_personal(self, text: str, start: int, end: int) -> bool:
        """Words around the number make it an amount, an order, parcel,
        serial or company number ("Ordrenr. ...", "... kroner").  Only the
        few characters before the number are searched (linear in the post)."""
        window = max(start - 40, 0)
        return bool(self.not_number_before.search(text, window, start) or self.not_number_after.match(text, end))

    def _phone_cue_before(self, text: str, start: int) -> bool:
        """A phone word shortly before the number, with no other number in
        between: "Ring på tlf. ref 20 30 40 50" is a phone number, "Ring på
        70 20 30 40 (ordre 23456789)" has one."""
        cues = list(self.phone_cue.finditer(text, max(start - 40, 0), start))
        return bool(cues) and not any(char.isdigit() for char in text[cues[-1].end():start])

    # -- detectors on the folded text from pos: yield (start, end, message key)
    def _cpr(self, text, pos):
        for match in CPR.finditer(text.replace("o", "0"), pos):  # the letter O written for a zero
            if _is_cpr(_digits(match.group())) and not self._not_personal(text, match.start(), match.end()):
                yield match.start(), match.end(), "cpr"
        if "#" in text or "＃" in text:
            for match in CPR_IN_HASHTAG.finditer(text, max(0, pos - 100)):
                if match.start("cpr") >= pos and _is_cpr(_digits(match.group("cpr"))):
                    yield match.start("cpr"), match.end("cpr"), "cpr"

    def _phone(self, text, pos):
        for match in PHONE.finditer(text, pos):
            if not match.group("prefix"):
                halves = match.group("first", "second")
                if halves[0] and all(YEAR.fullmatch(half) for half in halves):
                    continue  # "2023 2024": two years
                if match.group("year") and _is_date(*match.group("year", "month", "day")):
                    continue  # "2012-03-08": a date
                if self._not_personal(text, *match.span()) and not self._phone_cue_before(text, match.start()):
                    continue
            yield match.start(), match.end(), "phone"

    def _email(self, text, pos):
        spans = {match.span() for match in EMAIL.finditer(text, pos)}
        if OBFUSCATION.search(text, pos):
            spans |= {match.span() for match in self.obfuscated_email.finditer(text, pos)}
        for start, end in sorted(spans):
            if self.file_name.search(text, start, end):
                continue  # "logo@2x.png" is a file
            local = _email_parts(text[start:end])[0].strip()
            if local in self.role_locals:
                continue  # info@, kontakt@: the company's, not a person's (confidential.role_addresses)
            yield start, end, "email_role" if local in self.role_flagged else "email"

    def _iban(self, text, pos):
        for match in IBAN.finditer(text, pos):
            from stdnum import iban as stdnum_iban  # on the first candidate only (see _is_cpr)

            # The last group may be the start of the next word: shorten until valid.
            candidate = match.group()
            while len(candidate.replace(" ", "").replace("-", "")) >= 15:
                if stdnum_iban.is_valid(candidate):
                    yield match.start(), match.start() + len(candidate), "iban"
                    break
                candidate = candidate[:-1].rstrip(" -")
        for match in BANK_ACCOUNT.finditer(text, pos):
            yield match.start(), match.end(), "account"


def _context_pattern(words: list[str], before: bool | None):
    """A pattern for one of ``words`` right before (or after) a number, or
    (``before`` None) anywhere in the searched window."""
    alternatives = "|".join(regex.escape(word) for word in sorted(words, key=len, reverse=True))
    if before is None:
        return patterns.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")
    if before:
        return patterns.compile(rf"(?<![\w])(?:{alternatives})[.:]?\s?(?:nr\.?|nummer)?[.:]?\s?\Z")
    return patterns.compile(rf"\s?(?:{alternatives})(?![\w])")


RULE = PersonalDataRule
