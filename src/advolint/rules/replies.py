"""reply-speaks-for-company, reply-needs-escalation: who may answer for the company.

Replies and comments (front matter ``kind: reply``): one that speaks as the company
("vi beklager", "we will refund") by a role the policy does not let answer for it, and
any reply to a critical comment (``in_reply_to``: a complaint, legal threat, the press, a
safety incident, a data breach, discrimination) that the author's role may not handle.
Reference (what, why, sources, examples): lint_rules/docs/reply-speaks-for-company.yaml
and lint_rules/docs/reply-needs-escalation.yaml, shown by `advolint explain RULE`.
"""

from __future__ import annotations

import functools

import regex

from advolint import patterns
from advolint.findings import Finding, Severity
from advolint.records import Record
from advolint.resources import load_data
from advolint.rules.base import Rule

SPEAKS = "reply-speaks-for-company"
ESCALATE = "reply-needs-escalation"
REPLY_KINDS = ("reply", "comment")
LANGUAGES = ("da", "en")  # those with a lexicon in lint_rules/lexicons/replies/


class Settings(Record):
    may_answer: tuple  # roles that may speak for the company (casefolded)
    handles: tuple  # (role, (topic, ...)): the critical topics a role may answer itself
    language: str  # the policy's: posts without their own language


class Lexicon:
    """One language's phrases, compiled: what speaks for the company, what makes a comment critical."""

    def __init__(self, data: dict):
        self.speaks = _phrases(data["speaks_for_company"])
        self.topics = _phrases(data["critical_topics"])
        self.complaint_sentiment = data["complaint_sentiment_at_most"]
        negation = "|".join(regex.escape(word) for word in data.get("negations", []))
        self.negated_before = regex.compile(rf"(?i)(?<!\w)(?:{negation})\s+\Z") if negation else None
        self.negated_after = patterns.compile_anchored(rf"(?i)\s+(?:{negation})(?!\w)") if negation else None

    def topics_of(self, text: str, language: str) -> dict[str, str]:
        """The critical topics of a comment, each with the words that show it."""
        found = {}
        for match in self.topics.finditer(text):
            if match.lastgroup == "complaint" and self._negated(text, match):
                continue  # "jeg klager ikke, men ..."
            found.setdefault(match.lastgroup, match.group())
        if "complaint" not in found and _sentiment(text, language) <= self.complaint_sentiment:
            found["complaint"] = "…"  # no complaint word, but unmistakably negative
        return found


    def _negated(self, text: str, match) -> bool:
        if self.negated_before is None:
            return False
        return bool(self.negated_before.search(text, max(0, match.start() - 12), match.start())
                    or self.negated_after.match(text, match.end()))


class ReplyRules(Rule):
    ids = {SPEAKS: Severity.ERROR, ESCALATE: Severity.ERROR}
    policy_keys = ("voice.may_answer", "voice.handles", "language")

    @classmethod
    def settings(cls, policy) -> Settings:
        voice = policy.voice
        return Settings(may_answer=tuple(role.casefold() for role in voice.may_answer),
                        handles=tuple((role.casefold(), tuple(topics)) for role, topics in voice.handles.items()),
                        language=policy.language)

    def __init__(self, settings: Settings, messages):
        super().__init__(settings, messages)
        self.may_answer = frozenset(settings.may_answer)
        self.handles = {role: frozenset(topics) for role, topics in settings.handles}
        self.lexicons = {language: Lexicon(load_data(f"lexicons/replies/{language}.yaml")) for language in LANGUAGES}

    def check(self, post):
        if post.meta.get("kind") not in REPLY_KINDS:
            return
        language = str(post.language or self.settings.language).lower()
        lexicon = self.lexicons.get(language, self.lexicons["en"])
        role = str(post.meta.get("role") or "").casefold()
        shown_role = post.meta.get("role") or self.message(SPEAKS, "no-role")
        if role not in self.may_answer:
            for match in lexicon.speaks.finditer(post.text, post.body_start):
                yield Finding(rule=SPEAKS, start=match.start(), end=match.end(),
                              message=self.message(SPEAKS, "speaks", words=match.group(), role=shown_role),
                              suggestion=self.message(SPEAKS, "suggestion"))
                break  # one finding says it; the reply must go to someone else anyway
        comment = post.meta.get("in_reply_to")
        start, end = _first_line(post)
        if not isinstance(comment, str) or not comment.strip() or start == end:
            return
        topics = lexicon.topics_of(comment, language)
        unhandled = [topic for topic in topics if topic not in self.handles.get(role, ())]
        if unhandled:
            names = self.messages.join(self.message(ESCALATE, f"topic-{topic}") for topic in unhandled)
            yield Finding(rule=ESCALATE, start=start, end=end,
                          message=self.message(ESCALATE, "critical", topics=names,
                                               words=", ".join(f"“{topics[topic]}”" for topic in unhandled)),
                          suggestion=self.message(ESCALATE, "suggestion"))


def _first_line(post) -> tuple[int, int]:
    """The span of the reply's first line of text (where a reviewer looks first)."""
    text = post.text
    start = post.body_start + len(text[post.body_start:]) - len(text[post.body_start:].lstrip())
    line_end = text.find("\n", start)
    end = len(text) if line_end == -1 else line_end
    return start, len(text[:end].rstrip())


def _phrases(groups: dict[str, list[str]]):
    """One case-insensitive pattern whose named groups are the lexicon's groups; ``word*`` takes any ending."""
    alternatives = []
    for name, phrases in groups.items():
        forms = []
        for phrase in sorted(phrases, key=len, reverse=True):
            words = [regex.escape(word.rstrip("*")) + (r"\w*" if word.endswith("*") else "") for word in phrase.split()]
            forms.append(r"\s+".join(words))
        alternatives.append(rf"(?P<{name}>{'|'.join(forms)})")
    return regex.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", regex.IGNORECASE)


@functools.lru_cache(maxsize=None)
def _afinn(language: str):
    """The AFINN word list of ``language`` (Finn Årup Nielsen's ``afinn`` package), loaded once."""
    from afinn import Afinn

    return Afinn(language=language)


def _sentiment(text: str, language: str) -> float:
    return _afinn(language).score(text) if language in LANGUAGES else 0.0


RULE = ReplyRules
