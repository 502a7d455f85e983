"""Issue 12 §4: no personal data in clear, anywhere (every format, the step
summary, --diff, fingerprints)."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli

POLICY = """\
version: 1
extends: [advolint:dk]
hashtags: {forbidden: [konkurrent2304918765]}
confidential: {personal_data: [cpr, phone, email]}
"""
POST = ("Ring til Jens på 21 32 43 54 eller skriv til JENS.HANSEN@NORDLYS.DK. CPR 230491-8765. "
        "#konkurrent2304918765\n")
SECRETS = ("21 32 43 54", "jens.hansen@nordlys.dk", "2304918765", "230491-8765")


@pytest.fixture
def repo(repo_with):
    return repo_with(POLICY)


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "jsonl", "sarif", "github", "junit", "rdjsonl"])
def test_no_format_prints_personal_data(repo, write, fmt, monkeypatch):
    write("opslag.txt", POST)
    summary = repo / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run_cli("check", "--format", fmt, "opslag.txt")
    assert result.exit_code == 1
    shown = (result.stdout + result.stderr + (summary.read_text() if summary.exists() else "")).lower()
    assert "tone-shouting" in shown or fmt in ("jsonl", "rdjsonl", "json", "sarif", "junit")
    for secret in SECRETS:
        assert secret not in shown, (fmt, secret)


def test_fingerprints_do_not_depend_on_the_masked_digits(repo, write):
    prints = []
    for serial in ("8765", "4321"):
        write(".advolint.yaml", POLICY.replace("8765", serial))
        write("opslag.txt", POST.replace("8765", serial))
        sarif = json.loads(run_cli("check", "--format", "sarif", "opslag.txt").stdout)
        prints.append([r["partialFingerprints"] for r in sarif["runs"][0]["results"]])
    assert prints[0] == prints[1]


def test_diff_context_lines_are_masked(repo, write):
    write("opslag.txt", "Vi ses #gammel\nRing til Jens på 21 32 43 54.\nSkriv til jens.hansen@nordlys.dk.\n")
    write(".advolint.yaml", POLICY.replace("[konkurrent2304918765]", "[{tag: gammel, replacement: ny}]"))
    result = run_cli("check", "--diff", "opslag.txt")
    assert result.stdout.startswith("---") and "+Vi ses ny" in result.stdout
    assert "21 32 43 54" not in result.stdout and "jens.hansen" not in result.stdout
