"""Issue 12 §6: no injection through the output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

import pytest

from conftest import run_cli

POLICY = "version: 1\nextends: [advolint:dk]\ntone: {exclamation_max: 0}\n"


@pytest.fixture
def repo(repo_with):
    return repo_with(POLICY)


def commands(output: str) -> list[str]:
    """The lines GitHub's runner would read as workflow commands (leading white space is trimmed)."""
    return [line.lstrip() for line in output.splitlines() if line.lstrip().startswith("::")]


def test_github_format_lets_no_post_file_name_or_option_start_a_workflow_command(repo, write):
    write("posts.jsonl", json.dumps({"id": "x\n::stop-commands::pwn\n::add-mask::x", "text": "Hurra!"}) + "\n"
          + json.dumps({"id": "y\n::error file=README.md::forged", "text": 5}) + "\n")
    write("::error file=README.md::forged.txt", "Hurra!\n")
    write("front.md", "---\nplatform: \"x\\n::stop-commands::pwn\"\n---\nHurra!\n")
    result = run_cli("check", "--format", "github", "--stdin-filename", "a\n::add-mask::b.txt",
                     "posts.jsonl", "::error file=README.md::forged.txt", "front.md", "-", stdin="Hurra!\n")
    found = commands(result.stdout) + commands(result.stderr)
    own = [line for line in found if line.startswith(("::error file=", "::warning file=", "::notice file="))
           or line.startswith(("::group::advolint", "::endgroup::"))]
    assert found == own, [line for line in found if line not in own]
    # the forged annotations name no file but the real ones, escaped
    assert all(line.split("file=", 1)[1].split(",", 1)[0] != "README.md" for line in own if "file=" in line)
    assert len([line for line in own if line.startswith("::warning")]) == 3


def test_junit_stays_well_formed_with_control_characters(repo, write):
    write("posts.jsonl", json.dumps({"id": "a\x01b\x1b[31m\x0c", "text": "Hurra!"}) + "\n"
          + '{"id": "bad\\u0000", "text": 7}\n')
    result = run_cli("check", "--format", "junit", "posts.jsonl")
    ElementTree.fromstring(result.stdout)  # well-formed XML
    assert "post bad\\x00" in result.stdout


def test_escape_sequences_from_record_ids_never_reach_the_terminal(repo, write):
    write("posts.jsonl", json.dumps({"id": "\x1b]0;pwned\x07\x1b[2J", "text": "Hurra!"}) + "\n"
          + json.dumps({"id": "\x1b[31mrød", "text": 1}) + "\n")
    for fmt in ("text", "concise", "github"):
        result = run_cli("check", "--format", fmt, "posts.jsonl")
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout, fmt
        assert "\x1b" not in result.stderr, fmt
        assert "\\x1b]0;pwned" in result.stdout


def test_a_backtick_in_a_file_name_does_not_break_the_step_summary(repo, write, monkeypatch):
    write("a`b|c.txt", "Hurra!\n")
    summary = repo / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run_cli("check", "--format", "github", "a`b|c.txt")
    row = [line for line in summary.read_text().splitlines() if "tone-exclamation" in line and "a" in line][-1]
    assert "`` a`b\\|c.txt:1:6 ``" in row


def test_an_extended_file_that_is_not_a_policy_is_not_echoed(repo, write):
    write("shadow", "root:$6$saltsalt$hashhashhash:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\n")
    write("p.yaml", "version: 1\nextends: [shadow]\n")
    write("a.txt", "Tak.\n")
    result = run_cli("check", "--policy", "p.yaml", "a.txt")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "hashhash" not in result.stderr and "daemon" not in result.stderr and "19700" not in result.stderr
    assert "shadow" in result.stderr and "not an advolint policy" in result.stderr
