"""--fix and --diff end to end through the CLI, with a fix-bearing rule
defined here; tests/test_fix_real_rules.py does the same with the shipped rules."""

from __future__ import annotations

import codecs
import os
import stat

import pytest

from advolint.findings import Edit, Finding, Fix, Severity
from advolint.rules import Rule

from conftest import run_cli

POLICY = "version: 1\nrules: {tone-exclamation: off}\n"


class LabelFirstRule(Rule):
    """Demands 'Reklame' as the post's first word; its fix inserts it on a line of its own."""

    ids = {"test-label-first": Severity.ERROR}
    label = "Reklame\n"

    @classmethod
    def settings(cls, policy):
        return ()  # nothing from the policy

    def check(self, post):
        if not post.body.startswith(self.label.strip()):
            yield Finding(rule="test-label-first", start=post.body_start, end=post.body_start,
                          message="Opslaget skal begynde med 'Reklame'.",
                          fix=Fix((Edit(post.body_start, post.body_start, self.label),), "insert label"))


class MegaphoneLabelRule(LabelFirstRule):
    """The same with an emoji in the label: Windows-1252 cannot store it."""

    ids = {"test-label-first": Severity.ERROR}
    label = "Reklame 📣\n"


@pytest.fixture
def project(tmp_path, write, extra_rules, monkeypatch):
    extra_rules(LabelFirstRule)
    write(".advolint.yaml", POLICY)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_fix_inserts_label_and_exit_code_says_nothing_remains(project, write):
    post = write("opslag.txt", "Vi har installeret 40 solcelleanlæg i Vejle.\n")
    result = run_cli("check", "--fix", "opslag.txt")
    assert result.exit_code == 0, result.stderr
    assert post.read_text(encoding="utf-8") == "Reklame\nVi har installeret 40 solcelleanlæg i Vejle.\n"
    assert "advolint: 1 rettelse i 1 fil" in result.stderr


def test_second_fix_changes_nothing(project, write):
    post = write("opslag.txt", "Vi har installeret 40 solcelleanlæg i Vejle.\n")
    assert run_cli("check", "--fix", "opslag.txt").exit_code == 0
    once = post.read_bytes()
    mtime = post.stat().st_mtime_ns
    result = run_cli("check", "--fix", "opslag.txt")
    assert result.exit_code == 0
    assert post.read_bytes() == once and post.stat().st_mtime_ns == mtime
    assert "rettelse" not in result.stderr


def test_crlf_and_utf8_bom_are_kept(project, write):
    post = write("opslag.txt", codecs.BOM_UTF8 + "Grøn strøm til Århus.\r\nSe mere på nordlys.dk\r\n".encode())
    assert run_cli("check", "--fix", "opslag.txt").exit_code == 0
    assert post.read_bytes() == codecs.BOM_UTF8 + "Reklame\r\nGrøn strøm til Århus.\r\nSe mere på nordlys.dk\r\n".encode()


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_keeps_its_byte_order(project, write, bom, codec):
    post = write("opslag.txt", bom + "Æblerne fra Fyn er modne.\n".encode(codec))
    assert run_cli("check", "--fix", "opslag.txt").exit_code == 0
    assert post.read_bytes() == bom + "Reklame\nÆblerne fra Fyn er modne.\n".encode(codec)


def test_front_matter_stays_first(project, write):
    post = write("opslag.md", "---\ncommercial: true\n---\nNy varmepumpe i butikkerne.\n")
    assert run_cli("check", "--fix", "opslag.md").exit_code == 0
    assert post.read_text(encoding="utf-8") == "---\ncommercial: true\n---\nReklame\nNy varmepumpe i butikkerne.\n"


def test_diff_prints_and_writes_nothing(project, write):
    original = "Vi har installeret 40 solcelleanlæg i Vejle.\n"
    post = write("opslag.txt", original)
    result = run_cli("check", "--diff", "opslag.txt")
    assert result.exit_code == 1  # something to fix: a gate must not pass
    assert result.stdout.splitlines()[:2] == ["--- a/opslag.txt", "+++ b/opslag.txt"]
    assert "+Reklame\n" in result.stdout and " Vi har installeret 40 solcelleanlæg i Vejle.\n" in result.stdout
    assert post.read_text(encoding="utf-8") == original
    assert not [p for p in os.listdir(project) if p.endswith(".advolint")]


def test_diff_of_a_clean_file_is_empty_and_exit_0(project, write):
    write("opslag.txt", "Reklame\nVi har installeret 40 solcelleanlæg i Vejle.\n")
    result = run_cli("check", "--diff", "opslag.txt")
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_read_only_file_is_left_intact(project, write):
    original = "Vi har installeret 40 solcelleanlæg i Vejle.\n"
    post = write("opslag.txt", original)
    post.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        result = run_cli("check", "--fix", "opslag.txt")
    finally:
        post.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert result.exit_code == 2
    assert "opslag.txt: skrivebeskyttet fil; ikke rettet" in result.stderr
    assert post.read_text(encoding="utf-8") == original
    assert "test-label-first" in result.stdout  # still reported


def test_fix_the_encoding_cannot_store_leaves_the_file(project, write, extra_rules):
    extra_rules(MegaphoneLabelRule)
    original = "Grøn strøm til Århus.\n".encode("cp1252")
    post = write("gammel.txt", original)
    result = run_cli("check", "--fix", "gammel.txt")
    assert result.exit_code == 2
    assert "gammel.txt: rettelsen kræver '📣'" in result.stderr and "filen er uændret" in result.stderr
    assert post.read_bytes() == original


def test_windows_1252_file_is_written_back_as_windows_1252(project, write):
    post = write("gammel.txt", "Grøn strøm til Århus.\n".encode("cp1252"))
    assert run_cli("check", "--fix", "gammel.txt").exit_code == 0
    assert post.read_bytes() == "Reklame\nGrøn strøm til Århus.\n".encode("cp1252")


def test_violations_that_remain_after_fixing_fail(project, write):
    write(".advolint.yaml", "version: 1\ntone: {exclamation_max: 0}\nrules: {tone-exclamation: error}\n")
    post = write("opslag.txt", "Vi åbner i dag!\n")
    result = run_cli("check", "--fix", "--format", "concise", "opslag.txt")
    assert result.exit_code == 1
    assert post.read_text(encoding="utf-8") == "Reklame\nVi åbner i dag!\n"
    assert result.stdout.startswith("opslag.txt:2:15: tone-exclamation [error]")
    assert "test-label-first" not in result.stdout


def test_fix_refuses_stdin(project):
    result = run_cli("check", "--fix", "-", stdin="Vi åbner i dag.")
    assert result.exit_code == 2 and "stdin" in result.stderr


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symlinks")
def test_symlinked_post_keeps_its_link(project, write):
    target = write("rigtig.txt", "Vi åbner i dag.\n")
    (project / "link.txt").symlink_to(target)
    assert run_cli("check", "--fix", "link.txt").exit_code == 0
    assert (project / "link.txt").is_symlink()
    assert target.read_text(encoding="utf-8") == "Reklame\nVi åbner i dag.\n"
