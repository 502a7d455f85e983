"""hashtag-forbidden, hashtag-required, hashtag-limit: the company's hashtag rules.

Forbidden tags, tags a commercial post must carry, at most ``hashtags.max``: companies
avoid competitors' tags, want findable posts and short tag clumps (domain notes §3).

Reference (what, why, sources, examples): lint_rules/docs/hashtag-forbidden.yaml,
lint_rules/docs/hashtag-required.yaml and lint_rules/docs/hashtag-limit.yaml,
shown by `advolint explain RULE`.
"""

from __future__ import annotations

import fnmatch
import functools
import unicodedata

import regex

from advolint import patterns
from advolint.errors import PolicyError
from advolint.findings import Edit, Finding, Fix, Severity
from advolint.records import Record
from advolint.rules import commercial
from advolint.rules.base import Rule
from advolint.text.units import hashtags
from advolint.language import tr

TAG_TEXT = patterns.compile(r"[\p{L}\p{M}\p{N}_*?\[\]!-]+")


@functools.lru_cache(maxsize=4096)  # posts repeat the same few tags
def _bare(tag: str) -> str:
    """``#Tag`` -> ``tag``: the part that is compared (case-insensitive, NFC: a
    decomposed "å" from a Mac is the same letter)."""
    return unicodedata.normalize("NFC", tag.lstrip("#＃")).casefold()


class ForbiddenTag(Record):
    tag: str
    replacement: str | None


class Settings(Record):
    forbidden: tuple[ForbiddenTag, ...]
    required: tuple[str, ...]
    require_all: bool  # hashtags.require: all (else any)
    max: int | None
    commercial: commercial.CommercialSettings | None  # only when tags are required (of commercial posts)
    source: str  # the policy, for errors


class HashtagRules(Rule):
    ids = {
        "hashtag-forbidden": Severity.ERROR,
        "hashtag-required": Severity.ERROR,
        "hashtag-limit": Severity.WARNING,
    }
    policy_keys = ("hashtags.forbidden", "hashtags.required", "hashtags.require", "hashtags.max",
                   *commercial.POLICY_KEYS)

    @classmethod
    def settings(cls, policy) -> Settings | None:
        tags = policy.hashtags
        if not (tags.forbidden or tags.required or tags.max is not None):
            return None
        return Settings(
            forbidden=tuple(ForbiddenTag(entry.tag, entry.replacement) for entry in tags.forbidden),
            required=tuple(tags.required), require_all=tags.require == "all", max=tags.max,
            commercial=commercial.commercial_settings(policy) if tags.required else None, source=policy.source)

    def __init__(self, settings: Settings, messages):
        super().__init__(settings, messages)
        self.forbidden = []
        for entry in settings.forbidden:
            bare = _bare(entry.tag)
            if not TAG_TEXT.fullmatch(bare):
                raise PolicyError(settings.source, tr("hashtags.forbidden: '{tag}' is not a hashtag (letters, digits, _ and the glob signs * ? [ ])",
                                                      tag=entry.tag))
            self.forbidden.append((regex.compile(fnmatch.translate(bare)), entry))
        for pattern, entry in self.forbidden:
            # A replacement that another entry forbids would make --fix go round in circles.
            if entry.replacement and entry.replacement.startswith(("#", "＃")):
                for other_pattern, other in self.forbidden:
                    if other is not entry and other_pattern.fullmatch(_bare(entry.replacement)) \
                            and other.replacement != entry.replacement:
                        raise PolicyError(settings.source, tr("hashtags.forbidden: the replacement '{replacement}' is itself forbidden by '{tag}'",
                                                              replacement=entry.replacement, tag=other.tag))
        self._matching_entries: dict[str, tuple] = {}
        self._verdicts: dict[str, tuple | None] = {}  # by tag, see _verdict
        self.required = {_bare(tag): tag if tag.startswith("#") else "#" + tag for tag in settings.required}
        self.require_all = settings.require_all
        self.limit = settings.max
        self.detector = commercial.detector(settings.commercial) if settings.commercial else None

    def check(self, post):
        tags = hashtags(post)
        yield from self._forbidden(tags)
        if self.required and self.detector.is_commercial(post):
            yield from self._required(post, tags)
        yield from self.first_over_limit("hashtag-limit", tags, self.limit)

    def _entries_matching(self, bare: str) -> tuple:
        """The forbidden entries whose pattern matches ``bare``, in policy order (memoised:
        posts repeat the same few tags, and a glob costs a regex match per entry)."""
        entries = self._matching_entries.get(bare)
        if entries is None:
            if len(self._matching_entries) >= 10_000:
                self._matching_entries.clear()  # bounded: a huge batch has endless distinct tags
            entries = self._matching_entries[bare] = tuple(
                entry for pattern, entry in self.forbidden if pattern.fullmatch(bare))
        return entries

    def _forbidden(self, tags):
        for start, end, tag in tags:
            verdict = self._verdict(tag)
            if verdict is None:
                continue
            message, suggestion, replacement, description = verdict
            fix = Fix((Edit(start, end, replacement),), description) if replacement is not None else None
            yield Finding(rule="hashtag-forbidden", start=start, end=end,
                          message=message, suggestion=suggestion, fix=fix)

    def _verdict(self, tag: str) -> tuple | None:
        """``(message, suggestion, replacement, fix description)`` for a forbidden ``tag``, else
        None.  Memoised by tag: a batch repeats the same forbidden tags, and their texts
        depend only on the tag and the policy."""
        if tag in self._verdicts:
            return self._verdicts[tag]
        verdict = None
        for entry in self._entries_matching(_bare(tag)):
            if tag == entry.replacement:
                continue
            description = None  # no replacement: no fix
            if entry.replacement:
                suggestion = self.message("hashtag-forbidden", "replace", replacement=entry.replacement)
                description = self.message("hashtag-forbidden", "fix-replace", tag=tag, replacement=entry.replacement)
            else:
                suggestion = self.message("hashtag-forbidden", "remove")
                if entry.replacement == "":
                    description = self.message("hashtag-forbidden", "fix-remove", tag=tag)
            verdict = (self.message("hashtag-forbidden", "forbidden", tag=tag, entry=entry.tag), suggestion,
                       entry.replacement, description)
            break
        if len(self._verdicts) >= 10_000:
            self._verdicts.clear()  # bounded, as the entries memo
        self._verdicts[tag] = verdict
        return verdict

    def _required(self, post, tags):
        present = {_bare(tag) for _, _, tag in tags}
        missing = [tag for bare, tag in self.required.items() if bare not in present]
        if not missing or (not self.require_all and len(missing) < len(self.required)):
            return
        start, end = self._where_tags_go(post, tags)
        if self.require_all:
            for tag in missing:
                yield Finding(
                    rule="hashtag-required", start=start, end=end,
                    message=self.message("hashtag-required", "missing", tag=tag),
                    suggestion=self.message("hashtag-required", "add", tags=tag),
                )
        else:
            listed = ", ".join(missing)
            yield Finding(
                rule="hashtag-required", start=start, end=end,
                message=self.message("hashtag-required", "missing-any", tags=listed),
                suggestion=self.message("hashtag-required", "add-one", tags=listed),
            )

    @staticmethod
    def _where_tags_go(post, tags) -> tuple[int, int]:
        if tags:
            return tags[-1][0], tags[-1][1]
        end = len(post.text.rstrip())
        if end <= post.body_start:
            return post.body_start, post.body_start
        return end - 1, end


RULE = HashtagRules
