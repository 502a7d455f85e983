"""Issue 12 §2: what a post may switch off for itself is the policy's decision,
and every suppression used is listed in the report."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli

POLICY = """\
version: 1
messages: en
extends: [advolint:dk]
company: {name: Nordlys Energi, products: [SolarFlex]}
tone: {exclamation_max: 0}
confidential: {terms: [Projekt Falcon]}
"""


@pytest.fixture
def repo(repo_with):
    return repo_with(POLICY)


def report(*paths, fmt="json"):
    result = run_cli("check", "--format", fmt, *paths)
    return result, (json.loads(result.stdout) if fmt in ("json", "sarif") else result.stdout)


def test_confidential_term_cannot_be_suppressed_by_default(repo, write):
    write("opslag.md", "---\nadvolint: {ignore: [confidential-term], reason: \"godkendt\"}\n---\n"
                       "Vi arbejder på Projekt Falcon.\n")
    result, data = report("opslag.md")
    rules = sorted(v["rule"] for v in data["violations"])
    assert rules == ["confidential-term", "suppression-invalid"] and result.exit_code == 1
    invalid = next(v for v in data["violations"] if v["rule"] == "suppression-invalid")
    assert "confidential-term" in invalid["message"] and "policy" in invalid["message"]


def test_the_policy_decides_which_rules_a_post_may_not_suppress(repo, write):
    write(".advolint.yaml", POLICY + "suppressions: {forbidden: [tone-exclamation]}\n")
    write("opslag.md", "---\nadvolint: {ignore: [confidential-term], reason: \"godkendt af jura\"}\n---\n"
                       "Projekt Falcon er i gang.\n")
    result, data = report("opslag.md")
    assert data["violations"] == [] and result.exit_code == 0
    assert [s["rule"] for s in data["suppressions"]] == ["confidential-term"]
    assert data["suppressions"][0]["suppression"] == {"reason": "godkendt af jura"}


def test_an_unknown_rule_in_the_forbidden_list_is_a_policy_error(repo, write):
    write(".advolint.yaml", POLICY + "suppressions: {forbidden: [confidential-terms]}\n")
    write("opslag.txt", "Tak.\n")
    result = run_cli("check", "opslag.txt")
    assert result.exit_code == 2 and "confidential-term" in result.stderr and result.stderr.count("\n") == 1


def test_commercial_false_on_a_post_naming_the_company_needs_a_reason(repo, write):
    write("opslag.md", "---\ncommercial: false\n---\nSe vores nye SolarFlex-anlæg.\n")
    result, data = report("opslag.md")
    invalid = [v for v in data["violations"] if v["rule"] == "suppression-invalid"]
    assert len(invalid) == 1 and "commercial: false" in invalid[0]["message"] and result.exit_code == 1
    assert (invalid[0]["line"], invalid[0]["column"]) == (2, 1)
    # An invalid suppression suppresses nothing: the disclosure rules judge the post.
    assert sorted(v["rule"] for v in data["violations"]) == ["disclosure-missing", "suppression-invalid"]
    assert data["suppressions"] == []


def test_commercial_false_without_a_reason_is_no_bypass_when_suppression_invalid_is_off(repo, write):
    write(".advolint.yaml", POLICY + "rules: {suppression-invalid: off}\n")
    write("opslag.md", "---\ncommercial: false\n---\nSe vores nye SolarFlex-anlæg.\n")
    result, data = report("opslag.md")
    assert [v["rule"] for v in data["violations"]] == ["disclosure-missing"] and result.exit_code == 1


def test_commercial_false_with_a_forbidden_disclosure_rule_suppresses_nothing(repo, write):
    write(".advolint.yaml", POLICY + "suppressions: {forbidden: [confidential-term, disclosure-missing]}\n")
    write("opslag.md", "---\ncommercial: false\nadvolint: {reason: \"privat opslag, ikke betalt\"}\n---\n"
                       "Se vores nye SolarFlex-anlæg.\n")
    result, data = report("opslag.md")
    assert sorted(v["rule"] for v in data["violations"]) == ["disclosure-missing", "suppression-invalid"]
    assert data["suppressions"] == [] and result.exit_code == 1


def test_commercial_false_with_a_reason_is_a_listed_suppression(repo, write):
    write("opslag.md", "---\ncommercial: false\nadvolint: {reason: \"privat opslag, ikke betalt\"}\n---\n"
                       "Se vores nye SolarFlex-anlæg.\n")
    result, data = report("opslag.md")
    assert data["violations"] == [] and result.exit_code == 0
    assert [s["rule"] for s in data["suppressions"]] == ["disclosure-missing"]
    assert data["summary"]["suppressed"] == 1


def test_every_suppression_used_is_in_sarif_and_counted_in_the_text_summary(repo, write):
    write("opslag.md", "---\nadvolint: {ignore: [tone-exclamation], reason: \"citat\"}\n---\nHurra! Tak!\n")
    _, sarif = report("opslag.md", fmt="sarif")
    results = sarif["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["tone-exclamation"]
    assert results[0]["suppressions"] == [{"kind": "inSource", "justification": "citat"}]
    result, text = report("opslag.md", fmt="text")
    assert result.exit_code == 0 and "1 suppressed" in text.splitlines()[-1]
