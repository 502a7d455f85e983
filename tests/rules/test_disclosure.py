"""Disclosure rules on real posts: when a post is commercial, which labels
count, where they must stand, seven jurisdictions, and the fixes."""

from __future__ import annotations

import json

import pytest

from advolint import check_text
from advolint.text.post import post_from_text
from advolint.run.fixing import apply_fixes
from advolint.errors import InputError

from conftest import commercial_detector, make_policy, run_cli

NORDLYS = {"company": {"name": "Nordlys Energi A/S", "aliases": ["Nordlys Energi", "Nordlys"],
                       "products": ["SolarFlex", "VarmeBoks"]}}
COMPANY = make_policy(NORDLYS)
NO_COMPANY = make_policy()


LABEL_RULES = ("disclosure-missing", "disclosure-insufficient", "disclosure-placement")


def disclosure(text, policy=COMPANY, path=None):
    """The label rules' violations (whether the label names the advertiser: test_disclosure_advertiser.py)."""
    return [v for v in check_text(text, policy, path=path) if v.rule in LABEL_RULES]


def found(text, policy=COMPANY, path=None):
    """(rule, line, column, the reported text) of each disclosure violation."""
    return [(v.rule, v.line, v.column, v.matched) for v in disclosure(text, policy, path)]


def fixed(text, policy=COMPANY, path=None):
    """Apply the disclosure fixes; the result must be clean and stable."""
    new_text, applied = apply_fixes(text, [v.fix for v in disclosure(text, policy, path)])
    assert applied >= 1
    assert disclosure(new_text, policy, path) == [], new_text
    assert apply_fixes(new_text, [v.fix for v in disclosure(new_text, policy, path)]) == (new_text, 0)
    return new_text


def commercial(text, policy=COMPANY, path=None):
    return commercial_detector(policy).is_commercial(post_from_text(text, path))


# -- when is a post commercial ------------------------------------------------

@pytest.mark.parametrize("text", [
    "Nordlys søger montører i Vejle",
    "Vores nye SolarFlex-anlæg er sat op på skolens tag",       # inside a hyphenated compound
    "Nordlys Energis nye lager åbner i Kolding",                # genitive
    "Stolt af at være en del af #NordlysEnergi",                # hashtag, spaces removed
    "Tak til @nordlysenergi for en god dag",                    # a mention is never the aurora
    "Tak til @Nordlys_Energi for en god dag",
    "NORDLYS ER DANMARKS BEDSTE ARBEJDSPLADS",                  # capitals are still the name
])
def test_company_mentions_make_a_post_commercial(text):
    assert commercial(text)


@pytest.mark.parametrize("text", [
    "Vi så nordlys i nat over Skagen 😍",
    "Fantastisk aften ved Råbjerg Mile #nordlys #skagen",
    "nordlys-billeder fra i nat over Skagen",
    "Min nabo har fået nye solceller på taget",
])
def test_the_aurora_is_not_the_company_by_default(text):
    assert not commercial(text)


def test_any_case_matching_is_configurable():
    policy = make_policy({"company": {"name": "Nordlys", "match": "any-case"}})
    assert commercial("Vi så nordlys i nat over Skagen", policy)
    assert commercial("Aftenhimlen #nordlys", policy)


def test_front_matter_decides_when_present():
    assert not commercial("---\ncommercial: false\n---\nNordlys søger montører\n", path="job.md")
    assert commercial("---\ncommercial: true\n---\nVi søger montører\n", path="job.md")
    # On a post that names no company "commercial: false" decides, a label notwithstanding.
    assert found("---\ncommercial: false\n---\nFredagskage på kontoret #reklame\n", path="job.md") == []
    # On one that names the company it is a suppression of the disclosure rules: without a
    # reason it suppresses nothing (README, "Suppressions"), so they judge the post.
    assert found("---\ncommercial: false\n---\nStolt af Nordlys #reklame\n", path="job.md") == [
        ("disclosure-placement", 4, 18, "#reklame")]
    assert found("---\ncommercial: false\nadvolint: {reason: \"privat opslag\"}\n---\nStolt af Nordlys #reklame\n",
                 path="job.md") == []


def test_any_label_makes_a_post_commercial_without_a_company():
    assert commercial("Sponsoreret: ny cykel til sommer", NO_COMPANY)
    assert commercial("Smukke billeder fra turen\n\nI samarbejde med Visit Bornholm", NO_COMPANY)
    assert commercial("Fredagskage på kontoret #reklame", NO_COMPANY)


def test_private_post_is_left_alone():
    text = "Sikke en sommer! Vi kørte ad små veje til Skagen og så nordlys i nat 🌌\n#ferie #skagen"
    assert found(text) == [] and found(text, NO_COMPANY) == []


# -- label matching: no false alarms on ordinary Danish ------------------------

@pytest.mark.parametrize("text", [
    "Vi kørte ad motorvejen til Vejle i morges",
    "Vi nåede frem ad omveje, men vi nåede frem",
    "Ad omveje nåede vi frem til Skagen",                       # "Ad" first, but a sentence
    "Vi søger spons til børnenes fodboldhold",
    "Godt samarbejde med naboerne om den nye legeplads",
    "Hun reklamerer for sin egen café",
    "Sikke en sjov reklame jeg så i går",
    "De nye reklamer kører i fjernsynet",
    "Se reklamefilmen fra vores skole",
    "Festivalen annoncerer nye navne i morgen",
    "Vores fodboldhold er sponsoreret af den lokale bager",
    "Det er ikke reklame, bare begejstring",
])
def test_ordinary_danish_is_no_label(text):
    assert not commercial(text, NO_COMPANY)


@pytest.mark.parametrize("text, label", [
    ("#ad Nye paneler på taget i Vejle", "#ad"),
    ("Ad: Nye paneler på taget i Vejle", "Ad"),
    ("AD | Nye paneler på taget i Vejle", "AD"),
    ("Nye paneler på taget i Vejle #sp", "#sp"),
    ("Nye paneler på taget #samarbejde", "#samarbejde"),
    ("Nye paneler på taget #spons", "#spons"),
    ("Nye paneler på taget\n\nI samarbejde med @VisitVejle", "I samarbejde med"),
    ("Nye paneler på taget (sponsoreret)", "sponsoreret"),
])
def test_insufficient_labels_found(text, label):
    ((rule, _, _, matched),) = found(text, NO_COMPANY)
    assert rule == "disclosure-insufficient" and matched == label


@pytest.mark.parametrize("text", [
    "Reklame for Nordlys Energi A/S\nNye SolarFlex-anlæg i Vejle",
    "REKLAME: Nye SolarFlex-anlæg i Vejle",
    "reklame | Nye SolarFlex-anlæg i Vejle",
    "#Reklame Nye SolarFlex-anlæg i Vejle",
    "Annonce – Nye SolarFlex-anlæg i Vejle",
    "#reklame #SolarFlex Vi har installeret 40 anlæg i Vejle",
    "📣 Reklame for Nordlys Energi\nNye SolarFlex-anlæg i Vejle",
    "\n\n  Reklame for Nordlys\nNye SolarFlex-anlæg i Vejle",
])
def test_accepted_label_first_passes(text):
    assert found(text) == []


# -- the three rules -------------------------------------------------------------

def test_first_line_label_passes():
    post = "Reklame for Nordlys Energi A/S\nStolt af mit team 🎉 Vi har lige installeret 40 SolarFlex-anlæg i Vejle."
    assert found(post) == []


def test_missing_is_reported_at_the_first_word_in_danish_with_the_reason():
    (violation,) = disclosure("Stolt af mit team 🎉 Vi har installeret 40 SolarFlex-anlæg i Vejle.")
    assert (violation.rule, violation.line, violation.column, violation.matched) == (
        "disclosure-missing", 1, 1, "Stolt")
    assert "“Reklame” eller “Annonce”" in violation.message
    assert "Forbrugerombudsmanden" in violation.message
    assert violation.suggestion == "Indsæt “Reklame for Nordlys Energi A/S” som første linje."


def test_messages_in_english():
    policy = make_policy({**NORDLYS, "messages": "en"})
    (violation,) = disclosure("Proud of my team! 40 new SolarFlex systems in Vejle #solar #reklame", policy)
    assert violation.rule == "disclosure-placement"
    assert "“Reklame” or “Annonce”" in violation.message and "Forbrugerombudsmanden" in violation.message


def test_footer_i_samarbejde_med_is_insufficient():
    text = "Nye SolarFlex-anlæg på plejehjemmet i Vejle ☀️\n\nI samarbejde med @NordlysEnergi\n"
    assert found(text) == [("disclosure-insufficient", 3, 1, "I samarbejde med")]
    (violation,) = disclosure(text)
    assert "“Reklame” eller “Annonce”" in violation.message


def test_hash_ad_first_is_insufficient():
    assert found("#ad Vores nye VarmeBoks holder huset lunt hele vinteren") == [
        ("disclosure-insufficient", 1, 1, "#ad")]


def test_label_buried_in_end_hashtags_fails_start():
    text = ("Stolt af mit team 🎉 Vi har lige installeret 40 solcelleanlæg i Vejle.\n\n"
            "#solenergi #grønomstilling #reklame #vejle")
    assert found(text) == [("disclosure-placement", 3, 28, "#reklame")]


def test_label_at_the_end_of_the_sentence_fails_start():
    assert found("Stolt af mit team 🎉 #reklame") == [("disclosure-placement", 1, 21, "#reklame")]


def test_accepted_label_at_start_and_end_is_fine():
    assert found("Reklame for Nordlys\nNye SolarFlex-anlæg i Vejle\n#solenergi #reklame") == []


def test_front_matter_line_numbers():
    text = ("---\ntitle: Vejle-projektet\nplatform: linkedin\n---\n\n"
            "Stolt af mit team 🎉 Vi har installeret 40 SolarFlex-anlæg.\n\n#solenergi #reklame\n")
    assert found(text, path="opslag.md") == [("disclosure-placement", 8, 12, "#reklame")]
    text = "---\ncommercial: true\n---\nVi søger tre montører til Vejle\n"
    assert found(text, path="job.md") == [("disclosure-missing", 4, 1, "Vi")]


def test_required_always_and_never():
    private = "Vi så nordlys i nat over Skagen"
    assert found(private, make_policy({"disclosure": {"required": "always"}})) == [
        ("disclosure-missing", 1, 1, "Vi")]
    never = make_policy({**NORDLYS, "disclosure": {"required": "never"}})
    assert found("Stolt af Nordlys #ad", never) == []


def test_empty_post_has_nothing_to_label():
    assert found("\n\n", make_policy({"disclosure": {"required": "always"}})) == []


def test_placement_anywhere():
    policy = make_policy({**NORDLYS, "disclosure": {"placement": "anywhere"}})
    assert found("Stolt af Nordlys-teamet i Vejle #reklame", policy) == []


def test_before_fold_uses_the_platform():
    filler = "Stolt af mit team i Vejle. " * 4 + "Kom forbi i morgen "  # the label ends at 135
    text = f"---\nplatform: {{}}\n---\n{filler}#reklame #Nordlys\n"
    policy = make_policy({**NORDLYS, "disclosure": {"placement": "before-fold"}})
    assert found(text.format("linkedin"), policy, "opslag.md") == []             # 140 visible
    assert [r for r, *_ in found(text.format("instagram"), policy, "opslag.md")] == ["disclosure-placement"]
    assert [r for r, *_ in found(filler + "#reklame", policy)] == ["disclosure-placement"]  # no platform: 125


def test_before_fold_explicit_fold_and_message():
    policy = make_policy({**NORDLYS, "disclosure": {"placement": "before-fold", "fold": 20}})
    (violation,) = disclosure("Stolt af Nordlys-teamet i Vejle #reklame", policy)
    assert "inden for de første 20 tegn" in violation.message


def test_policy_overrides_labels():
    policy = make_policy({**NORDLYS, "disclosure": {"labels": ["Annonce"], "insufficient": ["#reklame"]}})
    assert [r for r, *_ in found("Reklame for Nordlys\nNye anlæg", policy)] == ["disclosure-missing"]
    assert found("#reklame Nye anlæg fra Nordlys", policy) == [("disclosure-insufficient", 1, 1, "#reklame")]
    assert found("Annonce for Nordlys\nNye anlæg", policy) == []


# -- jurisdictions ----------------------------------------------------------------

PACKS = [
    # code, accepted first, insufficient first, message label
    ("dk", "Reklame for Nordlys Energi A/S\nNye SolarFlex-anlæg.", "#spons Nye SolarFlex-anlæg.", "“Reklame”"),
    ("se", "Reklam för Nordlys Energi A/S\nNya SolarFlex-paneler.", "I samarbete med Nordlys: nya SolarFlex-paneler.",
     "“Reklam”"),
    ("no", "Annonse for Nordlys Energi\nNye SolarFlex-paneler.", "Produktplassering: nye SolarFlex-paneler.",
     "“Annonse”"),
    ("fi", "Mainos Nordlys Energi A/S\nUudet SolarFlex-paneelit.", "Kaupallinen yhteistyö: uudet SolarFlex-paneelit.",
     "“Mainos”"),
    ("de", "Anzeige | Nordlys Energi\nDie neuen SolarFlex-Module.", "#ad Die neuen SolarFlex-Module.", "“Werbung”"),
    ("uk", "Ad | Our new SolarFlex panels are in.", "Our new SolarFlex panels are in. Thanks to @NordlysEnergi",
     "“Ad”"),
    ("us", "#ad My employer's new SolarFlex panels are in.", "My employer's new SolarFlex panels are in #sp",
     "“Sponsored”"),
]


@pytest.mark.parametrize("code, good, weak, label", PACKS)
def test_each_pack(code, good, weak, label):
    policy = make_policy({**NORDLYS, "jurisdictions": [code], "messages": "en"})
    assert found(good, policy) == []
    (violation,) = disclosure(weak, policy)
    assert violation.rule == "disclosure-insufficient" and label in violation.message
    assert fixed(weak, policy).startswith(commercial_detector(policy).label_set(code)
                                          .preferred_label("Nordlys Energi A/S"))


def test_pack_placement_defaults():
    # Denmark wants the label first; the UK and the US accept it before "see more".
    text = "Our new SolarFlex panels are in. #ad"
    for code, expected in (("uk", []), ("us", []), ("de", ["disclosure-insufficient"])):
        policy = make_policy({**NORDLYS, "jurisdictions": [code], "disclosure": {"placement": None}})
        assert [r for r, *_ in found(text, policy)] == expected, code
    dk = make_policy({**NORDLYS, "jurisdictions": ["dk"]})
    assert [r for r, *_ in found("Nye SolarFlex-anlæg. #reklame", dk)] == ["disclosure-placement"]


def test_german_hash_ad_in_end_hashtags_is_not_enough():
    # OLG Celle 13 U 53/17: "#ad" as the 2nd of 6 hashtags at the end.
    policy = make_policy({**NORDLYS, "jurisdictions": ["de"]})
    text = "Die neuen SolarFlex-Module sind da!\n#solar #ad #energie #klima #sonne #zukunft"
    assert found(text, policy) == [("disclosure-insufficient", 2, 8, "#ad")]


SEVERAL = make_policy({**NORDLYS, "jurisdictions": ["dk", "se"]})


def test_several_jurisdictions_need_one_label_each():
    # One Danish label does not satisfy Sweden.
    ((rule, line, column, _),) = found("Reklame for Nordlys Energi A/S\nNye SolarFlex-anlæg", SEVERAL)
    assert (rule, line, column) == ("disclosure-missing", 1, 1)
    (violation,) = disclosure("Reklame for Nordlys Energi A/S\nNye SolarFlex-anlæg", SEVERAL)
    assert "Sverige: Konsumentverket kræver “Reklam” eller “Annons”" in violation.message
    assert "Danmark" not in violation.message
    # A label block that opens the post satisfies both.
    assert found("Reklame | Reklam för Nordlys Energi A/S\nNye SolarFlex-anlæg", SEVERAL) == []
    assert found("#reklame #reklam Nye SolarFlex-anlæg", SEVERAL) == []


def test_one_label_can_satisfy_several_jurisdictions():
    policy = make_policy({**NORDLYS, "jurisdictions": ["dk", "no"]})
    assert found("Reklame for Nordlys Energi A/S\nNye SolarFlex-anlæg", policy) == []
    # The same misplaced label is reported once, naming both.
    (violation,) = disclosure("Nye SolarFlex-anlæg #reklame", policy)
    assert "Danmark:" in violation.message and "Norge:" in violation.message


def test_missing_in_several_jurisdictions_inserts_each_preferred_label():
    text = "Nye SolarFlex-anlæg i Vejle\n"
    assert fixed(text, SEVERAL) == "Reklame for Nordlys Energi A/S | Reklam för Nordlys Energi A/S\n" + text


def test_front_matter_jurisdictions_override_the_policy():
    text = "---\njurisdictions: [uk]\n---\nAd | Our new SolarFlex panels are in.\n"
    assert found(text, path="post.md") == []
    assert found(text.replace("[uk]", "[dk]"), path="post.md") == [("disclosure-insufficient", 4, 1, "Ad")]


def test_unknown_front_matter_jurisdiction_is_an_input_error():
    with pytest.raises(InputError, match=r"post.md:3: front matter: unknown jurisdiction 'xx'"):
        disclosure("---\ntitle: Hej\njurisdictions: [xx]\n---\nNordlys\n", path="post.md")


# -- fixes --------------------------------------------------------------------------

def test_fix_missing_inserts_the_preferred_label_keeping_crlf():
    text = "Stolt af mit team 🎉\r\nVi har installeret 40 SolarFlex-anlæg i Vejle.\r\n"
    assert fixed(text) == "Reklame for Nordlys Energi A/S\r\n" + text


def test_fix_missing_without_a_company_name():
    policy = make_policy({"disclosure": {"required": "always"}})
    assert fixed("Vi så nordlys i nat over Skagen\n", policy) == "Reklame\nVi så nordlys i nat over Skagen\n"


def test_fix_missing_after_front_matter():
    text = "---\ncommercial: true\n---\n\nVi søger montører\n"
    assert fixed(text, path="job.md") == (
        "---\ncommercial: true\n---\n\nReklame for Nordlys Energi A/S\nVi søger montører\n")


def test_fix_moves_a_buried_hashtag_and_tidies_the_cluster():
    text = "Stolt af mit team 🎉\r\nVi har installeret 40 SolarFlex-anlæg.\r\n\r\n#solenergi #reklame #vejle\r\n"
    assert fixed(text) == ("#reklame\r\nStolt af mit team 🎉\r\nVi har installeret 40 SolarFlex-anlæg.\r\n"
                           "\r\n#solenergi #vejle\r\n")


def test_fix_moves_a_footer_label_line_and_its_blank_line():
    text = "Stolt af mit team 🎉\nVi har installeret 40 SolarFlex-anlæg.\n\nReklame for Nordlys Energi A/S\n"
    assert fixed(text) == (
        "Reklame for Nordlys Energi A/S\nStolt af mit team 🎉\nVi har installeret 40 SolarFlex-anlæg.\n")


def test_fix_moves_a_label_at_the_end_of_the_line():
    assert fixed("Stolt af mit team 🎉 #reklame") == "#reklame\nStolt af mit team 🎉"


def test_fix_replaces_an_insufficient_label_that_opens_the_post():
    assert fixed("#ad Vores nye VarmeBoks holder huset lunt") == (
        "Reklame for Nordlys Energi A/S\nVores nye VarmeBoks holder huset lunt")
    assert fixed("Sponsoreret\nVores nye VarmeBoks holder huset lunt") == (
        "Reklame for Nordlys Energi A/S\nVores nye VarmeBoks holder huset lunt")


def test_fix_insufficient_footer_inserts_the_label_first():
    text = "Nye SolarFlex-anlæg i Vejle\n\nI samarbejde med @NordlysEnergi\n"
    assert fixed(text) == "Reklame for Nordlys Energi A/S\n" + text


# -- the embedded default policy, through the CLI -------------------------------------

def test_default_policy_catches_hash_ad_and_buried_reklame(write):
    hash_ad = write("ad.txt", "#ad Vores nye varmepumpe er installeret 🔥\n")
    buried = write("begravet.txt", "Stolt af mit team 🎉 Vi har lige installeret 40 anlæg\n\n#solenergi #reklame\n")
    private = write("privat.txt", "Vi kørte ad omveje til Skagen og så nordlys i nat\n")
    result = run_cli("check", "--format", "json", str(hash_ad), str(buried), str(private))
    assert result.exit_code == 1
    violations = json.loads(result.stdout)["violations"]
    assert sorted((v["path"].rsplit("/", 1)[-1], v["rule"], v["line"], v["column"]) for v in violations) == [
        ("ad.txt", "disclosure-insufficient", 1, 1), ("begravet.txt", "disclosure-placement", 3, 12)]


def test_explain_disclosure_placement_cites_the_sources():
    result = run_cli("explain", "disclosure-placement")
    assert result.exit_code == 0
    assert "https://www.forbrugerombudsmanden.dk/alle-emner/forbud-mod-skjult-reklame/sociale-medier/" in result.stdout
    assert "https://www.asa.org.uk/resource/influencers-guide.html" in result.stdout
    assert "Kilder:" in result.stdout


def test_every_pack_has_what_the_rules_need():
    from advolint.resources import available_jurisdictions, jurisdiction

    assert available_jurisdictions() == {"dk", "se", "no", "fi", "de", "uk", "us"}
    for code in available_jurisdictions():
        pack = jurisdiction(code)
        assert pack["code"] == code and pack["accepted"] and pack["insufficient"], code
        assert pack["placement"] in ("start", "before-fold", "anywhere"), code
        assert "{company}" in pack["preferred"] and pack["preferred_without_company"], code
        assert all(source for source in pack["sources"]) and pack["sources"][0].startswith("https://"), code
        assert set(pack["authority"]) == set(pack["reason"]) == set(pack["name"]) == {"da", "en"}, code


@pytest.mark.parametrize("code", ["se", "no", "fi", "de", "uk", "us"])
def test_presets_per_jurisdiction(tmp_path, code):
    from advolint import load_policy

    path = tmp_path / "politik.yaml"
    path.write_text(f"version: 1\nextends: [advolint:{code}]\ncompany: {{name: Nordlys Energi A/S}}\n",
                    encoding="utf-8")
    policy = load_policy(path)
    assert policy.jurisdictions == [code] and policy.message_language == "en"
    (violation,) = disclosure("Nordlys Energi A/S: new panels in Vejle", policy)
    assert violation.rule == "disclosure-missing"


def test_unquoted_no_means_norway(write):
    from advolint import load_policy

    path = write("politik.yaml", "version: 1\njurisdictions: [dk, no]\n")
    assert load_policy(path).jurisdictions == ["dk", "no"]


@pytest.mark.parametrize("text", [
    "Læs mere om solceller på https://nordlys.dk/reklame",
    "Se kampagnen på www.eksempel.dk/annonce/2024 i dag",
    "Skriv til reklame@nordlys.dk, hvis du har spørgsmål",
    "Besøg reklame.dk for at se årets vindere",
])
def test_addresses_are_no_labels(text):
    assert not commercial(text, NO_COMPANY)


def test_sponsoreret_af_at_the_start_is_insufficient():
    assert found("Sponsoreret af Nordlys Energi\nNye SolarFlex-anlæg i Vejle") == [
        ("disclosure-insufficient", 1, 1, "Sponsoreret af Nordlys Energi")]


def test_accepted_label_opening_the_post_needs_no_separator():
    assert found("Reklame i samarbejde med Nordlys Energi\nNye SolarFlex-anlæg i Vejle") == []


def test_fix_moves_a_bracketed_label_with_its_brackets():
    assert fixed("Nye SolarFlex-anlæg i Vejle (reklame)\n") == "reklame\nNye SolarFlex-anlæg i Vejle\n"


@pytest.mark.parametrize("text", [
    "I saw an ad for the new phone on the bus",
    "Ad hoc meetings are the best meetings",
    "Thanks to everyone who came to the barbecue",
    "Our advertising class starts on Monday",
])
def test_ordinary_english_is_no_label(text):
    policy = make_policy({"jurisdictions": ["uk", "us"], "messages": "en"})
    assert found(text, policy) == []


def test_label_anchors_skip_starts_another_start_covers():
    """"#sp" finds every offset "#sponsoreret" would; searching both only repeats work.
    The pruned anchors still find every label the full pattern finds."""
    from advolint.rules.commercial import _covers

    assert _covers(("#sp", "#sp"), ("#sponsoreret", "#sponsoreret"))
    assert not _covers(("#sponsoreret", "#sponsoreret"), ("#sp", "#sp"))
    assert not _covers(("samarbejde", "i"), ("#isamarbejdemed", "#isamarbejdemed"))  # another start
    assert not _covers(("#sp", "#sp"), ("#sp", "#sp"))
    label_set = commercial_detector(COMPANY).label_set("dk")
    starts = [start for group in label_set.anchors.starts.values() for _, start in group]
    assert "#sp" in starts and "#sponsoreret" not in starts
    for text in ("Glad for dagen #sponsoreret", "Ny SolarFlex #spons #ad #advertorial", "#annonceartikel om VarmeBoks"):
        post = post_from_text(text)
        assert [m.span() for m in label_set.anchors.finditer(post, 0)] == \
               [m.span() for m in label_set.pattern.finditer(text)]
        assert label_set.scan(post)


@pytest.mark.parametrize("text", [
    "I samarbejde med Dansk Røde Kors holder skolen en indsamling på fredag.",
    "I samarbejde med Vejle Kommune har vi bygget en ny legeplads.",
    "Sp: Hvordan skifter jeg filteret i min varmepumpe?\nSv: Se manualen side 4.",
    "Sp: Kan man få tilskud til solceller\nSv: Ja, i nogle kommuner.",
    "Det var ikke ment som en SUPERBRAND-reklame, bare en anbefaling.",
    "Har du set den nye julekalender-annonce fra banken?",
])
def test_labels_in_ordinary_sentences_do_not_make_a_post_commercial(text):
    assert not commercial(text, NO_COMPANY)


@pytest.mark.parametrize("text", [
    "Skønne dage på øen\n\nI samarbejde med Visit Bornholm",
    "I samarbejde med Visit Bornholm: tre dage på øen",
    "Tre dage på øen (i samarbejde med Visit Bornholm) #ferie",
    "I samarbejde med @VisitBornholm har vi været på øen",
    "Sp: ny cykel fra Cykelbutikken",
])
def test_labels_that_stand_as_labels_still_make_a_post_commercial(text):
    assert commercial(text, NO_COMPANY)


def test_a_label_that_opens_the_post_but_is_longer_than_the_fold_has_no_fix():
    """Found by the fix properties: moving a label that already stands first never settles."""
    policy = make_policy({"disclosure": {"required": "always", "fold": 1, "placement": "before-fold"}})
    (violation,) = disclosure("Reklame\nKæmpe nyhed", policy)
    assert violation.rule == "disclosure-placement" and violation.fix is None


def test_the_fix_inserts_one_of_the_policys_own_labels():
    """Found by the fix properties: with disclosure.labels [Annonce] the fix inserted the pack's
    "Reklame", which the policy then did not accept, again and again."""
    policy = make_policy({"disclosure": {"required": "always", "labels": ["Annonce"]}})
    (violation,) = check_text("Kæmpe nyhed", policy)
    assert violation.fix.edits[0].replacement == "Annonce\n"


def test_no_move_fix_when_two_labels_cannot_both_stand_before_the_fold():
    # A German and a Danish label with a 10-character fold: moving "Reklame" first would push
    # "Werbung" past the fold, and the next fix would move it back (found by test_properties).
    policy = make_policy({**NORDLYS, "jurisdictions": ["de", "dk"],
                          "disclosure": {"required": "always", "placement": "before-fold", "fold": 10}})
    text = "Werbung | Reklame\nNordlys Energi sænker prisen i december.\n"
    placement = [v for v in disclosure(text, policy) if v.rule == "disclosure-placement"]
    assert [(v.matched, v.fix) for v in placement] == [("Reklame", None)]
    # One that fits is still moved: a fold of 20 holds both once "Reklame" stands first.
    roomy = make_policy({**NORDLYS, "jurisdictions": ["de", "dk"],
                         "disclosure": {"required": "always", "placement": "before-fold", "fold": 20}})
    assert fixed("Werbung\nNordlys Energi sænker prisen. Reklame\n", roomy).startswith("Reklame\nWerbung")
