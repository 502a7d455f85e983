"""Audits at scale through the CLI: streamed reports (written while the run goes, in input
order, the same whatever --jobs), broken records counted as records in the summary, and
the progress display of a big batch file (a terminal's stderr only; -q hides it)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from advolint.formats import STREAMED
from advolint.run import loop

from conftest import run_cli, subprocess_env

POLICY = """\
version: 1
extends: [advolint:dk]
messages: {language}
company: {{name: Nordlys Energi, products: [SolarFlex]}}
tone: {{exclamation_max: 1}}
"""
LOUD = "Kæmpe nyhed! Vi åbner i dag! Kom forbi! HUSK TILMELDING SENEST FREDAG."


def records(count: int, broken: tuple[int, ...] = ()) -> str:
    lines = []
    for number in range(1, count + 1):
        if number in broken:
            lines.append('{"id": "brudt", "text": ')
        else:
            lines.append(json.dumps({"id": f"p{number}", "text": f"{LOUD} Opslag nummer {number}."},
                                    ensure_ascii=False))
    return "\n".join(lines) + "\n"


@pytest.fixture
def audit(write):
    def make(count: int, broken: tuple[int, ...] = (), language: str = "da"):
        policy = write("politik.yaml", POLICY.format(language=language))
        return policy, write("eksport.jsonl", records(count, broken))

    return make


@pytest.mark.parametrize("name", sorted(STREAMED))
def test_a_streamed_report_is_the_same_whatever_jobs(audit, name, monkeypatch):
    monkeypatch.setattr("advolint.text.batch.SEGMENT_BYTES", 2048)  # many units, so --jobs 2 splits the work
    policy, posts = audit(120, broken=(7,))
    one = run_cli("check", "--format", name, "--jobs", "1", "--policy", str(policy), str(posts))
    two = run_cli("check", "--format", name, "--jobs", "2", "--policy", str(policy), str(posts))
    assert one.exit_code == two.exit_code == 2 and one.stdout == two.stdout and len(one.stdout.splitlines()) >= 119


def test_json_is_written_while_the_run_goes(audit, tmp_path, monkeypatch):
    """With -o, the file already holds the first records' violations while later units are checked."""
    monkeypatch.setattr("advolint.text.batch.SEGMENT_BYTES", 2048)
    monkeypatch.setattr("advolint.run.command.STREAM_BUFFER", 1)
    policy, posts = audit(200)
    report = tmp_path / "rapport.json"
    sizes = []
    add = loop.RunResult.add

    def watched(self, outcome):
        sizes.append(report.stat().st_size if report.exists() else 0)
        add(self, outcome)

    monkeypatch.setattr(loop.RunResult, "add", watched)
    result = run_cli("check", "--format", "json", "-o", str(report), "--policy", str(policy), str(posts))
    assert result.exit_code == 0, result.stderr  # warnings only
    document = json.loads(report.read_text(encoding="utf-8"))
    assert document["summary"]["files"] == 1 and len({v["record"] for v in document["violations"]}) == 200
    assert len(sizes) > 10 and 0 < sizes[len(sizes) // 2] < sizes[-1] < report.stat().st_size


def test_files_come_in_input_order_each_sorted_within(write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    policy = write("politik.yaml", POLICY.format(language="en"))
    write("b.txt", "HUSK TILMELDING SENEST FREDAG. Hej! Vi ses! Tak!\n")  # shouting before the "!"s
    write("a.txt", "Første linje.\nKæmpe nyhed! Vi åbner i dag! Kom! HUSK TILMELDING SENEST FREDAG.\n")
    result = run_cli("check", "--format", "jsonl", "--policy", str(policy), "b.txt", "a.txt")
    found = [json.loads(line) for line in result.stdout.splitlines()]
    places = [(v["path"], v["line"], v["column"]) for v in found]
    assert [path for path, _, _ in places] == ["b.txt"] * 2 + ["a.txt"] * 2
    assert places == [("b.txt", 1, 1), ("b.txt", 1, 43), ("a.txt", 2, 28), ("a.txt", 2, 35)]


@pytest.mark.parametrize("language, expected, broken", [
    ("da", "4 advarsler i 1 fil; 3 poster kunne ikke tjekkes (se ovenfor)", "ødelagt JSON-post"),
    ("en", "4 warnings in 1 file; 3 records could not be checked (see above)", "broken JSON record"),
])
def test_broken_records_are_counted_as_records(audit, language, expected, broken, write):
    policy, posts = audit(5, broken=(1, 3, 4), language=language)
    for name in ("text", "concise"):
        result = run_cli("check", "--format", name, "--policy", str(policy), str(posts))
        assert result.exit_code == 2 and result.stdout.splitlines()[-1] == expected
        assert result.stderr.count(broken) == 3  # the errors speak the run's language too


def test_one_broken_record_and_a_missing_file_are_counted_apart(audit):
    policy, posts = audit(2, broken=(2,))
    result = run_cli("check", "--format", "concise", "--policy", str(policy), str(posts), "findes-ikke.txt")
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1].endswith("; 1 fil og 1 post kunne ikke tjekkes (se ovenfor)")


def _run_on_a_terminal(args: list[str], cwd) -> tuple[str, str]:
    """Run ``advolint ARGS`` with stderr on a pseudo-terminal; (stdout, what the terminal got)."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "advolint", *args], cwd=cwd, env=subprocess_env(NO_COLOR="1"),
                               stdout=subprocess.PIPE, stderr=secondary)
    os.close(secondary)
    seen = b""
    while True:
        try:
            block = os.read(primary, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not block:
            break
        seen += block
    stdout = process.stdout.read()
    process.wait()
    os.close(primary)
    return stdout.decode(), seen.decode(errors="replace")


@pytest.fixture
def big_audit(write):
    """A batch file above the display's threshold: 90 long records (about 700 KB)."""
    policy = write("politik.yaml", POLICY.format(language="en"))
    body = "Vi har haft en god dag på kontoret i Vejle, og vi ser frem til weekenden. " * 100
    posts = write("eksport.jsonl", "".join(json.dumps({"id": f"p{n}", "text": f"{body} Hej! Vi ses!"},
                                                      ensure_ascii=False) + "\n" for n in range(90)))
    return policy, posts


def test_a_big_batch_shows_progress_on_a_terminal(big_audit, tmp_path):
    policy, posts = big_audit
    stdout, terminal = _run_on_a_terminal(["check", "--format", "jsonl", "--policy", str(policy), str(posts)],
                                          tmp_path)
    assert "records checked" in terminal and "/s, " in terminal and " left" in terminal
    assert len(stdout.splitlines()) == 90 and "checked" not in stdout


def test_no_progress_when_quiet_or_piped(big_audit, tmp_path):
    policy, posts = big_audit
    _, terminal = _run_on_a_terminal(["check", "-q", "--format", "jsonl", "--policy", str(policy), str(posts)],
                                     tmp_path)
    assert terminal == ""
    piped = subprocess.run([sys.executable, "-m", "advolint", "check", "--format", "jsonl", "--policy", str(policy),
                            str(posts)], cwd=tmp_path, env=subprocess_env(), capture_output=True, text=True)
    assert piped.stderr == "" and len(piped.stdout.splitlines()) == 90
