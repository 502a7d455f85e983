"""Every rule has an explain page in both languages whose examples are true,
the README's rule table and the rule modules' docstrings agree with the pages,
and every message exists in Danish and English with the same placeholders."""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

import pytest

from advolint import check_text
from advolint.explain import HEADINGS, explain_text, rule_doc
from advolint.messages import catalogue
from advolint.rules import rule_ids, rule_module

from conftest import make_policy, run_cli

RULES = list(rule_ids())


@pytest.mark.parametrize("rule", RULES)
def test_explain_examples_fail_and_pass(rule):
    doc = rule_doc(rule)
    policy = make_policy(doc.get("policy"))
    path = doc.get("path")
    assert rule in {v.rule for v in check_text(doc["fail"], policy, path=path)}, doc["fail"]
    assert rule not in {v.rule for v in check_text(doc["pass"], policy, path=path)}, doc["pass"]


@pytest.mark.parametrize("rule", RULES)
def test_explain_page_in_both_languages(rule):
    doc = rule_doc(rule)
    for language in ("da", "en"):
        page = doc[language]
        assert page["title"] and page["what"] and page["why"]
        text = explain_text(rule, language)
        assert text.startswith(f"{rule}: {page['title']}")
        heading = HEADINGS[language]["details"] + ":"
        if page.get("details"):
            section = text.split(f"\n{heading}\n", 1)[1].split("\n\n", 1)[0]
            assert section.splitlines() == [f"  - {detail}" for detail in page["details"]]
            assert text.index(HEADINGS[language]["what"] + ":") < text.index(heading)
        else:
            assert f"\n{heading}\n" not in text


@pytest.mark.parametrize("rule", RULES)
def test_explain_page_summary_and_details(rule):
    doc = rule_doc(rule)
    details = {}
    for language in ("da", "en"):
        page = doc[language]
        summary = page.get("summary")
        assert isinstance(summary, str) and summary.strip(), (rule, language)
        assert "\n" not in summary and "|" not in summary, (rule, language)  # one README table cell
        details[language] = page.get("details")
        if details[language] is not None:
            assert isinstance(details[language], list) and details[language], (rule, language)
            assert all(isinstance(item, str) and item.strip() for item in details[language]), (rule, language)
    assert (details["da"] is None) == (details["en"] is None), rule
    if details["da"] is not None:
        assert len(details["da"]) == len(details["en"]), rule


MODULES = sorted({rule_module(rule).__name__ for rule in RULES})


@pytest.mark.parametrize("name", MODULES)
def test_rule_module_docstring_is_short_and_names_its_explain_pages(name):
    """The explain page is the reference; the module docstring says in a few lines what
    the rule checks and why, and names the page of each of its rule ids."""
    module = sys.modules[name]
    ids = list(module.RULE.ids)
    lines = (module.__doc__ or "").strip().splitlines()
    assert lines and lines[0].startswith(", ".join(ids) + ": "), lines[:1]
    text = " ".join(lines)
    for rule in ids:
        assert f"lint_rules/docs/{rule}.yaml" in text, rule
    assert len(lines) <= 8, f"{name}: {len(lines)} lines; the details belong on the explain page"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_in_both_languages():
    for section, entries in catalogue().items():
        for key, texts in entries.items():
            assert set(texts) == {"da", "en"}, f"{section}.{key}"
            assert _fields(texts["da"]) == _fields(texts["en"]), f"{section}.{key}"


def test_explain_cli_and_unknown_rule():
    result = run_cli("explain", "tone-exclamation", "--lang", "en")
    assert result.exit_code == 0 and result.stdout.startswith("tone-exclamation: Too many exclamation marks")
    result = run_cli("explain", "tone-exclamaton")
    assert result.exit_code == 2
    assert "did you mean 'tone-exclamation'" in result.stderr


def test_rules_lists_every_rule():
    result = run_cli("rules", "--lang", "en")
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == RULES


def _readme_rule_table() -> list[str]:
    """The table rows under the README's "## Rules" heading (up to the next heading)."""
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Rules\n", 1)[1]
    section = re.split(r"\n#{1,6} ", section, maxsplit=1)[0]
    return [line for line in section.splitlines() if line.startswith("|")]


def test_readme_rule_table_matches_the_registry_and_explain_pages():
    rows = _readme_rule_table()
    assert rows[:2] == ["| rule | default | checks |", "|---|---|---|"]
    expected = [f"| `{rule}` | {severity.label} | {rule_doc(rule)['en']['summary']} |"
                for rule, severity in rule_ids().items()]
    assert rows[2:] == expected


def test_rules_markdown_prints_the_readme_table():
    result = run_cli("rules", "--markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == _readme_rule_table()
