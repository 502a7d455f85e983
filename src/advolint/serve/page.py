"""The page at ``/``: ``static/index.html`` filled in the policy's message language.

The HTML is a template with ``{{key}}`` placeholders for the texts of
``lint_rules/messages/serve.yaml``; what the script needs (its texts, the
platforms' limits and folds, the rules' explain texts) travels in a
``<script type="application/json">`` data block, which the browser never
runs, so the Content-Security-Policy allows no inline script at all.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from advolint import __version__
from advolint.explain import rule_help, rule_title
from advolint.linter.compiled import Linter
from advolint.serve.platforms import platforms

STATIC_DIR = Path(__file__).resolve().parent / "static"
_PLACEHOLDER = re.compile(r"\{\{([a-z-]+)\}\}")
# Texts the script shows (others are filled into the HTML only).
SCRIPT_TEXTS = ("count", "count-over", "fold", "fold-note", "no-findings", "checking", "found", "severity-error",
                "severity-warning", "severity-info", "explain", "fix-button", "copied", "copy-failed", "fixed",
                "error", "send-to", "needs-approval")


def texts(linter: Linter, summary: dict) -> dict[str, str]:
    """Every page text in the policy's message language, with what is known filled in."""
    from advolint.messages import catalogue

    messages = linter.messages
    company = summary.get("company") or messages.get("serve", "company-fallback")
    filled = {"company": company, "version": __version__, "policy": summary.get("source", "")}
    result = {}
    for key, template in catalogue()["serve"].items():
        text = template[messages.language]
        # Placeholders known now are filled; the script fills the others ({count}, {n} ...).
        result[key] = re.sub(r"\{(\w+)\}", lambda m: filled.get(m.group(1), m.group(0)), text)
    return result


def rules_info(linter: Linter) -> dict[str, dict]:
    language = linter.message_language
    # The policy's own (custom wording) rules are described in their author's words.
    return {rule: {"title": rule_title(rule, language, [linter]), "severity": severity.label,
                   "explain": rule_help(rule, language, linter)}
            for rule, severity in linter.severities.items()}


def render(linter: Linter, summary: dict) -> str:
    words = texts(linter, summary)
    data = {"language": linter.message_language, "texts": {key: words[key] for key in SCRIPT_TEXTS},
            "platforms": platforms(), "rules": rules_info(linter)}
    template = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    options = "\n".join(f'<option value="{html.escape(key)}">{html.escape(facts["name"])}</option>'
                        for key, facts in platforms().items())
    values = dict(words, lang=linter.message_language, platforms=options,
                  data=json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))
    raw = {"platforms", "data"}  # already HTML (the options) or safe inside the data block (no "<")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)] if m.group(1) in raw else html.escape(values[m.group(1)]),
                            template)
