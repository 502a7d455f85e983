"""--fix and --diff through the CLI with the real fix-bearing rules
(disclosure label insertion and moves), on files with CRLF and a BOM."""

from __future__ import annotations

import codecs

import pytest

from conftest import run_cli

POLICY = """\
version: 1
extends: [advolint:dk]
company:
  name: Nordlys Energi A/S
  aliases: [Nordlys]
  products: [SolarFlex]
"""


@pytest.fixture
def project(tmp_path, write, monkeypatch):
    write(".advolint.yaml", POLICY)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_fix_inserts_danish_label_keeping_bom_and_crlf(project, write):
    original = "Vores nye SolarFlex-anlæg er sat op i Vejle.\r\nTak til hele holdet.\r\n"
    post = write("opslag.txt", codecs.BOM_UTF8 + original.encode("utf-8"))
    result = run_cli("check", "--fix", "opslag.txt")
    assert result.exit_code == 0, result.stdout + result.stderr
    fixed = post.read_bytes()
    assert fixed.startswith(codecs.BOM_UTF8)
    assert fixed.decode("utf-8-sig") == "Reklame for Nordlys Energi A/S\r\n" + original
    # A second run changes nothing and finds nothing.
    again = run_cli("check", "--fix", "opslag.txt")
    assert again.exit_code == 0 and post.read_bytes() == fixed


def test_fix_moves_label_buried_in_end_hashtags(project, write):
    post = write("opslag.txt", "Stolt af mit team hos Nordlys i dag.\n#solenergi #reklame #vejle\n")
    assert run_cli("check", "--fix", "opslag.txt").exit_code == 0
    text = post.read_text(encoding="utf-8")
    assert text.startswith("#reklame")
    assert text.count("#reklame") == 1
    # Nothing the author wrote is lost.
    for word in ("Stolt af mit team hos Nordlys i dag.", "#solenergi", "#vejle"):
        assert word in text
    assert run_cli("check", "opslag.txt").exit_code == 0


def test_diff_shows_the_insertion_and_writes_nothing(project, write):
    post = write("opslag.txt", "SolarFlex sparer strøm.\n")
    result = run_cli("check", "--diff", "opslag.txt")
    assert result.exit_code == 1
    assert "+Reklame for Nordlys Energi A/S" in result.stdout
    assert post.read_text(encoding="utf-8") == "SolarFlex sparer strøm.\n"


def test_fix_in_markdown_goes_after_front_matter(project, write):
    post = write("opslag.md", "---\nplatform: linkedin\n---\nSolarFlex sparer strøm.\n")
    assert run_cli("check", "--fix", "opslag.md").exit_code == 0
    assert post.read_text(encoding="utf-8") == (
        "---\nplatform: linkedin\n---\nReklame for Nordlys Energi A/S\nSolarFlex sparer strøm.\n")


def test_fix_reports_a_binary_file_and_fixes_the_others(project, write):
    """Review found the --fix path without its InputError import: a binær fil crashed it."""
    write("billede.txt", b"\x89PNG\x00\x00")
    post = write("opslag.txt", "SolarFlex sparer strøm.\n")
    result = run_cli("check", "--fix", "billede.txt", "opslag.txt")
    assert result.exit_code == 2
    assert "advolint: billede.txt: binær fil" in result.stderr and "Traceback" not in result.stderr
    assert post.read_text(encoding="utf-8").startswith("Reklame for Nordlys Energi A/S\n")
