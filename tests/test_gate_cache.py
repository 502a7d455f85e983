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


# -- the compressed body (issue 12 §7: a million-term policy's entry under 200 MB) --------


@pytest.fixture
def cached(fresh, write, tmp_path):
    """(policy, post, its cache entry, the cache key) after one checked run."""
    policy, post = write("politik.yaml", POLICY), write("opslag.txt", POST)
    check(policy, post)
    (entry,) = fresh.glob("*.pickle")
    return policy, post, entry, (tmp_path / "key" / "cache.key").read_bytes()


def parts(entry):
    """(MAC of the header, header, MAC of the body, body) of a cache entry."""
    data = entry.read_bytes()
    length = int.from_bytes(data[32:40], "big")
    head = data[40:40 + length]
    return data[:32], head, data[40 + length:72 + length], data[72 + length:]


def test_an_entry_is_compressed_and_authenticated_as_written(cached):
    import hmac

    import zstandard

    _, _, entry, key = cached
    head_mac, head, body_mac, body = parts(entry)
    assert hmac.new(key, head, "sha256").digest() == head_mac
    assert hmac.new(key, head_mac + body, "sha256").digest() == body_mac  # over the compressed bytes
    assert pickle.loads(head)["format"] == 6
    pickled = zstandard.ZstdDecompressor().decompressobj().decompress(body)
    assert len(body) * 2 < len(pickled) and pickled.startswith(b"\x80")


def test_an_entry_of_the_zlib_format_is_rebuilt_silently(cached):
    import hmac
    import zlib

    import zstandard

    policy, post, entry, key = cached
    _, head, _, body = parts(entry)
    pickled = zstandard.ZstdDecompressor().decompressobj().decompress(body)
    old_head = pickle.dumps({**pickle.loads(head), "format": 5})  # as advolint wrote it before Zstandard
    old_head_mac, old_body = hmac.new(key, old_head, "sha256").digest(), zlib.compress(pickled, 1)
    entry.write_bytes(old_head_mac + len(old_head).to_bytes(8, "big") + old_head
                      + hmac.new(key, old_head_mac + old_body, "sha256").digest() + old_body)
    result = check(policy, post)
    assert result.exit_code == 0 and "tone-exclamation" in result.stdout and result.stderr == ""
    assert pickle.loads(parts(entry)[1])["format"] == 6  # rewritten in the current format


def test_a_large_term_list_is_stored_compressed(fresh, write):
    write("termer.txt", "".join(f"Kodenavn{number} Holding\n" for number in range(5_000)))
    policy = write("politik.yaml", "version: 1\nconfidential:\n  files: [termer.txt]\n")
    post = write("opslag.txt", "Møde med Kodenavn4999-Holding i morgen.\n")
    result = check(policy, post)
    assert result.exit_code == 1 and "confidential-term" in result.stdout
    (entry,) = fresh.glob("*.pickle")
    from advolint.linter.cache import compile_file

    assert entry.stat().st_size * 3 < len(pickle.dumps(compile_file(policy)))
    assert check(policy, post).stdout == result.stdout  # and read back


def test_a_truncated_entry_is_rebuilt_with_a_notice(cached):
    policy, post, entry, _ = cached
    data = entry.read_bytes()
    entry.write_bytes(data[:len(data) // 2])
    result = check(policy, post)
    assert result.exit_code == 0 and "tone-exclamation" in result.stdout
    assert result.stderr.count("\n") == 1 and str(entry) in result.stderr and "authentication" in result.stderr
    assert check(policy, post).stderr == ""  # rebuilt whole: read without a notice


def test_an_authentic_entry_that_does_not_decompress_is_rebuilt_with_a_notice(cached):
    import hmac

    policy, post, entry, key = cached
    head_mac, head, _, body = parts(entry)
    damaged = body[:10] + bytes(b ^ 0xFF for b in body[10:40]) + body[40:]  # as a broken writer would leave it
    entry.write_bytes(head_mac + len(head).to_bytes(8, "big") + head
                      + hmac.new(key, head_mac + damaged, "sha256").digest() + damaged)
    result = check(policy, post)
    assert result.exit_code == 0 and "tone-exclamation" in result.stdout
    assert result.stderr.count("\n") == 1 and "cannot be read" in result.stderr and str(entry) in result.stderr
    assert check(policy, post).stderr == ""


def test_an_edited_body_is_never_decompressed(fresh, write, monkeypatch):
    import zstandard

    from advolint.linter.cache import load_linter

    policy, post = write("politik.yaml", POLICY), write("opslag.txt", POST)
    load_linter(policy)
    (entry,) = fresh.glob("*.pickle")
    data = bytearray(entry.read_bytes())
    data[-100] ^= 1
    entry.write_bytes(bytes(data))
    decompressed = []
    real = zstandard.ZstdDecompressor
    monkeypatch.setattr(zstandard, "ZstdDecompressor", lambda *args: decompressed.append(args) or real(*args))
    notices = []
    linter = load_linter(policy, notice=notices.append)
    assert decompressed == [] and len(notices) == 1 and "authentication" in notices[0]
    assert linter.check_text(POST)[0].rule == "tone-exclamation"
