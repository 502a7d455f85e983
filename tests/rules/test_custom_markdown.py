"""Custom rules on Markdown posts: the blocks Vale lints, scopes, positions in the file; the example policy."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example-policy.yaml"

POLICY = r"""
version: 1
custom:
  Nordlys.Gratis: {extends: existence, message: "Undgå '%s'.", level: error, ignorecase: true, tokens: [gratis]}
  Nordlys.Kort: {extends: occurrence, message: "%s ord.", level: warning, scope: [list, table.cell], max: 3,
                 token: '\w+'}
  Nordlys.Punktum: {extends: existence, message: "Overskrift med punktum.", scope: heading & ~heading.h1,
                    nonword: true, raw: ['\.$']}
  Nordlys.Sætning: {extends: occurrence, message: "Lang sætning (%s ord).", scope: sentence, max: 6, token: '\w+'}
"""


def found(path, policy=None) -> list[str]:
    args = ["check", "--format", "json", str(path)] + (["--policy", str(policy)] if policy else [])
    result = run_cli(*args)
    assert result.exit_code in (0, 1), result.stderr
    return [f"{v['line']}:{v['column']}:{v['rule']}:{v['message']}" for v in json.loads(result.stdout)["violations"]
            if "." in v["rule"]]


def test_emphasis_links_and_escapes_are_markup_and_positions_are_the_files(write):
    write(".advolint.yaml", POLICY)
    post = write("opslag.md", "Helt **gratis** og [_gratis_ levering](https://nordlys.dk/gratis), \\*gratis\\*.\n")
    assert found(post) == ["1:8:Nordlys.Gratis:Undgå 'gratis'.", "1:22:Nordlys.Gratis:Undgå 'gratis'.",
                           "1:70:Nordlys.Gratis:Undgå 'gratis'."]


def test_lists_table_cells_and_headings_are_blocks_with_their_scopes(write):
    write(".advolint.yaml", POLICY)
    post = write("opslag.md", """\
        # Nyheder.

        ## Priser.

        Vi har nye priser

        - Solceller til alle tage i Danmark
        - Kort punkt

        | Produkt | Pris |
        | --- | --- |
        | SolarFlex med batteri og app | 1 kr |

            indrykket kode med gratis gratis gratis
        """)
    assert found(post) == ["3:10:Nordlys.Punktum:Overskrift med punktum.", "7:3:Nordlys.Kort:6 ord.",
                           "12:3:Nordlys.Kort:5 ord."]


def test_sentences_are_a_scope(write):
    write(".advolint.yaml", POLICY)
    post = write("opslag.txt", "Kort. Denne sætning her har alt for mange ord i sig. Slut.\n")
    assert found(post) == ["1:7:Nordlys.Sætning:Lang sætning (10 ord)."]


def test_the_example_policy_spells_the_brand_bans_phrases_and_asks_for_aop(write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    post = write("opslag.txt", "Reklame: Prøv Solar Flex – gratis installation og lav rente. #NordlysTeam\n")
    assert found(post, EXAMPLE) == [
        "1:15:Nordlys.Brand:Skriv 'SolarFlex', ikke 'Solar Flex'.",
        "1:28:Nordlys.Forbudt:'gratis' må ikke bruges i opslag: få juridisk godkendelse først.",
        "1:55:Nordlys.Rente:Opslaget nævner 'rente', men ikke ÅOP (årlige omkostninger i procent).",
    ]
    run_cli("check", "--fix", "--policy", str(EXAMPLE), str(post))
    assert "Prøv SolarFlex –" in post.read_text(encoding="utf-8")
    post.write_text("Reklame: SolarFlex-lån til 3,9 % i rente (ÅOP 4,1 %). #NordlysTeam\n", encoding="utf-8")
    assert found(post, EXAMPLE) == []


def test_vale_terms_writes_accepted_terms_as_accepted(write, tmp_path):
    write("styles/config/vocabularies/Brand/accept.txt", "SolarFlex\nNordlys Energi\n")
    write(".vale.ini", "StylesPath = styles\nVocab = Brand\n\n[*]\nBasedOnStyles = Vale\nVale.Spelling = NO\n")
    write(".advolint.yaml", "version: 1\nvale: {config: .vale.ini}\n")
    post = write("opslag.txt", "Solarflex fra nordlys energi er SolarFlex fra Nordlys Energi.\n")
    assert found(post) == ["1:1:Vale.Terms:Use 'SolarFlex' instead of 'Solarflex'.",
                           "1:15:Vale.Terms:Use 'Nordlys Energi' instead of 'nordlys energi'."]


def test_a_bad_regex_in_a_style_rule_names_its_file_and_line(write, tmp_path):
    write("styles/Nordlys/Forkert.yml", "extends: existence\nmessage: x\ntokens:\n  - 'gratis('\n")
    write(".advolint.yaml", "version: 1\nvale: {styles: [styles/Nordlys]}\n")
    result = run_cli("check", str(write("opslag.txt", "Hej.\n")))
    assert result.exit_code == 2
    assert f"{tmp_path / 'styles/Nordlys/Forkert.yml'}:4:3: rule Nordlys.Forkert: 'tokens' is not a valid " \
           "regular expression" in result.stderr
