"""Front-matter suppressions with reasons (suppression-invalid), end to end through the CLI."""

from __future__ import annotations

import pytest

from conftest import LOUD, LOUD_POLICY, concise




def test_suppression_with_reason_hides_the_rule(repo, write):
    write("opslag.md", "---\nadvolint:\n  ignore: [tone-exclamation]\n"
                       "  reason: Citat fra kundens tale, godkendt af kommunikation\n---\n" + LOUD)
    assert concise("opslag.md") == (0, [])


def test_suppression_without_reason_is_a_violation_and_suppresses_nothing(repo, write):
    write("opslag.md", "---\ntitle: Messe\nadvolint: {ignore: [tone-exclamation]}\n---\n" + LOUD)
    code, lines = concise("opslag.md")
    assert code == 1
    assert lines == [
        "opslag.md:3:1: suppression-invalid [error] The suppression has no reason (advolint.reason), "
        "so it does not apply.",
        "opslag.md:5:41: tone-exclamation [error] Too many exclamation marks: 3 in the post, "
        "the policy allows at most 1.",
    ]


def test_blank_reason_counts_as_none(repo, write):
    write("opslag.md", "---\nadvolint: {ignore: [tone-exclamation], reason: '  '}\n---\n" + LOUD)
    assert [line.split()[1] for line in concise("opslag.md")[1]] == ["suppression-invalid", "tone-exclamation"]


def test_unknown_rule_is_named_with_a_suggestion(repo, write):
    write("opslag.md", "---\nadvolint:\n  ignore: [tone-exclamaton]\n  reason: Kundecitat\n---\n" + LOUD)
    code, lines = concise("opslag.md")
    assert lines[0] == ("opslag.md:3:12: suppression-invalid [error] The suppression names the unknown rule "
                        "'tone-exclamaton' (did you mean 'tone-exclamation'?), so it does not apply.")
    assert code == 1 and len(lines) == 2


def test_suppression_cannot_hide_itself(repo, write):
    write("opslag.md", "---\nadvolint: {ignore: [suppression-invalid], reason: fordi}\n---\nVi ses i Aarhus.\n")
    code, lines = concise("opslag.md")
    assert code == 1 and "'suppression-invalid' cannot be suppressed" in lines[0]


@pytest.mark.parametrize("front, key", [
    ("advolint: tone-exclamation", "must look like"),
    ("advolint: {ignore: [], reason: x}", "must look like"),
    ("advolint: {ignore: [tone-exclamation], reason: x, until: 2025}", "Unknown key 'until'"),
])
def test_malformed_suppressions(repo, write, front, key):
    write("opslag.md", f"---\n{front}\n---\n" + LOUD)
    code, lines = concise("opslag.md")
    assert code == 1 and key in lines[0] and lines[0].startswith("opslag.md:2:1: suppression-invalid")


def test_txt_posts_cannot_suppress(repo, write):
    write("opslag.txt", "---\nadvolint: {ignore: [tone-exclamation], reason: x}\n---\n" + LOUD)
    code, lines = concise("opslag.txt")
    assert code == 1 and [line.split()[1] for line in lines] == ["tone-exclamation"]


def test_suppression_messages_in_danish(repo, write):
    write(".advolint.yaml", LOUD_POLICY.replace("messages: en", "messages: da"))
    write("opslag.md", "---\nadvolint: {ignore: [tone-exclamation]}\n---\n" + LOUD)
    assert "Undtagelsen mangler en begrundelse" in concise("opslag.md")[1][0]
