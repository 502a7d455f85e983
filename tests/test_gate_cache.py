"""Issue 12 §1: the compiled-policy cache never runs code it did not write.

The threat: another local user, or a cache folder restored in CI from an
untrusted run, plants a pickle where advolint looks for its cache entry.
"""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys

import pytest

from conftest import run_cli, subprocess_env

POLICY = "version: 1\nextends: [advolint:dk]\ntone: {exclamation_max: 1}\n"
POST = "Stor dag! Vi åbner i Aarhus!\n"


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVOLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ADVOLINT_CACHE_KEY", str(tmp_path / "key" / "cache.key"))
    monkeypatch.delenv("ADVOLINT_NO_CACHE", raising=False)
    return tmp_path / "cache"


class Planted:
    """Unpickling this runs code: what an attacker would plant."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def check(policy, post):
    return run_cli("check", "--policy", str(policy), str(post))


def test_a_planted_entry_is_never_unpickled_and_is_rebuilt(fresh, write, tmp_path):
    policy, post = write("politik.yaml", POLICY), write("opslag.txt", POST)
    assert check(policy, post).exit_code == 0
    (entry,) = fresh.glob("*.pickle")
    marker = tmp_path / "pwned"
    entry.write_bytes(pickle.dumps(Planted(str(marker))) * 3)
    result = check(policy, post)
    assert not marker.exists()
    assert result.exit_code == 0 and "tone-exclamation" in result.stdout
    assert check(policy, post).exit_code == 0 and not marker.exists()


def test_an_entry_copied_from_another_key_is_ignored(fresh, write, tmp_path, monkeypatch):
    policy, post = write("politik.yaml", POLICY), write("opslag.txt", POST)
    check(policy, post)
    (entry,) = fresh.glob("*.pickle")
    data = bytearray(entry.read_bytes())
    data[-1] ^= 1  # one edited byte
    entry.write_bytes(bytes(data))
    result = check(policy, post)
    assert result.exit_code == 0 and "tone-exclamation" in result.stdout


def test_the_cache_folder_is_private_and_the_key_lives_outside_it(fresh, write, tmp_path):
    policy, post = write("politik.yaml", POLICY), write("opslag.txt", POST)
    assert check(policy, post).exit_code == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700
    key = tmp_path / "key" / "cache.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) >= 32
    assert not list(fresh.glob("*key*"))


def test_a_cache_folder_others_can_write_is_refused_with_a_notice(fresh, write):
    policy, post = write("politik.yaml", POLICY), write("opslag.txt", POST)
    fresh.mkdir()
    fresh.chmod(0o777)
    result = check(policy, post)
    assert result.exit_code == 0 and "tone-exclamation" in result.stdout
    assert result.stderr.count("\n") == 1 and "cache" in result.stderr and "writable" in result.stderr
    assert not list(fresh.iterdir())  # nothing written into it


def test_a_key_others_can_read_is_refused(fresh, write, tmp_path):
    policy, post = write("politik.yaml", POLICY), write("opslag.txt", POST)
    check(policy, post)
    key = tmp_path / "key" / "cache.key"
    key.chmod(0o644)
    result = check(policy, post)
    assert result.exit_code == 0 and "tone-exclamation" in result.stdout
    assert "cache.key" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_an_entry_owned_by_another_user_is_refused(fresh, write):
    policy, post = write("politik.yaml", POLICY), write("opslag.txt", POST)
    check(policy, post)
    (entry,) = fresh.glob("*.pickle")
    os.chown(entry, 65534, 65534)
    result = check(policy, post)
    assert result.exit_code == 0 and "tone-exclamation" in result.stdout
    assert "not owned by you" in result.stderr and result.stderr.count("\n") == 1


def test_a_fifo_at_the_cache_path_does_not_hang(fresh, write):
    policy, post = write("politik.yaml", POLICY), write("opslag.txt", POST)
    check(policy, post)
    (entry,) = fresh.glob("*.pickle")
    entry.unlink()
    os.mkfifo(entry)
    run = subprocess.run([sys.executable, "-m", "advolint", "check", "--policy", str(policy), str(post)],
                         env=subprocess_env(), capture_output=True, text=True, timeout=20)
    assert run.returncode == 0 and "tone-exclamation" in run.stdout


def test_policy_fifo_and_device_are_one_line_errors(tmp_path, write):
    post = write("opslag.txt", POST)
    fifo = tmp_path / "politik.yaml"
    os.mkfifo(fifo)
    for policy in (str(fifo), "/dev/zero"):
        run = subprocess.run([sys.executable, "-m", "advolint", "check", "--policy", policy, str(post)],
                             env=subprocess_env(), capture_output=True, text=True, timeout=20)
        assert run.returncode == 2, run.stderr
        assert run.stderr.count("\n") == 1 and policy in run.stderr and "not a regular file" in run.stderr


def test_the_written_out_hmac_is_hmac_sha256():
    import hmac

    from advolint.linter.cache import mac

    for key, data in ((b"k" * 32, b""), (os.urandom(32), os.urandom(1000))):
        assert mac(key, data) == hmac.new(key, data, "sha256").digest()


def test_a_key_folder_others_can_write_is_refused(fresh, write, tmp_path):
    policy, post = write("politik.yaml", POLICY), write("opslag.txt", POST)
    check(policy, post)
    (tmp_path / "key").chmod(0o777)
    result = check(policy, post)
    assert result.exit_code == 0 and "tone-exclamation" in result.stdout
    assert "cache key folder" in result.stderr and result.stderr.count("\n") == 1
