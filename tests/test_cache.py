"""The compiled-policy cache: hits, invalidation, corrupt files, start-up imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from advolint.linter.cache import Snapshot, load_compiled
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


def results(linter):
    return [[(v.rule, v.line, v.column, v.message) for v in linter.check(post_from_text(text))] for text in POSTS]


def test_cache_hit_gives_the_same_violations(fresh, policy):
    compiled = load_compiled(policy)
    assert not isinstance(compiled.policy, Snapshot)
    assert len(list(fresh.glob("*.pickle"))) == 1
    cached = load_compiled(policy)
    assert isinstance(cached.policy, Snapshot)
    assert results(cached) == results(compiled)
    assert results(cached)[0][0][:3] == ("tone-exclamation", 1, 28)
    # Fields, properties and methods of the policy still work without pydantic.
    assert cached.policy.company.name == "Nordlys Energi"
    assert cached.policy.message_language == "da"
    assert cached.policy.resolve_path("hemmelige.txt") == policy.parent / "hemmelige.txt"


@pytest.mark.parametrize("changed, text", [
    ("politik.yaml", POLICY_YAML.replace("exclamation_max: 1", "exclamation_max: 3")),
    ("basis.yaml", "version: 1\nextends: [advolint:dk]\ncompany: {name: Solgaard}\n"),
    ("hemmelige.txt", "Projekt Falcon\nProjekt Orion\n"),
])
def test_a_changed_policy_or_term_file_invalidates(fresh, policy, write, changed, text):
    load_compiled(policy)
    assert isinstance(load_compiled(policy).policy, Snapshot)
    write(changed, text)
    rebuilt = load_compiled(policy)
    assert not isinstance(rebuilt.policy, Snapshot)
    if changed == "politik.yaml":
        assert rebuilt.policy.tone.exclamation_max == 3
        assert results(rebuilt)[0] == []
    if changed == "basis.yaml":
        assert rebuilt.policy.company.name == "Solgaard"
    assert isinstance(load_compiled(policy).policy, Snapshot)  # and the new one is cached


@pytest.mark.parametrize("garbage", [b"", b"not a pickle at all", b"\x80\x05\x95\x10\x00"])
def test_a_corrupt_cache_file_is_ignored(fresh, policy, garbage):
    load_compiled(policy)
    (entry,) = fresh.glob("*.pickle")
    entry.write_bytes(garbage)
    rebuilt = load_compiled(policy)
    assert results(rebuilt)[2][0][0] == "tone-exclamation"
    assert isinstance(load_compiled(policy).policy, Snapshot)  # rewritten, valid again


def test_no_cache_writes_nothing(fresh, policy, monkeypatch, write):
    post = write("opslag.txt", "Tak for i dag.")
    result = run_cli("check", "--no-cache", "--policy", str(policy), str(post))
    assert result.exit_code == 0
    monkeypatch.setenv("ADVOLINT_NO_CACHE", "1")
    load_compiled(policy)
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
