"""The compiled-policy cache: hits, invalidation, corrupt files, start-up imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from advolint.linter import cache
from advolint.linter.cache import load_linter
from advolint.text.post import post_from_text

from conftest import run_cli, subprocess_env

POLICY_YAML = """\
version: 1
extends: [basis.yaml]
tone: {exclamation_max: 1}
confidential:
  files: [hemmelige.txt]
"""
POSTS = ["Stor dag! Vi åbner i Aarhus!", "Tak for i dag.", "Hurra!!! Vi vandt!"]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A private cache folder."""
    monkeypatch.setenv("ADVOLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ADVOLINT_NO_CACHE", raising=False)
    return tmp_path / "cache"


@pytest.fixture
def policy(write):
    write("basis.yaml", "version: 1\nextends: [advolint:dk]\ncompany: {name: Nordlys Energi}\n")
    write("hemmelige.txt", "Projekt Falcon\n")
    return write("politik.yaml", POLICY_YAML)


@pytest.fixture
def compiles(monkeypatch):
    """How many times a policy file was really compiled (not read from the cache)."""
    calls = []
    compile_file = cache.compile_file

    def counting(path):
        calls.append(path)
        return compile_file(path)

    monkeypatch.setattr(cache, "compile_file", counting)
    return calls


def results(linter):
    return [[(v.rule, v.line, v.column, v.message) for v in linter.check(post_from_text(text))] for text in POSTS]


def test_cache_hit_gives_the_same_violations(fresh, policy, compiles):
    compiled = load_linter(policy)
    assert len(compiles) == 1 and len(list(fresh.glob("*.pickle"))) == 1
    cached = load_linter(policy)
    assert len(compiles) == 1  # read from the cache
    assert cached is not compiled and results(cached) == results(compiled)
    assert results(cached)[0][0][:3] == ("tone-exclamation", 1, 28)
    # The plain header travels too: what the compiled policy depends on, and the languages.
    assert set(cached.header.files) == {str(policy.parent / name) for name in
                                        ("politik.yaml", "basis.yaml", "hemmelige.txt")} | {
        next(path for path in cached.header.files if path.endswith("dk.yaml"))}
    assert cached.header.files == compiled.header.files
    assert cached.message_language == "da" and cached.header.include == ("*.txt", "*.md", "*.markdown")


@pytest.mark.parametrize("changed, text", [
    ("politik.yaml", POLICY_YAML.replace("exclamation_max: 1", "exclamation_max: 3")),
    ("basis.yaml", "version: 1\nextends: [advolint:dk]\ncompany: {name: Solgaard}\n"),
    ("hemmelige.txt", "Projekt Falcon\nProjekt Orion\n"),
])
def test_a_changed_policy_or_term_file_invalidates(fresh, policy, write, changed, text, compiles):
    before = results(load_linter(policy))
    load_linter(policy)
    assert len(compiles) == 1
    write(changed, text)
    rebuilt = load_linter(policy)
    assert len(compiles) == 2
    if changed == "politik.yaml":
        assert results(rebuilt)[0] == [] and before[0] != []
    if changed == "basis.yaml":
        assert rebuilt.check_text("Solgaard søger montører")[0].suggestion == "Indsæt “Reklame for Solgaard” som første linje."
    if changed == "hemmelige.txt":
        assert rebuilt.check_text("Nyt om Projekt Orion")[0].rule == "confidential-term"
    load_linter(policy)
    assert len(compiles) == 2  # and the new one is cached


@pytest.mark.parametrize("garbage", [b"", b"not a pickle at all", b"\x80\x05\x95\x10\x00"])
def test_a_corrupt_cache_file_is_ignored(fresh, policy, garbage, compiles):
    load_linter(policy)
    (entry,) = fresh.glob("*.pickle")
    entry.write_bytes(garbage)
    rebuilt = load_linter(policy)
    assert results(rebuilt)[2][0][0] == "tone-exclamation"
    load_linter(policy)
    assert len(compiles) == 2  # rewritten, valid again


def test_no_cache_writes_nothing(fresh, policy, monkeypatch, write):
    post = write("opslag.txt", "Tak for i dag.")
    result = run_cli("check", "--no-cache", "--policy", str(policy), str(post))
    assert result.exit_code == 0
    monkeypatch.setenv("ADVOLINT_NO_CACHE", "1")
    load_linter(policy)
    assert not fresh.exists()


def test_cache_folder_that_cannot_be_written_is_not_an_error(fresh, policy, write):
    write("cache", "a file where the folder should be")
    post = write("opslag.txt", "Tak for i dag.")
    result = run_cli("check", "--policy", str(policy), str(post))
    assert result.exit_code == 0 and result.stderr == ""


def test_one_file_check_on_a_cached_policy_imports_neither_pydantic_nor_yaml(fresh, policy, write):
    post = write("opslag.txt", "Stor dag! Vi åbner i Aarhus!")
    probe = ("import sys\nfrom advolint.cli import cli\n"
             "try:\n    cli(['check', '--policy', sys.argv[1], sys.argv[2]])\nexcept SystemExit:\n    pass\n"
             "print('loaded:', sorted(m for m in ('pydantic', 'yaml') if m in sys.modules), file=sys.stderr)\n")
    env = subprocess_env(ADVOLINT_CACHE_DIR=str(fresh))
    runs = [subprocess.run([sys.executable, "-c", probe, str(policy), str(post)], env=env,
                           capture_output=True, text=True) for _ in range(2)]
    assert "loaded: ['pydantic', 'yaml']" in runs[0].stderr  # compiling
    assert "loaded: []" in runs[1].stderr  # the cached compiled policy
    assert runs[0].stdout == runs[1].stdout and "tone-exclamation" in runs[1].stdout


def test_a_cached_one_file_check_parses_no_regular_expression(fresh, policy, write):
    # The rule modules' module-level patterns travel in the cache file (advolint.patterns).
    post = write("opslag.txt", "Stor dag! Vi åbner i Aarhus! #NordlysTeam")
    probe = ("import sys, regex\nparsed = []\ncompile = regex.compile\n"
             "regex.compile = lambda *args, **kwargs: parsed.append(args[0]) or compile(*args, **kwargs)\n"
             "from advolint.cli import cli\n"
             "try:\n    cli(['check', '--policy', sys.argv[1], sys.argv[2]])\nexcept SystemExit:\n    pass\n"
             "print('parsed:', len(parsed), file=sys.stderr)\n")
    env = subprocess_env(ADVOLINT_CACHE_DIR=str(fresh))
    runs = [subprocess.run([sys.executable, "-c", probe, str(policy), str(post)], env=env,
                           capture_output=True, text=True) for _ in range(2)]
    assert "parsed: 0" not in runs[0].stderr  # compiling
    assert "parsed: 0" in runs[1].stderr  # the cached compiled policy
    assert runs[0].stdout == runs[1].stdout and "tone-exclamation" in runs[1].stdout


def test_a_policy_changed_between_runs_in_one_process_is_seen(fresh, policy, write):
    post = write("opslag.txt", "Stor dag! Vi åbner i Aarhus!")
    first = run_cli("check", "--policy", str(policy), str(post))
    write("politik.yaml", POLICY_YAML.replace("exclamation_max: 1", "exclamation_max: 2"))
    second = run_cli("check", "--policy", str(policy), str(post))
    assert "tone-exclamation" in first.stdout and "tone-exclamation" not in second.stdout


def test_a_warm_run_over_40_folders_with_40_policies_compiles_nothing(fresh, tmp_path, write):
    """Each folder has its own policy; the second run takes every compiled
    policy from the cache: it imports neither pydantic nor PyYAML and compiles
    nothing (a memo of compiled policies once defeated the cache past 32)."""
    for number in range(40):
        write(f"opslag/hold{number:02}/.advolint.yaml",
              f"version: 1\ncompany: {{name: Firma{number}}}\ntone: {{exclamation_max: {number % 3}}}\n")
        write(f"opslag/hold{number:02}/post.txt", "Stor dag! Vi åbner i Aarhus!")
    probe = ("import sys\nfrom advolint.linter import cache\ncompiled = []\nreal = cache.compile_file\n"
             "cache.compile_file = lambda path: compiled.append(path) or real(path)\n"
             "from advolint.cli import cli\n"
             "try:\n    cli(['check', '--format', 'json', *sys.argv[1:]])\nexcept SystemExit:\n    pass\n"
             "print('compiled:', len(compiled), 'loaded:', sorted(m for m in ('pydantic', 'yaml') if m in sys.modules),"
             " file=sys.stderr)\n")
    env = subprocess_env(ADVOLINT_CACHE_DIR=str(fresh))
    folders = sorted(str(folder) for folder in (tmp_path / "opslag").iterdir())
    runs = [subprocess.run([sys.executable, "-c", probe, *folders], env=env,
                           capture_output=True, text=True) for _ in range(2)]
    assert "compiled: 40 loaded: ['pydantic', 'yaml']" in runs[0].stderr
    assert "compiled: 0 loaded: []" in runs[1].stderr, runs[1].stderr
    assert runs[0].stdout == runs[1].stdout
    # Each folder's own policy decided: exclamation_max 2 lets the post's "!" and "!" pass.
    assert runs[1].stdout.count('"rule": "tone-exclamation"') == sum(1 for number in range(40) if number % 3 < 2)
