"""Platform facts are data with sources; the page speaks the policy's message language."""

from __future__ import annotations

import datetime

from advolint.resources import load_data
from advolint.rules.disclosure import PLATFORM_FOLD
from advolint.text.post import PLATFORMS

from serving import Server


def test_every_platform_has_a_limit_a_fold_sources_and_the_date_checked():
    facts = load_data("platforms/platforms.yaml")
    assert set(facts) == set(PLATFORMS)
    for name, platform in facts.items():
        assert platform["limit"] > 0 and platform["fold"] > 0 and platform["counting"] in ("characters", "x-weighted")
        assert platform["sources"] and isinstance(platform["checked"], datetime.date), name


def test_the_folds_are_those_the_disclosure_rule_uses():
    # The disclosure rule keeps its own copy (PLATFORM_FOLD); until it reads this file, they must agree.
    assert {name: platform["fold"] for name, platform in load_data("platforms/platforms.yaml").items()} == PLATFORM_FOLD


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
