"""emoji-forbidden and emoji-limit: emoji as readers see them."""

from __future__ import annotations

import pytest

from advolint import check_text
from advolint.linter.compiled import Linter
from advolint.run.fixing import apply_fixes
from advolint.errors import PolicyError

from conftest import make_policy


def found(text, emoji, rule=None, messages="da"):
    violations = check_text(text, make_policy({"messages": messages, "tone": {"emoji": emoji}}))
    return [v for v in violations if rule is None or v.rule == rule]


def test_each_cluster_counts_once_and_span_covers_it():
    text = "Sommerfest 👨‍👩‍👧 🇩🇰 👍🏽 ☀️ 1️⃣"
    hits = found(text, {"max": 4}, "emoji-limit")
    assert len(hits) == 1
    assert hits[0].matched == "1️⃣"
    assert hits[0].message == "For mange emojis: 5 i opslaget, politikken tillader højst 4."
    assert found(text, {"max": 5}) == []


def test_digits_hash_and_text_symbols_are_not_emoji():
    text = "Vi har 3 nye kunder #1 © Nordlys ® ✔ klar"
    assert found(text, {"max": 0}) == []


def test_limit_span_is_the_whole_zwj_sequence():
    hits = found("Hej 😀 og 👨‍👩‍👧 fra os", {"max": 1}, "emoji-limit")
    ((violation,),) = [hits]
    assert violation.matched == "👨‍👩‍👧"
    assert violation.column == 10 and violation.end_column == 15  # code points


def test_forbidden_base_forbids_every_skin_tone_and_presentation():
    text = "Mandag 🖕 og 🖕🏽 og 🖕🏿 og ☹️ og ☹ men 👍"
    hits = found(text, {"forbidden": ["🖕", "☹"]}, "emoji-forbidden")
    assert [v.matched for v in hits] == ["🖕", "🖕🏽", "🖕🏿", "☹️", "☹"]
    assert hits[1].message == "Emojien 🖕🏽 er forbudt i politikken (i alle hudfarver og varianter)."


def test_forbidden_zwj_sequence_is_not_its_parts():
    hits = found("Familiedag 👨‍👩‍👧 og 👨 i Vejle", {"forbidden": ["👨"]}, "emoji-forbidden")
    assert [v.matched for v in hits] == ["👨"]


def test_allowed_list_forbids_everything_else_but_variants_of_allowed():
    text = "Tillykke 🎉 👍🏾 🇩🇰 😡 og © 2025"
    hits = found(text, {"allowed": ["🎉", "👍", "🇩🇰"]}, "emoji-forbidden")
    assert [v.matched for v in hits] == ["😡"]
    assert hits[0].message == "Emojien 😡 er ikke på politikkens liste over tilladte emojis."


def test_replacement_fix_and_recheck():
    policy = make_policy({"tone": {"emoji": {"forbidden": [{"emoji": "🍆", "replacement": "🥦"},
                                                           {"emoji": "💩", "replacement": ""}]}}})
    text = "Høsten er i hus 🍆 og 💩 vejr"
    hits = check_text(text, policy)
    assert [v.suggestion for v in hits] == ["Skriv 🥦 i stedet.", "Fjern emojien, eller brug en tilladt."]
    fixed, applied = apply_fixes(text, [v.fix for v in hits])
    assert (fixed, applied) == ("Høsten er i hus 🥦 og  vejr", 2)
    assert check_text(fixed, policy) == []


def test_fix_descriptions_are_in_the_message_language():
    forbidden = [{"emoji": "🍆", "replacement": "🥦"}, {"emoji": "💩", "replacement": ""}]
    text = "Høsten er i hus 🍆🏽 og 💩 vejr"
    danish = found(text, {"forbidden": forbidden})
    assert [v.fix.description for v in danish] == ["Erstat 🍆🏽 med 🥦", "Fjern 💩"]
    english = found(text, {"forbidden": forbidden}, messages="en")
    assert [v.fix.description for v in english] == ["Replace 🍆🏽 with 🥦", "Remove 💩"]


def test_forbidden_without_replacement_has_no_fix():
    (hit,) = found("Mandag 🖕", {"forbidden": ["🖕"]})
    assert hit.fix is None


def test_policy_entry_must_be_one_emoji():
    with pytest.raises(PolicyError, match="'🖕🖕' is not one emoji"):
        Linter.compile(make_policy({"tone": {"emoji": {"forbidden": ["🖕🖕"]}}}))


def test_english_messages():
    (hit,) = found("Monday 🖕🏽", {"forbidden": ["🖕"]}, messages="en")
    assert hit.message == "The emoji 🖕🏽 is forbidden by the policy (in every skin tone and variant)."


def test_policy_may_name_emoji_by_shortcode():
    hits = found("Mandag 🖕🏽 og 👍", {"forbidden": [":middle_finger:", {"emoji": ":thumbsup:", "replacement": "🙂"}]})
    assert [v.matched for v in hits] == ["🖕🏽", "👍"]
    assert hits[1].fix is not None
    with pytest.raises(PolicyError, match="unknown emoji name ':findes_ikke:'"):
        Linter.compile(make_policy({"tone": {"emoji": {"allowed": [":findes_ikke:"]}}}))


def test_forbidden_replacement_is_a_policy_error():
    forbidden = [{"emoji": "🍆", "replacement": "🖕🏽"}, "🖕"]
    with pytest.raises(PolicyError, match="the replacement '🖕🏽' is itself forbidden"):
        Linter.compile(make_policy({"tone": {"emoji": {"forbidden": forbidden}}}))
