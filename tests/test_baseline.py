"""Baselines (adopting advolint on an existing repository), end to end through the CLI."""

from __future__ import annotations

import json

import pytest

from conftest import LOUD, concise, run_cli



def test_baseline_hides_known_violations_and_reports_new_ones(repo, write):
    post = write("content/messe.txt", LOUD)
    write("content/tilbud.txt", "Spar 20 % i dag! Kun i weekenden!\n")
    result = run_cli("check", "--write-baseline", "baseline.json", "content")
    assert result.exit_code == 0 and result.stdout == ""
    assert "2 violations recorded in baseline baseline.json" in result.stderr
    document = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))
    assert [(e["path"], e["rule"], e["count"]) for e in document["violations"]] == [
        ("content/messe.txt", "tone-exclamation", 1), ("content/tilbud.txt", "tone-exclamation", 1)]
    assert "SolarFlex" not in json.dumps(document)  # fingerprints, not text

    # Lines added above the violation: still known.
    post.write_text("Fra messen i Herning:\n\n" + LOUD, encoding="utf-8")
    result = run_cli("check", "--baseline", "baseline.json", "content")
    assert result.exit_code == 0 and "2 known violations from baseline" in result.stderr

    write("content/ny.txt", "Nyt produkt! Se det nu!\n")
    code, lines = concise("--baseline", "baseline.json", "content")
    assert code == 1 and lines == [
        "content/ny.txt:1:23: tone-exclamation [error] Too many exclamation marks: 2 in the post, "
        "the policy allows at most 1."]


def test_baseline_counts_duplicates(repo, write):
    first = "Første!\n"
    post = write("opslag.md", "---\nadvolint: {ignore: [nonsense]}\n---\n" + first)
    assert run_cli("check", "--write-baseline", "b.json", "opslag.md").exit_code == 0
    # The same invalid suppression twice now (one more unknown rule): one is new.
    post.write_text("---\nadvolint: {ignore: [nonsense, nonsense]}\n---\n" + first, encoding="utf-8")
    code, lines = concise("--baseline", "b.json", "opslag.md")
    assert code == 1 and len(lines) == 1 and "'nonsense'" in lines[0]
    assert lines[0].startswith("opslag.md:2:31: ")  # the second occurrence is the new one


def test_changed_text_is_a_new_violation(repo, write):
    post = write("opslag.md", "---\nadvolint: {ignore: [tone-exclamaton], reason: x}\n---\nHej.\n")
    run_cli("check", "--write-baseline", "b.json", "opslag.md")
    post.write_text("---\nadvolint: {ignore: [tone-exclamatin], reason: x}\n---\nHej.\n", encoding="utf-8")
    assert concise("--baseline", "b.json", "opslag.md")[0] == 1


@pytest.mark.parametrize("content, message", [
    (None, "baseline file not found"),
    ("{not json", "not a baseline file (invalid JSON"),
    ('{"violations": []}', "not an advolint baseline"),
    ('{"advolint_baseline": 1, "violations": [{"path": "x"}]}', "broken baseline entry"),
])
def test_bad_baseline_is_a_one_line_error(repo, write, content, message):
    write("opslag.txt", LOUD)
    if content is not None:
        write("b.json", content)
    result = run_cli("check", "--baseline", "b.json", "opslag.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("advolint: b.json: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_label_stays_known_when_a_line_is_written_above_it(repo_with, write):
    # disclosure-missing points at the post's first word: that word is no part of what is wrong.
    repo_with("version: 1\nmessages: en\ncompany: {name: Nordlys Energi}\n")
    post = write("opslag.txt", "Nordlys Energi sænker prisen på varmepumper i hele december.\n")
    assert concise("opslag.txt")[1][0].split(": ")[1].startswith("disclosure-missing")
    assert run_cli("check", "--write-baseline", "b.json", "opslag.txt").exit_code == 0

    post.write_text("Godt nyt til vinteren:\n" + post.read_text(encoding="utf-8"), encoding="utf-8")
    assert concise("--baseline", "b.json", "opslag.txt") == (0, [])

    # A second post without a label is new: the fingerprint still names the file.
    write("andet.txt", "Nordlys Energi åbner ny butik i Aarhus.\n")
    code, lines = concise("--baseline", "b.json", "opslag.txt", "andet.txt")
    assert code == 1 and [line.split(":")[0] for line in lines] == ["andet.txt"]


@pytest.mark.parametrize("report_format", ["json", "jsonl", "sarif"])
def test_a_streamed_report_leaves_out_the_baseline_as_it_goes(repo, write, report_format):
    """With a baseline the streamed formats still write file by file; what the baseline
    knows is left out of the report and of its counts, the new violations are in it."""
    write("content/a-messe.txt", LOUD)
    write("content/b-tilbud.txt", "Spar 20 % i dag! Kun i weekenden!\n")
    assert run_cli("check", "--write-baseline", "baseline.json", "content").exit_code == 0
    write("content/c-ny.txt", "Nyt produkt! Se det nu!\n")
    result = run_cli("check", "--format", report_format, "--baseline", "baseline.json", "content")
    assert result.exit_code == 1 and "2 known violations from baseline" in result.stderr
    if report_format == "jsonl":
        records = [json.loads(line) for line in result.stdout.splitlines()]
        paths = [record["path"] for record in records if "path" in record]
    elif report_format == "json":
        document = json.loads(result.stdout)
        paths = [violation["path"] for violation in document["violations"]]
        assert document["summary"]["errors"] + document["summary"].get("warnings", 0) == 1
    else:
        paths = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                 for r in json.loads(result.stdout)["runs"][0]["results"]]
    assert paths == ["content/c-ny.txt"]
