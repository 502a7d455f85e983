"""The "see more" fold in lines as well as characters (lint_rules/platforms/platforms.yaml):
a label on LinkedIn's fourth line is hidden even within 140 characters."""

from __future__ import annotations

from advolint import check_text
from advolint.resources import load_data

from conftest import make_policy, run_cli

def uk_policy(**overrides):
    """The UK pack's before-fold placement (make_policy's base says start), Northwind Energy's policy."""
    return make_policy({"jurisdictions": ["uk"], "messages": "en", "language": "en",
                        "company": {"name": "Northwind Energy"},
                        **overrides, "disclosure": {"placement": "before-fold", **overrides.get("disclosure", {})}})


UK = uk_policy()


def placement(text: str, policy=UK) -> list[str]:
    return [v.rule for v in check_text(text, policy, path="post.md") if v.rule.startswith("disclosure-")]


def post(platform: str, body: str, **meta) -> str:
    lines = [f"platform: {platform}", *(f"{key}: {value}" for key, value in meta.items())]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


# Four short lines: well within 140 characters, but the label is on line 4.
FOURTH_LINE = "New job!\nSo proud of the team.\nMore soon.\nAd for Northwind Energy\n"
THIRD_LINE = "New job!\nSo proud of the team.\nAd for Northwind Energy\nMore soon.\n"


def test_a_label_on_linkedins_fourth_line_is_hidden_though_within_140_characters():
    assert len(FOURTH_LINE) < 140
    assert placement(post("linkedin", FOURTH_LINE)) == ["disclosure-placement"]
    assert placement(post("linkedin", THIRD_LINE)) == []


def test_a_sponsored_linkedin_post_shows_two_lines():
    assert placement(post("linkedin", THIRD_LINE, sponsored="true")) == ["disclosure-placement"]
    assert placement(post("linkedin", "Big news today.\nAd for Northwind Energy\n", sponsored="true")) == []


def test_a_long_line_wraps_into_several():
    facts = load_data("platforms/platforms.yaml")["linkedin"]
    # One line that wraps to two rendered lines, then the label: still line 3, visible.
    long_line = "We installed forty solar roofs in Vejle this week and " + "x" * 10
    assert facts["chars_per_line"] < len(long_line) <= 2 * facts["chars_per_line"]
    assert placement(post("linkedin", f"{long_line}\nAd for Northwind Energy\n")) == []
    # An empty line takes a line of its own: the label moves to line 4.
    assert placement(post("linkedin", f"{long_line}\n\nAd for Northwind Energy\n")) == ["disclosure-placement"]


def test_instagram_counts_three_lines_facebook_only_characters():
    assert placement(post("instagram", FOURTH_LINE)) == ["disclosure-placement"]
    assert placement(post("facebook", FOURTH_LINE)) == []  # about 125 characters, no line figure


def test_disclosure_fold_overrides_by_characters_only():
    policy = uk_policy(disclosure={"fold": 200})
    assert placement(post("linkedin", FOURTH_LINE), policy) == []


def test_the_policys_platform_applies_to_posts_without_their_own():
    policy = uk_policy(platform="linkedin")
    assert placement(FOURTH_LINE, policy) == ["disclosure-placement"]
    assert placement(post("facebook", FOURTH_LINE), policy) == []  # the post's own platform wins


def test_the_message_names_lines_and_characters_through_the_cli(write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # --fix writes only below the working folder
    policy = write("policy.yaml", "version: 1\nextends: [advolint:uk]\ncompany: {name: Northwind Energy}\n")
    draft = write("draft.md", post("linkedin", "Huge week!\nThe team delivered.\nThanks all.\n"
                                              "Ad for Northwind Energy\n"))
    result = run_cli("check", "--no-cache", "--policy", str(policy), str(draft))
    assert result.exit_code == 1
    assert "disclosure-placement" in result.stdout
    assert "within the first 3 lines and 140 characters" in result.stdout
    result = run_cli("check", "--no-cache", "--fix", "--policy", str(policy), str(draft))
    assert result.exit_code == 0, result.stdout
    assert draft.read_text(encoding="utf-8").split("---\n")[2] == (
        "Ad for Northwind Energy\nHuge week!\nThe team delivered.\nThanks all.\n")


def test_an_american_label_with_its_employer_moves_whole(write, tmp_path, monkeypatch):
    """"Ad: I work for X" is one label: the fix moves all of it, not "Ad" alone."""
    monkeypatch.chdir(tmp_path)
    policy = write("policy.yaml", "version: 1\nextends: [advolint:us]\ncompany: {name: Northwind Energy}\n")
    draft = write("draft.md", post("linkedin", "Huge week!\nThe team delivered.\nThanks all.\n"
                                              "Ad: I work for Northwind Energy\n"))
    assert run_cli("check", "--no-cache", "--fix", "--policy", str(policy), str(draft)).exit_code == 0
    assert draft.read_text(encoding="utf-8").split("---\n")[2] == (
        "Ad: I work for Northwind Energy\nHuge week!\nThe team delivered.\nThanks all.\n")
