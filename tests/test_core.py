"""The engine end to end: positions, encodings, front matter, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advolint import check_text, load_policy
from advolint.text.post import post_from_bytes, post_from_text
from advolint.errors import InputError

from conftest import make_policy, run_cli

LOUD = make_policy({"tone": {"exclamation_max": 1}})
POLICY_YAML = "version: 1\nextends: [advolint:dk]\ntone: {exclamation_max: 1}\n"


def test_violation_position_on_plain_post():
    violations = check_text("Stor dag! Vi åbner i Aarhus!", LOUD)
    assert [(v.rule, v.line, v.column, v.end_column) for v in violations] == [("tone-exclamation", 1, 28, 29)]


def test_crlf_lines_and_columns_match_the_file():
    text = "Hej alle\r\nStor dag! Vi åbner!\r\n"
    (violation,) = check_text(text, LOUD)
    assert (violation.line, violation.column) == (2, 19)
    assert violation.source_line == "Stor dag! Vi åbner!"


def test_bom_is_not_a_column():
    post = post_from_bytes("\ufeffStor dag! Vi åbner!".encode("utf-8"), "p.txt")
    assert post.bom and post.text.startswith("Stor")
    from advolint.linter.compiled import Linter

    (violation,) = Linter.compile(LOUD).check(post)
    assert (violation.line, violation.column) == (1, 19)


def test_utf16_with_bom_is_read():
    post = post_from_bytes("Æblerne er modne!".encode("utf-16"), "p.txt")
    assert post.text == "Æblerne er modne!" and post.encoding == "utf-16"


def test_windows_1252_is_read_with_a_warning():
    post = post_from_bytes("Grøn strøm til hele Århus".encode("cp1252"), "gammel.txt")
    assert post.text == "Grøn strøm til hele Århus"
    assert post.warnings and "gammel.txt" in post.warnings[0] and "Windows-1252" in post.warnings[0]


def test_nul_bytes_are_binary():
    with pytest.raises(InputError, match="binary"):
        post_from_bytes(b"\x89PNG\r\n\x1a\n\x00\x00", "billede.txt")


def test_tabs_count_as_one_column():
    (violation,) = check_text("\tStor dag!\tVi åbner!", LOUD)
    assert violation.column == 20


def test_front_matter_lines_count():
    text = "---\ncommercial: true\nplatform: linkedin\n---\nStor dag! Vi åbner!\n"
    post = post_from_text(text, "opslag.md")
    assert post.meta == {"commercial": True, "platform": "linkedin"}
    assert post.body == "Stor dag! Vi åbner!\n"
    violations = check_text(text, LOUD, path="opslag.md")
    # commercial: true and no label: disclosure-missing at the body's first word.
    assert [(v.rule, v.line, v.column) for v in violations] == [
        ("disclosure-missing", 5, 1), ("tone-exclamation", 5, 19)]


def test_front_matter_is_only_parsed_in_markdown():
    text = "---\ncommercial: true\n---\nHej!\n"
    assert post_from_text(text, "opslag.txt").body_start == 0


def test_unclosed_front_matter_is_body():
    post = post_from_text("---\nEn streg og så tekst\n", "opslag.md")
    assert post.body_start == 0 and post.meta == {}


def test_bad_front_matter_names_file_and_line():
    with pytest.raises(InputError, match=r"opslag\.md:3: front matter: 'platform' must be one of"):
        post_from_text("---\ncommercial: true\nplatform: myspace\n---\nHej\n", "opslag.md")


def test_empty_post_has_no_violations():
    assert check_text("", LOUD) == []


# -- CLI and exit codes ------------------------------------------------------


def test_exit_0_when_clean(write):
    policy = write(".advolint.yaml", POLICY_YAML)
    post = write("ok.txt", "Vi har fået nye kolleger i Odense.")
    result = run_cli("check", str(post))
    assert result.exit_code == 0, result.stderr
    assert "Ingen problemer i 1 fil" in result.stdout
    assert policy.exists()


def test_exit_1_and_text_report(write):
    write(".advolint.yaml", POLICY_YAML)
    post = write("loud.txt", "Stor dag! Vi åbner!")
    result = run_cli("check", str(post), "--fail-on", "warning")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{post}:1:19: tone-exclamation [warning] For mange udråbstegn")
    assert lines[1] == " 1 | Stor dag! Vi åbner!"
    assert lines[2] == "   |                   ^"
    assert lines[-1] == "1 advarsel i 1 fil"


def test_fail_on_error_ignores_warnings(write):
    write(".advolint.yaml", POLICY_YAML)
    post = write("loud.txt", "Stor dag! Vi åbner!")
    assert run_cli("check", str(post)).exit_code == 0


def test_exit_2_for_usage_error():
    result = run_cli("check")
    assert result.exit_code == 2


def test_exit_2_for_missing_file(tmp_path):
    result = run_cli("check", str(tmp_path / "findes-ikke.txt"))
    assert result.exit_code == 2
    assert "findes-ikke.txt: no such file" in result.stderr


def test_exit_2_for_binary_file_but_others_checked(write):
    write(".advolint.yaml", POLICY_YAML)
    binary = write("billede.txt", b"\x00\x01\x02")
    loud = write("loud.txt", "Stor dag! Vi åbner!")
    result = run_cli("check", str(binary), str(loud), "--format", "json")
    assert result.exit_code == 2
    assert "billede.txt: binær fil" in result.stderr
    assert json.loads(result.stdout)["violations"][0]["path"] == str(loud)


def test_exit_2_for_policy_error_with_position(write):
    policy = write("policy.yaml", "version: 1\ntone:\n  exclamation_max: mange\n")
    post = write("p.txt", "Hej")
    result = run_cli("check", "--policy", str(policy), str(post))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"advolint: {policy}:3:20: tone.exclamation_max:")
    assert "Traceback" not in result.stderr


def test_json_report_shape(write):
    write(".advolint.yaml", POLICY_YAML)
    post = write("loud.txt", "Stor dag! Vi åbner!")
    result = run_cli("check", str(post), "--format", "json")
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert document["summary"] == {"files": 1, "errors": 0, "warnings": 1, "infos": 0, "suppressed": 0}
    assert document["violations"][0] == {
        "path": str(post), "line": 1, "column": 19, "end_line": 1, "end_column": 20,
        "rule": "tone-exclamation", "severity": "warning",
        "message": "For mange udråbstegn: 2 i opslaget, politikken tillader højst 1.",
        "suggestion": "Erstat udråbstegnet med et punktum.",
    }


def test_default_policy_notice_goes_to_stderr(tmp_path, monkeypatch):
    post = tmp_path / "p.txt"
    post.write_text("Vi har fået nye kolleger.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "p.txt", "--format", "json")
    assert result.stderr == ("advolint: ingen .advolint.yaml over p.txt; bruger den indbyggede "
                             "standardpolitik (dansk markedsføringslov)\n")
    assert json.loads(result.stdout)["summary"]["files"] == 1


def test_no_default_policy_notice_when_every_checked_file_has_a_policy(tmp_path, monkeypatch):
    """posts/ itself has no policy, but each sub-folder that holds posts has its own."""
    for team in ("salg", "service"):
        (tmp_path / "posts" / team).mkdir(parents=True)
        (tmp_path / "posts" / team / ".advolint.yaml").write_text("version: 1\n", encoding="utf-8")
        (tmp_path / "posts" / team / "a.txt").write_text("Vi har fået nye kolleger.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "posts")
    assert result.exit_code == 0 and "standardpolitik" not in result.stderr
    (tmp_path / "posts" / "løs.txt").write_text("Hej.", encoding="utf-8")  # this one has none above it
    assert "ingen .advolint.yaml over posts/løs.txt" in run_cli("check", "posts").stderr


def test_nearest_policy_wins(write):
    write(".advolint.yaml", POLICY_YAML)
    write("team/.advolint.yaml", "version: 1\nextends: [advolint:dk]\ntone: {exclamation_max: 5}\n")
    write("team/loud.txt", "Stor dag! Vi åbner!")
    write("loud.txt", "Stor dag! Vi åbner!")
    root = write("x", "").parent
    result = run_cli("check", str(root), "--format", "json", "--fail-on", "warning")
    paths = [v["path"] for v in json.loads(result.stdout)["violations"]]
    assert paths == [str(root / "loud.txt")]


def test_directory_walk_uses_include_and_exclude(write):
    write(".advolint.yaml", POLICY_YAML + "files: {include: ['*.txt', '*.md'], exclude: ['udkast/*']}\n")
    write("a.txt", "Hej!!")
    write("b.md", "Hej!!")
    write("c.csv", "Hej!!")
    write("udkast/d.txt", "Hej!!")
    root = write("x", "").parent
    result = run_cli("check", str(root), "--format", "json")
    document = json.loads(result.stdout)
    assert document["summary"]["files"] == 2
    assert sorted(v["path"].rsplit("/", 1)[1] for v in document["violations"]) == ["a.txt", "b.md"]


def test_stdin_with_filename(write, monkeypatch):
    write(".advolint.yaml", POLICY_YAML)
    monkeypatch.chdir(write("x", "").parent)
    result = run_cli("check", "-", "--stdin-filename", "kladde.md", "--format", "json",
                     stdin="---\nplatform: x\n---\nHej! Hej!".encode())
    (violation,) = json.loads(result.stdout)["violations"]
    assert violation["path"] == "kladde.md" and violation["line"] == 4


def test_no_color_is_respected(write):
    write(".advolint.yaml", POLICY_YAML)
    post = write("loud.txt", "Stor dag! Vi åbner!")
    result = run_cli("check", str(post), "--color", "always", env={"NO_COLOR": "1"})
    assert "\x1b[" in result.stdout  # --color always wins over NO_COLOR
    result = run_cli("check", str(post), env={"NO_COLOR": "1"})
    assert "\x1b[" not in result.stdout


def test_version_and_module_entry_point():
    import subprocess
    import sys

    from conftest import subprocess_env

    completed = subprocess.run([sys.executable, "-m", "advolint", "--version"], capture_output=True, text=True,
                               env=subprocess_env())
    assert completed.returncode == 0 and "advolint, version" in completed.stdout


def test_python_api_loads_embedded_default():
    policy = load_policy(None)
    assert policy.jurisdictions == ["dk"] and policy.message_language == "da"


def test_readme_python_api_example_runs(tmp_path, monkeypatch, capsys):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API"):]
    start = section.index("```python\n") + len("```python\n")
    example = section[start:section.index("\n```", start)]
    (tmp_path / ".advolint.yaml").write_text("version: 1\ntone: {exclamation_max: 1}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "README.md", "exec"), {})
    assert capsys.readouterr().out == "opslag.txt 1 19 tone-exclamation warning " \
        "For mange udråbstegn: 3 i opslaget, politikken tillader højst 1.\n"


def test_python_api_takes_a_linter_a_policy_or_nothing():
    import advolint

    policy = make_policy({"tone": {"exclamation_max": 0}})
    linter = advolint.compile_policy(policy)
    assert [v.rule for v in advolint.check_text("Hej!", linter)] == ["tone-exclamation"]
    assert advolint.check_text("Hej!", policy) == advolint.check_text("Hej!", linter)
    assert [v.rule for v in advolint.check_text("Stolt af Nordlys", None)] == []  # the default has no company
    assert {"check_text", "compile_policy", "load_linter", "load_policy", "Linter"} <= set(advolint.__all__)


def test_check_file_uses_the_nearest_policy_like_the_cli(write):
    import advolint

    write("indhold/.advolint.yaml", "version: 1\ntone: {exclamation_max: 0}\n")
    post = write("indhold/opslag.md", "---\nplatform: linkedin\n---\nStor dag!\n")
    (violation,) = advolint.check_file(post)
    assert (violation.path, violation.line, violation.rule) == (str(post), 4, "tone-exclamation")
    assert advolint.check_file(post, make_policy()) == []  # a given policy wins
    with pytest.raises(InputError, match="no such file"):
        advolint.check_file(post.parent / "borte.txt")


def test_check_records_yields_one_result_per_record_and_goes_on_after_a_broken_one():
    import advolint

    linter = advolint.compile_policy(make_policy({"company": {"name": "Nordlys Energi"},
                                                  "tone": {"exclamation_max": 1}}))
    records = [{"id": "li-1", "text": "Stor dag!! Nordlys Energi åbner i Vejle", "platform": "linkedin"},
               {"id": "li-2", "text": 42},
               {"text": "Reklame for Nordlys Energi: ny butik", "commercial": "ja"},
               {"id": "li-4", "text": "Tak for i dag", "platform": "myspace"}]
    results = list(advolint.check_records(records, linter, name="eksport.jsonl"))
    assert [result.record for result in results] == ["li-1", "li-2", "3", "li-4"]
    assert sorted(v.rule for v in results[0].violations) == ["disclosure-missing", "tone-exclamation"]
    assert {v.record for v in results[0].violations} == {"li-1"} and results[0].error is None
    assert results[1].violations == [] and results[1].error == 'eksport.jsonl:2: record li-2 has no "text" string; skipped'
    assert results[2] == ("3", [], None)
    assert "'platform' must be one of" in results[3].error
    assert records[0]["text"].startswith("Stor dag")  # the caller's records are not consumed
