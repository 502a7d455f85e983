"""Custom wording rules in Vale's language, from the policy's custom: section, through the CLI."""

from __future__ import annotations

import json
import textwrap

import pytest

from advolint import check_text, load_policy

from conftest import run_cli

BRAND_POLICY = r"""
version: 1
messages: da
custom:
  Nordlys.Brand:
    extends: substitution
    message: "Skriv '%s', ikke '%s'."
    level: error
    ignorecase: true
    description: Produkt- og firmanavne staves som i brandguiden.
    link: https://intra.nordlys.dk/brandguide
    action: {name: replace}
    swap:
      Solarflex: SolarFlex
      Solar Flex: SolarFlex
      Nordlys energi: Nordlys Energi
  Nordlys.Forbudt:
    extends: existence
    message: "'%s' må ikke bruges i opslag."
    level: error
    ignorecase: true
    tokens: [gratis, risikofri]
  Nordlys.Rente:
    extends: conditional
    message: "'%s' kræver at ÅOP står i opslaget."
    level: warning
    ignorecase: true
    first: '\brente\b'
    second: 'ÅOP'
  Nordlys.Navn:
    extends: occurrence
    message: "SolarFlex nævnes %s gange; højst 2."
    level: suggestion
    scope: raw
    max: 2
    token: '\bSolarFlex\b'
  Nordlys.Gentagelse:
    extends: repetition
    message: "'%s' står to gange."
    level: warning
    ignorecase: true
    alpha: true
    tokens: ['[^\s]+']
  Nordlys.Overskrift:
    extends: capitalization
    message: "Overskriften '%s' skal skrives med stort kun i første ord."
    level: warning
    scope: heading
    match: $sentence
    exceptions: [SolarFlex, Nordlys Energi]
"""


@pytest.fixture
def brand(write, tmp_path):
    write(".advolint.yaml", BRAND_POLICY)
    return tmp_path


def findings(*paths, policy=None, custom_only=True) -> list[dict]:
    args = ["check", "--format", "json", *map(str, paths)]
    if policy:
        args += ["--policy", str(policy)]
    result = run_cli(*args)
    assert result.exit_code in (0, 1), result.stderr
    found = json.loads(result.stdout)["violations"]
    return [v for v in found if "." in v["rule"]] if custom_only else found


def lines(found) -> list[str]:
    return [f"{v['line']}:{v['column']}:{v['rule']}:{v['severity']}:{v['message']}" for v in found]


def test_brand_spelling_banned_words_and_a_missing_aop_are_reported_in_the_authors_words(brand, write):
    post = write("opslag.txt", "Prøv Solarflex fra Nordlys energi.\nHelt gratis og risikofri – lav rente!\n")
    assert lines(findings(post)) == [
        "1:6:Nordlys.Brand:error:Skriv 'SolarFlex', ikke 'Solarflex'.",
        "1:20:Nordlys.Brand:error:Skriv 'Nordlys Energi', ikke 'Nordlys energi'.",
        "2:6:Nordlys.Forbudt:error:'gratis' må ikke bruges i opslag.",
        "2:16:Nordlys.Forbudt:error:'risikofri' må ikke bruges i opslag.",
        "2:32:Nordlys.Rente:warning:'rente' kræver at ÅOP står i opslaget.",
    ]


def test_the_right_spelling_and_a_stated_aop_pass(brand, write):
    post = write("opslag.txt", "SolarFlex fra Nordlys Energi: fast rente på 3,9 % (ÅOP 4,2 %).\n")
    assert findings(post) == []


def test_danish_letters_are_word_characters(brand, write):
    # "gratis" inside "gratisåbning" or "ugratisø" is no word of its own; "Solar Flex" split
    # by a line break is still the brand written apart.
    post = write("opslag.txt", "Se gratisåbningen og ugratisø i Aarhus. Vi elsker Solar\nFlex.\n")
    assert lines(findings(post)) == []
    post = write("opslag2.txt", "Så er det gratis! Og Solar Flex, på dansk.\n")
    assert [v["matched"] if "matched" in v else v["column"] for v in findings(post)] == [11, 22]


@pytest.mark.parametrize("written", ["GRATIS", "gratiſ", "²gratis", "RisiKofri", "gratiśx"])
def test_a_banned_word_is_found_however_the_rules_pattern_finds_it(brand, write, written):
    """The shared word automaton before the rules' patterns folds case and finds word
    boundaries as `regex` does: a long s, a Kelvin sign or a superscript before the word
    does not let a banned word past (a word with a mark inside is another word)."""
    import regex

    text = f"Det er helt {written} i dag.\n"
    expected = regex.search(r"(?i)\b(?:gratis|risikofri)\b", text)
    post = write("opslag.txt", text)
    found = [(v["column"], v["rule"]) for v in findings(post) if v["rule"] == "Nordlys.Forbudt"]
    assert found == ([(expected.start() + 1, "Nordlys.Forbudt")] if expected else [])
    assert bool(expected) == (written != "gratiśx")


def test_an_occurrence_limit_a_repetition_and_a_heading_in_markdown(brand, write):
    post = write("opslag.md", """\
        ---
        title: Vores nye tag
        ---
        # Nyt Fra Nordlys Energi

        SolarFlex er her. SolarFlex er billig. SolarFlex er dansk, og det er er godt.
        """)
    assert lines(findings(post)) == [
        "4:3:Nordlys.Overskrift:warning:Overskriften 'Nyt Fra Nordlys Energi' skal skrives med stort kun i første ord.",
        "6:1:Nordlys.Navn:info:SolarFlex nævnes 3 gange; højst 2.",
        "6:67:Nordlys.Gentagelse:warning:'er' står to gange.",
    ]


def test_markdown_code_urls_and_front_matter_are_not_checked(brand, write):
    post = write("opslag.md", """\
        ---
        tags: [gratis]
        ---
        Skriv `gratis` i feltet, se https://nordlys.dk/gratis og

        ```
        risikofri Solarflex
        ```
        """)
    assert findings(post) == []


def test_published_front_matter_is_checked(brand, write):
    post = write("opslag.md", "---\ntitle: Gratis SolarFlex\n---\nLæs mere.\n")
    assert lines(findings(post)) == ["2:8:Nordlys.Forbudt:error:'Gratis' må ikke bruges i opslag."]


def test_fix_writes_the_brand_spelling_and_removes_what_is_removed(write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(".advolint.yaml", BRAND_POLICY.replace("    tokens: [gratis, risikofri]",
                                                 "    tokens: [gratis, risikofri]\n    action: {name: remove}"))
    post = write("opslag.txt", "Prøv Solar Flex fra Nordlys energi – helt gratis levering.\n")
    result = run_cli("check", "--fix", str(post))
    assert post.read_text(encoding="utf-8") == "Prøv SolarFlex fra Nordlys Energi – helt levering.\n"
    assert result.exit_code == 0, result.stdout


def test_the_policy_sets_severities_routes_and_suppressions_of_custom_rules(write, tmp_path):
    write(".advolint.yaml", BRAND_POLICY + textwrap.dedent("""\
        rules: {Nordlys.Forbudt: off, Nordlys.Rente: error}
        route: {Nordlys.Brand: {to: kommunikation, review: true}}
        suppressions: {forbidden: [Nordlys.Brand]}
        """))
    post = write("opslag.txt", "Gratis Solarflex, lav rente.\n")
    found = findings(post)
    assert [(v["rule"], v["severity"]) for v in found] == [("Nordlys.Brand", "error"), ("Nordlys.Rente", "error")]
    assert found[0]["route"] == {"to": "kommunikation", "review": True}


@pytest.mark.parametrize("rule, fragment, error", [
    ("Nordlys.X:\n    extends: existence\n    message: m\n    tokenz: [a]",
     "", ":6:5: rule Nordlys.X: unknown key 'tokenz' for a rule of kind existence (did you mean 'tokens'?)"),
    ("Nordlys.X:\n    extends: existence\n    message: m\n    tokens: ['(gratis']",
     "", ":6:13: rule Nordlys.X: 'tokens' is not a valid regular expression"),
    ("Nordlys.X:\n    extends: spelling\n    message: m", "", ":4:14: rule Nordlys.X: Vale rules of kind 'spelling'"),
    ("Nordlys.X:\n    extends: existence\n    message: m\n    level: fatal", "", ":6:12: rule Nordlys.X: level must be"),
    ("Nordlys.X:\n    extends: substitution\n    message: m\n    swap: [a, b]", "", ":6:11: rule Nordlys.X: 'swap' must be"),
    ("tone-shouting:\n    extends: existence\n    message: m", "", ":3:3: custom: rule name 'tone-shouting' is a built-in"),
])
def test_a_bad_custom_rule_is_a_policy_error_naming_the_file_and_line(write, tmp_path, rule, fragment, error):
    policy = write(".advolint.yaml", f"version: 1\ncustom:\n  {rule}\n")
    post = write("opslag.txt", "Hej.\n")
    result = run_cli("check", str(post))
    assert result.exit_code == 2
    assert f"{policy}{error}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_rule_id_in_the_severity_map_is_still_an_error(write, tmp_path):
    write(".advolint.yaml", BRAND_POLICY + "rules: {Nordlys.Forbud: off}\n")
    result = run_cli("check", str(write("opslag.txt", "Hej.\n")))
    assert result.exit_code == 2 and "ukendt regel 'Nordlys.Forbud' (mente du 'Nordlys.Forbudt'?)" in result.stderr  # a Danish policy: Danish errors


def test_explain_shows_a_custom_rules_description_link_and_source(brand, monkeypatch):
    monkeypatch.chdir(brand)
    result = run_cli("explain", "Nordlys.Brand")
    assert result.exit_code == 0, result.stderr
    assert "Produkt- og firmanavne staves som i brandguiden." in result.stdout
    assert "https://intra.nordlys.dk/brandguide" in result.stdout
    assert f"{brand / '.advolint.yaml'}:5\n" in result.stdout
    assert run_cli("explain", "Nordlys.Brnd").exit_code == 2


def test_rules_lists_custom_rules_with_their_source(brand, monkeypatch):
    monkeypatch.chdir(brand)
    result = run_cli("rules", "--lang", "en")
    assert "The company's own wording rules:" in result.stdout
    assert any(line.split()[:3] == ["Nordlys.Rente", "warning", str(brand / ".advolint.yaml")]
               for line in result.stdout.splitlines()), result.stdout


def test_fix_descriptions_speak_the_policys_language(write, tmp_path):
    write(".advolint.yaml", BRAND_POLICY.replace("    tokens: [gratis, risikofri]",
                                                 "    tokens: [gratis, risikofri]\n    action: {name: remove}"))
    text = "Prøv Solarflex – helt gratis levering.\n"
    for language, expected in (("da", {"Nordlys.Brand: skriv “SolarFlex”", "Nordlys.Forbudt: fjern “gratis”"}),
                               ("en", {"Nordlys.Brand: write “SolarFlex”", "Nordlys.Forbudt: remove “gratis”"})):
        policy = load_policy(tmp_path / ".advolint.yaml")
        policy.messages = language
        fixes = {v.fix.description for v in check_text(text, policy) if v.fix is not None and "." in v.rule}
        assert fixes == expected


def test_a_crash_in_a_custom_rule_names_its_ids(brand, write, monkeypatch):
    from advolint.custom.existence import Existence

    def broken(self, post, blocks):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(Existence, "check", broken)
    result = run_cli("check", "--no-cache", str(write("opslag.txt", "Helt gratis.\n")))
    assert result.exit_code == 2
    assert "intern fejl i reglen Nordlys." in result.stderr and "Nordlys.Forbudt" in result.stderr
