"""Shared text units (hashtags, mentions), commercial detection and fixes."""

from __future__ import annotations

from advolint.text.post import post_from_text
from advolint.run.fixing import apply_fixes
from advolint.findings import Edit, Fix
from advolint.text.units import hashtags, mentions

from conftest import commercial_detector, make_policy


def tags(text):
    return [tag for _, _, tag in hashtags(post_from_text(text))]


def test_hashtags_with_danish_letters_and_digits():
    assert tags("Tak til #NordlysTeam og #grøn_omstilling2030 #Århus") == [
        "#NordlysTeam", "#grøn_omstilling2030", "#Århus"]


def test_no_hashtag_in_urls_words_or_digits_only():
    assert tags("Læs https://nordlys.dk/side#afsnit om C# og #2024 og www.x.dk/#top") == []


def test_hashtag_spans_point_at_the_tag():
    post = post_from_text("Hej #Team!")
    ((start, end, tag),) = hashtags(post)
    assert post.text[start:end] == "#Team"


def test_mentions_are_not_emails():
    post = post_from_text("Tak @Nordlys_Energi! Skriv til info@nordlys.dk")
    assert [m for _, _, m in mentions(post)] == ["@Nordlys_Energi"]


def test_commercial_from_company_name_and_front_matter():
    policy = make_policy({"company": {"name": "Nordlys Energi A/S", "aliases": ["Nordlys"]}})
    detector = commercial_detector(policy)
    assert detector.is_commercial(post_from_text("Nordlys søger montører i Vejle"))
    assert not detector.is_commercial(post_from_text("Vi så nordlys i nat over Skagen"))
    assert not detector.is_commercial(post_from_text("---\ncommercial: false\n---\nNordlys søger\n", "a.md"))


def test_apply_fixes_skips_overlaps():
    text = "abc def"
    fixes = [Fix((Edit(0, 3, "ABC"),)), Fix((Edit(1, 2, "x"),)), Fix((Edit(4, 7, "DEF"),))]
    assert apply_fixes(text, fixes) == ("ABC DEF", 2)


def test_list_markers_time_stamps_and_bullets_end_a_heading():
    from advolint.text.units import starts_sentence

    for text, word in [("2) I bekræftende fald", "I"), ("a) De nye", "De"), ("Opdateret kl. 12:57 De lokale", "De"),
                       ("Nyt · De første", "De"), ("Læs mere → Dem som", "Dem")]:
        assert starts_sentence(text, text.index(word)), text
    for text, word in [("Vi har 3) I", "I"), ("i 2025 De", "De"), ("ca. 1.000 De", "De"), ("at De kan", "De")]:
        assert not starts_sentence(text, text.index(word)), text
