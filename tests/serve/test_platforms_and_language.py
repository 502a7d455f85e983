"""Platform facts are data with sources; the page speaks the policy's message language."""

from __future__ import annotations

import datetime

from advolint.resources import load_data
from advolint.text.post import PLATFORMS

from serving import Server


def test_every_platform_has_a_limit_a_fold_sources_and_the_date_checked():
    facts = load_data("platforms/platforms.yaml")
    assert set(facts) == set(PLATFORMS)
    for name, platform in facts.items():
        assert platform["limit"] > 0 and platform["fold"] > 0 and platform["counting"] in ("characters", "x-weighted")
        assert platform["sources"] and isinstance(platform["checked"], datetime.date), name


def test_the_disclosure_rule_folds_where_the_platform_data_says():
    from advolint import check_text

    from conftest import make_policy

    policy = make_policy({"company": {"name": "Nordlys"}, "disclosure": {"placement": "before-fold"}})

    def placement(post):
        return [v.rule for v in check_text(post, policy, path="opslag.md") if v.rule.startswith("disclosure-")]

    for name, platform in load_data("platforms/platforms.yaml").items():
        # Characters: one line, the label ending exactly at the fold, then one character over.
        inside = "x" * (platform["fold"] - len("Nordlys ") - len(" #reklame"))
        post = f"---\nplatform: {name}\n---\nNordlys {inside} #reklame\n"
        assert placement(post) == [], name
        assert placement(post.replace(inside, inside + "x")) == ["disclosure-placement"], name
        # Lines: short lines, the label on the last line shown, then on the first hidden one.
        lines = platform["fold_lines"]
        if lines:
            shown = "Nordlys\n" * (lines - 1) + "Reklame for Nordlys\n"
            assert placement(f"---\nplatform: {name}\n---\n{shown}") == [], name
            assert placement(f"---\nplatform: {name}\n---\nNordlys\n{shown}") == ["disclosure-placement"], name


def test_an_english_policy_gets_an_english_page_and_messages(tmp_path):
    server = Server(tmp_path, policy="version: 1\nextends: [advolint:dk]\nlanguage: en\nmessages: en\n"
                                     "company: {name: Northern Lights Ltd}\n")
    try:
        with server.client() as client:
            page = client.get("/").text
            assert '<html lang="en">' in page and "<h1>Check your post</h1>" in page
            assert "Northern Lights Ltd" in page and "Tjek" not in page
            answer = client.post("/api/v1/check", json={"text": "Our new panels from Northern Lights Ltd are great"})
            messages = [v["message"] for v in answer.json()["violations"]]
            assert messages and messages[0].startswith("The post is advertising but carries no disclosure label")
    finally:
        server.stop()
