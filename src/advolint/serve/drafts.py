"""A draft as the API receives it, checked and fixed, and its violations as JSON.

Shared by the JSON API and the LanguageTool endpoint.  Offsets go out in two
units: ``start``/``end`` count Unicode code points (Python), ``start_utf16``
/``end_utf16`` count UTF-16 code units (what JavaScript strings and Java,
so LanguageTool, index by: an emoji outside the BMP counts 2).

Confidential findings get a message that quotes only the user's own text:
the rule's message names the policy term or pattern and the file it came
from, which must not leave the server.
"""

from __future__ import annotations

import bisect
import re

from advolint.errors import InputError
from advolint.findings import Violation
from advolint.linter.compiled import Linter
from advolint.run.fixing import apply_fixes, fixed
from advolint.text.post import Post, post_from_text

DRAFT_PATH = "<draft>"
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class BadDraft(Exception):
    """The request does not describe a draft; the text says why, in one line."""


def draft_post(body, linter: Linter) -> Post:
    """The post a JSON body ``{"text", "platform"?, "metadata"?}`` describes, or :class:`BadDraft`."""
    if not isinstance(body, dict) or not isinstance(body.get("text"), str):
        raise BadDraft('the body must be a JSON object with a string "text"')
    meta = body.get("metadata") or {}
    if not isinstance(meta, dict):
        raise BadDraft('"metadata" must be an object like {"commercial": true}')
    meta = dict(meta)
    if body.get("platform"):
        meta["platform"] = body["platform"]
    try:
        return post_from_text(body["text"], DRAFT_PATH, meta)
    except InputError as exc:
        raise BadDraft(str(exc)) from None


class Utf16:
    """Code-point offsets of one text to UTF-16 offsets (cheap when the text has no astral character)."""

    def __init__(self, text: str):
        self.astral = [match.start() for match in _ASTRAL.finditer(text)]

    def __call__(self, offset: int) -> int:
        return offset + bisect.bisect_left(self.astral, offset) if self.astral else offset


def public_message(violation: Violation, linter: Linter) -> str:
    if violation.rule == "confidential-term":
        return linter.messages.get("serve", "confidential", matched=violation.matched)
    return violation.message


def violation_json(violation: Violation, linter: Linter, utf16: Utf16) -> dict:
    data = violation.to_dict()
    data["message"] = public_message(violation, linter)
    data.update(start=violation.start, end=violation.end,
                start_utf16=utf16(violation.start), end_utf16=utf16(violation.end),
                matched=violation.matched, fixable=violation.fix is not None)
    if violation.fix is not None:
        data["fix"] = violation.fix.description
    return data


def violations_json(post: Post, violations: list[Violation], linter: Linter) -> list[dict]:
    utf16 = Utf16(post.text)
    return [violation_json(v, linter, utf16) for v in violations]


def fix_draft(post: Post, linter: Linter, rule: str | None = None, start: int | None = None):
    """(fixed post, remaining violations, what was fixed): every safe fix, or one violation's."""
    violations = remaining = linter.check(post)
    if rule is None:
        new_post = fixed(post, remaining, linter)[0]
        remaining = linter.check(new_post)
    else:
        chosen = [v for v in violations if v.rule == rule and v.fix is not None and start in (None, v.start)]
        if not chosen:
            raise BadDraft(f"no fixable '{rule}' violation" + (f" at offset {start}" if start is not None else ""))
        text, _ = apply_fixes(post.text, [chosen[0].fix])
        new_post = post_from_text(text, post.path, post.meta)
        remaining = linter.check(new_post)
    # What was fixed: the fixes offered before that are not offered any more.
    after = {(v.rule, v.fix.description) for v in remaining if v.fix is not None}
    done = [{"rule": v.rule, "description": v.fix.description}
            for v in violations if v.fix is not None and (v.rule, v.fix.description) not in after]
    if rule is not None:
        done = [entry for entry in done if entry["rule"] == rule][:1]
    return new_post, remaining, done
