"""Regenerate the golden reports of tests/test_render_golden.py.

    PYTHONPATH=<a tree whose rendering you trust>/src python tests/golden/make_golden.py

Writes ``violations.json`` (a varied set of violations: batch records with
their place in the post, routes, suppressions, suggestions, masked secrets,
spans over several lines, emoji and wide characters, control characters,
lines longer than the excerpt) and one file per format, rendered by the tree
on ``PYTHONPATH``.  The test renders the same violations with this tree and
compares byte for byte: a faster renderer must not change a byte.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CWD_TOKEN = "file:///golden-cwd/"

from advolint.findings import Route, Severity, Violation  # noqa: E402
from advolint.formats import Report, render  # noqa: E402

ROUTE = {"to": "presse@nordlys-energi.dk", "note": "Kritiske kommentarer: pressechef", "review": True}
RULES = ["tone-exclamation", "disclosure-missing", "confidential-term", "personal-data", "hashtag-limit",
         "tone-shouting", "claim-unsubstantiated", "reply-needs-escalation", "emoji-limit", "suppression-invalid"]
LINES = ["Kæmpe nyhed! Vi lancerer SolarFlex i dag! Kom forbi standen!",
         "Ring til mig på +45 ▒▒ ▒▒ ▒▒ ▒▒, hvis du vil høre mere 🎉👍🏽",
         "\tIndrykket linje med tab og 日本語 tegn og Fal\u200bcon",
         "Kontrol\x1b[31m tegn\x07 og \x85 C1",
         "lang " * 60 + "SLUT på linjen " + "hale " * 30,
         "",
         "Markedets bedste service, siger vores kunder. Ingen dokumentation."]
MESSAGES = ["For mange udråbstegn: 3 (højst 1).",
            "Opslaget er reklame, men har ingen tydelig markering. Forbrugerombudsmanden kræver at det står først.",
            "Fortroligt navn \"Projekt Falcon\" i opslaget",
            "Telefonnummer i opslaget: ▒▒ ▒▒ ▒▒ ▒▒",
            "Besked med %, \r, \n, :, og , i sig | og `backtick` *stjerne*",
            "Besked med \"citat\" og \\ backslash og \u2028 og \U0001F600"]


def violations() -> list[dict]:
    made = []
    number = 0
    for path in ["posts/a.txt", "posts/sub dir/b ø.md", "/abs/outside.txt", "<stdin>", "::error x.txt",
                 "batch.jsonl", "batch.csv"]:
        for index in range(9):
            number += 1
            line = LINES[number % len(LINES)]
            column = 1 + (number * 7) % max(1, len(line) or 1)
            span = 1 + number % 5
            multi = number % 6 == 0
            record = path.startswith("batch")
            data = {
                "path": path, "line": 1 + number % 4, "column": column,
                "end_line": 1 + number % 4 + (1 if multi else 0), "end_column": column + span,
                "rule": RULES[number % len(RULES)], "severity": 1 + number % 3,
                "message": MESSAGES[number % len(MESSAGES)],
                "suggestion": None if number % 3 == 0 else ("Erstat udråbstegnet med et punktum." if number % 2
                                                            else "Skriv \"Reklame\" øverst.\tTab"),
                "matched": line[column - 1:column - 1 + span], "source_line": line,
                "secret": number % 7 == 0,
                "record": (f"post-{number:05d}" if number % 4 else f"id\n::warning {number}") if record else None,
                "record_line": 10 + number if record else None,
                "route": ROUTE if number % 8 == 0 else ({"to": "hr@x.dk", "review": False}
                                                        if number % 11 == 0 else None),
                "post_position": [1 + number % 3, column, 1 + number % 3, column + span]
                if record and number % 5 else None,
                "suppression": "Godkendt af jura 2026-03" if number % 10 == 0 else None,
            }
            made.append(data)
    return made


def violation(data: dict) -> Violation:
    data = dict(data)
    route = data.pop("route")
    position = data.pop("post_position")
    return Violation(severity=Severity(data.pop("severity")), route=None if route is None else Route(**route),
                     post_position=None if position is None else tuple(position), **data)


def reports(made: list[dict]) -> dict[str, Report]:
    shown = [violation(d) for d in made]
    reported = [v for v in shown if v.suppression is None]
    suppressed = [v for v in shown if v.suppression is not None]
    return {
        "full": Report(violations=reported, files=7, language="da", errors=["x.txt: kan ikke læses"],
                       suppressed=suppressed),
        "english": Report(violations=reported[:20], files=1, language="en", quiet=False),
        "quiet": Report(violations=reported[20:30], files=2, language="da", quiet=True),
        "clean": Report(violations=[], files=3, language="en"),
        "nothing": Report(violations=[], files=0, language="da"),
    }


def without_rules(text: str) -> str:
    """A SARIF report without ``tool.driver.rules`` (the explain pages, which change with the
    docs, not with the renderer; tests/test_formats.py checks them)."""
    return re.sub(r'"rules": \[\n.*?\n {10}\]', '"rules": "(left out)"', text, count=1, flags=re.S)


def rendered(report: Report, name: str, variant: str) -> str:
    if variant == "color":
        return render(name, report, color=True)
    if variant == "width":
        return render(name, report, width=72)
    return render(name, report)


FORMATS = ["text", "concise", "json", "jsonl", "sarif", "github", "junit", "rdjsonl"]
VARIANTS = {"text": ["plain", "color", "width"], "concise": ["plain", "color"]}


def outputs(made: list[dict]) -> dict[str, str]:
    os.environ.pop("GITHUB_STEP_SUMMARY", None)
    cwd_uri = Path.cwd().as_uri() + "/"
    found = {}
    for report_name, report in reports(made).items():
        for name in FORMATS:
            for variant in VARIANTS.get(name, ["plain"]):
                text = rendered(report, name, variant).replace(cwd_uri, CWD_TOKEN)
                if name == "sarif":
                    text = without_rules(text)
                found[f"{report_name}.{variant}.{name}"] = text
    return found


def main() -> int:
    made = violations()
    (HERE / "violations.json").write_text(json.dumps(made, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for name, text in outputs(made).items():
        (HERE / name).write_text(text, encoding="utf-8", newline="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
