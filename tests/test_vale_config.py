"""Vale configurations and style folders, loaded as they are (our own Danish fixtures)."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli

RULES = {
    "Brand.yml": """\
        extends: substitution
        message: "Skriv '%s' i stedet for '%s'."
        level: error
        ignorecase: true
        action: {name: replace}
        swap:
          Solarflex: SolarFlex
        """,
    "Gratis.yml": """\
        extends: existence
        message: "Undgå '%s'."
        level: warning
        ignorecase: true
        tokens: [gratis, uden binding]
        """,
    "Fyld.yml": """\
        extends: existence
        message: "'%s' er fyld."
        level: suggestion
        ignorecase: true
        tokens: [faktisk, egentlig]
        """,
    "Stavning.yml": """\
        extends: spelling
        message: "Stavefejl: '%s'"
        """,
}

CONFIG = """\
    StylesPath = styles
    MinAlertLevel = suggestion
    Vocab = Nordlys

    [*.{md,txt}]
    BasedOnStyles = Nordlys
    Nordlys.Stavning = NO

    [*.md]
    Nordlys.Fyld = NO
    Nordlys.Gratis = error
    Vale.Avoid = YES
    """


@pytest.fixture
def vale_repo(write, tmp_path):
    for name, text in RULES.items():
        write(f"styles/Nordlys/{name}", text)
    write("styles/config/vocabularies/Nordlys/accept.txt", "gratisavis\nSolarFlex\n")
    write("styles/config/vocabularies/Nordlys/reject.txt", "Konkurrent A/S\n")
    write(".vale.ini", CONFIG)
    write(".advolint.yaml", "version: 1\nvale: {config: .vale.ini}\n")
    return tmp_path


def found(*paths) -> list[str]:
    result = run_cli("check", "--format", "json", *map(str, paths))
    assert result.exit_code in (0, 1), result.stderr
    return [f"{v['path'].rsplit('/', 1)[-1]}:{v['line']}:{v['column']}:{v['rule']}:{v['severity']}:{v['message']}"
            for v in json.loads(result.stdout)["violations"] if "." in v["rule"]]


def test_glob_sections_switches_levels_and_vocabularies(vale_repo, write):
    text = "Faktisk er Solarflex gratis – læs gratisavis om Konkurrent A/S.\n"
    txt, md = write("opslag.txt", text), write("opslag.md", text)
    assert found(md, txt) == [  # reported in the order the files are named
        "opslag.md:1:12:Nordlys.Brand:error:Skriv 'SolarFlex' i stedet for 'Solarflex'.",
        "opslag.md:1:22:Nordlys.Gratis:error:Undgå 'gratis'.",
        "opslag.md:1:49:Vale.Avoid:error:Avoid using 'Konkurrent A/S'.",
        "opslag.txt:1:1:Nordlys.Fyld:info:'Faktisk' er fyld.",
        "opslag.txt:1:12:Nordlys.Brand:error:Skriv 'SolarFlex' i stedet for 'Solarflex'.",
        # A level switched in a section is the rule's level everywhere (advolint has one severity per rule).
        "opslag.txt:1:22:Nordlys.Gratis:error:Undgå 'gratis'.",
    ]


def test_min_alert_level_leaves_out_the_levels_below_it(vale_repo, write):
    write(".vale.ini", CONFIG.replace("MinAlertLevel = suggestion", "MinAlertLevel = warning"))
    assert found(write("opslag.txt", "Faktisk er det gratis.\n")) == ["opslag.txt:1:16:Nordlys.Gratis:error:Undgå 'gratis'."]


def test_a_file_no_section_matches_gets_no_vale_rules(vale_repo, write):
    assert found(write("opslag.markdown", "Faktisk gratis.\n")) == []


def test_an_unsupported_kind_is_a_policy_error_naming_its_file_unless_switched_off(vale_repo, write):
    write(".vale.ini", CONFIG.replace("Nordlys.Stavning = NO\n", ""))
    result = run_cli("check", str(write("opslag.txt", "Hej.\n")))
    assert result.exit_code == 2
    assert f"{vale_repo / 'styles/Nordlys/Stavning.yml'}:1:10: rule Nordlys.Stavning: Vale rules of kind 'spelling' " \
           "are not supported" in result.stderr


def test_an_unknown_key_in_a_style_rule_names_the_rule_file_and_line(vale_repo, write):
    write("styles/Nordlys/Gratis.yml", RULES["Gratis.yml"].rstrip(" ") + "        nonwrd: true\n")
    result = run_cli("check", str(write("opslag.txt", "Hej.\n")))
    assert result.exit_code == 2
    assert f"{vale_repo / 'styles/Nordlys/Gratis.yml'}:6:1: rule Nordlys.Gratis: unknown key 'nonwrd' for a rule " \
           "of kind existence (did you mean 'nonword'?)" in result.stderr


@pytest.mark.parametrize("line, error", [
    ("Nordlys.Brand = maybe", ":6:1: Nordlys.Brand: expected one of YES, NO, suggestion, warning, error"),
    ("BasedOnStyle = Nordlys", ":6:1: unknown Vale key 'BasedOnStyle' (did you mean 'BasedOnStyles'?)"),
    ("BasedOnStyles = Nordlis", ":6:1: style 'Nordlis' not found"),
    ("Nordlys.Mangler = YES", ":6:1: Nordlys.Mangler: no rule file"),
])
def test_a_bad_vale_configuration_names_its_file_and_line(vale_repo, write, line, error):
    write(".vale.ini", CONFIG.replace("BasedOnStyles = Nordlys", line))
    result = run_cli("check", str(write("opslag.txt", "Hej.\n")))
    assert result.exit_code == 2
    assert f"{vale_repo / '.vale.ini'}{error}" in result.stderr, result.stderr


def test_a_missing_vocabulary_is_an_error(vale_repo, write):
    write(".vale.ini", CONFIG.replace("Vocab = Nordlys", "Vocab = Nordlys, Mangler"))
    result = run_cli("check", str(write("opslag.txt", "Hej.\n")))
    assert result.exit_code == 2 and ".vale.ini:3:1: vocabulary 'Mangler' not found" in result.stderr


def test_style_folders_named_directly_are_all_on(write, tmp_path):
    for name in ("Brand.yml", "Gratis.yml"):
        write(f"regler/Nordlys/{name}", RULES[name])
    write(".advolint.yaml", "version: 1\nvale: {styles: [regler/Nordlys]}\n")
    assert found(write("opslag.txt", "Solarflex gratis.\n")) == [
        "opslag.txt:1:1:Nordlys.Brand:error:Skriv 'SolarFlex' i stedet for 'Solarflex'.",
        "opslag.txt:1:11:Nordlys.Gratis:warning:Undgå 'gratis'.",
    ]


def test_changing_a_style_rule_rebuilds_the_cached_policy(vale_repo, write):
    post = write("opslag.txt", "Det er gratis og helt uden binding.\n")
    assert len(found(post)) == 2
    write("styles/Nordlys/Gratis.yml", RULES["Gratis.yml"].replace("gratis, uden binding", "gratis"))
    assert found(post) == ["opslag.txt:1:8:Nordlys.Gratis:error:Undgå 'gratis'."]
    write("styles/config/vocabularies/Nordlys/accept.txt", "gratis\n")
    assert found(post) == []


def test_vale_rule_ids_work_in_the_policys_severity_map(vale_repo, write):
    write(".advolint.yaml", "version: 1\nvale: {config: .vale.ini}\nrules: {Nordlys.Gratis: off, Nordlys.Fyld: error}\n")
    assert found(write("opslag.txt", "Egentlig gratis.\n")) == ["opslag.txt:1:1:Nordlys.Fyld:error:'Egentlig' er fyld."]


def test_a_missing_configuration_is_an_error_at_the_policys_line(write, tmp_path):
    policy = write(".advolint.yaml", "version: 1\nvale:\n  config: mangler/.vale.ini\n")
    result = run_cli("check", str(write("opslag.txt", "Hej.\n")))
    assert result.exit_code == 2
    assert f"{policy}:3:11: vale.config: no Vale configuration at {tmp_path / 'mangler/.vale.ini'}" in result.stderr
