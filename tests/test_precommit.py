"""The pre-commit hook, with the real pre-commit: `try-repo`, then a content
repo that uses the hook in its .pre-commit-config.yaml sees a failing and a
passing commit.  pre-commit builds one virtualenv with this repository
installed (about 15 s), shared by both steps."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit")

ROOT = Path(__file__).resolve().parents[1]
POLICY = "version: 1\ntone: {exclamation_max: 1}\nrules: {tone-exclamation: error}\n"
LOUD = "Kæmpe nyhed! Vi lancerer SolarFlex i dag! Kom forbi standen!\n"
CALM = "Kæmpe nyhed! Vi lancerer SolarFlex i dag. Kom forbi standen.\n"


def _git(cwd: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)


def _snapshot_of_this_checkout(target: Path, env: dict) -> str:
    """This checkout as it is now (uncommitted work included) as a one-commit repo; its hash."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        assert _git(target, *args, env=env).returncode == 0
    return _git(target, "rev-parse", "HEAD", env=env).stdout.strip()


def readme_snippet(repo: Path, rev: str) -> str:
    """The README's .pre-commit-config.yaml, pointed at ``repo`` and pinned to ``rev``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### pre-commit"):]
    start = section.index("```yaml\n") + len("```yaml\n")
    snippet = section[start:section.index("```", start)]
    assert "https://github.com/ORG/advolint" in snippet and "rev: 0123456789abcdef" in snippet
    return snippet.replace("https://github.com/ORG/advolint", str(repo)).replace(
        "0123456789abcdef0123456789abcdef01234567", rev)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_hook_fails_and_passes(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GIT_", "PYTHON"))}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "cache"), GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="t@example.dk",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="t@example.dk")
    hook_repo = tmp_path / "advolint"
    hook_repo.mkdir()
    rev = _snapshot_of_this_checkout(hook_repo, env)

    content = tmp_path / "indhold"
    content.mkdir()
    _git(content, "init", "-q", env=env)
    (content / ".advolint.yaml").write_text(POLICY, encoding="utf-8")
    (content / "messe.txt").write_text(LOUD, encoding="utf-8")
    (content / "billede.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")  # not text: not given to the hook
    _git(content, "add", "-A", env=env)

    pre_commit = [sys.executable, "-m", "pre_commit"]
    tried = subprocess.run([*pre_commit, "try-repo", str(hook_repo), "advolint", "--ref", rev],
                           cwd=content, env=env, capture_output=True, text=True)
    assert tried.returncode == 1, tried.stdout + tried.stderr
    assert "messe.txt:1:41: tone-exclamation [error]" in tried.stdout

    (content / ".pre-commit-config.yaml").write_text(readme_snippet(hook_repo, rev), encoding="utf-8")
    installed = subprocess.run([*pre_commit, "install"], cwd=content, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    _git(content, "add", "-A", env=env)
    failing = _git(content, "commit", "-m", "Messeopslag", env=env)
    assert failing.returncode != 0 and "tone-exclamation" in failing.stdout + failing.stderr

    (content / "messe.txt").write_text(CALM, encoding="utf-8")
    _git(content, "add", "-A", env=env)
    passing = _git(content, "commit", "-m", "Messeopslag uden råb", env=env)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert _git(content, "log", "--oneline", env=env).stdout.count("\n") == 1
