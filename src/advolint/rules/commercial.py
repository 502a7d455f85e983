"""Is a post commercial (advertising)?  And where are its disclosure labels?

Shared by the disclosure rules (which read the label scan) and the hashtag
rules (which ask ``detector.is_commercial(post)``).  Both compile it from the
same :class:`CommercialSettings` (:func:`commercial_settings`) through
:func:`detector`, so one compiled policy holds one detector.

Order of evidence:

1. front matter ``commercial: true|false`` decides when present;
2. a post that mentions the company name, an alias or a product is
   commercial (Forbrugerombudsmanden, case 18/05035: once a company
   organises employee posts about it, they are advertising).  A name counts
   as a word (also in a hyphenated compound, "SolarFlex-anlæg", and with a
   genitive s, "Nordlys Energis"), inside a hashtag with the spaces removed
   ("#NordlysEnergi") and inside an @mention in any case ("@nordlysenergi").
   ``company.match: proper-noun`` (the default): a name written with a
   capital matches only with that capital (or in capitals), so "Vi så
   nordlys i nat" is about the aurora, not the company "Nordlys";
   ``any-case`` matches every casing;
3. a post that carries any disclosure label, accepted or insufficient, of
   one of its jurisdictions is commercial by its own admission.

Label matching (``LabelSet``): labels come from the jurisdiction packs
(``lint_rules/jurisdictions/<code>.yaml``), replaced by the policy's
``disclosure.labels`` / ``disclosure.insufficient`` when given.  Every
label matches case-insensitively as whole words, optionally followed by
"for X" (the pack's ``for`` words) naming the advertiser:

* as a hashtag anywhere: ``#reklame``, ``#isamarbejdemed`` (spaces removed);
* written without ``#`` in the list ("Reklame", "i samarbejde med"): also as
  plain words standing as a label: at the start of a line or after
  punctuation or an emoji, and followed by the end of the line, punctuation,
  "for", a hashtag, an @mention or a capitalised name that ends there.  So
  "Reklame for Nordlys", "(reklame)" and "I samarbejde med Visit Bornholm" are
  labels; "Sikke en sjov reklame", "reklamer", "reklamefilm", "en
  JAGOO-reklame", "I samarbejde med Red Barnet arrangerer ..." are not;
* written with ``#`` in the list ("#ad", "#sp", "#spons", "#samarbejde"):
  words that are ordinary language ("Vi kørte ad motorvejen") count only
  as a hashtag, or as the very first word of the post when a separator
  (":", "|", "-", "–") or the line end follows ("Ad: ...", "AD | ...").
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, NamedTuple

import regex

from advolint import patterns
from advolint.errors import InputError
from advolint.records import Record
from advolint.resources import available_jurisdictions, jurisdiction
from advolint.text.units import Covered, casefolded, hashtags, mentions, urls
from advolint.language import tr

if TYPE_CHECKING:  # pragma: no cover
    from advolint.policy.schema import Policy

# A name or label ends where a word ends; a hyphen before a letter continues
# the word ("reklame-kampagne"), a hyphen elsewhere does not ("SolarFlex-anlæg"
# still names SolarFlex, see _name_pattern).
_WORD_CHAR = r"[\p{L}\p{M}\p{N}_]"
_SEPARATOR_AFTER_HEADING = patterns.compile(r"[^\S\n]*(?:[:|\-–—]|\r?\n|$)")
# The advertiser after "for": capitalised words, @handles, "A/S", "nordlys.dk".
_ADVERTISER_TOKEN = r"(?:[@\p{Lu}\p{N}](?:[\p{L}\p{M}\p{N}_/&'’-]|\.(?=[\p{L}\p{N}]))*)"
_NEXT_WORD = patterns.compile(r"[ \t]*(?P<word>[\p{L}\p{M}\p{N}_]+)?")
_ADVERTISER_LINK = r"(?:&|og|and|und|och|ja)"
_NAME_SEPARATORS = str.maketrans("", "", "_.-")
# What may follow a label and the advertiser it names: the line end, punctuation, a hashtag,
# an @mention (not a sentence that goes on).
_LABEL_END = patterns.compile(r"[^\S\n]*(?:$|\n|[.,;:!?|)\]–—-]|[#＃@]|\p{Extended_Pictographic})")
_NAME_AFTER = patterns.compile(
    rf"[^\S\n]+{_ADVERTISER_TOKEN}(?:[^\S\n]+(?:{_ADVERTISER_LINK}[^\S\n]+)?{_ADVERTISER_TOKEN})*")
_ANSWER_LINE = patterns.compile(r"(?im)^[^\S\n]*sv[^\S\n]*:")  # "#Nordlys_Energi" names Nordlys Energi


class CommercialSettings(Record):
    """What commercial detection and label matching read from the policy."""

    names: tuple[str, ...]  # company name, aliases, products
    any_case: bool  # company.match: any-case
    handles: tuple[str, ...]  # company.handles, casefolded, without "@"
    domains: tuple[str, ...]  # company.domains, casefolded
    jurisdictions: tuple[str, ...]
    labels: tuple[str, ...] | None  # disclosure.labels: replace every pack's accepted labels
    insufficient: tuple[str, ...] | None
    placement: str | None  # disclosure.placement; None: each pack's own
    relationship: str | None = None  # disclosure.relationship; a post's front matter `relationship` wins


# The policy keys commercial_settings reads (part of the rules' policy_keys).
POLICY_KEYS = ("company.name", "company.aliases", "company.products", "company.match", "company.handles",
               "company.domains", "jurisdictions",
               "disclosure.labels", "disclosure.insufficient", "disclosure.placement", "disclosure.relationship")


def commercial_settings(policy: "Policy") -> CommercialSettings:
    company, disclosure = policy.company, policy.disclosure
    names = tuple(n for n in [company.name, *company.aliases, *company.products] if n and n.strip())
    return CommercialSettings(
        names=names, any_case=company.match == "any-case", jurisdictions=tuple(policy.jurisdictions),
        handles=tuple(dict.fromkeys(handle.lstrip("@").casefold() for handle in company.handles)),
        domains=tuple(dict.fromkeys(domain.casefold() for domain in company.domains)),
        labels=None if disclosure.labels is None else tuple(disclosure.labels),
        insufficient=None if disclosure.insufficient is None else tuple(disclosure.insufficient),
        placement=disclosure.placement, relationship=disclosure.relationship)


@functools.lru_cache(maxsize=8)
def detector(settings: CommercialSettings) -> "CommercialDetector":
    """The compiled detector of ``settings``: rules compiled from equal settings share one
    (memoised by value while a policy compiles; a pickled linter keeps it shared)."""
    return CommercialDetector(settings)


class LabelHit(NamedTuple):
    """A label found in a post: ``text[start:end]`` (with its "for X").

    A NamedTuple (immutable, hashable, equal by value like the frozen
    dataclass it was): a dataclass costs ~0.5 ms at import, a NamedTuple ~0.1."""

    start: int
    end: int
    label: str  # the label as the pack or policy writes it
    accepted: bool
    named: bool = False  # it names the advertiser itself: "Reklame for X", "#NordlysEmployee"


class LabelSet:
    """One jurisdiction pack with the policy's overrides, compiled for scanning."""

    def __init__(self, code: str, pack: dict, settings: CommercialSettings, relationship: str | None = None):
        self.code = code
        self.relationship = relationship
        self.names = pack.get("name", {})
        self.authority = pack.get("authority", {})
        self.reason = pack.get("reason", {})
        # Whether the label must say whom it advertises for (Denmark, Norway, Sweden, Finland).
        self.advertiser_required = bool(pack.get("advertiser", {}).get("required"))
        self.advertiser_how = pack.get("advertiser", {}).get("how", {})  # what the law asks, for the messages
        self.advertiser_authority = pack.get("advertiser", {}).get("authority", self.authority)
        # The relationship (an employee, a gift, the company's own products) adds the forms
        # the law accepts for it ("I work for X", "#NordlysEmployee") and words the fixes' label.
        forms = pack.get("relationships", {}).get(relationship, {}) if relationship else {}
        self.accepted = list(settings.labels if settings.labels is not None else pack.get("accepted", []))
        written = _with_company(forms.get("accepted", []), settings.names)
        self.accepted += written
        # A form with {company} in it ("#NordlysEmployee") names the advertiser by itself.
        self._named_labels = {_key(label) for label in written if label not in forms.get("accepted", [])}
        insufficient = settings.insufficient if settings.insufficient is not None else pack.get("insufficient", [])
        accepted_keys = {_key(label) for label in self.accepted}
        self.insufficient = [label for label in insufficient if _key(label) not in accepted_keys]
        self.placement = settings.placement or pack.get("placement", "start")
        self.preferred = forms.get("preferred", pack.get("preferred", "{company}"))
        self.preferred_without_company = pack.get("preferred_without_company", self.preferred)
        if self.accepted and _key(self.preferred_without_company) not in accepted_keys:
            # The policy's own labels replace the pack's: a fix inserts one of them, never a
            # label the check would then reject (it would insert it again and again), and
            # keeps the pack's words for the advertiser ("Annonce for {company}").
            own, template = self.accepted[0], self.preferred
            keeps_advertiser = "{company}" in template and template.startswith(self.preferred_without_company)
            self.preferred = own + template[len(self.preferred_without_company):] if keeps_advertiser else own
            self.preferred_without_company = own
        self._by_tag: dict[str, tuple[str, bool]] = {}
        self._by_words: dict[str, tuple[str, bool]] = {}
        tag_forms, word_forms = [], []
        for labels, accepted in ((self.accepted, True), (self.insufficient, False)):
            for label in labels:
                words = label.lstrip("#＃").split()
                if not words:
                    continue
                compact = "".join(words)
                self._by_tag.setdefault(compact.casefold(), (label, accepted))
                self._by_words.setdefault(" ".join(words).casefold(), (label, accepted))
                tag_forms.append(regex.escape(compact))
                word_forms.append(r"\s+".join(regex.escape(word) for word in words))
        self.pattern = _label_pattern(tag_forms, word_forms) if tag_forms else None
        # Where a match can begin: a label as a hashtag; a label's first word where its
        # longest word is in the post.  A one-word "#" label written as a word ("Ad: ...")
        # counts only as the post's first word (see _stands_as_label), which scan() adds;
        # elsewhere its match is dropped and, all word characters, hides no other match.
        starts = []
        self.opening_only = False
        for label in (*self.accepted, *self.insufficient):
            words = label.lstrip("#＃").split()
            if not words:
                continue
            starts += [("#" + "".join(words),) * 2, ("＃" + "".join(words),) * 2]
            if label.startswith(("#", "＃")) and len(words) == 1 and regex.fullmatch(r"\w+", words[0]):
                self.opening_only = True
            else:
                starts.append((max(words, key=len), words[0]))
        self.anchors = Anchors(self.pattern, starts) if self.pattern is not None else None
        # One-word "#" labels that head a question in a Q&A ("Sp: ...?", dk: "sp").
        self.questions = {_key(word) for word in pack.get("questions", [])}
        for_words = pack.get("for", ["for"])
        self.for_words = {word.casefold() for word in for_words}
        # No "for" words (Finnish "Mainos Yritys Oy"): the advertiser follows directly.
        introducer = ("(?i:" + "|".join(regex.escape(word) for word in sorted(for_words, key=len, reverse=True))
                      + r")[^\S\n]+") if for_words else ""
        # A separator may come between ("Ad: I work for X", "Reklame – for Nordlys"), not without "for".
        separator = r"(?:[^\S\n]*[:|–—-])?" if for_words else ""
        self.advertiser = regex.compile(
            rf"{separator}[^\S\n]+{introducer}"
            rf"{_ADVERTISER_TOKEN}(?:[^\S\n]+(?:{_ADVERTISER_LINK}[^\S\n]+)?{_ADVERTISER_TOKEN})*")

    def name(self, language: str) -> str:
        return self.names.get(language) or self.code.upper()

    def preferred_label(self, company: str | None) -> str:
        return self.preferred.format(company=company) if company else self.preferred_without_company

    def scan(self, post) -> list[LabelHit]:
        """Every label of this set in the post body, in order."""
        if self.pattern is None:
            return []
        text, first = post.text, first_word(post)
        matches = self.anchors.finditer(post, post.body_start, also=(first,) if self.opening_only else ())
        links = None  # found on the first match: most posts have none
        hits = []
        for match in matches:
            if links is None:
                links = Covered(urls(post))
            if match.start() in links:
                continue  # "https://nordlys.dk/reklame" is an address, not a label
            if match.group("tag"):
                label, accepted = self._by_tag[match.group("tag")[1:].casefold()]
            else:
                label, accepted = self._by_words[" ".join(match.group("words").split()).casefold()]
                if not self._stands_as_label(text, match.start(), match.end(), label, accepted, first,
                                             post.body_start):
                    continue
            end = match.end()
            advertiser = self.advertiser.match(text, end)
            if advertiser:
                end = advertiser.end()
            hits.append(LabelHit(match.start(), end, label, accepted,
                                 named=bool(advertiser) or _key(label) in self._named_labels))
        return hits

    def _stands_as_label(self, text: str, start: int, end: int, label: str, accepted: bool, first: int,
                         body_start: int) -> bool:
        if label.startswith(("#", "＃")):
            # An ordinary word ("ad", "sp"): only a heading at the very start, and not the
            # question of a Q&A ("Sp: Hvordan finder jeg ...?", with "Sv:" for the answer).
            # (The Q&A test reads on through the post: only for the first word, never per hit.)
            if start != first or not _SEPARATOR_AFTER_HEADING.match(text, end):
                return False
            return not (_key(label) in self.questions and self._question_and_answer(text, end))
        if accepted and start == first:
            return True  # "Reklame i samarbejde med X": an accepted label opening the post
        previous = start - 1
        while previous >= body_start and text[previous] in " \t":
            previous -= 1
        if previous >= body_start and _is_wordish(text[previous]):
            return False
        next_word = _NEXT_WORD.match(text, end).group("word")
        if next_word is None or next_word.casefold() in self.for_words:
            return True
        # A name after the label must end there: "I samarbejde med Visit Bornholm", not
        # "I samarbejde med Red Barnet arrangerer Videnscenter ...", where the sentence goes on.
        name = _NAME_AFTER.match(text, end)
        return bool(next_word[0].isupper() and name and _LABEL_END.match(text, name.end()))

    @staticmethod
    def _question_and_answer(text: str, end: int) -> bool:
        """Whether "Sp:" heads a question: its line ends with "?" or an answer line "Sv:" follows."""
        line_end = text.find("\n", end)
        line = text[end:line_end if line_end >= 0 else len(text)]
        return line.rstrip().endswith("?") or bool(_ANSWER_LINE.search(text, end))


def _with_company(labels: list[str], names) -> list[str]:
    """Labels with ``{company}`` written out for each company name ("#{company}Employee" ->
    "#NordlysEnergiEmployee", "#NordlysEmployee"; spaces dropped in a hashtag)."""
    result = []
    for label in labels:
        if "{company}" not in label:
            result.append(label)
            continue
        for name in names:
            written = "".join(name.split()) if label.startswith(("#", "＃")) else " ".join(name.split())
            result.append(label.replace("{company}", written))
    return list(dict.fromkeys(result))


def _is_wordish(char: str) -> bool:
    # After a letter, digit or comma a word is inside a sentence: "en sjov reklame".
    return char.isalnum() or char in ",;'’"


def _key(label: str) -> str:
    return " ".join(label.lstrip("#＃").split()).casefold()


def _label_pattern(tag_forms: list[str], word_forms: list[str]):
    def alternatives(forms):
        return "|".join(sorted(set(forms), key=len, reverse=True))

    return regex.compile(
        rf"(?P<tag>(?<![\w#&/＃])[#＃](?:{alternatives(tag_forms)}))(?!{_WORD_CHAR})"
        rf"|(?<![\w#＃@]|\w-)(?P<words>{alternatives(word_forms)})(?!{_WORD_CHAR}|[-.]\p{{L}}|@)",
        regex.IGNORECASE)


def first_word(post) -> int:
    """Offset of the first visible character of the body (after white space)."""
    text, offset = post.text, post.body_start
    while offset < len(text) and (text[offset].isspace() or text[offset] in "\ufeff\u200b"):
        offset += 1
    return offset


def opening_block(post, first: int, hits: list[LabelHit]) -> set[int]:
    """Starts of the labels in the block that opens the body.

    Only white space, separators and emoji may stand between them:
    "#reklame #annonce", "Reklame | Reklam för X", "📣 REKLAME".
    """
    by_start: dict[int, int] = {}
    for hit in hits:
        by_start[hit.start] = max(hit.end, by_start.get(hit.start, hit.end))
    text, offset, block = post.text, first, set()
    while True:
        while offset < len(text) and not (text[offset].isalnum() or text[offset] in "#＃@_"):
            offset += 1
        if offset not in by_start:
            return block
        block.add(offset)
        offset = by_start[offset]


class CommercialDetector:
    """Compiled once per policy from its company names and label lists."""

    def __init__(self, settings: CommercialSettings):
        self.settings = settings
        self.any_case = settings.any_case
        self.names = {" ".join(name.split()).casefold(): " ".join(name.split()) for name in settings.names}
        self.name_pattern = _name_pattern(self.names.values())
        self.name_anchors = Anchors(self.name_pattern, [(max(name.split(), key=len), name.split()[0])
                                                        for name in self.names.values()])
        self.compact_names = {"".join(name.split()).casefold(): name for name in self.names.values()}
        self.handles = frozenset(settings.handles)
        # A link to the company's site, with or without "https://" ("havoern.dk/sommer", "www.havoern.dk"),
        # not an e-mail address ("jens@havoern.dk" is a person's) and not another domain ending alike.
        self.domain_pattern = regex.compile(
            r"(?<![\w@.-])(?:[\w-]+\.)*(?:" + "|".join(regex.escape(d) for d in settings.domains)
            + r")(?![\w-]|\.\w)", regex.IGNORECASE) if settings.domains else None
        # Most posts hold no domain at all: a substring search says so before the pattern
        # (with its look-behind tried at every position) scans them.
        self.domain_needles = Anchors(self.domain_pattern, [(domain, domain) for domain in settings.domains]
                                      ) if settings.domains else None
        self._label_sets: dict[tuple[str, str | None], LabelSet] = {}
        for code in settings.jurisdictions:  # compiled with the policy; a post's own codes on demand
            self.label_set(code, settings.relationship)

    # -- labels -------------------------------------------------------------
    def label_set(self, code: str, relationship: str | None = None) -> LabelSet:
        """The compiled labels of one jurisdiction for a relationship (compiled once per policy)."""
        key = (code, relationship)
        if key not in self._label_sets:
            if code not in available_jurisdictions():
                raise KeyError(code)
            self._label_sets[key] = LabelSet(code, jurisdiction(code), self.settings, relationship)
        return self._label_sets[key]

    def label_sets(self, post) -> list[LabelSet]:
        """The post's jurisdictions (front matter first, else the policy's), for its
        relationship (front matter first, else the policy's)."""
        codes = post.jurisdictions or self.settings.jurisdictions
        relationship = post.meta.get("relationship") or self.settings.relationship
        sets = []
        for code in dict.fromkeys(codes):
            try:
                sets.append(self.label_set(code, relationship))
            except KeyError:
                raise InputError(tr("{path}:{meta_line}: front matter: unknown jurisdiction '{code}'; known: {join}",
                                    path=post.path, meta_line=_meta_line(post, 'jurisdictions'), code=code, join=', '.join(sorted(available_jurisdictions())))
                                 ) from None
        return sets

    def labels(self, post, label_set: LabelSet) -> list[LabelHit]:
        """The hits of one label set in the post (scanned once per post)."""
        cache = post.cache.setdefault("disclosure-labels", {})
        key = (label_set.code, label_set.relationship)
        if key not in cache:
            cache[key] = label_set.scan(post)
        return cache[key]

    def has_label(self, post) -> bool:
        return any(self.labels(post, label_set) for label_set in self.label_sets(post))

    # -- company --------------------------------------------------------------
    def mentions_company(self, post) -> bool:
        if self.handles and "@" in post.text and any(
                unit[1:].casefold() in self.handles for _, _, unit in mentions(post)):
            return True  # "... hos @havoerntelecom på fredag"
        if (self.domain_pattern is not None and self.domain_needles.may_occur(post)
                and self.domain_pattern.search(post.text, post.body_start)):
            return True  # "👉 https://havoern.dk/sommer"
        if not self.names:
            return False
        text = post.text
        for match in self.name_anchors.finditer(post, post.body_start):
            if self._is_name(match.group("name")):
                return True
        # Without "#" or "@" the post has no hashtags or mentions to look up.
        units = ([(hashtags(post), self.any_case)] if "#" in text or "＃" in text else []) + (
            [(mentions(post), True)] if "@" in text else [])
        for found, any_case in units:
            for _, _, unit in found:
                compact = unit[1:].translate(_NAME_SEPARATORS)
                name = self.compact_names.get(compact.casefold())
                if name is not None and (any_case or " " in name or _same_capitals("".join(name.split()), compact)):
                    return True
        return False

    def _is_name(self, found: str) -> bool:
        if self.any_case:
            return True
        name = self.names[" ".join(found.split()).casefold()]
        return all(_same_capitals(want, got) for want, got in zip(name.split(), found.split()))

    def is_commercial(self, post) -> bool:
        """Whether ``post`` is advertising (decided once per post)."""
        if post.commercial is not None:
            return post.commercial
        verdict = post.cache.get("commercial")
        if verdict is None:
            verdict = post.cache["commercial"] = self.mentions_company(post) or self.has_label(post)
        return verdict


def _same_capitals(name_word: str, found_word: str) -> bool:
    """Proper-noun test: a capitalised name word must be capitalised (or all capitals) in the post."""
    if not name_word[:1].isupper():
        return True
    return found_word[:1].isupper()


class CaseFold:
    """``casefold()`` as `regex` matches case-insensitively: after a table that also
    equates the few characters `regex` matches to one of ``texts`` but ``casefold()``
    keeps apart ("İ" and "i", "ı" and "I", see :func:`fold_table`).  ``exact`` is False
    when no table says so exactly (then folding cannot stand in for the pattern).  A
    post's folded text is kept in its cache for every user that folds alike: the
    post's one case-folded copy (:func:`~advolint.text.units.casefolded`) when the
    post holds none of the table's characters."""

    def __init__(self, texts):
        self.table = fold_table(texts)
        self.exact = self.table is not None
        self.key = ("folded", *sorted((self.table or {}).items()))
        self.variants = "".join(map(chr, self.table or {}))  # translating is slow: only when one is there

    def fold(self, text: str) -> str:
        if any(variant in text for variant in self.variants):
            return text.translate(self.table).casefold()
        return text.casefold()

    def fold_post(self, post) -> str:
        """:meth:`fold` of ``post.text``, made once per post (and shared)."""
        if not any(variant in post.text for variant in self.variants):
            return casefolded(post)
        folded = post.cache.get(self.key)
        if folded is None:
            folded = post.cache[self.key] = post.text.translate(self.table).casefold()
        return folded


class Anchors:
    """Where a case-insensitive pattern can match a post, found by substring search.

    `regex` spends tens of nanoseconds on every character it scans,
    ``str.find`` a fraction of one.  Every match of ``pattern`` begins with
    one of the ``start`` texts of ``starts`` (in any case), and only in a post
    that also holds its ``needle`` ("i" of "i samarbejde med" is looked for
    only where "samarbejde" is).  So the pattern is tried only where a start
    occurs in the post's folded text, and :meth:`finditer` yields exactly the
    matches of ``pattern.finditer``.  Folding is ``casefold()`` after a table
    that also equates the few characters `regex` matches case-insensitively
    but ``casefold()`` keeps apart ("İ" and "i", "ı" and "I").  Without such a
    table, or when folding changes a post's length (so that offsets differ),
    the pattern scans the whole post.
    """

    def __init__(self, pattern, starts: list[tuple[str, str]]):
        self.pattern = pattern
        self.folding = CaseFold([text for pair in starts for text in pair])
        self.starts: dict[str, list[tuple[str, str]]] = {}  # by first character: "#" tags are often absent
        for needle, start in dict.fromkeys(starts):
            needle, start = self.folding.fold(needle), self.folding.fold(start)
            self.starts.setdefault(start[:1], []).append((needle, start))
        for char, group in self.starts.items():  # a covered start only repeats work: dropped
            self.starts[char] = [pair for pair in dict.fromkeys(group)
                                 if not any(_covers(other, pair) for other in group)]

    def may_occur(self, post) -> bool:
        """Whether one of the needles occurs in the post, folded as the pattern matches (always
        True when there is no fold table): a post without one has no match."""
        if not self.folding.exact:
            return True
        folded = self.folding.fold_post(post)
        return any(needle in folded for starts in self.starts.values() for needle, _ in starts)

    def finditer(self, post, pos: int, also=()):
        """``pattern.finditer(post.text, pos)``; ``also``: more offsets where a match may begin."""
        text = post.text
        folded = self.folding.fold_post(post) if self.folding.exact else None
        if folded is None or len(folded) != len(text):
            return self.pattern.finditer(text, pos)
        offsets = set(also)
        for char, starts in self.starts.items():
            if char not in folded:
                continue
            for needle, start in starts:
                if needle in folded:
                    offsets.update(patterns.offsets_of(folded, start, pos))
        return patterns.matches_at(self.pattern, text, sorted(offsets), pos)


def _covers(anchor: tuple[str, str], other: tuple[str, str]) -> bool:
    """Whether ``anchor`` (needle, start) already yields every offset ``other`` would: its
    start begins ``other``'s, and its needle is in every post that holds ``other``'s
    ("#sp" covers "#sponsoreret"), so searching for ``other`` too would only repeat work."""
    return anchor != other and other[1].startswith(anchor[1]) and anchor[0] in other[0]


def fold_table(texts) -> dict[int, str] | None:
    """A ``str.translate`` table after which ``casefold()`` equates every character
    `regex` matches case-insensitively to a character of ``texts``; None if there is none."""
    try:
        from regex._regex import get_all_cases  # the case variants `regex` itself matches
    except ImportError:  # pragma: no cover - a `regex` without it: always scan whole posts
        return None
    chars = set("".join(texts))

    def variants(char: str) -> list[str]:
        return [chr(code) for code in get_all_cases(regex.IGNORECASE | regex.UNICODE, ord(char))]

    table = {ord(variant): char.casefold() for char in chars for variant in variants(char)
             if variant.casefold() != char.casefold()}
    folded = (lambda text: text.translate(table).casefold())
    if all(folded(variant) == folded(char) for char in chars for variant in variants(char)):
        return table
    return None


def _name_pattern(names):
    names = list(names)
    if not names:
        return None
    alternatives = "|".join(r"\s+".join(regex.escape(word) for word in name.split())
                            for name in sorted(set(names), key=len, reverse=True))
    # Genitive s ("Nordlys Energis", "SolarFlex's"); a hyphen may follow ("SolarFlex-anlæg").
    return regex.compile(rf"(?<![\w#@])(?P<name>{alternatives})(?:s|['’]s?)?(?!{_WORD_CHAR})",
                         regex.IGNORECASE)


def _meta_line(post, key: str) -> int:
    """The file line of a front matter key (for error messages)."""
    for number, line in enumerate(post.text[:post.body_start].splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1
