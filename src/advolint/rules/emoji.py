"""emoji-forbidden, emoji-limit: emoji as a reader sees them (one grapheme cluster each).

Forbidden emoji in any skin tone, and more than ``tone.emoji.max``: the company's tone of
voice decides which emoji fit, and a flood of them reads as spam (domain notes §5).

Reference (what, why, sources, examples): lint_rules/docs/emoji-forbidden.yaml and
lint_rules/docs/emoji-limit.yaml, shown by `advolint explain RULE`.
"""

from __future__ import annotations

import functools

import regex

from advolint import patterns
from advolint.errors import PolicyError
from advolint.findings import Edit, Finding, Fix, Severity
from advolint.records import Record
from advolint.rules.base import Rule
from advolint.language import tr
from advolint.text.units import spans_of

CLUSTER = patterns.compile(r"\X")
SHORTCODE = patterns.compile(r":[\w+\-&.'’()!#*]+:")
# Characters that make a cluster an emoji however its base is presented:
# VS16, the keycap mark, skin-tone modifiers, regional indicators.
EMOJI_MARKS = patterns.compile(r"[\uFE0F\u20E3\p{Emoji_Modifier}\p{Regional_Indicator}]")
EMOJI_BASE = patterns.compile(r"\p{Emoji_Presentation}|(?=[^\x00-\uFFFF])\p{Extended_Pictographic}")
# Dropped when comparing emoji: presentation selectors and skin tones.
VARIANT_MARKS = patterns.compile(r"[\uFE0E\uFE0F\p{Emoji_Modifier}]")


# Posts use few distinct emoji and many repeats: both answers are memoised.
@functools.lru_cache(maxsize=4096)
def is_emoji(cluster: str) -> bool:
    return bool(EMOJI_BASE.match(cluster) or EMOJI_MARKS.search(cluster))


@functools.lru_cache(maxsize=4096)
def emoji_key(cluster: str) -> str:
    """The emoji without skin tone or presentation: 👍🏽 and 👍 share a key."""
    return VARIANT_MARKS.sub("", cluster)


# Every emoji cluster holds one of these (its base or one of EMOJI_MARKS).
EMOJI_HINT_CLASS = r"\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0E\uFE0F\u20E3\p{Emoji_Modifier}\p{Regional_Indicator}"
EMOJI_HINT = patterns.ClassRuns(EMOJI_HINT_CLASS)
# Two ASCII characters in a row always have a cluster boundary between them
# (only CR LF is one cluster, and it is plain ASCII, never a candidate), so
# clusters can be segmented from there as if from the start of the text.
ASCII_PAIR = patterns.compile(r"[\x00-\x7f]{2}")
ASCII_PAIR_BEFORE = patterns.compile(r"(?r)[\x00-\x7f]{2}")


def _clusters_around(post, hint) -> list[tuple[int, int, str]]:
    """The body's non-ASCII clusters that contain a character ``hint`` finds
    (among others near them), in order.  Segmenting with ``\\X`` only around
    the hints, not the whole post, is what keeps emoji rules cheap."""
    text, floor = post.text, post.body_start
    found = []
    position = floor
    while (match := hint.search(text, position)) is not None:
        before = ASCII_PAIR_BEFORE.search(text, position, match.start())
        after = ASCII_PAIR.search(text, match.end())
        start = before.start() + 1 if before else position
        end = after.start() + 1 if after else len(text)
        found += [(m.start(), m.end(), m.group()) for m in CLUSTER.finditer(text, start, end)
                  if not m.group().isascii()]
        position = end
    return found


def emoji_spans(post, clusters=None) -> list[tuple[int, int, str]]:
    """Every emoji in the body as ``(start, end, cluster)``, cached per post
    (picked from ``clusters`` when given: clusters around more hints than EMOJI_HINT)."""
    found = post.cache.get("emoji")
    if found is None:
        clusters = _clusters_around(post, EMOJI_HINT) if clusters is None else clusters
        found = post.cache["emoji"] = spans_of(post.text, ((start, end) for start, end, cluster in clusters
                                                           if is_emoji(cluster)))
    return found


class ForbiddenEmoji(Record):
    emoji: str
    replacement: str | None


class Settings(Record):
    max: int | None
    forbidden: tuple[ForbiddenEmoji, ...]
    allowed: tuple[str, ...] | None  # None: every emoji not forbidden
    source: str  # the policy, for errors


class EmojiRules(Rule):
    ids = {"emoji-forbidden": Severity.ERROR, "emoji-limit": Severity.WARNING}
    policy_keys = ("tone.emoji.max", "tone.emoji.forbidden", "tone.emoji.allowed")

    @classmethod
    def settings(cls, policy) -> Settings | None:
        emoji = policy.tone.emoji
        if not (emoji.max is not None or emoji.forbidden or emoji.allowed is not None):
            return None
        return Settings(max=emoji.max,
                        forbidden=tuple(ForbiddenEmoji(entry.emoji, entry.replacement) for entry in emoji.forbidden),
                        allowed=None if emoji.allowed is None else tuple(emoji.allowed), source=policy.source)

    def __init__(self, settings: Settings, messages):
        super().__init__(settings, messages)
        self.limit = settings.max
        self.forbidden = {self._key(entry.emoji, "forbidden"): entry for entry in settings.forbidden}
        for entry in settings.forbidden:
            # A replacement that is forbidden too would make --fix go round in circles.
            if entry.replacement and emoji_key(entry.replacement.strip()) in self.forbidden:
                raise PolicyError(settings.source, tr("tone.emoji.forbidden: the replacement '{replacement}' is itself forbidden",
                                                      replacement=entry.replacement))
        # Forbidden bases match in text presentation too (☹ as well as ☹️):
        # the clusters that hold one of their characters are candidates as well.
        forbidden_chars = "".join(sorted({char for key in self.forbidden for char in key}))
        self.candidate_hint = patterns.ClassRuns(EMOJI_HINT_CLASS + regex.escape(forbidden_chars))
        self.allowed = None
        if settings.allowed is not None:
            self.allowed = {self._key(emoji, "allowed") for emoji in settings.allowed}

    def _key(self, emoji: str, field: str) -> str:
        if SHORTCODE.fullmatch(emoji.strip()):
            emoji = self._from_shortcode(emoji.strip(), field)
        clusters = CLUSTER.findall(emoji.strip())
        if len(clusters) != 1:
            raise PolicyError(self.settings.source, tr("tone.emoji.{field}: '{emoji}' is not one emoji",
                                                       field=field, emoji=emoji))
        return emoji_key(clusters[0])

    def _from_shortcode(self, name: str, field: str) -> str:
        """``:thumbs_up:`` (CLDR name or common alias) -> 👍, with the ``emoji`` package."""
        import emoji as emoji_names  # only policies that write names pay for the import

        character = emoji_names.emojize(name, language="alias")
        if character == name:
            raise PolicyError(self.settings.source, tr("tone.emoji.{field}: unknown emoji name '{name}'",
                                                       field=field, name=name))
        return character

    def check(self, post):
        clusters = _clusters_around(post, self.candidate_hint) if self.forbidden else None
        spans = emoji_spans(post, clusters)
        if self.forbidden or self.allowed is not None:
            # Forbidden bases match in text presentation too (☹ as well as ☹️).
            candidates = spans if not self.forbidden else [
                span for span in clusters if is_emoji(span[2]) or emoji_key(span[2]) in self.forbidden]
            for start, end, emoji in candidates:
                finding = self._forbidden(start, end, emoji)
                if finding:
                    yield finding
        yield from self.first_over_limit("emoji-limit", spans, self.limit)

    def _forbidden(self, start, end, emoji):
        key = emoji_key(emoji)
        entry = self.forbidden.get(key)
        if entry is not None:
            message = self.message("emoji-forbidden", "forbidden", emoji=emoji)
        elif self.allowed is not None and key not in self.allowed:
            message = self.message("emoji-forbidden", "not-allowed", emoji=emoji)
        else:
            return None
        fix = None
        if entry is not None and entry.replacement is not None:
            description = (self.message("emoji-forbidden", "fix-replace", emoji=emoji, replacement=entry.replacement)
                           if entry.replacement else self.message("emoji-forbidden", "fix-remove", emoji=emoji))
            fix = Fix((Edit(start, end, entry.replacement),), description)
            suggestion = (self.message("emoji-forbidden", "replace", replacement=entry.replacement)
                          if entry.replacement else self.message("emoji-forbidden", "remove"))
        else:
            suggestion = self.message("emoji-forbidden", "remove")
        return Finding(rule="emoji-forbidden", start=start, end=end, message=message,
                       suggestion=suggestion, fix=fix)


RULE = EmojiRules
