"""Issue 12 §5: one bad input never hides the others.  Each bad file or record
is one error; the report for the rest is complete and valid; exit 2."""

from __future__ import annotations

import json
import os

import pytest

from advolint.findings import Severity
from advolint.rules import Rule

from conftest import run_cli

POLICY = "version: 1\nextends: [advolint:dk]\ntone: {exclamation_max: 0}\n"
LOUD = "Stor dag! Vi åbner i Aarhus.\n"


@pytest.fixture
def repo(repo_with):
    return repo_with(POLICY)


def checked(*args):
    result = run_cli("check", "--format", "json", *args)
    return result, json.loads(result.stdout)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_deeply_nested_front_matter_and_records_are_one_error_each(repo, write, jobs):
    # 1,000 deep is past PyYAML's recursion as surely as the report's 2,000 (and twice as quick)
    write("a.md", "---\ntitle: " + "[" * 1000 + "]" * 1000 + "\n---\nHej!\n")
    # 5,000 deep: past Python's recursion limit as surely as the 10^5 of the report, and quicker
    write("b.jsonl", '{"id": "ok", "text": "Hurra!"}\n' + '{"id": "deep", "text": ' + "[" * 5_000
          + "]" * 5_000 + "}\n" + '{"id": "s1", "text": "Hej \\ud800!"}\n' + '{"id": "\\udfff", "text": "Hej!"}\n'
          + '{"id": "ok2", "text": "Hurra!"}\n')
    write("c.txt", LOUD)
    result, data = checked("--jobs", jobs, "a.md", "b.jsonl", "c.txt")
    assert result.exit_code == 2
    assert sorted((v["path"], v.get("record")) for v in data["violations"]) == [
        ("b.jsonl", "ok"), ("b.jsonl", "ok2"), ("c.txt", None)]
    errors = result.stderr.splitlines()
    assert len(errors) == 4, errors
    assert errors[0].startswith("advolint: a.md:2:") and "indlejret" in errors[0]
    assert all(line.startswith("advolint: b.jsonl:") for line in errors[1:])
    assert "indlejret" in errors[1] and "surrogat" in errors[2] and "surrogat" in errors[3]


def test_a_folder_1200_levels_deep_is_checked(repo, write):
    deep = "tree"
    os.mkdir(deep)
    for _ in range(1200):  # os.makedirs would recurse too deep itself
        deep = os.path.join(deep, "d")
        os.mkdir(deep)
    with open(os.path.join(deep, "post.txt"), "w", encoding="utf-8") as handle:
        handle.write(LOUD)
    write("tree/top.txt", LOUD)
    try:
        result, data = checked("tree")
        assert data["summary"]["files"] == 2 and len(data["violations"]) == 2, result.stderr
    finally:  # bottom up: shutil.rmtree (and pytest's clean-up) would recurse too deep
        os.remove(os.path.join(deep, "post.txt"))
        while deep != "tree":
            os.rmdir(deep)
            deep = os.path.dirname(deep)


def test_one_huge_csv_cell_fails_only_its_record(repo, write):
    write("posts.csv", "id,text\n1,Hurra!\n2," + "a" * 200_000 + "\n3,Hurra!\n")
    result, data = checked("posts.csv")
    assert sorted(v["record"] for v in data["violations"]) == ["1", "3"]


class BrokenRule(Rule):
    ids = {"test-broken": Severity.ERROR}

    @classmethod
    def settings(cls, policy):
        return ()

    def check(self, post):
        if "bryd" in post.text:
            raise ZeroDivisionError("division by zero")
        return ()


def test_an_exception_in_a_rule_is_an_internal_error_naming_rule_and_file(repo, write, extra_rules):
    extra_rules(BrokenRule)
    write("a.txt", "bryd mig!\n")
    write("b.txt", LOUD)
    result, data = checked("a.txt", "b.txt")
    assert result.exit_code == 2
    assert [v["path"] for v in data["violations"]] == ["b.txt"]
    assert result.stderr.count("\n") == 1
    assert "a.txt" in result.stderr and "intern fejl" in result.stderr and "test-broken" in result.stderr


def test_an_extends_chain_of_1000_files_has_a_clear_limit(repo, write):
    for number in range(1000):
        write(f"p{number}.yaml", f"version: 1\nextends: [p{number + 1}.yaml]\n")
    write("p1000.yaml", "version: 1\n")
    write("a.txt", "Tak.\n")
    result = run_cli("check", "--policy", "p0.yaml", "a.txt")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "extends" in result.stderr
    assert "deeper than" in result.stderr


@pytest.mark.parametrize("value", [".inf", ".nan", "0", "-1"])
def test_confidential_timeout_must_be_finite_and_positive(repo, write, value):
    write("p.yaml", f"version: 1\nconfidential: {{terms: [Falcon], timeout: {value}}}\n")
    write("a.txt", "Tak.\n")
    result = run_cli("check", "--policy", "p.yaml", "a.txt")
    assert result.exit_code == 2 and "p.yaml:2" in result.stderr and "timeout" in result.stderr


def test_the_yaml_merge_key_with_an_override_is_accepted(repo, write):
    write("p.yaml", "version: 1\nextends: [advolint:dk]\n"
                    "tone:\n  emoji: &limits {max: 3}\n"
                    "hashtags:\n  <<: *limits\n  max: 0\n")
    write("a.txt", "Tak for i dag #solenergi\n")
    result = run_cli("check", "--policy", "p.yaml", "--format", "concise", "a.txt")
    assert "hashtag-limit" in result.stdout and result.stderr == "", result.stderr


class SlowRule(BrokenRule):
    """Quadratic (or worse) on some post: the budget must stop it."""

    ids = {"test-slow": Severity.ERROR}

    def check(self, post):
        while "langsom" in post.text:
            pass
        return ()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_post_over_the_time_budget_is_an_error_not_a_hang(repo, write, extra_rules, jobs):
    extra_rules(SlowRule)
    write(".advolint.yaml", POLICY + "limits: {post_seconds: 0.3}\n")
    write("a.txt", "langsom!\n")
    write("b.txt", LOUD)
    write("c.jsonl", '{"id": "1", "text": "langsom"}\n{"id": "2", "text": "Hurra!"}\n')
    result, data = checked("--jobs", jobs, "a.txt", "b.txt", "c.jsonl")
    assert result.exit_code == 2
    assert sorted(v["path"] for v in data["violations"]) == ["b.txt", "c.jsonl"]
    assert result.stderr.splitlines() == [
        "advolint: a.txt: tjekket tog mere end 0.3 s (limits.post_seconds); ikke tjekket",
        "advolint: c.jsonl:1: tjekket tog mere end 0.3 s (limits.post_seconds); ikke tjekket"]


@pytest.mark.parametrize("value", [".inf", "0"])
def test_the_time_budget_must_be_finite_and_positive(repo, write, value):
    write(".advolint.yaml", POLICY + f"limits: {{post_seconds: {value}}}\n")
    write("a.txt", "Tak.\n")
    result = run_cli("check", "a.txt")
    assert result.exit_code == 2 and "post_seconds" in result.stderr and result.stderr.count("\n") == 1
