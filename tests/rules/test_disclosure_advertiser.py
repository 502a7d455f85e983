"""disclosure-advertiser on real-looking Danish, Swedish, Norwegian, Finnish and English
posts: the label must say whom it advertises for where the jurisdiction's data says so,
and the relationship (employee, gift, own products) picks the accepted forms and the fix."""

from __future__ import annotations

import pytest

from advolint import check_text
from advolint.errors import InputError
from advolint.resources import jurisdiction
from advolint.run.fixing import apply_fixes

from conftest import make_policy, run_cli

NORDLYS = {"name": "Nordlys Energi A/S", "aliases": ["Nordlys Energi", "Nordlys"], "products": ["SolarFlex"],
           "handles": ["@nordlysenergi"]}


def policy(jurisdictions=("dk",), company=NORDLYS, **disclosure):
    return make_policy({"jurisdictions": list(jurisdictions), "company": company,
                        "disclosure": {"placement": None, **disclosure}})


DK = policy()


def advertiser(text, policy=DK, path=None):
    return [v for v in check_text(text, policy, path=path) if v.rule == "disclosure-advertiser"]


def fixed(text, policy=DK, path=None):
    """Every fix applied, and the result clean of every disclosure rule."""
    violations = [v for v in check_text(text, policy, path=path) if v.rule.startswith("disclosure-")]
    new_text, applied = apply_fixes(text, [v.fix for v in violations])
    assert applied >= 1
    assert [v.rule for v in check_text(new_text, policy, path=path) if v.rule.startswith("disclosure-")] == []
    return new_text


@pytest.mark.parametrize("text", [
    "Reklame\nVi har installeret 40 SolarFlex-anlæg i Vejle denne uge 🎉",
    "#reklame #SolarFlex Stolt af mit team, 40 anlæg i Vejle",  # a product is not the advertiser
    "📣 REKLAME\nKom forbi standen på Roskilde\nNordlys giver is",  # the name two lines down
    "Annonce – sommerens bedste tilbud på varmepumper",
])
def test_a_danish_label_that_names_no_advertiser(text):
    [violation] = advertiser(text)
    assert violation.message.startswith(f"“{violation.matched}” siger ikke, hvem der reklameres for.")
    assert "Forbrugerombudsmanden kræver, at det er tydeligt, hvem der reklameres for" in violation.message
    assert violation.fix.edits[0].replacement == "Reklame for Nordlys Energi A/S"


@pytest.mark.parametrize("text", [
    "Reklame for Nordlys Energi A/S\nVi har installeret 40 anlæg i Vejle",
    "Reklame | Nordlys Energi\nVi har installeret 40 anlæg i Vejle",
    "#reklame #NordlysEnergi Stolt af mit team",
    "Reklame @nordlysenergi\nStolt af mit team",
    "Reklame for SolarFlex\nNye paneler på taget",  # "for X" names an advertiser
    "Reklame / Gave fra Nordlys\nJeg har fået en varmepumpe",
    "#reklame\nStolt af mit team hos Nordlys i dag",  # a label alone on its line: the next line is beside it
    "Vi så nordlys i nat over Skagen",  # not commercial at all
])
def test_a_danish_label_that_names_the_advertiser(text):
    assert advertiser(text) == []


def test_the_fix_completes_the_label_with_the_company_through_the_cli(tmp_path, write, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(".advolint.yaml", "version: 1\ncompany: {name: Nordlys Energi A/S, aliases: [Nordlys]}\n")
    post = write("opslag.txt", "#reklame Stolt af mit team 🎉\n40 SolarFlex-anlæg fra Nordlys i Vejle\n")
    result = run_cli("check", "--no-cache", str(post))
    assert result.exit_code == 1 and "disclosure-advertiser" in result.stdout
    assert "Skriv “Reklame for Nordlys Energi A/S” i stedet for “#reklame”." in result.stdout
    assert run_cli("check", "--no-cache", "--fix", str(post)).exit_code == 0
    assert post.read_text(encoding="utf-8") == (
        "Reklame for Nordlys Energi A/S Stolt af mit team 🎉\n40 SolarFlex-anlæg fra Nordlys i Vejle\n")


def test_without_company_name_it_says_what_to_set_and_guesses_nothing():
    aliases_only = make_policy({"company": {"aliases": ["Havørn"], "handles": ["@havoerntelecom"]}})
    [violation] = advertiser("Reklame\nSe vores nye tilbud i butikken", aliases_only)
    assert violation.fix is None
    assert "sæt company.name i politikken" in violation.suggestion
    assert advertiser("Reklame @havoerntelecom\nSe tilbuddet", aliases_only) == []
    assert advertiser("Reklame for Havørn\nSe tilbuddet", aliases_only) == []


def test_a_policy_that_names_no_company_cannot_tell_whom_and_reports_nothing():
    # The embedded default policy: no company to look for, so no false alarm on every label.
    assert advertiser("Reklame\nSe vores nye tilbud i butikken", make_policy()) == []


def test_sweden_norway_and_finland_ask_for_the_advertiser():
    swedish = policy(["se"], {"name": "Nordlys Energi AB"})
    [violation] = advertiser("Reklam\nSommar i Malmö: nya solpaneler på taket", swedish)
    assert violation.fix.edits[0].replacement == "Reklam för Nordlys Energi AB"
    assert advertiser("Reklam för Nordlys Energi AB\nSommar i Malmö", swedish) == []
    norwegian = policy(["no"], {"name": "Nordlys Energi AS"})
    assert fixed("Annonse\nSommer i Bergen med nye solceller", norwegian).startswith("Reklame for Nordlys Energi AS\n")
    finnish = policy(["fi"], {"name": "Revontuli Oy"})
    assert fixed("Mainos\nKesä Helsingissä", finnish) == "Mainos Revontuli Oy\nKesä Helsingissä"
    assert advertiser("Mainos Revontuli Oy\nKesä Helsingissä", finnish) == []


def test_the_uk_and_us_do_not_ask_for_it():
    for code in ("uk", "us"):
        assert advertiser("Ad\nOur new heat pumps are in", policy([code], {"name": "Northwind Energy"})) == []
        assert jurisdiction(code)["advertiser"]["required"] is False


def test_each_requirement_is_data_with_sources():
    for code in ("dk", "no", "se", "fi"):
        pack = jurisdiction(code)["advertiser"]
        assert pack["required"] is True and pack["sources"] and pack["how"]["da"] and pack["how"]["en"], code


def test_several_jurisdictions_each_name_it():
    both = policy(["dk", "se"], {"name": "Nordlys Energi A/S"})
    new = fixed("Reklame | Reklam\nSommer i Øresund", both)
    assert new == "Reklame for Nordlys Energi A/S | Reklam för Nordlys Energi A/S\nSommer i Øresund"


# -- the relationship -----------------------------------------------------------------

def test_an_employee_s_label_in_denmark():
    employee = policy(relationship="employee")
    [violation] = advertiser("Reklame\nVi har travlt i Vejle", employee)
    assert violation.fix.edits[0].replacement == "Reklame for min arbejdsgiver Nordlys Energi A/S"
    # disclosure-missing inserts the employee's wording too.
    assert fixed("Vi har installeret 40 SolarFlex-anlæg i Vejle", employee).startswith(
        "Reklame for min arbejdsgiver Nordlys Energi A/S\n")


def test_front_matter_picks_the_relationship_over_the_policy():
    employee = policy(relationship="employee")
    gift = "---\nrelationship: gift\n---\nJeg har fået en SolarFlex-lader af Nordlys Energi\n"
    assert fixed(gift, employee, path="gave.md").split("---\n")[2].startswith("Reklame / Gave fra Nordlys Energi A/S\n")
    finnish = policy(["fi"], {"name": "Revontuli Oy", "aliases": ["Revontuli"]})
    assert fixed(gift.replace("Nordlys Energi", "Revontuli"), finnish, path="lahja.md").split("---\n")[2].startswith(
        "Reklam / Mottagen av Revontuli Oy\n")


def test_an_american_employee_may_say_i_work_for_or_use_the_employee_hashtag():
    us = policy(["us"], {"name": "Northwind Energy", "aliases": ["Northwind"]}, relationship="employee",
                placement="before-fold")
    labels = [v.rule for text in ("I work for Northwind Energy. Our new heat pumps are in!",
                                  "#NorthwindEmployee Our new heat pumps are in!",
                                  "Proud of the team! #NorthwindEnergyEmployee")
              for v in check_text(text, us) if v.rule.startswith("disclosure-")]
    assert labels == []
    general = policy(["us"], {"name": "Northwind Energy", "aliases": ["Northwind"]}, placement="before-fold")
    assert [v.rule for v in check_text("#NorthwindEmployee Our new heat pumps from Northwind are in!", general)
            if v.rule.startswith("disclosure-")] == ["disclosure-missing"]
    assert fixed("Our new heat pumps from Northwind are in", us).startswith("Ad: I work for Northwind Energy\n")


def test_a_bad_relationship_is_an_error_naming_the_line(write):
    with pytest.raises(InputError, match=r"gave\.md:3: front matter: 'relationship' must be one of employee, gift"):
        check_text("---\ntitle: Gave\nrelationship: present\n---\nTak\n", DK, path="gave.md")
    bad = write("politik.yaml", "version: 1\ndisclosure:\n  relationship: friend\n")
    result = run_cli("policy", "check", str(bad))
    assert result.exit_code == 2 and "politik.yaml:3" in result.stderr and "Traceback" not in result.stderr


def test_the_policys_own_labels_keep_the_advertiser_in_the_fix():
    # `disclosure.labels` replaces the pack's labels: the fix writes the policy's label with the
    # pack's words for the advertiser, so the fixed post passes (it once looped on "Annonce").
    own = policy(labels=["Annonce"], required="always")
    assert fixed("Kæmpe nyhed: varmepumper til halv pris", own).startswith("Annonce for Nordlys Energi A/S\n")
    assert fixed("Annonce\nKæmpe nyhed: varmepumper til halv pris", own).startswith("Annonce for Nordlys Energi A/S\n")
