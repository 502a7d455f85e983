"""Shared test helpers: run the CLI in-process and write posts and policies."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from advolint.cli import cli
from advolint.policy.loading import load_policy, policy_from_mapping, deep_merge


SRC = str(Path(__file__).resolve().parents[1] / "src")

# Compiled policies are cached in a throw-away folder, never in the user's cache.
if "ADVOLINT_CACHE_DIR" not in os.environ:
    os.environ["ADVOLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="advolint-test-cache-")
    atexit.register(shutil.rmtree, os.environ["ADVOLINT_CACHE_DIR"], ignore_errors=True)
if "ADVOLINT_CACHE_KEY" not in os.environ:  # the cache's key, outside its folder (and the user's home)
    _key_dir = tempfile.mkdtemp(prefix="advolint-test-key-")
    os.environ["ADVOLINT_CACHE_KEY"] = os.path.join(_key_dir, "cache.key")
    atexit.register(shutil.rmtree, _key_dir, ignore_errors=True)


def subprocess_env(**extra) -> dict:
    """Environment for running ``python -m advolint`` from this checkout."""
    import os

    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.update(extra)
    return env


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str, stdin: bytes | str | None = None, env: dict | None = None) -> CliResult:
    """Run ``advolint ARGS`` in-process; stdout and stderr kept apart."""
    runner = CliRunner()
    result = runner.invoke(cli, list(args), input=stdin, env=env, catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli_run():
    return run_cli


@pytest.fixture
def write(tmp_path):
    """write("name.txt", text) -> Path: a file under tmp_path (text dedented)."""

    def _write(name: str, text: str | bytes, dedent: bool = True) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8", newline="")
        return path

    return _write


# A repository whose policy makes more than one exclamation mark an error, and a post with three.
LOUD_POLICY = "version: 1\nmessages: en\ntone: {exclamation_max: 1}\nrules: {tone-exclamation: error}\n"
LOUD = "Kæmpe nyhed! Vi lancerer SolarFlex i dag! Kom forbi standen!\n"


@pytest.fixture
def repo_with(tmp_path, write, monkeypatch):
    """repo_with(policy) -> tmp_path as the working folder, with ``policy`` as its .advolint.yaml."""

    def make(policy: str):
        write(".advolint.yaml", policy)
        monkeypatch.chdir(tmp_path)
        return tmp_path

    return make


@pytest.fixture
def repo(repo_with):
    """tmp_path as the working folder, with LOUD_POLICY as its .advolint.yaml."""
    return repo_with(LOUD_POLICY)


def concise(*args):
    """``advolint check --format concise --quiet ARGS``: (exit code, report lines)."""
    result = run_cli("check", "--format", "concise", "--quiet", *args)
    return result.exit_code, result.stdout.splitlines()


def commercial_detector(policy):
    """The commercial detector the disclosure and hashtag rules compile from ``policy``."""
    from advolint.rules.commercial import commercial_settings, detector

    return detector(commercial_settings(policy))


def make_policy(overrides: dict | None = None, base_dir: str = "."):
    """The embedded default policy with ``overrides`` deep-merged over it."""
    base = {"version": 1, "language": "da", "messages": "da", "jurisdictions": ["dk"],
            "disclosure": {"required": "commercial", "placement": "start"}}
    return policy_from_mapping(deep_merge(base, overrides or {}), base_dir=base_dir)


@pytest.fixture
def default_policy():
    return load_policy(None)


@pytest.fixture
def extra_rules(monkeypatch):
    """extra_rules(RuleClass, ...): make rule classes known for one test only.

    The fix machinery is tested with small rules defined in the tests and
    registered through this hook, so its edge cases (overlaps, encodings a
    fix cannot store) do not depend on what the shipped rules happen to fix.
    """
    import advolint.linter.compiled
    import advolint.rules

    original = advolint.rules.rule_classes

    def register(*classes):
        combined = original() + tuple(classes)
        monkeypatch.setattr(advolint.rules, "rule_classes", lambda: combined)
        monkeypatch.setattr(advolint.linter.compiled, "rule_classes", lambda: combined)
        advolint.rules.rule_ids.cache_clear()

    yield register
    monkeypatch.undo()
    advolint.rules.rule_ids.cache_clear()
