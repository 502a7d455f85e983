"""Bad post files: each gets a clear message naming it, every other file is
still checked, and the run exits 2 when any file could not be checked.

The policy allows one exclamation mark, so a checked post shows up on stdout
as a `tone-exclamation` warning: that is how these tests see that a file was
checked (warnings alone exit 0).
"""

from __future__ import annotations

import codecs
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from advolint.text.post import post_from_text
from advolint.linter.compiled import Linter
from advolint.findings import Finding, Severity
from advolint.rules import Rule

from conftest import make_policy, run_cli, subprocess_env

GOOD_POST = "Kæmpe nyhed! Vi åbner i Vejle i dag! Kom forbi.\n"


@pytest.fixture
def policy(write):
    return str(write("politik.yaml", "version: 1\ntone:\n  exclamation_max: 1\n"))


def checked(result, display: str, line: int, column: int) -> bool:
    """Whether the text report has the exclamation warning for ``display`` at line:column."""
    return f"{display}:{line}:{column}: tone-exclamation [warning]" in result.stdout


# -- encodings -------------------------------------------------------------

@pytest.mark.parametrize("encoding, bom", [
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-8", codecs.BOM_UTF8),
])
def test_unicode_with_bom_is_read(write, policy, encoding, bom):
    text = "Kæmpe nyhed!\r\nVi åbner i Vejle i dag!! Kom forbi.\r\n"
    post = write("opslag.txt", bom + text.encode(encoding))
    result = run_cli("check", "--policy", policy, str(post))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert checked(result, str(post), 2, 23)
    assert " 2 | Vi åbner i Vejle i dag!! Kom forbi.\n" in result.stdout


def test_windows_1252_is_read_with_a_warning_naming_the_file(write, policy):
    post = write("opslag.txt", "Kæmpe nyhed fra Århus! Vi åbner i dag! Kom forbi.\n".encode("cp1252"))
    result = run_cli("check", "--policy", policy, str(post))
    assert result.exit_code == 0
    assert result.stderr == (f"advolint: advarsel: {post}: ikke UTF-8; læst som Windows-1252 "
                             "(gem den som UTF-8 for at undgå denne besked)\n")
    assert checked(result, str(post), 1, 38)
    assert " 1 | Kæmpe nyhed fra Århus! Vi åbner i dag! Kom forbi.\n" in result.stdout


def test_neither_utf8_nor_windows_1252(write, policy):
    bad = write("gammel.txt", b"Vi \x81bner i dag!")  # 0x81 is undefined in Windows-1252
    good = write("opslag.txt", GOOD_POST)
    result = run_cli("check", "--policy", policy, str(bad), str(good))
    assert result.exit_code == 2
    assert result.stderr == f"advolint: {bad}: hverken UTF-8- eller Windows-1252-tekst (byte 3); gem den som UTF-8\n"
    assert checked(result, str(good), 1, 36)


def test_utf16_without_bom_is_named_not_called_binary(write, policy):
    post = write("opslag.txt", "Vi åbner i Vejle i dag! Kom forbi!".encode("utf-16-le"))
    result = run_cli("check", "--policy", policy, str(post))
    assert result.exit_code == 2
    assert result.stderr == (f"advolint: {post}: ligner UTF-16-tekst uden byte-order mark; "
                             "gem den som UTF-8\n")


# -- binary files ------------------------------------------------------------

def test_binary_file_is_skipped_and_the_rest_checked(write, policy, tmp_path):
    write("indhold/logo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    write("indhold/opslag.txt", GOOD_POST)
    result = run_cli("check", "--policy", policy, str(tmp_path / "indhold"))
    assert result.exit_code == 2
    assert result.stderr == f"advolint: {tmp_path / 'indhold' / 'logo.txt'}: binær fil (indeholder NUL-bytes), " \
                            "ikke et opslag; sprunget over\n"
    assert checked(result, str(tmp_path / "indhold" / "opslag.txt"), 1, 36)


def test_nul_byte_in_text(write, policy):
    post = write("opslag.txt", b"Vi \xc3\xa5bner i dag!\x00 Kom forbi!")
    result = run_cli("check", "--policy", policy, str(post))
    assert result.exit_code == 2
    assert result.stderr == f"advolint: {post}: binær fil (indeholder NUL-bytes), ikke et opslag; sprunget over\n"
    assert result.stdout.endswith("Ingen problemer i 0 filer; 1 fil kunne ikke tjekkes (se ovenfor)\n")


def test_binary_on_stdin(policy):
    result = run_cli("check", "--policy", policy, "-", "--stdin-filename", "kladde.txt", stdin=b"\x00\x01\x02")
    assert result.exit_code == 2
    assert result.stderr == "advolint: kladde.txt: binær fil (indeholder NUL-bytes), ikke et opslag; sprunget over\n"


# -- huge files ----------------------------------------------------------------

def test_ten_megabyte_single_line(write, policy):
    """A 10 MB post on one line is checked and reported in a few lines: the
    text report shows a window of the line around the span, not 10 MB."""
    filler = "Vi installerer solceller i Vejle og omegn. " * 240_000
    text = filler + "Kom forbi! Det bliver en god dag! " + filler
    post = write("stor.txt", text)
    result = run_cli("check", "--policy", policy, str(post))
    assert result.exit_code == 0
    column = len(filler) + len("Kom forbi! Det bliver en god dag") + 1
    assert checked(result, str(post), 1, column)
    source, carets = result.stdout.splitlines()[1:3]
    assert len(source) < 200 and len(carets) < 200
    assert source.startswith(" 1 | …") and source.endswith("…")
    # The caret stands under the second exclamation mark.
    assert source[carets.index("^")] == "!"
    assert source[carets.index("^") - 3:carets.index("^") + 1] == "dag!"

    document = json.loads(run_cli("check", "--policy", policy, "--format", "json", str(post)).stdout)
    assert [(v["line"], v["column"]) for v in document["violations"]] == [(1, column)]


def test_span_at_the_start_and_end_of_a_long_line(write, policy):
    filler = "solceller " * 100
    post = write("opslag.txt", "Hej! Hej!" + filler + "\n" + filler + "Farvel! Farvel!\n")
    result = run_cli("check", "--policy", policy, str(post))
    source, carets = result.stdout.splitlines()[1:3]
    assert source == " 1 | " + ("Hej! Hej!" + filler)[:160] + "…"
    assert source[carets.index("^")] == "!" and carets.index("^") == len(" 1 | Hej! Hej")


# -- folders: loops, special files, vanishing files --------------------------------

def test_directory_symlink_loop(write, policy, tmp_path):
    write("indhold/opslag.txt", GOOD_POST)
    write("indhold/kampagne/tilbud.txt", "Tilbud! Kun i dag!\n")
    os.symlink("..", tmp_path / "indhold" / "kampagne" / "tilbage")
    root = str(tmp_path / "indhold")
    result = run_cli("check", "--policy", policy, root)
    assert result.exit_code == 2
    assert result.stderr == f"advolint: {root}/kampagne/tilbage: symbolske links til mapper går i ring; ikke fulgt\n"
    assert checked(result, f"{root}/opslag.txt", 1, 36)
    assert checked(result, f"{root}/kampagne/tilbud.txt", 1, 18)
    assert "tilbage/opslag.txt" not in result.stdout


def test_two_links_to_one_folder_are_not_a_loop(write, policy, tmp_path):
    write("indhold/faelles/opslag.txt", GOOD_POST)
    os.symlink("faelles", tmp_path / "indhold" / "delt")
    root = str(tmp_path / "indhold")
    result = run_cli("check", "--policy", policy, root)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    # Named by its real path, checked once.
    assert checked(result, f"{root}/faelles/opslag.txt", 1, 36)
    assert result.stdout.count("tone-exclamation") == 1


def release_reader(fifo: Path) -> None:
    """Should advolint wait on a FIFO after all, open and close its writing end:
    the reader gets end-of-file and the test fails instead of hanging."""
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass  # nobody is reading: nothing to release


def test_fifo_in_a_folder_is_skipped_not_waited_for(write, policy, tmp_path):
    write("indhold/opslag.txt", GOOD_POST)
    fifo = tmp_path / "indhold" / "kø.txt"
    os.mkfifo(fifo)
    watchdog = threading.Timer(10, release_reader, args=(fifo,))
    watchdog.start()
    try:
        result = run_cli("check", "--policy", policy, str(tmp_path / "indhold"))
    finally:
        watchdog.cancel()
    assert result.exit_code == 2
    assert result.stderr == f"advolint: {fifo}: ikke en almindelig fil (en FIFO, socket eller enhed); sprunget over\n"
    assert checked(result, str(tmp_path / "indhold" / "opslag.txt"), 1, 36)


def test_fifo_named_on_the_command_line_is_read(policy, tmp_path):
    # Like `advolint check <(git show HEAD:opslag.txt)`.
    fifo = tmp_path / "rør.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_text, args=(GOOD_POST,), daemon=True)
    writer.start()
    result = run_cli("check", "--policy", policy, str(fifo))
    writer.join()
    assert result.exit_code == 0
    assert checked(result, str(fifo), 1, 36)


def test_broken_symlink(write, policy, tmp_path):
    write("indhold/opslag.txt", GOOD_POST)
    os.symlink("slettet.txt", tmp_path / "indhold" / "gammelt.txt")
    result = run_cli("check", "--policy", policy, str(tmp_path / "indhold"))
    assert result.exit_code == 2
    assert result.stderr == (f"advolint: {tmp_path / 'indhold' / 'gammelt.txt'}: brudt symbolsk link "
                             "(dets mål findes ikke)\n")
    assert checked(result, str(tmp_path / "indhold" / "opslag.txt"), 1, 36)


def deny(monkeypatch, owner, function: str, name: str) -> None:
    """Make ``owner.function(path)`` fail with "Permission denied" for paths named ``name``
    (tests run as root, which reads anything, so the refusal is simulated)."""
    original = getattr(owner, function)

    def refusing(path=".", *args):
        if os.path.basename(path) == name:
            raise PermissionError(13, "Permission denied", str(path))
        return original(path, *args)

    monkeypatch.setattr(owner, function, refusing)


@pytest.mark.parametrize("owner, function, denied, message", [
    (Path, "read_bytes", "arkiv/hemmelig.txt", "adgang nægtet"),
    (os, "scandir", "arkiv", "kan ikke læse mappen (Permission denied)"),
], ids=["file", "folder"])
def test_unreadable(write, policy, tmp_path, monkeypatch, owner, function, denied, message):
    write("indhold/opslag.txt", GOOD_POST)
    write("indhold/arkiv/hemmelig.txt", GOOD_POST)
    deny(monkeypatch, owner, function, os.path.basename(denied))
    result = run_cli("check", "--policy", policy, str(tmp_path / "indhold"))
    assert result.exit_code == 2
    assert result.stderr == f"advolint: {tmp_path / 'indhold' / denied}: {message}\n"
    assert checked(result, str(tmp_path / "indhold" / "opslag.txt"), 1, 36)


def test_file_that_disappears_during_the_run(write, policy, tmp_path, monkeypatch):
    from advolint.run import discovery as runner

    write("indhold/a.txt", GOOD_POST)
    doomed = write("indhold/b.txt", GOOD_POST)
    write("indhold/c.txt", GOOD_POST)
    discover = runner.discover

    def discover_then_delete(*args, **kwargs):
        # The file is found, then removed before it is read (a `git checkout` in another terminal).
        for target in discover(*args, **kwargs):
            if target.path == doomed:
                doomed.unlink()
            yield target

    monkeypatch.setattr(runner, "discover", discover_then_delete)
    result = run_cli("check", "--policy", policy, str(tmp_path / "indhold"))
    assert result.exit_code == 2
    assert result.stderr == f"advolint: {doomed}: filen findes ikke (slettet mens advolint kørte?)\n"
    assert checked(result, str(tmp_path / "indhold" / "a.txt"), 1, 36)
    assert checked(result, str(tmp_path / "indhold" / "c.txt"), 1, 36)


def test_missing_path_on_the_command_line(write, policy):
    good = write("opslag.txt", GOOD_POST)
    result = run_cli("check", "--policy", policy, "findes-ikke.txt", str(good))
    assert result.exit_code == 2
    assert result.stderr == "advolint: findes-ikke.txt: filen eller mappen findes ikke\n"
    assert checked(result, str(good), 1, 36)


# -- names and contents that would break the report -----------------------------

def test_file_name_that_is_not_utf8(policy, tmp_path):
    # A Latin-1 name from an old archive: its undecodable byte used to crash the report.
    folder = tmp_path / "indhold"
    folder.mkdir()
    (Path(os.fsdecode(bytes(folder) + b"/K\xf8benhavn.txt"))).write_text(GOOD_POST, encoding="utf-8")
    result = run_cli("check", "--policy", policy, str(folder))
    assert result.exit_code == 0
    assert checked(result, f"{folder}/K\\xf8benhavn.txt", 1, 36)
    document = json.loads(run_cli("check", "--policy", policy, "--format", "json", str(folder)).stdout)
    assert document["violations"][0]["path"] == f"{folder}/K\\xf8benhavn.txt"


def test_file_name_with_a_newline(write, policy, tmp_path):
    write("indhold/to\nlinjer.txt", GOOD_POST)
    result = run_cli("check", "--policy", policy, str(tmp_path / "indhold"))
    assert checked(result, f"{tmp_path / 'indhold'}/to\\x0alinjer.txt", 1, 36)


def test_control_characters_in_a_post_are_shown_not_obeyed(write, policy):
    # A lone CR or an escape sequence printed raw would overwrite the report on a terminal.
    post = write("opslag.txt", "Skjult\rtekst \x1b[2Jrydder skærmen! Og nu!\n")
    result = run_cli("check", "--policy", policy, str(post))
    source, carets = result.stdout.splitlines()[1:3]
    assert source == " 1 | Skjult\u240dtekst \u241b[2Jrydder skærmen! Og nu!"
    assert source[carets.index("^")] == "!" and carets.index("^") == len(source) - 1


# -- interruption ------------------------------------------------------------------

def test_keyboard_interrupt_in_process(write, policy, monkeypatch):
    from advolint.run import loop

    def afbrudt(unit):
        raise KeyboardInterrupt

    monkeypatch.setattr(loop, "check_unit", afbrudt)
    result = run_cli("check", "--policy", policy, str(write("opslag.txt", GOOD_POST)))
    assert result.exit_code == 130
    assert result.stderr == "advolint: afbrudt\n"


def test_ctrl_c_exits_130_with_one_line(tmp_path):
    """A real SIGINT while advolint waits for stdin: one line, exit 130, no traceback."""
    process = subprocess.Popen([sys.executable, "-m", "advolint", "check", "-"], cwd=tmp_path,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=subprocess_env(), text=True)
    try:
        # The default-policy notice comes right before stdin is read.
        assert process.stderr.readline().startswith("advolint: ")
        # Wait with stdin still open: closing it first would race the signal with end of input.
        # A signal that lands while the interpreter cannot raise (e.g. in a finaliser) is
        # dropped by Python, so press Ctrl-C again, as a person would.
        for _ in range(30):
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=1)
                break
            except subprocess.TimeoutExpired:
                continue
        stdout, stderr = process.stdout.read(), process.stderr.read()
    finally:
        process.kill()
    assert process.returncode == 130
    assert stderr == "advolint: afbrudt\n"
    assert stdout == ""


def test_many_violations_on_a_huge_line_share_its_text():
    """Every violation carries its source line for the report; on a 10 MB
    single-line post with thousands of violations each used to hold its own
    copy of the line (gigabytes).  Now they share one string."""
    class EveryExclamation(Rule):
        ids = {"test-every-exclamation": Severity.INFO}

        @classmethod
        def settings(cls, policy):
            return ()  # nothing from the policy

        def check(self, post):
            for index, char in enumerate(post.text):
                if char == "!":
                    yield Finding("test-every-exclamation", index, index + 1, "!")

    linter = Linter.compile(make_policy())
    linter.severities["test-every-exclamation"] = Severity.INFO
    linter.rules = [EveryExclamation((), linter.messages)]
    violations = linter.check(post_from_text("Hurra! " * 50_000 + "\nFarvel!"))
    assert len(violations) == 50_001
    assert len({id(v.source_line) for v in violations}) == 2
    assert violations[-1].source_line == "Farvel!"
