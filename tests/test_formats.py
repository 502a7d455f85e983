"""Every --format end to end through the CLI, and -o FILE."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from conftest import run_cli

POLICY = "version: 1\nmessages: en\ntone: {exclamation_max: 1}\n"
# "Ærø" and the emoji before the second "!" make code points, UTF-8 bytes and UTF-16 units differ.
POST = "Ærø 🎉 er klar! Kom forbi standen!\n"
SCHEMA_NAME = "shared/schemas/sarif-schema-2.1.0.json"


def _sarif_schema() -> Path | None:
    for candidate in (Path(__file__).resolve().parents[2] / SCHEMA_NAME, Path("/work") / SCHEMA_NAME):
        if candidate.is_file():
            return candidate
    return None


@pytest.fixture
def posts(tmp_path, write, monkeypatch):
    write(".advolint.yaml", POLICY)
    write("content/ø 1.txt", POST)
    write("content/rolig.txt", "Vi ses i Aarhus i morgen.\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args, env=None):
    return run_cli("check", *args, "content", env=env)


def test_concise_is_one_line_per_violation(posts):
    result = check("--format", "concise")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "content/ø 1.txt:1:33: tone-exclamation [warning] Too many exclamation marks: 2 in the post, "
        "the policy allows at most 1.",
        "1 warning in 2 files",
    ]


def test_jsonl_is_one_object_per_line(posts):
    (line,) = check("--format", "jsonl").stdout.splitlines()
    assert json.loads(line) == {
        "path": "content/ø 1.txt", "line": 1, "column": 33, "end_line": 1, "end_column": 34,
        "rule": "tone-exclamation", "severity": "warning",
        "message": "Too many exclamation marks: 2 in the post, the policy allows at most 1.",
        "suggestion": "Replace the exclamation mark with a full stop.",
    }


def test_sarif_validates_and_places_by_code_points(posts):
    schema_path = _sarif_schema()
    if schema_path is None:
        pytest.skip("SARIF schema not found beside the repository")
    jsonschema = pytest.importorskip("jsonschema")
    document = json.loads(check("--format", "sarif").stdout)
    jsonschema.validate(document, json.loads(schema_path.read_text(encoding="utf-8")),
                        format_checker=jsonschema.FormatChecker())
    (run,) = document["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    exclamation = rules["tone-exclamation"]
    assert exclamation["shortDescription"]["text"] == "Too many exclamation marks"
    assert exclamation["fullDescription"]["text"].startswith("Counts exclamation marks in the post.")
    assert "Replace the extra exclamation marks with full stops." in exclamation["help"]["text"]
    (result,) = run["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "content/%C3%B8%201.txt", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 1, "startColumn": 33, "endLine": 1, "endColumn": 34}
    assert result["level"] == "warning" and result["ruleId"] == "tone-exclamation"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "tone-exclamation"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == posts.as_uri() + "/"


def test_sarif_lists_the_policys_own_rules_and_validates(posts, write):
    """A custom wording rule's finding points at its own entry in the run's rule list,
    described in the author's words (it was a KeyError traceback)."""
    write(".advolint.yaml", POLICY + (
        "custom:\n  Nordlys.Forbudt:\n    extends: existence\n    message: \"'%s' is not to be used.\"\n"
        "    description: Banned words need legal approval.\n    link: https://intra.nordlys.dk/ord\n"
        "    level: error\n    ignorecase: true\n    tokens: [gratis]\n"))
    write("content/gratis.txt", "Helt gratis i dag.\n")
    result = check("--format", "sarif")
    assert result.exit_code == 1, result.stderr
    document = json.loads(result.stdout)
    schema_path = _sarif_schema()
    if schema_path is not None:  # the schema beside the repository: validated (jsonschema is a test dependency)
        import jsonschema

        jsonschema.validate(document, json.loads(schema_path.read_text(encoding="utf-8")),
                            format_checker=jsonschema.FormatChecker())
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    (custom,) = [r for r in run["results"] if r["ruleId"] == "Nordlys.Forbudt"]
    described = rules[custom["ruleIndex"]]
    assert described["id"] == "Nordlys.Forbudt" and described["helpUri"] == "https://intra.nordlys.dk/ord"
    assert described["shortDescription"]["text"] == "Banned words need legal approval."
    assert described["defaultConfiguration"] == {"level": "error"}
    assert "tone-exclamation" in [rules[r["ruleIndex"]]["id"] for r in run["results"]]


def test_a_sarif_result_of_a_rule_not_in_the_list_has_no_rule_index():
    """The Python API may render violations of rules the report does not describe:
    SARIF then finds the rule by its id (no ruleIndex), never a traceback."""
    from advolint.findings import Severity, Violation
    from advolint.formats import Report, render

    violation = Violation(path="a.txt", line=1, column=1, end_line=1, end_column=2, rule="Acme.Words",
                          severity=Severity.ERROR, message="No.", matched="x")
    (result,) = json.loads(render("sarif", Report(violations=[violation], files=1)))["runs"][0]["results"]
    assert result["ruleId"] == "Acme.Words" and "ruleIndex" not in result


def test_sarif_reports_files_that_could_not_be_checked(posts):
    result = check("--format", "sarif", "findes-ikke.txt")
    assert result.exit_code == 2
    (invocation,) = json.loads(result.stdout)["runs"][0]["invocations"]
    assert invocation == {"executionSuccessful": False, "toolExecutionNotifications": [
        {"level": "error", "message": {"text": "findes-ikke.txt: no such file or directory"}}]}


def test_sarif_descriptions_follow_the_message_language(posts, write):
    write(".advolint.yaml", "version: 1\nmessages: da\ntone: {exclamation_max: 1}\n")
    run = json.loads(check("--format", "sarif").stdout)["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["tone-exclamation"]["shortDescription"]["text"] == "For mange udråbstegn"


def test_github_annotations_escape_and_log_everything(posts, write, tmp_path):
    write("content/a,b:c.txt", "Kæmpe nyhed! 100% grøn strøm!\n")
    summary = tmp_path / "summary.md"
    result = check("--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    lines = result.stdout.splitlines()
    assert lines[0] == ("::warning file=content/a%2Cb%3Ac.txt,line=1,col=29,endLine=1,endColumn=30,"
                        "title=tone-exclamation::Too many exclamation marks: 2 in the post, the policy allows "
                        "at most 1. Replace the exclamation mark with a full stop.")
    assert lines[1].startswith("::warning file=content/ø 1.txt,line=1,col=33,")
    assert lines[2] == "::group::advolint: 2 warnings in 3 files"
    assert lines[3].startswith("content/a,b:c.txt:1:29: tone-exclamation [warning]")
    assert lines[-2:] == ["::endgroup::", "2 warnings in 3 files"]
    table = summary.read_text(encoding="utf-8")
    assert "| `tone-exclamation` | warning | 2 |" in table
    assert "| `content/ø 1.txt:1:33` | `tone-exclamation` | Too many exclamation marks" in table


def test_github_escapes_percent_and_newlines_in_messages():
    from advolint.formats.github import escape_data, escape_property

    assert escape_data("100% sikkert\r\nny linje") == "100%25 sikkert%0D%0Any linje"
    assert escape_property("a,b:c%") == "a%2Cb%3Ac%25"


def test_github_shows_every_violation_in_the_log_beyond_ten(posts, write):
    for number in range(12):
        write(f"content/opslag{number:02}.txt", "Stor dag! Vi åbner!\n")
    lines = check("--format", "github", env={"GITHUB_STEP_SUMMARY": ""}).stdout.splitlines()
    assert sum(line.startswith("::warning ") for line in lines) == 13
    start = lines.index("::group::advolint: 13 warnings in 14 files")
    assert lines.index("::endgroup::") - start - 1 == 13


def test_junit_is_xml_with_a_failure_per_violation(posts):
    root = ElementTree.fromstring(check("--format", "junit").stdout)
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "1", "0")
    case = suite.find("testcase")
    assert case.get("classname") == "content/ø 1.txt" and case.get("name") == "tone-exclamation 1:33"
    assert case.find("failure").get("type") == "warning"


def test_junit_clean_run_is_one_passing_case(posts):
    root = ElementTree.fromstring(run_cli("check", "--format", "junit", "content/rolig.txt").stdout)
    (case,) = root.iter("testcase")
    assert case.find("failure") is None and root.get("failures") == "0"


def test_rdjsonl_columns_count_utf8_bytes(posts):
    (line,) = check("--format", "rdjsonl").stdout.splitlines()
    diagnostic = json.loads(line)
    # code point 33 is preceded by Æ, ø (2 bytes each) and 🎉 (4 bytes): 32 + 1 + 1 + 3 = 37 bytes
    assert diagnostic["location"] == {"path": "content/ø 1.txt", "range": {
        "start": {"line": 1, "column": 38}, "end": {"line": 1, "column": 39}}}
    assert diagnostic["severity"] == "WARNING" and diagnostic["code"] == {"value": "tone-exclamation"}


@pytest.mark.parametrize("name", ["text", "concise", "json", "jsonl", "sarif", "github", "junit", "rdjsonl"])
def test_output_file_receives_the_report(posts, name):
    expected = check("--format", name, env={"GITHUB_STEP_SUMMARY": ""}).stdout
    result = check("--format", name, "-o", "rapport.out", env={"GITHUB_STEP_SUMMARY": ""})
    assert result.exit_code == 0 and result.stdout == ""
    assert (posts / "rapport.out").read_text(encoding="utf-8") == expected


def test_output_file_that_cannot_be_written_is_one_line_error(posts):
    result = check("-o", "ingen/mappe/rapport.txt")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1].startswith("advolint: ingen/mappe/rapport.txt: cannot write")


def test_text_report_fits_an_80_column_terminal(write):
    import unicodedata

    policy = write("politik.yaml", "version: 1\ncompany: {name: Nordlys Energi}\ntone: {exclamation_max: 1}\n")
    post = ("Stolt af mit team! Vi har lige installeret 40 solcelleanlæg hos Nordlys Energi i Vejle, og vi "
            "glæder os til de næste 40 anlæg i Horsens og Silkeborg 🎉!!!\n")
    paths = [str(write(name, post)) for name in ("a.txt", "b.txt")]
    fitted = run_cli("check", "--policy", str(policy), *paths, env={"ADVOLINT_WIDTH": "80"}).stdout

    def columns(line):
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)

    assert max(map(columns, fitted.splitlines())) <= 80, fitted
    # The explanation after the first sentence comes once for the rule, not per violation.
    assert fitted.count("Forbrugerombudsmanden kræver") == 1
    assert fitted.count("Opslaget er reklame, men har ingen") == 2
    assert "…" in fitted and "^" in fitted  # the excerpt is cut around the span, which stays visible
    whole = run_cli("check", "--policy", str(policy), *paths).stdout  # not a terminal: full messages
    assert whole.count("Forbrugerombudsmanden kræver") == 2 and max(map(len, whole.splitlines())) > 160


def test_a_span_in_the_middle_of_a_long_line_stays_visible_at_80_columns(write):
    policy = write("politik.yaml", "version: 1\ntone: {shouting: true}\n")
    post = write("a.txt", "Vi ses " * 30 + "TILMELDING i dag " + "og tak for i dag " * 30 + "\n")
    fitted = run_cli("check", "--policy", str(policy), str(post), env={"ADVOLINT_WIDTH": "80"}).stdout.splitlines()
    source, carets = next((line, fitted[number + 1]) for number, line in enumerate(fitted) if line.startswith(" 1 | "))
    assert source.count("…") == 2 and len(source) <= 80
    assert source[carets.index("^"):carets.index("^") + 10] == "TILMELDING"


def test_statistics_name_the_policys_own_rules(posts, write):
    write(".advolint.yaml", POLICY + (
        "custom:\n  Nordlys.Forbudt:\n    extends: existence\n    message: \"'%s' is not to be used.\"\n"
        "    description: Banned words need legal approval.\n    level: error\n    tokens: [gratis]\n"))
    write("content/gratis.txt", "Helt gratis i dag.\n")
    result = check("--statistics")
    assert result.exit_code == 1, result.stderr
    rows = [line.split(None, 3) for line in result.stdout.splitlines()]
    assert ["1", "Nordlys.Forbudt", "[error]", "Banned words need legal approval."] in rows
