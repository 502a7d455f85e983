"""disclosure-missing, disclosure-insufficient, disclosure-placement: advertising labels.

A commercial post must carry each jurisdiction's accepted label ("Reklame") where that
jurisdiction wants it: hidden advertising is banned (markedsføringsloven § 6, stk. 4).

Reference (what, why, sources, examples): lint_rules/docs/disclosure-missing.yaml,
lint_rules/docs/disclosure-insufficient.yaml and lint_rules/docs/disclosure-placement.yaml,
shown by `advolint explain RULE`.
"""

from __future__ import annotations

from typing import NamedTuple

from advolint import patterns
from advolint.findings import Edit, Finding, Fix, Severity
from advolint.records import Record
from advolint.resources import load_data
from advolint.rules import commercial
from advolint.rules.base import Rule
from advolint.rules.commercial import CommercialSettings, LabelHit, LabelSet, first_word, opening_block
from advolint.text.post import Post

# Visible characters before "see more" (domain notes §3, unofficial figures).
_GRAPHEME = patterns.compile(r"\X")
_WORD = patterns.compile(r"\S+")
_SEPARATOR_AFTER = patterns.compile(r"[^\S\n]*(?:[:|\-–—][^\S\n]*)?")  # "#ad: " in "#ad: Ny SolarFlex"


class Fold(NamedTuple):
    """Where "se mere" cuts a post: after ``characters`` visible characters, and after
    ``lines`` rendered lines of ``per_line`` characters (None: by characters only)."""

    characters: int
    lines: int | None = None
    per_line: int | None = None


class Settings(Record):
    commercial: CommercialSettings
    always: bool  # disclosure.required: always (else only commercial posts)
    company: str | None  # who the inserted label names
    fold: int | None  # disclosure.fold; None: by platform
    platform: str | None  # the policy's platform, for posts without their own


class DisclosureRule(Rule):
    ids = {
        "disclosure-missing": Severity.ERROR,
        "disclosure-insufficient": Severity.ERROR,
        "disclosure-placement": Severity.ERROR,
    }
    policy_keys = ("disclosure.required", "disclosure.fold", "platform", *commercial.POLICY_KEYS)

    @classmethod
    def settings(cls, policy) -> Settings | None:
        disclosure, company = policy.disclosure, policy.company
        if disclosure.required == "never":
            return None
        return Settings(commercial=commercial.commercial_settings(policy), always=disclosure.required == "always",
                        company=company.name or next(iter(company.aliases), None), fold=disclosure.fold,
                        platform=policy.platform)

    def __init__(self, settings: Settings, messages):
        super().__init__(settings, messages)
        self.detector = commercial.detector(settings.commercial)
        self.always = settings.always
        self.company = settings.company
        self.language = self.messages.language
        self._requirement_texts: dict[tuple, str] = {}  # by jurisdictions and fold: a handful per policy
        # Where "see more" cuts a post, per platform and sponsored or not (lint_rules/platforms/,
        # with sources); without a platform the strictest figures.  Read here, once per policy,
        # so it travels compiled.
        self.folds: dict[tuple[str, bool], Fold] = {}
        for name, facts in load_data("platforms/platforms.yaml").items():
            for sponsored in (False, True):
                lines = facts.get("fold_lines_sponsored" if sponsored else "fold_lines")
                self.folds[name, sponsored] = Fold(facts["fold"], lines, facts.get("chars_per_line") if lines else None)
        by_lines = [fold for (_, sponsored), fold in self.folds.items() if fold.lines and not sponsored]
        self.default_fold = Fold(min(fold.characters for fold in self.folds.values()),
                                 *min(((fold.lines, fold.per_line) for fold in by_lines), default=(None, None)))

    def check(self, post):
        if not (self.always or self.detector.is_commercial(post)):
            return
        # Forbrugerombudsmanden: every frame of a story is labelled on its own; a thread's
        # first part carries the label (the rest is read after it).
        parts = post.parts()
        yield from self.in_parts(parts[:1] if post.kind == "thread" else parts, self._check_part)

    def _check_part(self, post):
        first = first_word(post)
        if first >= len(post.text):
            return  # an empty post has nothing to label
        hits, missing, insufficient, misplaced = self._judged(post, first)
        if missing:
            yield self._missing(post, first, missing)
        for hit, sets in insufficient.items():
            yield self._insufficient(post, first, hit, sets, hits)
        for hit, sets in misplaced.items():
            yield self._misplaced(post, first, hit, sets, len(misplaced))

    def _judged(self, post, first: int):
        """(hits per label set, sets with no label, insufficient labels, misplaced labels)."""
        label_sets = self.detector.label_sets(post)
        hits = {label_set: self.detector.labels(post, label_set) for label_set in label_sets}
        opening = opening_block(post, first, [hit for found in hits.values() for hit in found])
        missing: list[LabelSet] = []
        misplaced: dict[LabelHit, list[LabelSet]] = {}
        insufficient: dict[LabelHit, list[LabelSet]] = {}
        for label_set, found in hits.items():
            accepted = [hit for hit in found if hit.accepted]
            if accepted:
                if not any(self._well_placed(post, first, hit, label_set, opening) for hit in accepted):
                    misplaced.setdefault(accepted[0], []).append(label_set)
            elif found:
                insufficient.setdefault(found[0], []).append(label_set)
            else:
                missing.append(label_set)
        return hits, missing, insufficient, misplaced

    # -- placement ------------------------------------------------------------
    def _well_placed(self, post, first: int, hit: LabelHit, label_set: LabelSet, opening: set[int]) -> bool:
        if label_set.placement == "anywhere":
            return True
        if label_set.placement == "before-fold":
            return _before_fold(post.text, first, hit.end, self._fold(post))
        return hit.start in opening

    def _fold(self, post) -> Fold:
        if self.settings.fold:  # the policy says where the fold is: by characters only
            return Fold(self.settings.fold)
        platform = post.platform or self.settings.platform
        return self.folds.get((platform, bool(post.meta.get("sponsored"))), self.default_fold)

    # -- findings -------------------------------------------------------------
    def _missing(self, post, first: int, sets: list[LabelSet]) -> Finding:
        insert = self._preferred(sets)
        end = _WORD.match(post.text, first).end()
        return Finding(
            rule="disclosure-missing", start=first, end=end,
            message=self.message("disclosure-missing", "missing", requirements=self._requirements(post, sets)),
            suggestion=self.message("disclosure-missing", "suggestion", insert=insert),
            fix=Fix((_insert_first_line(post, first, insert),),
                    self.message("disclosure-missing", "fix", insert=insert)),
        )

    def _insufficient(self, post, first: int, hit: LabelHit, sets: list[LabelSet], hits) -> Finding:
        insert = self._preferred(sets)
        label = post.text[hit.start:hit.end]
        accepted_elsewhere = any(other.start == hit.start and other.accepted
                                 for found in hits.values() for other in found)
        if hit.start == first and not accepted_elsewhere:
            # "#ad Ny SolarFlex ..." -> "Reklame for X\nNy SolarFlex ...": replace it.
            tail = _SEPARATOR_AFTER.match(post.text, hit.end).end()
            line_break = "" if tail >= len(post.text) or post.text[tail] in "\r\n" else _line_ending(post.text)
            edit = Edit(hit.start, tail, insert + line_break)
        else:
            edit = _insert_first_line(post, first, insert)
        return Finding(
            rule="disclosure-insufficient", start=hit.start, end=hit.end,
            message=self.message("disclosure-insufficient", "insufficient", label=label,
                                 requirements=self._requirements(post, sets)),
            suggestion=self.message("disclosure-insufficient", "suggestion", insert=insert),
            fix=Fix((edit,), self.message("disclosure-insufficient", "fix", insert=insert)),
        )

    def _misplaced(self, post, first: int, hit: LabelHit, sets: list[LabelSet], misplaced: int) -> Finding:
        label = post.text[hit.start:hit.end]
        # A label that already opens the post cannot be moved any nearer (a fold shorter than
        # the label itself): reported, with no fix that would only put it back where it is.
        fix = None if hit.start == first else Fix(
            (_insert_first_line(post, first, label), _removal(post, first, hit)),
            self.message("disclosure-placement", "fix", label=label))
        if fix is not None and not self._helps(post, fix, misplaced):
            # Moved first, it would push another label past the fold (two jurisdictions'
            # labels that do not both fit before it): a fix that only trades one
            # misplaced label for another is no fix; the finding stays, for a person.
            fix = None
        return Finding(
            rule="disclosure-placement", start=hit.start, end=hit.end,
            message=self.message("disclosure-placement", "misplaced", label=label,
                                 requirements=self._requirements(post, sets)),
            suggestion=self.message("disclosure-placement", "suggestion", label=label),
            fix=fix,
        )

    def _helps(self, post, fix: Fix, misplaced: int) -> bool:
        """Whether the post with ``fix`` applied has fewer misplaced labels and none missing."""
        text = post.text
        for edit in sorted(fix.edits, key=lambda edit: edit.start, reverse=True):
            text = text[:edit.start] + edit.replacement + text[edit.end:]
        moved = Post(text, post.path, post.body_start, post.meta)
        _, missing, insufficient, still = self._judged(moved, first_word(moved))
        return not missing and not insufficient and len(still) < misplaced

    # -- texts ----------------------------------------------------------------
    def _preferred(self, sets: list[LabelSet]) -> str:
        labels = dict.fromkeys(label_set.preferred_label(self.company) for label_set in sets)
        return " | ".join(labels)

    def _requirements(self, post, sets: list[LabelSet]) -> str:
        # The text depends only on the label sets, how many the post has and its fold: built once each.
        key = (tuple(sets), len(self.detector.label_sets(post)) > 1, self._fold(post))
        text = self._requirement_texts.get(key)
        if text is None:
            text = self._requirement_texts[key] = self._requirements_text(post, sets, several=key[1])
        return text

    def _requirements_text(self, post, sets: list[LabelSet], several: bool) -> str:
        # With several jurisdictions, say which one each requirement is from.
        parts = []
        for label_set in sets:
            text = self._requirement(post, label_set)
            parts.append(f"{label_set.name(self.language)}: {text}" if several else text)
        return "; ".join(parts)

    def _requirement(self, post, label_set: LabelSet) -> str:
        fold = self._fold(post)
        where_key = f"where-{label_set.placement}" + ("-lines" if label_set.placement == "before-fold" and fold.lines
                                                       else "")
        where = self.message("disclosure", where_key, fold=fold.characters, lines=fold.lines or 0)
        quoted = [f"“{label}”" for label in label_set.accepted]
        labels = quoted[0] if len(quoted) == 1 else (
            ", ".join(quoted[:-1]) + " " + self.message("disclosure", "or") + " " + quoted[-1])
        text = self.message("disclosure", "requirement", labels=labels, where=where,
                            authority=label_set.authority.get(self.language, label_set.code.upper()),
                            reason=label_set.reason.get(self.language, ""))
        return text[:1].upper() + text[1:]  # "the Danish Consumer Ombudsman ..." starts a sentence


def _before_fold(text: str, first: int, end: int, fold: Fold) -> bool:
    """Whether ``text[first:end]`` is shown before "see more": within the fold's characters
    and, when it cuts by lines, within its rendered lines (a line of more than ``per_line``
    characters wraps; every line, an empty one too, takes at least one)."""
    lines = text[first:end].split("\n")
    widths = [len(_GRAPHEME.findall(line.rstrip("\r"))) for line in lines]
    if sum(widths) + len(lines) - 1 > fold.characters:  # a line break counts as a character
        return False
    if not fold.lines:
        return True
    return sum(max(1, -(-width // fold.per_line)) for width in widths) <= fold.lines


def _line_ending(text: str) -> str:
    newline = text.find("\n")
    return "\r\n" if newline > 0 and text[newline - 1] == "\r" else "\n"


def _insert_first_line(post, first: int, label: str) -> Edit:
    return Edit(first, first, label + _line_ending(post.text))


def _removal(post, first: int, hit: LabelHit) -> Edit:
    """Remove a label and the white space it leaves (its whole line if alone)."""
    text = post.text
    if hit.start > 0 and hit.end < len(text) and text[hit.start - 1] + text[hit.end] in ("()", "[]"):
        hit = LabelHit(hit.start - 1, hit.end + 1, hit.label, hit.accepted)  # "(reklame)" goes whole
    line_start = text.rfind("\n", 0, hit.start) + 1
    line_end = text.find("\n", hit.end)
    line_end = len(text) if line_end == -1 else line_end
    before, after = text[line_start:hit.start], text[hit.end:line_end].rstrip("\r")
    if not before.strip() and not after.strip(" \t:|-–—"):
        if text[line_end:].strip():
            return Edit(line_start, min(line_end + 1, len(text)), "")
        # The last line: take the blank lines before it too, keep the file's end.
        content_end = len(text[:line_start].rstrip())
        return Edit(max(content_end, first), line_end if line_end < len(text) else len(text), "")
    trailing = len(after) - len(after.lstrip(" \t"))
    if trailing and after.strip():
        return Edit(hit.start, hit.end + trailing, "")
    leading = len(before) - len(before.rstrip(" \t"))
    return Edit(hit.start - leading, hit.end + trailing, "")


RULE = DisclosureRule
