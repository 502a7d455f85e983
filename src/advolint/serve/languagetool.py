"""LanguageTool's HTTP API (``POST /v2/check``, ``GET /v2/languages``) answered by advolint.

LanguageTool clients that let the user name their own server (the browser
add-on, editor plugins, ``language_tool_python``'s ``remote_server``) then
show advolint's findings where people write.  The reference server is Java:
``offset``, ``length`` and the context offsets count UTF-16 code units, so
an emoji outside the BMP counts 2 (language_tool_python converts offsets back
on that assumption); so do these.

Parameters: ``text`` or ``data`` (LanguageTool's annotated text: markup is
skipped, or read as its ``interpretAs``; offsets refer to the whole
annotated text), ``language`` (``auto``, ``da``, ``da-DK`` ...: the post's
language when advolint knows it), ``disabledRules``, ``enabledRules`` with
``enabledOnly``; the others (``motherTongue``, ``level``,
``preferredVariants``, ``username``/``apiKey`` ...) are accepted and have no
effect.  Only POST: a GET would put the draft in URLs and access logs.
"""

from __future__ import annotations

import json

from advolint import __version__
from advolint.findings import Violation
from advolint.linter.compiled import Linter
from advolint.serve.drafts import BadDraft, Utf16, draft_post, public_message

# (code, longCode, name): the post languages advolint's rules know.
LANGUAGES = (("da", "da-DK", "Danish"), ("en", "en-US", "English (US)"), ("en", "en-GB", "English (GB)"),
             ("sv", "sv-SE", "Swedish"), ("nb", "nb-NO", "Norwegian (Bokmål)"), ("de", "de-DE", "German (Germany)"))
CONTEXT_CHARS = 40  # each side of a match, as LanguageTool's server gives
# LanguageTool's issue types (ITS 2.0 localization quality issue types) by rule family.
ISSUE_TYPES = {"disclosure": "legal", "confidential": "legal", "personal": "legal", "claim": "legal",
               "tone": "style", "emoji": "style", "hashtag": "style"}


def languages() -> list[dict]:
    return [{"name": name, "code": code, "longCode": long_code} for code, long_code, name in LANGUAGES]


class Annotated:
    """The plain text of an annotated ``data`` document and the map back to its own offsets."""

    def __init__(self, data: str):
        try:
            parts = json.loads(data)["annotation"]
        except (ValueError, KeyError, TypeError):
            raise BadDraft('"data" must be JSON like {"annotation": [{"text": "..."}, {"markup": "..."}]}') from None
        self.text_parts: list[tuple[int, int]] = []  # (offset in plain text, offset in the original)
        plain, document, original = [], [], 0
        plain_length = 0
        for part in parts:
            if not isinstance(part, dict):
                raise BadDraft('every "annotation" entry must be an object with "text" or "markup"')
            if "text" in part:
                self.text_parts.append((plain_length, original))
                plain.append(part["text"])
                document.append(part["text"])
                plain_length += len(part["text"])
                original += len(part["text"])
            else:
                markup = str(part.get("markup", ""))
                shown = str(part.get("interpretAs", ""))
                self.text_parts.append((plain_length, original))  # offsets inside interpretAs go to the markup
                plain.append(shown)
                document.append(markup)
                plain_length += len(shown)
                original += len(markup)
                self.text_parts.append((plain_length, original))
        self.text = "".join(plain)
        self.utf16 = Utf16("".join(document))  # offsets go out in UTF-16 units of the whole document

    def to_original(self, offset: int) -> int:
        base_plain, base_original = 0, 0
        for plain, original in self.text_parts:
            if plain > offset:
                break
            base_plain, base_original = plain, original
        return base_original + offset - base_plain


def check(form, linter: Linter) -> dict:
    """The LanguageTool answer for the form parameters of ``POST /v2/check``."""
    annotated = None
    if form.get("data"):
        annotated = Annotated(form["data"])
        text = annotated.text
    elif form.get("text") is not None:
        text = form["text"]
    else:
        raise BadDraft('give "text" or "data" (form-encoded), as LanguageTool expects')
    requested = (form.get("language") or "auto").strip()
    code = requested.split("-")[0].lower()
    known = {entry[0] for entry in LANGUAGES}
    meta = {"language": code} if code in known else {}
    post = draft_post({"text": text, "metadata": meta}, linter)
    violations = _selected(linter.check(post), form)
    utf16 = Utf16(text)
    matches = [_match(v, linter, text, utf16, annotated) for v in violations]
    language = code if code in known else linter.header.language
    long_code = next(long for short, long, _ in LANGUAGES if short == language)
    name = next(name for short, _, name in LANGUAGES if short == language)
    return {
        "software": {"name": "advolint", "version": __version__, "buildDate": None, "apiVersion": 1,
                     "premium": False, "status": ""},
        "warnings": {"incompleteResults": False},
        "language": {"name": name, "code": long_code,
                     "detectedLanguage": {"name": name, "code": long_code, "confidence": 1.0}},
        "matches": matches,
    }


def _selected(violations: list[Violation], form) -> list[Violation]:
    disabled = _ids(form.get("disabledRules"))
    enabled = _ids(form.get("enabledRules"))
    if str(form.get("enabledOnly", "")).lower() == "true":
        return [v for v in violations if v.rule in enabled]
    return [v for v in violations if v.rule not in disabled]


def _ids(value) -> set[str]:
    return {item.strip() for item in str(value or "").split(",") if item.strip()}


def _match(violation: Violation, linter: Linter, text: str, utf16: Utf16, annotated: Annotated | None) -> dict:
    start, end = violation.start, violation.end
    context_start, context_end = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    prefix = "..." if context_start else ""
    context = prefix + text[context_start:context_end] + ("..." if context_end < len(text) else "")
    context_offset = len(prefix) + utf16(start) - utf16(context_start)
    offset, length = utf16(start), utf16(end) - utf16(start)
    if annotated is not None:  # offsets into the whole annotated document, markup included
        offset = annotated.utf16(annotated.to_original(start))
        length = annotated.utf16(annotated.to_original(end)) - offset
    family = violation.rule.split("-")[0]
    message = public_message(violation, linter)
    return {
        "message": message if violation.suggestion is None else f"{message} {violation.suggestion}",
        "shortMessage": _title(violation.rule, linter),
        "replacements": [{"value": value, "shortDescription": violation.fix.description}
                         for value in _replacements(violation, text)],
        "offset": offset,
        "length": length,
        "context": {"text": context, "offset": context_offset, "length": length},
        "sentence": _sentence(text, start, end),
        "type": {"typeName": "Other"},
        "rule": {
            "id": violation.rule,
            "description": _title(violation.rule, linter),
            "issueType": ISSUE_TYPES.get(family, "uncategorized"),
            "category": {"id": f"ADVOLINT_{family.upper()}", "name": f"advolint: {family}"},
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


def _title(rule: str, linter: Linter) -> str:
    from advolint.explain import rule_title

    return rule_title(rule, linter.message_language, [linter])


def _replacements(violation: Violation, text: str) -> list[str]:
    """The fix as the new text of the match's own span (LanguageTool replaces exactly that), if it fits."""
    fix = violation.fix
    if fix is None or not all(violation.start <= e.start <= e.end <= violation.end for e in fix.edits):
        return []
    span = text[violation.start:violation.end]
    for edit in sorted(fix.edits, key=lambda e: e.start, reverse=True):
        at, to = edit.start - violation.start, edit.end - violation.start
        span = span[:at] + edit.replacement + span[to:]
    return [span]


def _sentence(text: str, start: int, end: int) -> str:
    """The line (sentence or paragraph) holding the match: posts are short, their lines are what readers see."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start:line_end if line_end != -1 else len(text)].strip()
