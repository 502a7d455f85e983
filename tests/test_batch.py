"""Batch input (.jsonl, .csv): records as posts, ids and lines, broken records, --jobs."""

from __future__ import annotations

import json

import pytest

from advolint.text import batch
from advolint.linter.compiled import Linter
from advolint.run import units
from advolint.text.batch import record_post

from conftest import commercial_detector, make_policy, run_cli

POLICY_YAML = """\
version: 1
extends: [advolint:dk]
company: {name: Nordlys Energi, products: [SolarFlex]}
tone: {exclamation_max: 1}
"""


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def violations_of(result):
    return json.loads(result.stdout)["violations"]


def test_jsonl_records_are_posts_with_ids_and_lines(write):
    policy = write("politik.yaml", POLICY_YAML)
    posts = write("eksport.jsonl", jsonl(
        {"id": "li-1", "text": "Stille morgen i Vejle."},
        {"id": "li-2", "text": "Første linje.\nKæmpe nyhed! Vi åbner i dag!"},
        {"id": 3, "text": "Tak for i dag! Vi ses!"},
    ))
    result = run_cli("check", "--format", "json", "--policy", str(policy), str(posts))
    assert result.exit_code == 0  # tone-exclamation is a warning
    found = [(v["record"], v["line"], v["column"], v["post_line"], v["post_column"], v["rule"])
             for v in violations_of(result)]
    # Positions in the batch file (a JSONL record is one line) and, beside them, in the post's text.
    assert found == [("li-2", 2, 1, 2, 28, "tone-exclamation"), ("3", 3, 1, 1, 22, "tone-exclamation")]
    assert json.loads(result.stdout)["summary"]["files"] == 1


def test_csv_records_with_multiline_text_and_metadata(write):
    policy = write("politik.yaml", POLICY_YAML)
    posts = write("eksport.csv", 'id,text,platform,commercial\n'
                                 'a,"Godmorgen!\nVi har travlt!",linkedin,nej\n'
                                 'b,Rolig dag på kontoret.,,\n'
                                 'c,Åbent hus! Kom forbi!,facebook,ja\n', dedent=False)
    result = run_cli("check", "--format", "json", "--policy", str(policy), str(posts))
    found = [(v["record"], v["record_line"], v["line"], v["post_line"], v["post_column"]) for v in violations_of(result)
             if v["rule"] == "tone-exclamation"]
    # Record "c" starts on line 5: record "a" spans lines 2-3, and its second line is the file's line 3.
    assert found == [("a", 2, 3, 2, 14), ("c", 5, 5, 1, 21)]


def test_text_report_names_record_and_line(write):
    policy = write("politik.yaml", POLICY_YAML)
    posts = write("eksport.jsonl", jsonl({"id": "x-9", "text": "Hurra! Hurra!"}))
    result = run_cli("check", "--policy", str(policy), str(posts))
    assert "eksport.jsonl:1:1: tone-exclamation" in result.stdout  # the record's line in the file
    assert "(record x-9, line 1, column 13)" in result.stdout  # where in the post
    assert " 1 | Hurra! Hurra!\n   |             ^\n" in result.stdout


def test_metadata_columns_reach_the_post():
    detector = commercial_detector(make_policy({"company": {"name": "Nordlys Energi"}}))
    text = "Nordlys Energi har installeret 40 solcelleanlæg i Vejle."
    from_csv = record_post(("csv", 2, {"id": "a", "text": text, "commercial": "nej", "platform": "LinkedIn",
                                       "jurisdictions": "DK, se", "dato": "2025-11-26"}), "p.csv")
    from_jsonl = record_post(("jsonl", 1, json.dumps({"id": 1, "text": text, "platform": "twitter"}).encode()),
                             "p.jsonl")
    assert (from_csv.commercial, from_csv.platform, from_csv.record) == (False, "linkedin", "a")
    assert (from_csv.jurisdictions, from_csv.meta["dato"]) == (["dk", "se"], "2025-11-26")
    assert (from_jsonl.commercial, from_jsonl.platform, from_jsonl.record) == (None, "x", "1")
    # The metadata decides over the company mention, as front matter does.
    assert detector.is_commercial(from_csv) is False
    assert detector.is_commercial(from_jsonl) is True


def test_broken_line_in_the_middle_is_reported_and_the_rest_checked(write):
    policy = write("politik.yaml", POLICY_YAML)
    posts = write("eksport.jsonl", jsonl(
        {"id": "a", "text": "Stor dag! Vi åbner!"},
        '{"id": "b", "text": "Ingen slutning',
        '["ikke", "et", "objekt"]',
        {"id": "d", "text": "Ny butik i Odense", "platform": "myspace"},
        {"id": "e", "text": "Sidste opslag! Tak!"},
    ))
    result = run_cli("check", "--format", "json", "--policy", str(policy), str(posts))
    assert result.exit_code == 2
    assert [v["record"] for v in violations_of(result)] == ["a", "e"]
    errors = result.stderr.splitlines()
    assert errors[0].startswith(f"advolint: {posts}:2: ødelagt JSON-post")
    assert errors[1].startswith(f"advolint: {posts}:3: en post skal være et JSON-objekt")
    assert errors[2].startswith(f"advolint: {posts}:4: post d: 'platform' skal være en af")


def test_record_without_text_and_csv_without_text_column(write):
    policy = write("politik.yaml", POLICY_YAML)
    posts = write("eksport.jsonl", jsonl({"id": "a", "tekst": "Hej!!"}))
    table = write("eksport.csv", "id,tekst\n1,Hej!!\n")
    result = run_cli("check", "--policy", str(policy), str(posts), str(table))
    assert result.exit_code == 2
    assert f"{posts}:1: post a har ingen \"text\"-tekst" in result.stderr
    assert f"{table}:1: CSV-batchfilen har ingen kolonne 'text'" in result.stderr


def test_segments_keep_line_numbers(write, monkeypatch):
    monkeypatch.setattr(batch, "SEGMENT_BYTES", 64)
    records = [{"id": i, "text": f"Opslag nummer {i}!!"} for i in range(1, 40)]
    text = jsonl(*records).replace('{"id": 7,', '\n{"id": 7,')  # a blank line shifts the rest
    posts = write("eksport.jsonl", text)
    raws = [raw for segment in batch.jsonl_segments(posts, "e") for raw in batch.segment_records(posts, "e", *segment)]
    assert [(line, json.loads(data)["id"]) for _, line, data in raws] == [
        (i if i < 7 else i + 1, i) for i in range(1, 40)]


@pytest.mark.parametrize("kind", ["jsonl", "files"])
def test_jobs_2_output_is_identical_to_jobs_1(write, monkeypatch, kind):
    monkeypatch.setattr(batch, "SEGMENT_BYTES", 300)  # many units, so the order is really tested
    monkeypatch.setattr(units, "FILES_PER_UNIT", 3)
    policy = write("politik.yaml", POLICY_YAML)
    texts = [f"Opslag {i} fra Nordlys Energi" + "!" * (i % 4) + (" Hej!" if i % 3 else "") for i in range(60)]
    if kind == "jsonl":
        lines = [{"id": f"p{i}", "text": t} for i, t in enumerate(texts)]
        lines[17] = '{"id": "p17", "text": '  # a broken record among them
        target = write("eksport.jsonl", jsonl(*lines))
    else:
        for i, text in enumerate(texts):
            write(f"opslag/{i:03d}.txt", text)
        write("opslag/binær.txt", b"\x00\x01")
        target = policy.parent / "opslag"
    one = run_cli("check", "--format", "json", "--jobs", "1", "--policy", str(policy), str(target))
    two = run_cli("check", "--format", "json", "--jobs", "2", "--policy", str(policy), str(target))
    assert len(violations_of(one)) > 30
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert one.exit_code == 2 and one.stderr.count("\n") == 1


def test_a_batch_file_gone_before_its_segment_is_read_is_an_error(tmp_path):
    unit = ("segment", Linter.compile(make_policy()), "borte.jsonl", (str(tmp_path / "borte.jsonl"), 0, 100, 1), True)
    outcome = units.check_unit(unit)
    assert (outcome.files, outcome.violations, outcome.errors) == (
        1, [], ["borte.jsonl: no such file (removed while advolint ran?)"])
