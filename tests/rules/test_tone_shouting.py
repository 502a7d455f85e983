"""tone-shouting on real Danish posts."""

from __future__ import annotations

from advolint import check_text

from conftest import make_policy

COMPANY = {"name": "Nordlys Energi A/S", "aliases": ["Nordlys"], "products": ["SolarFlex"]}


def shouting(text, messages="da", **tone):
    policy = make_policy({"company": COMPANY, "messages": messages, "tone": {"shouting": True, **tone}})
    return [v for v in check_text(text, policy) if v.rule == "tone-shouting"]


def test_shouting_word_with_danish_letters_and_suggestion():
    hits = shouting("Vi har friske ÆBLER i kantinen i dag.")
    assert [v.matched for v in hits] == ["ÆBLER"]
    assert hits[0].message == '"ÆBLER" står med store bogstaver og læses som råben.'
    assert hits[0].suggestion == 'Skriv "æbler"; fremhæv med ordvalg i stedet for store bogstaver.'


def test_consecutive_shouted_words_are_one_violation_with_sentence_case_suggestion():
    (hit,) = shouting("STOR NYHED I DAG: vi åbner i Vejle.")
    assert hit.matched == "STOR NYHED I DAG"
    assert hit.suggestion.startswith('Skriv "Stor nyhed i dag"')


def test_acronyms_codes_names_and_allow_list_are_not_shouting():
    text = ("Vores CEO talte om EU, DR og CO2 og COVID-19 og COVID19. NORDLYS og SOLARFLEX "
            "er med, LEGO og NATO også, Christian XVIII ikke. HUSK det.")
    assert shouting(text, shouting_allow=["HUSK"]) == []
    assert [v.matched for v in shouting(text)] == ["HUSK"]


def test_hashtags_mentions_and_urls_are_not_shouting():
    text = "Se mere på https://nordlys.dk/KAMPAGNE og følg @NORDLYSTEAM #SOMMERFEST"
    assert shouting(text) == []


def test_hyphenated_shouted_compound_is_one_word():
    assert [v.matched for v in shouting("Nyt SOLARFLEX-ANLÆG i Vejle")] == ["SOLARFLEX-ANLÆG"]
    assert shouting("Ny EU-støtte til solceller") == []


def test_shouting_off_and_english_message():
    policy = make_policy({"tone": {"shouting": False}})
    assert check_text("HUSK fredag", policy) == []
    (hit,) = shouting("Don't FORGET Friday", messages="en")
    assert hit.message == '"FORGET" is written in capitals and reads as shouting.'
