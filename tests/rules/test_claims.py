"""claim-unsubstantiated on real Danish and English posts."""

from __future__ import annotations

import pytest

from advolint import check_text

from conftest import make_policy


def claims(text, language="da", messages="da", documented=(), path=None, commercial=True):
    """The claims found in ``text`` as a commercial post (front matter says so) unless told otherwise."""
    policy = make_policy({"language": language, "messages": messages,
                          "claims": {"documented": list(documented)}})
    if commercial is not None:
        meta = f"commercial: {str(commercial).lower()}\n"
        text = text.replace("---\n", "---\n" + meta, 1) if text.startswith("---\n") else f"---\n{meta}---\n{text}"
        path = "post.md"
    return [v.matched for v in check_text(text, policy, path=path) if v.rule == "claim-unsubstantiated"]


@pytest.mark.parametrize("text, claim", [
    ("Vi har Danmarks billigste solceller lige nu.", "Danmarks billigste"),
    ("Markedets bedste garanti på varmepumper.", "Markedets bedste"),
    ("Nordlys er landets største installatør.", "landets største"),
    ("SolarFlex er Danmarks mest solgte solcelle.", "Danmarks mest solgte"),
    ("SolarFlex er den mest solgte solcelle.", "mest solgte"),
    ("Vi er nr. 1 på kundeservice.", "nr. 1"),
    ("Vi er nummer 1 i Danmark.", "nummer 1"),
    ("En førende leverandør af grøn energi.", "førende"),
    ("Markedsførende teknologi fra Vejle.", "Markedsførende"),
    ("Vi har den bedste service på markedet.", "bedste service på markedet"),
    ("Vi er billigst i Danmark.", "billigst i Danmark"),
    ("Her får du den billigste strøm.", "billigste"),
    ("Vi er Danmarks første CO2-neutrale installatør.", "Danmarks første"),
    ("Vores varmepumpe blev testvinder i Tænk.", "testvinder"),
])
def test_danish_claims(text, claim):
    assert claims(text) == [claim]


@pytest.mark.parametrize("text", [
    "Tak til mine bedste kolleger for en fantastisk uge.",
    "Jeg har de bedste kolleger i verden!",
    "Verdens bedste team har igen leveret.",
    "Min bedste oplevelse i Danmark i år var praktikken.",
    "Vores billigste abonnement koster 99 kr.",
    "De fleste i Danmark har en elmåler.",
    "Det sidste år i byen har været travlt.",
    "Kom forbi stand nr. 1 i hal C.",
    "Den seneste rapport fra branchen er klar.",
    "Danmarks Statistik har nye tal for solceller.",
    "Vi glæder os til festen i København.",
])
def test_danish_non_claims(text):
    assert claims(text) == []


def test_documented_claim_is_not_flagged_but_others_are():
    text = "Vi er Danmarks største solcelleinstallatør og har markedets laveste priser."
    assert claims(text, documented=["Danmarks  største solcelleinstallatør"]) == ["markedets laveste"]
    assert claims(text) == ["Danmarks største", "markedets laveste"]


@pytest.mark.parametrize("text, claim", [
    ("We are the cheapest solar installer around.", "cheapest"),
    ("The best service in Denmark, every day.", "best service in Denmark"),
    ("Denmark's largest solar installer.", "Denmark's largest"),
    ("Voted #1 for customer service.", "#1"),
    ("Our market-leading heat pumps are here.", "market-leading"),
    ("The best-selling panel this year.", "best-selling"),
])
def test_english_claims(text, claim):
    assert claims(text, language="en") == [claim]


@pytest.mark.parametrize("text", [
    "I have the best colleagues in the world.",
    "Our cheapest plan costs 99 kr.",
    "The latest report from the industry is out.",
    "Meet us at stand no. 1 in hall C.",
])
def test_english_non_claims(text):
    assert claims(text, language="en") == []


def test_front_matter_language_chooses_the_lexicon():
    text = "---\nlanguage: en\n---\nThe cheapest heat pump in Denmark, says Danmarks billigste.\n"
    assert claims(text, path="post.md") == ["cheapest heat pump in Denmark"]


@pytest.mark.parametrize("text, claim, language", [
    ("Vi är Sveriges billigaste elbolag.", "Sveriges billigaste", "sv"),
    ("Vi er Norges største leverandør av solceller.", "Norges største", "nb"),
    ("Wir sind Deutschlands günstigster Anbieter.", "Deutschlands günstigster", "de"),
    ("Unser marktführender Service.", "marktführender", "de"),
])
def test_starting_lexicons_for_swedish_norwegian_german(text, claim, language):
    assert claims(text, language=language) == [claim]


def test_language_without_lexicon_reports_nothing():
    assert claims("Vi har Danmarks billigste strøm.", language="da", path="post.md") == ["Danmarks billigste"]
    text = "---\nlanguage: fi\n---\nVi har Danmarks billigste strøm.\n"
    assert claims(text, path="post.md") == []


def test_messages_in_danish_and_english():
    policy = make_policy({"messages": "en", "company": {"name": "Nordlys"}})
    (violation,) = [v for v in check_text("Nordlys: Danmarks billigste strøm.", policy) if v.rule.startswith("claim")]
    assert violation.message == ('"Danmarks billigste" is a claim the company must be able to document '
                                 "(Danish Marketing Practices Act § 13).")
    assert violation.severity.label == "warning"
    (violation,) = [v for v in check_text("Nordlys: Danmarks billigste strøm.", make_policy({"company": {"name": "Nordlys"}}))
                    if v.rule.startswith("claim")]
    assert violation.message.startswith('"Danmarks billigste" er en påstand')
    assert "claims.documented" in violation.suggestion


@pytest.mark.parametrize("text, language", [
    ("Ring på nummeret herunder, så hjælper vi.", "da"),
    ("Det er mest de unge i Danmark, der bruger appen.", "da"),
    ("Vi holder til i Danmarks største by.", "da"),
    ("Det er den største fornøjelse i verden at hjælpe.", "da"),
    ("Most people in Denmark have a smart meter.", "en"),
    ("We had the greatest time in the city.", "en"),
])
def test_more_non_claims(text, language):
    assert claims(text, language=language) == []


@pytest.mark.parametrize("text, claim, language", [
    ("Ring til os: vi er nr.1 på service.", "nr.1", "da"),
    ("The most reliable heat pump in Denmark.", "most reliable heat pump in Denmark", "en"),
])
def test_more_claims(text, claim, language):
    assert claims(text, language=language) == [claim]


def test_only_commercial_posts_are_checked():
    """§ 13 is about marketing: a superlative in a post that is no advertising is no claim to document."""
    text = "Vi har Danmarks billigste solceller lige nu."
    assert claims(text, commercial=False) == []
    assert claims(text, commercial=None) == []  # no company named, no label: not commercial
    policy = make_policy({"company": {"name": "Nordlys"}})
    found = [v.matched for v in check_text("Nordlys har Danmarks billigste solceller.", policy)
             if v.rule == "claim-unsubstantiated"]
    assert found == ["Danmarks billigste"]


@pytest.mark.parametrize("text", [
    "Efter ærtehøst i Danmark pløjes markerne.",  # -st, but no superlative
    "Hver turist i Danmark bruger i snit 900 kr.",
    "Han var præst i Danmark i tredive år.",
    "Vores frost i Danmark kom sent.",
])
def test_words_ending_in_st_are_no_superlatives(text):
    assert claims(text) == []


@pytest.mark.parametrize("text, claim", [
    ("Vi har de smukkeste paneler i Danmark.", "smukkeste paneler i Danmark"),
    ("Den hurtigste levering i Danmark.", "hurtigste levering i Danmark"),
    ("Danmarks nyeste varmepumpe er her.", "Danmarks nyeste"),
    ("Landets laveste pris på strøm.", "Landets laveste"),
])
def test_real_superlatives_of_known_adjectives(text, claim):
    assert claims(text) == [claim]


@pytest.mark.parametrize("text", [
    "Vi er ikke Danmarks største firma, men vi er tæt på.",
    "Det er aldrig den billigste løsning i Danmark, der holder.",
])
def test_negated_claims(text):
    assert claims(text) == []


@pytest.mark.parametrize("text", [
    "Se billede nr. 1 herunder.",
    "Årsrapport nr. 1 2026 er udkommet.",
    "Model nummer 1 er udsolgt.",
])
def test_numbering_is_no_rank(text):
    assert claims(text) == []


@pytest.mark.parametrize("text, claim", [
    ("Vi blev kåret som nr. 1 i år.", "nr. 1"),
    ("Danmarks nr. 1 inden for varmepumper.", "nr. 1"),
])
def test_a_rank_is_a_claim(text, claim):
    assert claims(text) == [claim]


@pytest.mark.parametrize("text", [
    "Til sidst var det nemmeste og billigste at tage toget.",
    "Det billigste er ikke altid det bedste.",
])
def test_unscoped_superlatives_without_a_noun_are_judgements(text):
    assert claims(text) == []


def test_an_english_post_under_a_danish_policy_uses_the_english_lexicon():
    assert claims("We are proud to run the fastest mobile network in Denmark.") == [
        "fastest mobile network in Denmark"]
    assert claims("Vi er stolte af at have Danmarks hurtigste mobilnet.") == ["Danmarks hurtigste"]
