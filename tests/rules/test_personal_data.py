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
NUMBER_PIECES = ["120388-1234", "120388 1234", "1203881234", "12-03-88-1234", "120388/1234", "20.30.40.50",
                 "jens[at]firma.dk", "jens (at) firma (dot) dk", "reg. 1234 konto 1234567890", "/", "(at)", "+45 70 20 30 40", "0045-70203040", "+4570203040",
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


# -- leak forms (issue 13) and what is no personal data (issues 13, 14) ---------

@pytest.mark.parametrize("cpr", [
    "12-03-88-1234", "12.03.88-1234", "120388/1234", "120388.1234", "120388 - 1234", "120388–1234",
    "12 03 88 1234", "12O388-1234", "١٢٠٣٨٨-١٢٣٤",
    "１２０３８８－１２３４", "120388­-1234",
])
def test_cpr_leak_forms_are_found(cpr):
    assert found(f"Mit CPR er {cpr}, ring hvis noget.", ["cpr"]) == [cpr]


@pytest.mark.parametrize("text", [
    "Andelen steg til 0.0209757694 i år.",   # a decimal
    "Filen hedder rapport_1203881234.pdf.",  # inside a longer token
    "Koden er AB1203881234.",
    "Ordrenr. 1203881234 er sendt.",          # context words
    "SN 3012991234 er registreret.",
    "Mødet er 12.03.1988 kl. 12.30.",
])
def test_no_cpr_number(text):
    assert found(text, ["cpr"]) == []


@pytest.mark.parametrize("phone", [
    "20.30.40.50", "20/30/40/50", "20–30–40–50", "203 04 050", "2030 40 50", "20-304050",
    "2030.4050", "+45 20.30.40.50", "(+45) 20 30 40 50",
])
def test_phone_leak_forms_are_found(phone):
    assert found(f"Ring til mig på {phone} i aften.", ["phone"]) == [phone]


@pytest.mark.parametrize("text, expected", [
    ("Vi er nu 20 30 40 50 medarbejdere.", []),
    ("Det kostede 20 30 40 50 kroner i alt.", []),
    ("Postnumre 8000 8200 er med.", []),
    ("Pakke 25313763 er på vej.", []),
    ("Det koster 2500-3000 om året.", []),                        # a range
    ("Åbent fra 2027-03-08 og 2027.03.09.", []),                    # dates
    ("Bosat i postområde: 8000 8200.", []),
    ("Ring på tlf. ref 20 30 40 50", ["20 30 40 50"]),          # a phone word before wins
    ("Skriv en sms, id: 20304050", ["20304050"]),
    ("Ring på 70 20 30 40 (ordre 23456789).", ["70 20 30 40"]),  # ... but not over another number
])
def test_words_around_a_number_decide(text, expected):
    assert found(text, ["phone"]) == expected


@pytest.mark.parametrize("address, masked", [
    ("jens[at]firma.dk", "jXXX[at]firma.dk"),
    ("jens (at) firma (dot) dk", "jXXX (at) firma (dot) dk"),
    ("jens @ firma.dk", "jXXX @ firma.dk"),
    ("jens{at}firma[dot]dk", "jXXX{at}firma[dot]dk"),
])
def test_obfuscated_addresses_are_found_and_masked(address, masked):
    text = f"Skriv til {address} i dag."
    [violation] = check_text(text, make_policy({"confidential": {"personal_data": ["email"]}}))
    assert (text[violation.start:violation.end], violation.matched) == (address, masked)


@pytest.mark.parametrize("text", [
    "Se ![logo](logo@2x.png) her.",
    "Skriv til os (at) vores stand i dag.",
    "Mød os @ kontoret. Vi er klar.",
])
def test_no_address(text):
    assert found(text, ["email"]) == []


def test_an_obfuscated_address_meets_the_allow_list():
    assert found("Skriv til jens (at) nordlys-energi (dot) dk.", ["email"], ["*@nordlys-energi.dk"]) == []


def test_role_addresses_are_allowed_by_default_and_flagged_on_request():
    text = "Skriv til info@firma.dk, presse@firma.dk eller jens@firma.dk."
    assert found(text, ["email"]) == ["jens@firma.dk"]
    policy = make_policy({"confidential": {"personal_data": ["email"], "role_addresses": "flag"}})
    violations = check_text(text, policy)
    assert [text[v.start:v.end] for v in violations] == ["info@firma.dk", "presse@firma.dk", "jens@firma.dk"]
    assert [v.message.startswith("Funktionsadresse") for v in violations] == [True, True, False]
    assert "en persons adresse" not in violations[0].message


def test_role_addresses_policy_value_is_checked(write):
    policy = write("politik.yaml", "version: 1\nconfidential:\n  personal_data: [email]\n  role_addresses: maybe\n")
    result = run_cli("check", "--policy", str(policy), str(write("opslag.txt", "Et opslag.")))
    assert result.exit_code == 2 and "role_addresses" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("text, expected, masked", [
    ("Betal til DK50-0040-0440-1162-43 i dag.", "DK50-0040-0440-1162-43", "DK50-XXXX-XXXX-XXXX-XX"),
    ("Betal til Reg. 1234 Konto 1234567890 i dag.", "Reg. 1234 Konto 1234567890", "Reg. 1234 Konto XXXXXXXXXX"),
    ("Betal til reg.nr. 1234, kontonummer 12345678.", "reg.nr. 1234, kontonummer 12345678",
     "reg.nr. 1234, kontonummer XXXXXXXX"),
])
def test_bank_accounts_are_found_and_masked(text, expected, masked):
    [violation] = check_text(text, make_policy({"confidential": {"personal_data": ["iban"]}}))
    assert (text[violation.start:violation.end], violation.matched) == (expected, masked)


def test_reg_without_an_account_is_no_account():
    assert found("Reg. 2024 var et godt år.", ["iban"]) == []
