"""tone-shouting on real Danish posts."""

from __future__ import annotations

from advolint import check_text

from conftest import make_policy

COMPANY = {"name": "Nordlys Energi A/S", "aliases": ["Nordlys"], "products": ["SolarFlex"]}


def shouting(text, messages="da", path=None, **tone):
    policy = make_policy({"company": COMPANY, "messages": messages, "tone": {"shouting": True, **tone}})
    return [v for v in check_text(text, policy, path=path) if v.rule == "tone-shouting"]


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
    (hit,) = shouting("---\nlanguage: en\n---\nDon't FORGET Friday", messages="en", path="p.md")
    assert hit.message == '"FORGET" is written in capitals and reads as shouting.'


def test_acronyms_and_names_in_capitals_are_not_words():
    """An all-capital token the dictionary does not have in lower case is an acronym or a name."""
    text = ("Konfigurér LDAP og DHCP på serveren. Hun spiller i KFUM, og kampagnen om AIDS "
            "fortsætter. Direktøren for UCLAF og byen AALBORG: nyt fra i går.")
    assert shouting(text) == []


def test_dictionary_words_and_compounds_in_capitals_are_shouting():
    assert [v.matched for v in shouting("Vi har PRISGARANTI og ægte JULEHYGGE i butikken.")] == [
        "PRISGARANTI", "JULEHYGGE"]
    assert [v.matched for v in shouting("---\nlanguage: en\n---\nBuy now: FREE SHIPPING all week.", path="p.md")] == [
        "FREE SHIPPING"]


def test_function_names_and_codes_are_not_shouting():
    assert shouting("Skriv =SUM(B2:B9) eller =RÆKKE(D5:D8) i cellen.") == []


def test_disclosure_labels_are_never_shouting():
    assert shouting("REKLAME | Nordlys Energi A/S\nVi har nye paneler.") == []
    assert shouting("ANNONCE\nVi har nye paneler.") == []
    assert shouting("I SAMARBEJDE MED Nordlys: nye paneler.") == []
    assert [v.matched for v in shouting("Godt SAMARBEJDE i dag.")] == ["SAMARBEJDE"]


def test_spans_cover_exactly_the_shouted_words():
    assert [v.matched for v in shouting("Læs mere - KLIK HER FC Vejle vandt.")] == ["KLIK HER"]
    assert [v.matched for v in shouting("Køb nu STRIK GRØN, DKK 299")] == ["STRIK GRØN"]


def test_the_allow_list_holds_inside_a_run():
    assert [v.matched for v in shouting("TUSIND TAK til NORDLYS og SOLARFLEX")] == ["TUSIND TAK"]
    assert [v.matched for v in shouting("Vi ELSKER NORDLYS")] == ["ELSKER"]
    assert [v.matched for v in shouting("ELSKER LEGO")] == []  # a name (LEGO) after it: "I LOVE IKEA"


def test_words_in_capitals_that_carry_on_a_name_are_no_shouting():
    """Names made of words: before a capitalised name inside a sentence, joined by "&", listed with
    names, with a name's apostrophe genitive, next to the acronym TV."""
    assert shouting("Ifølge UGEAVISEN Holstebro åbner butikken.") == []
    assert shouting("Tilmeld dig MAD & MOTION på skolen.") == []
    assert shouting("Foredrag af KLØVER, Nordvind og Solbær på lørdag.") == []
    assert shouting("Læs SPIRE's nye rapport om solceller.") == []
    assert shouting("Se TV SKOVEN i aften, og kanalen SKOVEN TV sender også.") == []
    # A pronoun goes before a name, not in it.
    assert [v.matched for v in shouting("Kom og se det bedste i VORES Holstebro!")] == ["VORES"]


def test_a_word_the_post_writes_as_a_name_elsewhere_is_a_name():
    text = "Vi har kørt på BLÆST XEVO hele sommeren, og BLÆST er et godt valg til pendlere."
    assert shouting(text) == []
    assert shouting("KVIST sendes hver tirsdag. I går handlede Kvist om elpriser.") == []
    # Written so only at sentence starts, the word is no name: still shouting.
    assert [v.matched for v in shouting("HUSK fredag. Husk også lørdag.")] == ["HUSK"]


def test_code_and_numbered_titles_are_not_shouting():
    assert shouting("Modulet LAGER::hent kaldes ved start.") == []
    assert shouting("Se SERIEN 3: Nye afsnit hver fredag.") == []


def test_a_run_starts_with_the_short_shouted_words_before_it():
    assert [v.matched for v in shouting("LÆS OGSÅ GUIDEN om sommerfesten.")] == ["LÆS OGSÅ GUIDEN"]
    (hit,) = shouting("Ja, DET VIRKER at sortere.")
    assert (hit.matched, hit.suggestion.split('"')[1]) == ("DET VIRKER", "det virker")
