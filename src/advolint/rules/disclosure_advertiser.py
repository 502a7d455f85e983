"""disclosure-advertiser: an accepted label that does not say whom the post advertises for.

Denmark, Norway, Sweden and Finland want the advertiser named in the label or beside it
("Reklame for Nordlys Energi", the company's name, alias or @handle on the label's line);
which jurisdictions ask it is data in lint_rules/jurisdictions/ (`advertiser`).

Reference (what, why, sources, examples): lint_rules/docs/disclosure-advertiser.yaml,
shown by `advolint explain disclosure-advertiser`.
"""

from __future__ import annotations

import regex

from advolint.findings import Edit, Finding, Fix, Severity
from advolint.records import Record
from advolint.rules import commercial
from advolint.rules.base import Rule
from advolint.rules.commercial import CommercialSettings, LabelHit, LabelSet, first_word, opening_block
from advolint.text.units import hashtags, mentions

_COMPACT = str.maketrans("", "", " _.-")


class Settings(Record):
    commercial: CommercialSettings
    always: bool  # disclosure.required: always (else only commercial posts)
    company: str | None  # company.name: what the fix writes into the label
    advertisers: tuple[str, ...]  # company.name and aliases: what names the advertiser
    handles: tuple[str, ...]  # company.handles, casefolded, without "@"


class AdvertiserRule(Rule):
    ids = {"disclosure-advertiser": Severity.ERROR}
    policy_keys = ("disclosure.required", *commercial.POLICY_KEYS)

    @classmethod
    def settings(cls, policy) -> Settings | None:
        company = policy.company
        names = tuple(name for name in [company.name, *company.aliases] if name and name.strip())
        if policy.disclosure.required == "never" or not (names or company.handles):
            # A policy that names no company (the embedded default) cannot tell whom a post
            # advertises for: nothing to check against, and guessing would be a false alarm.
            return None
        shared = commercial.commercial_settings(policy)
        return Settings(commercial=shared, always=policy.disclosure.required == "always", company=company.name,
                        advertisers=names, handles=shared.handles)

    def __init__(self, settings: Settings, messages):
        super().__init__(settings, messages)
        self.detector = commercial.detector(settings.commercial)
        self.language = self.messages.language
        names = sorted({" ".join(name.split()) for name in settings.advertisers}, key=len, reverse=True)
        self.name_pattern = regex.compile(
            r"(?<![\w#@])(?:" + "|".join(r"\s+".join(map(regex.escape, name.split())) for name in names)
            + r")(?![\p{L}\p{N}_])", regex.IGNORECASE) if names else None
        self.compact_names = {name.translate(_COMPACT).casefold() for name in names} | set(settings.handles)

    def check(self, post):
        if not (self.settings.always or self.detector.is_commercial(post)):
            return
        parts = post.parts()  # every story frame on its own; a thread's first part carries the label
        yield from self.in_parts(parts[:1] if post.kind == "thread" else parts, self._check_part)

    def _check_part(self, post):
        unnamed: dict[LabelHit, list[LabelSet]] = {}
        opening = None
        for label_set in self.detector.label_sets(post):
            if not label_set.advertiser_required:
                continue
            accepted = [hit for hit in self.detector.labels(post, label_set) if hit.accepted]
            if accepted and label_set.placement == "start":
                # A label out of place is disclosure-placement's, whose fix moves it first;
                # judged where it then stands (two fixes of one label would clash).
                if opening is None:
                    opening = opening_block(post, first_word(post), [
                        hit for other in self.detector.label_sets(post) for hit in self.detector.labels(post, other)])
                accepted = [hit for hit in accepted if hit.start in opening]
            if accepted and not any(self._names_advertiser(post, hit) for hit in accepted):
                unnamed.setdefault(accepted[0], []).append(label_set)
        for hit, sets in unnamed.items():
            yield self._finding(post, hit, sets)

    def _names_advertiser(self, post, hit: LabelHit) -> bool:
        """The label names the advertiser ("Reklame for X", "#NordlysEmployee"), or the
        company's name, an alias or its @handle (also as a hashtag: "#NordlysEnergi") stands
        beside it: on its line, or on the next line when the label stands alone on its own
        ("📣 Reklame" over "Stolt af mit team hos Nordlys")."""
        if hit.named:
            return True
        text = post.text
        line_start = text.rfind("\n", 0, hit.start) + 1
        line_end = _line_end(text, hit.end)
        if not any(char.isalnum() for char in text[line_start:hit.start] + text[hit.end:line_end]):
            line_end = _line_end(text, line_end + 1)
        if self.name_pattern is not None and self.name_pattern.search(text, line_start, line_end):
            return True
        return any(line_start <= start < line_end and unit[1:].translate(_COMPACT).casefold() in self.compact_names
                   for start, _, unit in [*mentions(post), *hashtags(post)])

    def _requirement(self, label_set: LabelSet) -> str:
        text = self.message("disclosure-advertiser", "requirement",
                            authority=label_set.advertiser_authority.get(self.language, label_set.code.upper()),
                            how=label_set.advertiser_how.get(self.language, ""))
        return text[:1].upper() + text[1:]  # "the Danish Consumer Ombudsman ..." starts a sentence

    def _finding(self, post, hit: LabelHit, sets: list[LabelSet]) -> Finding:
        label = post.text[hit.start:hit.end]
        requirements = "; ".join(
            (f"{label_set.name(self.language)}: " if len(sets) > 1 else "") + self._requirement(label_set)
            for label_set in sets)
        message = self.message("disclosure-advertiser", "unnamed", label=label, requirements=requirements)
        company = self.settings.company
        if not company:  # advolint cannot know the advertiser: say what to set, never guess
            return Finding(rule="disclosure-advertiser", start=hit.start, end=hit.end, message=message,
                           suggestion=self.message("disclosure-advertiser", "set-company"))
        insert = " | ".join(dict.fromkeys(label_set.preferred_label(company) for label_set in sets))
        return Finding(
            rule="disclosure-advertiser", start=hit.start, end=hit.end, message=message,
            suggestion=self.message("disclosure-advertiser", "suggestion", label=label, insert=insert),
            fix=Fix((Edit(hit.start, hit.end, insert),), self.message("disclosure-advertiser", "fix", insert=insert)),
        )


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end == -1 else end


RULE = AdvertiserRule
