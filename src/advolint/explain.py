"""``advolint explain RULE`` and ``advolint rules``: the rule documentation.

Pages live in ``lint_rules/docs/<rule>.yaml`` with a Danish and an English
section (title, summary, what, details, why, sources, fix) and a failing and a
passing example that the test suite runs through the rule, so the
documentation cannot drift from the behaviour.  A page is the rule's
reference; ``advolint rules --markdown`` prints the README's rule table from
the pages' English summaries.
"""

from __future__ import annotations

import difflib

from advolint.errors import AdvolintError
from advolint.resources import load_data
from advolint.rules import rule_ids
from advolint.language import tr

HEADINGS = {
    "da": {"custom": "Virksomhedens egne ordregler", "source": "Skrevet i", "link": "Læs mere",
           "kind": "Slags (Vale)", "message": "Besked","what": "Hvad", "details": "Detaljer", "why": "Hvorfor", "sources": "Kilder", "fail": "Fejler",
           "pass": "Består", "fix": "Rettelse", "severity": "Standardalvor", "policy": "Politik i eksemplerne"},
    "en": {"custom": "The company's own wording rules", "source": "Written in", "link": "More",
           "kind": "Kind (Vale)", "message": "Message", "what": "What", "details": "Details", "why": "Why", "sources": "Sources", "fail": "Fails",
           "pass": "Passes", "fix": "Fix", "severity": "Default severity", "policy": "Policy in the examples"},
}


def custom_definitions(linter) -> dict:
    """The compiled policy's custom rules (rule id -> definition), in id order."""
    found = {}
    for rule in linter.rules:
        found.update(getattr(rule, "definitions", {}))
    return dict(sorted(found.items()))


def custom_explain_text(rule: str, linter, language: str = "da") -> str:
    """A custom rule's page: its own description and link, where it is written, its message."""
    definitions = custom_definitions(linter)
    if rule not in definitions:
        known = list(rule_ids()) + list(definitions)
        close = difflib.get_close_matches(rule, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise AdvolintError(tr("unknown rule '{rule}'{hint}; 'advolint rules' lists them", rule=rule, hint=hint))
    definition, words = definitions[rule], HEADINGS[language]
    severity = linter.severities[rule].label if rule in linter.severities else "off"
    lines = [f"{rule}: {definition.description or definition.message}", "",
             f"{words['severity']}: {severity}", f"{words['kind']}: {definition.kind}",
             f"{words['source']}: {definition.source}:{definition.line}", f"{words['message']}: {definition.message}"]
    if definition.description:
        lines += ["", f"{words['what']}:", f"  {definition.description}"]
    if definition.link:
        lines += ["", f"{words['link']}: {definition.link}"]
    return "\n".join(lines) + "\n"


def rule_title(rule: str, language: str = "da", linters=()) -> str:
    """A rule's one-line title: its explain page's, or, for a rule one of ``linters``'
    policies writes itself (a custom wording rule), its author's description or message."""
    for linter in linters:
        definition = custom_definitions(linter).get(rule)
        if definition is not None:
            return definition.description or definition.message
    return rule_doc(rule)[language]["title"]


def rule_help(rule: str, language: str = "da", linter=None) -> str:
    """A rule's explain page (``advolint explain RULE``), a custom rule's from ``linter``'s policy."""
    if linter is not None and rule in custom_definitions(linter):
        return custom_explain_text(rule, linter, language)
    return explain_text(rule, language)


def custom_rule_descriptions(linters, language: str = "da") -> dict:
    """Rule id -> (severity, title, help text, link) of the rules the policies of ``linters``
    write themselves and switch on (for SARIF's list of the run's rules)."""
    found: dict = {}
    for linter in dict.fromkeys(linters):
        for rule, definition in custom_definitions(linter).items():
            if rule in linter.severities and rule not in found:
                found[rule] = (linter.severities[rule], rule_title(rule, language, [linter]),
                               rule_help(rule, language, linter), definition.link or None)
    return found


def custom_rules_table(linter, language: str = "da") -> str:
    """The policy's custom rules: id, severity, where each is written."""
    definitions = custom_definitions(linter)
    if not definitions:
        return ""
    width = max(len(rule) for rule in definitions)
    rows = [f"{rule:<{width}}  {linter.severities[rule].label if rule in linter.severities else 'off':<7}  "
            f"{definition.source}" for rule, definition in definitions.items()]
    return "\n" + HEADINGS[language]["custom"] + ":\n" + "\n".join(rows)


def rule_doc(rule: str) -> dict:
    ids = rule_ids()
    if rule not in ids:
        close = difflib.get_close_matches(rule, list(ids), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise AdvolintError(tr("unknown rule '{rule}'{hint}; 'advolint rules' lists them", rule=rule, hint=hint))
    return load_data(f"docs/{rule}.yaml")


def explain_text(rule: str, language: str = "da") -> str:
    doc = rule_doc(rule)
    words, page = HEADINGS[language], doc[language]
    lines = [f"{rule}: {page['title']}", "",
             f"{words['severity']}: {rule_ids()[rule].label}", "",
             f"{words['what']}:", f"  {page['what']}", ""]
    if page.get("details"):
        lines.append(f"{words['details']}:")
        lines.extend(f"  - {detail}" for detail in page["details"])
        lines.append("")
    lines.extend([f"{words['why']}:", f"  {page['why']}", ""])
    if page.get("sources"):
        lines.append(f"{words['sources']}:")
        lines.extend(f"  - {source}" for source in page["sources"])
        lines.append("")
    if doc.get("policy"):
        import yaml

        lines.append(f"{words['policy']}:")
        lines.extend("  " + line for line in yaml.safe_dump(doc["policy"], allow_unicode=True,
                                                             sort_keys=False).splitlines())
        lines.append("")
    for key in ("fail", "pass"):
        lines.append(f"{words[key]}:")
        lines.extend(f"  | {line}" for line in str(doc[key]).splitlines())
        lines.append("")
    if page.get("fix"):
        lines.extend([f"{words['fix']}:", f"  {page['fix']}"])
    return "\n".join(lines).rstrip() + "\n"


def rules_table(language: str = "da", severities: dict | None = None) -> str:
    """Every rule with its severity (``severities``: a policy's, where a rule missing is off;
    else the defaults) and its title."""
    ids = rule_ids()
    width = max(len(rule) for rule in ids)
    shown = {rule: (severities[rule].label if rule in severities else "off") if severities is not None
             else default.label for rule, default in ids.items()}
    return "\n".join(f"{rule:<{width}}  {shown[rule]:<7}  {load_data(f'docs/{rule}.yaml')[language]['title']}"
                     for rule in ids)


def rules_markdown() -> str:
    """The README's rule table: every rule, its default severity and its English summary."""
    rows = ["| rule | default | checks |", "|---|---|---|"]
    rows += [f"| `{rule}` | {severity.label} | {load_data(f'docs/{rule}.yaml')['en']['summary']} |"
             for rule, severity in rule_ids().items()]
    return "\n".join(rows)
