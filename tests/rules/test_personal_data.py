"""personal-data: CPR, phone, e-mail and IBAN, found, allowed and masked."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from advolint import check_text
from advolint.messages import Messages
from advolint.rules import personal_data

from conftest import make_policy, run_cli

RULE = "personal-data"
ALL_KINDS = ["cpr", "phone", "email", "iban"]


def found(text: str, kinds=None, allow=()) -> list[str]:
    policy = make_policy({"confidential": {"personal_data": kinds or ALL_KINDS, "allow": list(allow)}})
    return [text[v.start:v.end] for v in check_text(text, policy) if v.rule == RULE]


# -- CPR ----------------------------------------------------------------------

@pytest.mark.parametrize("cpr", [
    "120388-1234",      # fails modulus 11: numbers without it exist since 2007
    "1203881234",
    "120388 1234",
    "211062-5629",      # passes modulus 11
    "010158-5000",      # 7th digit 5 and year 58: born 1858
    "290200-4123",      # 7th digit 4 and year 00: 29 February 2000
])
def test_cpr_numbers_are_found(cpr):
    assert found(f"Tillykke til Jens ({cpr}) med jubilæet!", ["cpr"]) == [cpr]


@pytest.mark.parametrize("number", [
    "991399-1234",      # day 99, month 13
    "310488-1234",      # 31 April
    "290201-4123",      # 29 February 2001
    "010130-5000",      # 7th digit 5 and year 30: born 2030, not yet
    "12038812345",      # 11 digits: a longer run, not a CPR number
    "9120388-1234",     # a slice of a longer run
    "120388-12345",
])
def test_not_cpr_numbers(number):
    assert found(f"Sagsnummer {number} er lukket.", ["cpr"]) == []


def test_cpr_with_zero_width_character_inside_is_found_and_spanned_exactly():
    text = "CPR: 120388\u200b-1234."
    assert found(text, ["cpr"]) == ["120388\u200b-1234"]


# -- phone ----------------------------------------------------------------------

@pytest.mark.parametrize("phone", [
    "22 33 44 55", "22-33-44-55", "2233 4455", "22334455",
    "+45 22 33 44 55", "+4522334455", "0045 22334455", "+45 2233 4455",
])
def test_danish_phone_numbers_are_found(phone):
    assert found(f"Ring til Mette på {phone} i aften.", ["phone"]) == [phone]


@pytest.mark.parametrize("text", [
    "Ring på 12 34 56 78.",                     # Danish numbers do not start with 0 or 1
    "Varenummer 1234 22334455 99 er udsolgt.",  # a slice of a longer run
    "Kontonummer 223344556 er lukket.",         # 9 digits
    "Ordre 23456789 er sendt.",                 # an order number
    "Fakturanr. 23456789 er betalt.",
    "Vores CVR 23456789 står på fakturaen.",    # a company number is public
    "Serienr. 23456789 står på pladen.",
    "Prisen er 23456789 kr. for hele parken.",  # an amount
    "Budgettet er DKK 23456789.",
    "Sæsonen 2023 2024 var rekordstor.",        # two years
    "Den 12.03.2024 kl. 10.30 åbner vi.",       # a date and a time
])
def test_not_phone_numbers(text):
    assert found(text, ["phone"]) == []


def test_a_number_after_tlf_nr_is_a_phone_number():
    assert found("Tlf. nr. 22 33 44 55", ["phone"]) == ["22 33 44 55"]


# -- e-mail and IBAN ------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Skriv til jens.hansen@gmail.com i dag.", ["jens.hansen@gmail.com"]),
    ("Skriv til Søren.Ørsted+nyt@post.tele.dk.", ["Søren.Ørsted+nyt@post.tele.dk"]),
    ("Skriv til jens@ eller @nordlys i dag.", []),
    ("Vi ses på nordlys.dk", []),
])
def test_email(text, expected):
    assert found(text, ["email"]) == expected


@pytest.mark.parametrize("text, expected", [
    ("Overfør til DK50 0040 0440 1162 43 senest fredag.", ["DK50 0040 0440 1162 43"]),
    ("Overfør til DK5000400440116243 og skriv navn.", ["DK5000400440116243"]),
    ("IBAN GB82 WEST 1234 5698 7654 32 (London).", ["GB82 WEST 1234 5698 7654 32"]),
    ("Overfør til DK50 0040 0440 1162 44 senest fredag.", []),   # wrong MOD-97 check
    ("Ordre DK12 3456 7890 er sendt.", []),
])
def test_iban(text, expected):
    assert found(text, ["iban"]) == expected


def test_only_the_listed_kinds_are_checked():
    text = "Ring 22 33 44 55 eller skriv til jens.hansen@gmail.com."
    assert found(text, ["email"]) == ["jens.hansen@gmail.com"]
    assert check_text(text, make_policy({})) == []


# -- allow list -----------------------------------------------------------------

def test_allow_list_exact_values_are_normalised():
    allow = ["70 20 30 40"]
    assert found("Ring +45 70203040 eller 70-20-30-40 eller 7020 3040.", ["phone"], allow) == []
    assert found("Ring 70 20 30 41.", ["phone"], allow) == ["70 20 30 41"]


def test_allow_list_globs():
    allow = ["*@nordlys-energi.dk"]
    text = "Skriv til Info@Nordlys-Energi.dk eller jens@nordlys-energi.dk.com."
    assert found(text, ["email"], allow) == ["jens@nordlys-energi.dk.com"]


# -- masking --------------------------------------------------------------------

def test_findings_are_secret_with_a_same_length_mask():
    text = "Jens: 120388-1234, +45 22 33 44 55, jens.hansen@gmail.com, DK50 0040 0440 1162 43."
    violations = check_text(text, make_policy({"confidential": {"personal_data": ALL_KINDS}}))
    assert [v.matched for v in violations] == [
        "120388-XXXX", "+45 XX XX XX XX", "jXXX.XXXXXX@gmail.com", "DK50 XXXX XXXX XXXX XX"]
    for violation in violations:
        assert violation.secret and len(violation.matched) == violation.end - violation.start
        raw = text[violation.start:violation.end]
        assert raw not in violation.message and raw[-4:] not in violation.message + (violation.suggestion or "")


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_no_output_repeats_the_personal_data(write, output_format):
    policy = write("politik.yaml", "version: 1\nconfidential:\n  personal_data: [cpr, phone, email, iban]\n")
    post = write("opslag.txt", "Tillykke Jens 120388-1234!\nRing 22 33 44 55 eller jens.hansen@gmail.com.\n"
                               "Konto DK50 0040 0440 1162 43.\n")
    result = run_cli("check", "--policy", str(policy), "--format", output_format, str(post))
    assert result.exit_code == 1
    output = result.stdout + result.stderr
    for secret in ("1234", "22 33 44 55", "jens.hansen", "0040 0440 1162 43"):
        assert secret not in output
    if output_format == "json":
        assert [v["rule"] for v in json.loads(result.stdout)["violations"]] == [RULE] * 4
    else:
        assert "120388-XXXX" in result.stdout and "jXXX.XXXXXX@gmail.com" in result.stdout


# -- the candidate search -------------------------------------------------------

# Folded text (lower case, as the detectors see it): whole values and the
# pieces around them that can join or split them.
NUMBER_PIECES = ["120388-1234", "120388 1234", "1203881234", "+45 70 20 30 40", "0045-70203040", "+4570203040",
                 "7020 3040", "70-20-30-40", "dk50 0040 0440 1162 43", "dk5000400440116243",
                 "gb82 west 1234 5698 7654 32", "jens.hansen@nordlys-energi.dk", "mette@firma.dk",
                 "1", "7", "20", "2023", "45", " ", "-", "\u2013", "+", "@", ".", "dk", "x", "_", "ring på ", "cvr "]


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(NUMBER_PIECES), max_size=25).map("".join))
def test_candidate_search_never_hides_a_match(text):
    """Every kind finds from its first candidate on what it finds from the start, and nothing without one."""
    policy = make_policy({"confidential": {"personal_data": ALL_KINDS}})
    rule = personal_data.PersonalDataRule(personal_data.PersonalDataRule.settings(policy), Messages("da"))
    for kind in ALL_KINDS:
        search, before = personal_data.CANDIDATE[kind]
        candidate = search.search(text)
        everywhere = list(getattr(rule, f"_{kind}")(text, 0))
        if candidate is None:
            assert everywhere == []
        else:
            pos = 0 if before is None else max(candidate.start() - before, 0)
            assert list(getattr(rule, f"_{kind}")(text, pos)) == everywhere
