"""hashtag-forbidden, hashtag-required, hashtag-limit on real Danish posts."""

from __future__ import annotations

import pytest

from advolint import check_text
from advolint.run.fixing import apply_fixes
from advolint.errors import PolicyError
from advolint.linter.compiled import Linter

from conftest import make_policy

COMPANY = {"name": "Nordlys Energi A/S", "aliases": ["Nordlys"], "products": ["SolarFlex"]}


def found(text, hashtags=None, rule=None, **overrides):
    policy = make_policy({"company": COMPANY, "hashtags": hashtags or {}, **overrides})
    violations = check_text(text, policy)
    return [v for v in violations if rule is None or v.rule == rule]


def test_forbidden_tag_whole_tag_case_insensitive():
    text = "Godt at se #Konkurrent på messen, men #failsafe er vores motto. #fail"
    hits = found(text, {"forbidden": ["#konkurrent", "#fail"]}, "hashtag-forbidden")
    assert [v.matched for v in hits] == ["#Konkurrent", "#fail"]
    assert hits[0].message == "Hashtagget #Konkurrent er ikke tilladt (politikken forbyder #konkurrent)."
    assert hits[0].suggestion == "Fjern hashtagget."
    assert (hits[0].line, hits[0].column, hits[0].end_column) == (1, 12, 23)


def test_forbidden_glob_pattern_and_tag_without_hash_in_policy():
    text = "Vores #KonkurrentFri løsning #grøn #hemmeligtprojekt"
    hits = found(text, {"forbidden": ["#*konkurrent*", "hemmelig*"]}, "hashtag-forbidden")
    assert [v.matched for v in hits] == ["#KonkurrentFri", "#hemmeligtprojekt"]


def test_forbidden_not_in_urls_or_words():
    text = "Læs mere på https://nordlys.dk/job#konkurrent og om C#konkurrent"
    assert found(text, {"forbidden": ["#konkurrent"]}, "hashtag-forbidden") == []


def test_forbidden_with_replacement_fixes_and_fix_is_idempotent():
    policy = make_policy({"hashtags": {"forbidden": [{"tag": "#nordlysenergi", "replacement": "#NordlysEnergi"}]}})
    text = "Nyt anlæg i Vejle #nordlysenergi #NORDLYSENERGI #NordlysEnergi"
    hits = check_text(text, policy)
    assert [v.matched for v in hits] == ["#nordlysenergi", "#NORDLYSENERGI"]
    assert hits[0].suggestion == "Skriv #NordlysEnergi i stedet."
    fixed, applied = apply_fixes(text, [v.fix for v in hits])
    assert applied == 2
    assert fixed == "Nyt anlæg i Vejle #NordlysEnergi #NordlysEnergi #NordlysEnergi"
    assert check_text(fixed, policy) == []
    assert apply_fixes(fixed, [v.fix for v in check_text(fixed, policy)]) == (fixed, 0)


def test_fix_descriptions_are_in_the_message_language():
    forbidden = [{"tag": "#nordlysenergi", "replacement": "#NordlysEnergi"}, {"tag": "#konkurrent*", "replacement": ""},
                 "#hemmelig"]
    text = "Nyt anlæg #NORDLYSENERGI #KonkurrentFri #hemmelig"
    danish = found(text, {"forbidden": forbidden}, "hashtag-forbidden")
    assert [v.fix and v.fix.description for v in danish] == [
        "Erstat #NORDLYSENERGI med #NordlysEnergi", "Fjern #KonkurrentFri", None]
    assert [v.suggestion for v in danish][1:] == ["Fjern hashtagget.", "Fjern hashtagget."]
    english = found(text, {"forbidden": forbidden}, "hashtag-forbidden", messages="en")
    assert [v.fix and v.fix.description for v in english] == [
        "Replace #NORDLYSENERGI with #NordlysEnergi", "Remove #KonkurrentFri", None]


def test_bad_forbidden_entry_is_a_policy_error():
    with pytest.raises(PolicyError, match="'#to ord' is not a hashtag"):
        Linter.compile(make_policy({"hashtags": {"forbidden": ["#to ord"]}}))


def test_required_all_reports_each_missing_tag_on_commercial_posts():
    text = "Nu kan du få SolarFlex på taget til sommer. #solenergi"
    hits = found(text, {"required": ["#NordlysTeam", "#Reklame"]}, "hashtag-required")
    assert [v.message for v in hits] == [
        "Kommercielt opslag uden det påkrævede hashtag #NordlysTeam.",
        "Kommercielt opslag uden det påkrævede hashtag #Reklame."]
    # Reported on the last hashtag, where a tag would go.
    assert {v.matched for v in hits} == {"#solenergi"}
    assert hits[0].suggestion == "Tilføj #NordlysTeam sidst i opslaget."


def test_required_any_reports_once_and_accepts_one():
    tags = {"required": ["#NordlysTeam", "#NordlysAmbassadør"], "require": "any"}
    hits = found("Se vores nye SolarFlex-anlæg i Vejle.", tags, "hashtag-required")
    assert len(hits) == 1
    assert hits[0].message == ("Kommercielt opslag uden et af de påkrævede hashtags: "
                               "#NordlysTeam, #NordlysAmbassadør.")
    assert hits[0].matched == "."  # no tags: the last character of the body
    assert found("Se vores nye SolarFlex-anlæg. #nordlysambassadør", tags, "hashtag-required") == []


def test_required_only_on_commercial_posts():
    text = "Dejlig gåtur ved fjorden i dag. #natur"
    assert found(text, {"required": ["#NordlysTeam"]}, "hashtag-required") == []


def test_limit_one_violation_at_first_tag_over():
    text = "Godt nytår! #nytår #solenergi #grøn #vejle #team"
    hits = found(text, {"max": 3}, "hashtag-limit")
    assert len(hits) == 1 and hits[0].matched == "#vejle"
    assert hits[0].message == "For mange hashtags: 5 i opslaget, politikken tillader højst 3."
    assert found("Godt nytår! #nytår #solenergi #grøn", {"max": 3}, "hashtag-limit") == []


def test_messages_in_english():
    hits = found("Nyt fra SolarFlex #konkurrent", {"forbidden": ["#konkurrent"], "max": 0}, messages="en")
    assert {v.message for v in hits if v.rule.startswith("hashtag-")} == {
        "The hashtag #konkurrent is not allowed (the policy forbids #konkurrent).",
        "Too many hashtags: 1 in the post, the policy allows at most 0."}


def test_replacement_forbidden_by_another_entry_is_a_policy_error():
    forbidden = ["#nordlys*", {"tag": "#nordlysenergi", "replacement": "#NordlysEnergi"}]
    with pytest.raises(PolicyError, match="'#NordlysEnergi' is itself forbidden by '#nordlys\\*'"):
        Linter.compile(make_policy({"hashtags": {"forbidden": forbidden}}))


def test_decomposed_letters_match_the_policy_tag():
    decomposed = "Hilsen fra #A\u030arhus"  # "Å" as A + combining ring, as macOS may write it
    assert [v.matched for v in found(decomposed, {"forbidden": ["#århus"]})] == ["#A\u030arhus"]
