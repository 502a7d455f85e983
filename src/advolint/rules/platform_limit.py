"""platform-limit: a post longer than its platform allows, or with more hashtags than it shows.

The platform is the post's front matter `platform`, else the policy's `platform`; its figures
(LinkedIn 3,000, X 280 weighted, Instagram's 5 hashtags) are data in lint_rules/platforms/.
Each part of a story or thread is published on its own and is checked on its own.

Reference (what, why, sources, examples): lint_rules/docs/platform-limit.yaml,
shown by `advolint explain platform-limit`.
"""

from __future__ import annotations

import bisect

from advolint import patterns
from advolint.findings import Finding, Severity
from advolint.records import Record
from advolint.resources import load_data
from advolint.rules.base import Rule
from advolint.text.units import hashtags, urls

_GRAPHEME = patterns.compile(r"\X")
_EMOJI = patterns.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}]")


class Settings(Record):
    platform: str | None  # the policy's platform, for posts without their own


class Limits(Record):
    """One platform's figures (lint_rules/platforms/platforms.yaml)."""

    name: str
    limit: int
    weighted: bool  # counting: x-weighted (else characters, Unicode code points)
    url_weight: int
    heavy_weight: int
    light_starts: tuple[int, ...]  # code-point ranges of weight 1, sorted: starts and ends
    light_ends: tuple[int, ...]
    hashtags_max: int | None


class PlatformLimitRule(Rule):
    ids = {"platform-limit": Severity.ERROR}
    policy_keys = ("platform",)

    @classmethod
    def settings(cls, policy) -> Settings:
        # Always on: a post's own front matter may name its platform.
        return Settings(platform=policy.platform)

    def __init__(self, settings: Settings, messages):
        super().__init__(settings, messages)
        self.platforms: dict[str, Limits] = {}
        for code, facts in load_data("platforms/platforms.yaml").items():
            ranges = sorted(facts.get("light_ranges", []))
            self.platforms[code] = Limits(
                name=facts["name"], limit=facts["limit"], weighted=facts["counting"] == "x-weighted",
                url_weight=facts.get("url_weight", 0), heavy_weight=facts.get("heavy_weight", 1),
                light_starts=tuple(low for low, _ in ranges), light_ends=tuple(high for _, high in ranges),
                hashtags_max=facts.get("hashtags_max"))

    def check(self, post):
        platform = post.platform or self.settings.platform
        if platform is None:
            return
        limits = self.platforms[platform]
        # Each frame of a story, each post of a thread, is published alone.
        yield from self.in_parts(post.parts(), lambda part: [*self._length(part, limits), *self._hashtags(part, limits)])

    # -- length ---------------------------------------------------------------
    def _length(self, post, limits: Limits):
        text = post.text
        start = post.body_start
        while start < len(text) and text[start].isspace():
            start += 1
        end = len(text.rstrip())  # platforms trim white space around a post
        if end - start <= limits.limit and not limits.weighted:
            return
        if limits.weighted:
            length, over = self._weighted(post, start, end, limits)
        else:
            length, over = end - start, start + limits.limit
        if length <= limits.limit:
            return
        key = "too-long-weighted" if limits.weighted else "too-long"
        yield Finding(
            rule="platform-limit", start=over, end=end,
            message=self.message("platform-limit", key, length=length, limit=limits.limit,
                                 platform=limits.name, url=limits.url_weight, heavy=limits.heavy_weight),
            suggestion=self.message("platform-limit", "shorten", over=length - limits.limit),
        )

    def _weighted(self, post, start: int, end: int, limits: Limits) -> tuple[int, int]:
        """X's weighted length of ``text[start:end]`` (every URL ``url_weight``, an emoji
        ``heavy_weight`` once, other code points 1 in the light ranges, else ``heavy_weight``)
        and the offset of the first character over the limit."""
        text, total, over = post.text, 0, end
        links = [(s, e) for s, e, _ in urls(post) if s < end]
        offset = start
        # Most text lies wholly in the first light range (Latin, æøå): it weighs its length.
        plain = chr(limits.light_ends[0]) if limits.light_starts[:1] == (0,) else None
        for link_start, link_end in [*links, (end, end)]:
            segment_end = max(offset, link_start)
            if plain is not None and offset < segment_end and max(text[offset:segment_end]) <= plain:
                if total + segment_end - offset > limits.limit and over == end:
                    over = offset + limits.limit - total
                total += segment_end - offset
            else:
                total, over = self._weighed_graphemes(text, offset, segment_end, total, over, end, limits,
                                                      plain or "")
            if link_start < end:
                total += limits.url_weight
                if total > limits.limit and over == end:
                    over = link_start
            offset = max(offset, min(link_end, end))
        return total, over

    def _weighed_graphemes(self, text: str, start: int, end: int, total: int, over: int, text_end: int,
                           limits: Limits, plain: str) -> tuple[int, int]:
        """``total`` plus the weight of ``text[start:end]`` grapheme by grapheme, and ``over``
        set to the first grapheme over the limit (when it is still ``text_end``)."""
        for match in _GRAPHEME.finditer(text, start, end):
            cluster = match.group()
            if len(cluster) == 1 and cluster <= plain:
                total += 1
            elif _EMOJI.search(cluster):
                total += limits.heavy_weight
            else:
                total += sum(1 if self._light(ord(char), limits) else limits.heavy_weight for char in cluster)
            if total > limits.limit and over == text_end:
                over = match.start()
        return total, over

    @staticmethod
    def _light(code_point: int, limits: Limits) -> bool:
        index = bisect.bisect_right(limits.light_starts, code_point) - 1
        return index >= 0 and code_point <= limits.light_ends[index]

    # -- hashtags -------------------------------------------------------------
    def _hashtags(self, post, limits: Limits):
        most = limits.hashtags_max
        if most is None:
            return
        tags = hashtags(post)
        if len(tags) > most:
            start, end, _ = tags[most]
            yield Finding(
                rule="platform-limit", start=start, end=end,
                message=self.message("platform-limit", "hashtags", count=len(tags), max=most, platform=limits.name),
                suggestion=self.message("platform-limit", "fewer-hashtags", max=most),
            )


RULE = PlatformLimitRule
