"""--statistics, --quiet, --exit-zero, the progress bar, `policy check`,
`policy schema`, and `explain`/`rules` in the policy's language."""

from __future__ import annotations

import io
import json

import pytest
import yaml

from advolint.run.command import PROGRESS_MIN_FILES, with_progress

from conftest import run_cli

POLICY = "version: 1\nmessages: en\ntone: {exclamation_max: 1}\nrules: {tone-exclamation: error}\n"


@pytest.fixture
def repo(tmp_path, write, monkeypatch):
    write(".advolint.yaml", POLICY)
    write("content/messe.txt", "Kæmpe nyhed! Vi lancerer SolarFlex i dag! Kom forbi standen!\n")
    write("content/tilbud.md", "---\nadvolint: {ignore: [tone-exclamation]}\n---\nSpar 20 % i dag! Kun nu!\n")
    write("content/rolig.txt", "Vi ses i Aarhus i morgen.\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_statistics_counts_per_rule(repo):
    result = run_cli("check", "--statistics", "content")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "    2  tone-exclamation     [error]  Too many exclamation marks",
        "    1  suppression-invalid  [error]  Suppression without a reason, or with a mistake",
        "    3  total",
    ]


def test_quiet_prints_only_violations(repo):
    result = run_cli("check", "--quiet", "content")
    assert result.exit_code == 1 and result.stderr == ""
    assert "errors in 3 files" not in result.stdout and "content/messe.txt:1:41" in result.stdout
    clean = run_cli("check", "--quiet", "content/rolig.txt")
    assert (clean.exit_code, clean.stdout, clean.stderr) == (0, "", "")


def test_quiet_hides_the_default_policy_notice(tmp_path, write, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("opslag.txt", "Vi ses i Aarhus i morgen.\n")
    assert "standardpolitik" in run_cli("check", "opslag.txt").stderr
    assert run_cli("check", "-q", "opslag.txt").stderr == ""


def test_exit_zero_keeps_the_report(repo):
    result = run_cli("check", "--exit-zero", "content")
    assert result.exit_code == 0 and "3 errors in 3 files" in result.stdout


def test_exit_zero_still_fails_on_errors(repo):
    result = run_cli("check", "--exit-zero", "content", "findes-ikke.txt")
    assert result.exit_code == 2 and "findes-ikke.txt: no such file or directory" in result.stderr


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal_for_long_runs():
    many = list(range(PROGRESS_MIN_FILES))
    terminal = Terminal()
    assert list(with_progress(many, terminal)) == many
    assert "advolint" in terminal.getvalue() and f"{PROGRESS_MIN_FILES}/{PROGRESS_MIN_FILES}" in terminal.getvalue()
    short, pipe = Terminal(), io.StringIO()
    assert list(with_progress(many[:5], short)) == many[:5] and short.getvalue() == ""
    assert list(with_progress(many, pipe)) == many and pipe.getvalue() == ""


def test_no_progress_bar_when_stderr_is_not_a_terminal(repo, write):
    for number in range(PROGRESS_MIN_FILES):
        write(f"content/mange/{number:03}.txt", "Vi ses i Aarhus i morgen.\n")
    result = run_cli("check", "-q", "content/mange")
    assert (result.exit_code, result.stderr) == (0, "")


def test_policy_check_prints_the_merged_policy(repo, write):
    write("team.yaml", "version: 1\nextends: [.advolint.yaml]\ntone: {address: du}\n")
    result = run_cli("policy", "check", "team.yaml")
    assert result.exit_code == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    assert resolved["tone"]["exclamation_max"] == 1 and resolved["tone"]["address"] == "du"
    assert resolved["rules"] == {"tone-exclamation": "error"} and resolved["messages"] == "en"


def test_policy_check_reports_the_error_with_position(repo, write):
    write("forkert.yaml", "version: 1\ntone: {exclamaton_max: 1}\n")
    result = run_cli("policy", "check", "forkert.yaml")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("advolint: forkert.yaml:2:8: unknown key 'exclamaton_max'")


def test_policy_schema_validates_the_example_policy():
    jsonschema = pytest.importorskip("jsonschema")
    from advolint.resources import config_dir

    schema = json.loads(run_cli("policy", "schema").stdout)
    assert schema["title"] == "advolint policy v1" and "tone" in schema["properties"]
    example = yaml.safe_load((config_dir() / "example-policy.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(example, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": 1, "tone": {"exclamaton_max": 1}}, schema)


def test_explain_follows_the_nearest_policy_language_and_shows_the_fix(repo):
    result = run_cli("explain", "tone-exclamation")
    assert result.stdout.startswith("tone-exclamation: Too many exclamation marks")
    assert "Fix:\n  Replace the extra exclamation marks with full stops." in result.stdout
    danish = run_cli("explain", "tone-exclamation", "--lang", "da").stdout
    assert "Rettelse:\n  Skift de overskydende udråbstegn til punktum." in danish


def test_rules_follow_the_policy_given(repo, write):
    write("dansk.yaml", "version: 1\nmessages: da\n")
    english = run_cli("rules").stdout
    danish = run_cli("rules", "--policy", "dansk.yaml").stdout
    assert "Too many exclamation marks" in english and "For mange udråbstegn" in danish
    assert "suppression-invalid" in danish


def test_statistics_columns_line_up_and_json_is_json(repo, write):
    write("content/mere.txt", "HUSK at Danmarks billigste tilbud slutter! I dag! Nu!\n")
    table = run_cli("check", "--statistics", "content").stdout.splitlines()
    titles = [line.index(title) for line, title in zip(table, ("Too many", "Suppression", "Shouting"))]
    assert len(set(titles)) == 1, table  # "[error]" and "[warning]" rows start their titles in one column
    result = run_cli("check", "--statistics", "--format", "json", "content")
    data = json.loads(result.stdout)
    assert data["total"] == sum(row["count"] for row in data["statistics"]) == 5
    assert data["statistics"][0] == {"rule": "tone-exclamation", "severity": "error", "count": 3,
                                     "title": "Too many exclamation marks"}


@pytest.mark.parametrize("args, complaint", [
    (["--fix", "--diff"], "--fix writes the fixes and --diff only shows them"),
    (["--diff", "--format", "json"], "--diff prints a unified diff: it takes no --format or --statistics"),
    (["--diff", "--statistics"], "--diff prints a unified diff: it takes no --format or --statistics"),
])
def test_options_that_cannot_go_together_are_usage_errors(repo, args, complaint):
    result = run_cli("check", *args, "content")
    assert result.exit_code == 2 and complaint in result.stderr and result.stdout == ""


def test_diff_with_nothing_to_fix_says_so(repo):
    result = run_cli("check", "--diff", "content/messe.txt")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "advolint: nothing to fix; 1 violation remains\n"


def test_rules_with_a_policy_shows_its_severities(repo, write):
    write("skarp.yaml", "version: 1\nmessages: en\nrules: {tone-shouting: off, claim-unsubstantiated: error}\n")
    rows = {line.split()[0]: line.split()[1] for line in run_cli("rules", "--policy", "skarp.yaml").stdout.splitlines()}
    assert (rows["tone-shouting"], rows["claim-unsubstantiated"], rows["tone-exclamation"]) == ("off", "error", "warning")
    nearest = {line.split()[0]: line.split()[1] for line in run_cli("rules").stdout.splitlines()}
    assert nearest["tone-exclamation"] == "error"  # the repository's .advolint.yaml


def test_policy_check_prints_the_effective_placement(write):
    one = write("dk.yaml", "version: 1\njurisdictions: [dk]\n")
    assert yaml.safe_load(run_cli("policy", "check", str(one)).stdout)["disclosure"]["placement"] == "start"
    several = write("dk-uk.yaml", "version: 1\njurisdictions: [dk, uk]\n")
    result = run_cli("policy", "check", str(several)).stdout
    assert "# disclosure.placement: each jurisdiction's own: dk start, uk before-fold\n" in result
    assert yaml.safe_load(result)["disclosure"]["placement"] is None
    chosen = write("fold.yaml", "version: 1\njurisdictions: [dk, uk]\ndisclosure: {placement: before-fold}\n")
    assert yaml.safe_load(run_cli("policy", "check", str(chosen)).stdout)["disclosure"]["placement"] == "before-fold"


def test_force_exclude_makes_named_files_obey_the_policy_like_a_folder_walk(tmp_path, write, monkeypatch):
    """What the pre-commit hook passes: staging README.md and kladder/idé.txt with
    exclude: ["kladder/*"] checks README.md only, as `advolint check .` would."""
    write(".advolint.yaml", 'version: 1\ntone: {exclamation_max: 0}\nfiles: {exclude: ["kladder/*"]}\n')
    write("README.md", "Velkommen!\n")
    write("kladder/idé.txt", "Udkast!\n")
    write("noter.csv.txt.bak", "Ikke et opslag!\n")
    monkeypatch.chdir(tmp_path)
    forced = run_cli("check", "--force-exclude", "--format", "concise", "README.md", "kladder/idé.txt",
                     "noter.csv.txt.bak")
    assert [line.split(":")[0] for line in forced.stdout.splitlines()[:-1]] == ["README.md"]
    walked = run_cli("check", "--format", "concise", ".")
    assert [line.split(":")[0] for line in walked.stdout.splitlines()[:-1]] == ["README.md"]
    named = run_cli("check", "--format", "concise", "kladder/idé.txt")  # without it, named files are checked
    assert named.stdout.startswith("kladder/idé.txt:1:7: tone-exclamation")
