"""Issue 12 §2: nothing is silently passed (decoding, folder walks, symlinked
posts, the pre-commit pattern)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from conftest import run_cli

POLICY = "version: 1\nextends: [advolint:dk]\ntone: {exclamation_max: 0}\n"
LOUD = "Stor dag! Vi åbner i Aarhus.\n"


def test_mostly_utf8_with_a_stray_byte_is_an_input_error_with_its_offset(write):
    head = "Hilsen fra Åbyhøj Byg! CPR 010190–1234\n".encode() + b"Tak "
    post = write("opslag.txt", head + b"\x92 for i dag\n")
    result = run_cli("check", "-q", str(post))
    assert result.exit_code == 2
    assert f"{post}: ikke gyldig UTF-8 ved byte {len(head)}" in result.stderr and result.stderr.count("\n") == 1


def test_a_file_with_no_utf8_sequence_is_still_windows_1252(write):
    post = write("opslag.txt", "Hilsen fra Åbyhøj Byg! Tak.\n".encode("cp1252"))
    result = run_cli("check", str(post))
    assert result.exit_code == 0 and "Windows-1252" in result.stderr


def _tree(write):
    write("site/.advolint.yaml", POLICY)
    for name in ("content/.drafts/a.txt", "content/B.TXT", "content/c.Md", "content/d.markdown"):
        write(f"site/{name}", "---\ntitle: x\n---\n" + LOUD if "d" in name[-10:] else LOUD)
    return Path(write("site/content/.keep", "").parent.parent)


def test_hidden_folders_upper_case_extensions_and_markdown_are_walked(write, monkeypatch):
    site = _tree(write)
    monkeypatch.chdir(site)
    result = run_cli("check", "--format", "json", "content")
    checked = {v["path"] for v in json.loads(result.stdout)["violations"]}
    assert checked == {"content/.drafts/a.txt", "content/B.TXT", "content/c.Md", "content/d.markdown"}
    assert json.loads(result.stdout)["summary"]["files"] == 4


def test_tool_folders_gitignored_files_and_excludes_are_not_walked(write, monkeypatch):
    site = _tree(write)
    for folder in (".git", ".github", ".venv", "node_modules"):
        write(f"site/content/{folder}/x.txt", LOUD)
    write("site/.git/HEAD", "ref: refs/heads/main\n")  # the repository's top: its .gitignore applies
    write("site/.gitignore", "content/build/\n*.draft.txt\n!keep.draft.txt\n")
    write("site/content/build/y.txt", LOUD)
    write("site/content/z.draft.txt", LOUD)
    write("site/content/keep.draft.txt", LOUD)
    monkeypatch.chdir(site)
    result = run_cli("check", "--format", "json", "content")
    checked = {v["path"] for v in json.loads(result.stdout)["violations"]}
    assert checked == {"content/.drafts/a.txt", "content/B.TXT", "content/c.Md", "content/d.markdown",
                       "content/keep.draft.txt"}


def test_given_paths_without_any_post_are_said_on_stderr_and_sarif_is_not_successful(write, tmp_path):
    write("empty/notes.pdf", b"%PDF")
    result = run_cli("check", "-q", "--format", "sarif", str(tmp_path / "empty"))
    assert "no posts" in result.stderr
    assert json.loads(result.stdout)["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_the_pre_commit_pattern_ignores_case():
    manifest = (Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text()
    pattern = re.compile(re.search(r"^\s*files:\s*(.+)$", manifest, re.M).group(1).strip().strip("'\""))
    assert all(pattern.search(name) for name in ("a.txt", "B.TXT", "c.Md", "d.markdown"))
    assert not pattern.search("e.py")


def test_a_symlinked_post_gets_the_policy_of_the_path_as_given(write, tmp_path):
    write("repo/.advolint.yaml", POLICY)
    outside = write("elsewhere/.advolint.yaml", "version: 1\nextends: [advolint:dk]\nrules: {tone-exclamation: off}\n")
    target = write("elsewhere/post.txt", LOUD)
    link = tmp_path / "repo" / "post.txt"
    os.symlink(os.path.relpath(target, link.parent), link)
    result = run_cli("check", str(link))
    assert "tone-exclamation" in result.stdout  # the repo's policy, not the one beside the target
    assert outside.exists()
