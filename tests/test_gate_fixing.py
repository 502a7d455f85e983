"""Issue 12 §3: --fix never damages what it should not touch."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from advolint.findings import Severity

from conftest import run_cli
from test_fixing import POLICY, LabelFirstRule

BODY = "Vi har installeret 40 solcelleanlæg i Vejle.\n"


@pytest.fixture
def project(tmp_path, write, extra_rules, monkeypatch):
    extra_rules(LabelFirstRule)
    write("repo/.advolint.yaml", POLICY)
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo"


def test_a_link_to_a_file_outside_is_not_fixed(project, write, tmp_path):
    notes = write("outside/notes.txt", BODY)
    (project / "content").mkdir()
    os.symlink("../../outside/notes.txt", project / "content" / "post.txt")
    for target in ("content", "content/post.txt"):
        result = run_cli("check", "--fix", target)
        assert notes.read_text(encoding="utf-8") == BODY
        assert result.exit_code == 2
        assert "not fixed: symbolic link to" in result.stderr and "outside" in result.stderr


def test_a_link_to_a_file_inside_is_fixed_through_the_link(project, write):
    real = write("repo/content/real.txt", BODY)
    os.symlink("real.txt", project / "content" / "link.txt")
    assert run_cli("check", "--fix", "content/link.txt").exit_code == 0
    assert real.read_text(encoding="utf-8").startswith("Reklame\n")
    assert (project / "content" / "link.txt").is_symlink()


def test_a_folder_link_that_leaves_the_walked_folder_is_not_walked(project, write):
    notes = write("outside/notes.txt", BODY)
    (project / "content").mkdir()
    os.symlink(notes.parent, project / "content" / "elsewhere", target_is_directory=True)
    result = run_cli("check", "--fix", "content")
    assert notes.read_text(encoding="utf-8") == BODY
    assert "not walked" in result.stderr


def test_owner_group_and_mode_are_kept(project, write):
    post = write("repo/opslag.txt", BODY)
    os.chmod(post, 0o640)
    if os.geteuid() == 0:
        os.chown(post, 4321, 4321)
    assert run_cli("check", "--fix", "opslag.txt").exit_code == 0
    info = post.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (4321, 4321)


def test_a_file_with_several_hard_links_is_rewritten_in_place(project, write):
    post = write("repo/opslag.txt", BODY)
    os.link(post, project / "kopi.txt")
    inode = post.stat().st_ino
    assert run_cli("check", "--fix", "opslag.txt").exit_code == 0
    assert post.stat().st_ino == inode
    assert (project / "kopi.txt").read_text(encoding="utf-8").startswith("Reklame\n")


class ChangingRule(LabelFirstRule):
    """Someone saves the post while advolint checks it."""

    ids = {"test-label-first": Severity.ERROR}

    def check(self, post):
        path = Path(post.path)
        if path.exists() and "redigeret" not in path.read_text(encoding="utf-8"):
            path.write_text("redigeret i mellemtiden\n", encoding="utf-8")
        yield from super().check(post)


def test_a_file_changed_between_reading_and_writing_is_not_overwritten(tmp_path, write, extra_rules, monkeypatch):
    extra_rules(ChangingRule)
    write(".advolint.yaml", POLICY)
    monkeypatch.chdir(tmp_path)
    post = write("opslag.txt", BODY)
    result = run_cli("check", "--fix", "opslag.txt")
    assert post.read_text(encoding="utf-8") == "redigeret i mellemtiden\n"
    assert result.exit_code == 2 and "ændret" in result.stderr


def test_a_cr_only_file_gets_no_line_feed(project, write):
    post = write("repo/opslag.txt", b"Linje et.\rLinje to.\r")
    assert run_cli("check", "--fix", "opslag.txt").exit_code == 0
    assert post.read_bytes() == b"Reklame\rLinje et.\rLinje to.\r"
