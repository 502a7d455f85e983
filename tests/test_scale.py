"""The Dask and PySpark recipes (examples/dask_audit.py, examples/spark_audit.py), on a local
two-worker Dask cluster and in Spark's local mode, give the CLI's report."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("dask.bag")
pytest.importorskip("distributed")

from conftest import run_cli  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
POLICY = ("version: 1\ncompany: {name: Nordlys Energi, aliases: [Nordlys]}\ntone: {exclamation_max: 1}\n"
          "confidential: {terms: [Projekt Falcon], personal_data: [cpr]}\n")


def recipe(name: str = "dask_audit"):
    spec = importlib.util.spec_from_file_location(name, ROOT / "examples" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shard(write, name: str, first: int, count: int) -> Path:
    lines = []
    for number in range(first, first + count):
        text = [f"Stor dag i Vejle! Nordlys Energi åbner butik nr. {number}!",
                "Tak for i dag.", f"Nyt fra Projekt Falcon, uge {number}",
                f"Tillykke til Jens (120388-1234) og holdet! #{number}"][number % 4]
        if number % 9 == 0:
            text += "\u2028Ny linje!!"  # left raw by JSON: a line break for str.splitlines, not for JSONL
        lines.append(json.dumps({"id": f"li-{number}", "text": text, "platform": "linkedin"}, ensure_ascii=False))
        if number % 7 == 0:
            lines.append("")  # a blank line: skipped, but it counts in the line numbers
    return write(name, "\n".join(lines) + "\n")


def edge_shard(name: str = "kanter.jsonl") -> str:
    """A shard as exports come: a byte that is not UTF-8 (the CLI's error for that record, which
    it passes over), CRLF line ends, a lone CR where JSON allows white space, a BOM."""
    Path(name).write_bytes(b'\xef\xbb\xbf{"id": "k1", "text": "Stor dag!! \xff Nordlys!!"}\r\n'
                           b'{"id": "k2",\r"text": "Hej!! og hej!!"}\n\n{"id": "k3", "text": "Fint!! ja!!"}\r\n')
    return name


def matches_the_cli(report: str, shards: list[str]) -> None:
    """``report`` (a recipe's) is the CLI's JSONL report, then a row for each error the CLI gives
    on stderr (compared by file and line: the CLI's are in the policy's language)."""
    from_cli = run_cli("check", "--format", "jsonl", "--policy", ".advolint.yaml", *shards)
    rows = [json.loads(row) for row in report.splitlines()]
    assert "".join(row + "\n" for row in report.splitlines() if '"rule"' in row) == from_cli.stdout
    errors = [re.match(r"(.*?:\d+:) ", row["error"]).group(1) for row in rows if "error" in row]
    assert errors == re.findall(r"^advolint: (.*?:\d+:) ", from_cli.stderr, re.M) and errors


def test_dask_recipe_on_two_workers_matches_the_cli(tmp_path, write, monkeypatch):
    from dask.distributed import Client, LocalCluster

    monkeypatch.chdir(tmp_path)
    write(".advolint.yaml", POLICY)
    shards = [str(shard(write, f"eksport-{part}.jsonl", part * 40, 40).name) for part in range(3)]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        written = recipe().audit(shards, ".advolint.yaml", "rapport", client)
        edges = [shards[0], edge_shard()]
        matches_the_cli("".join(Path(path).read_text(encoding="utf-8")
                                for path in recipe().audit(edges, ".advolint.yaml", "kanter", client)), edges)
    assert [Path(path).name for path in written] == ["00000.jsonl", "00001.jsonl", "00002.jsonl"]
    from_dask = "".join(Path(path).read_text(encoding="utf-8") for path in written)
    from_cli = run_cli("check", "--format", "jsonl", "--policy", ".advolint.yaml", *shards).stdout
    assert from_dask == from_cli
    rules = {json.loads(line)["rule"] for line in from_cli.splitlines()}
    assert {"tone-exclamation", "disclosure-missing", "confidential-term", "personal-data"} <= rules
    assert "120388-1234" not in from_dask  # personal data masked there too


def test_jsonl_report_of_a_shard_is_the_cli_report_and_keeps_the_errors(tmp_path, write, monkeypatch):
    import advolint

    monkeypatch.chdir(tmp_path)
    write(".advolint.yaml", POLICY)
    path = shard(write, "eksport.jsonl", 0, 20)
    lines = path.read_text(encoding="utf-8").split("\n")[:-1]
    from_cli = run_cli("check", "--format", "jsonl", "--policy", ".advolint.yaml", "eksport.jsonl").stdout
    linter = advolint.load_linter(".advolint.yaml")
    assert "".join(line + "\n" for line in advolint.jsonl_report(lines, linter, name="eksport.jsonl")) == from_cli
    broken = advolint.jsonl_report(['{"id": "a", "text": "Hej!! Hej!!"}', "{broken", "", '{"id": "c"}'], linter, "x")
    rows = [json.loads(row) for row in broken]
    assert [row.get("rule") for row in rows] == ["tone-exclamation", None, None]  # the errors after the violations
    assert rows[1] == {"path": "x", "error": "x:2: broken JSON record (Expecting property name enclosed in double "
                                             "quotes); skipped"}
    assert rows[2]["error"].startswith("x:4: ")  # record c has no text; line 3 is blank and counts
    with_bom = ["\ufeff" + lines[0], *lines[1:]]  # a file saved with a byte-order mark: the CLI drops it
    assert advolint.jsonl_report(with_bom, linter, name="eksport.jsonl") == from_cli.split("\n")[:-1]
    # Blank as the CLI sees a line: a BOM before a blank first line, and no other whitespace than ASCII's
    write("kanter.jsonl", "\ufeff\n" + lines[0] + "\n\u00a0\n\x1c\n")
    edges = run_cli("check", "--format", "jsonl", "--policy", ".advolint.yaml", "kanter.jsonl")
    report = advolint.jsonl_report(["\ufeff", lines[0], "\u00a0", "\x1c"], linter, name="kanter.jsonl")
    errors = [row["error"].split(" ")[0] for row in map(json.loads, report) if "error" in row]
    assert report[:len(report) - len(errors)] == edges.stdout.splitlines()
    assert errors == re.findall(r"^advolint: (kanter\.jsonl:\d+:)", edges.stderr, re.M) == ["kanter.jsonl:3:",
                                                                                            "kanter.jsonl:4:"]


@pytest.mark.skipif(shutil.which("java") is None, reason="PySpark needs Java (17 or newer)")
def test_spark_recipe_in_local_mode_matches_the_cli(tmp_path, write, monkeypatch):
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)  # the executors' Python: the one with advolint
    write(".advolint.yaml", POLICY)
    shards = [str(shard(write, f"eksport-{part}.jsonl", part * 40, 40).name) for part in range(3)]
    spark = (SparkSession.builder.master("local[2]").appName("advolint-test")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate())
    try:
        written = recipe("spark_audit").audit(shards, ".advolint.yaml", "rapport", spark)
        edges = [edge_shard("kanter med mellemrum.jsonl"), shards[0], "kanter med mellemrum.jsonl"]  # given twice
        matches_the_cli("".join(path.read_text(encoding="utf-8")
                                for path in recipe("spark_audit").audit(edges, ".advolint.yaml", "kanter", spark)),
                        edges)
        # A shard is known by each of its names: relative, absolute, a file URI (as Spark spells it).
        qualified = recipe("spark_audit").qualified
        absolute = str(tmp_path / shards[1])
        assert qualified(spark, shards[1]) == qualified(spark, absolute) == qualified(spark, "file://" + absolute) \
            == "file:" + absolute
        by_uri = recipe("spark_audit").audit(["file://" + absolute], ".advolint.yaml", "uri", spark)
        assert "".join(path.read_text(encoding="utf-8") for path in by_uri).replace(f'"file://{absolute}"', json.dumps(
            shards[1])) == run_cli("check", "--format", "jsonl", "--policy", ".advolint.yaml", shards[1]).stdout
    finally:
        spark.stop()
    from_spark = "".join(path.read_text(encoding="utf-8") for path in written)
    from_cli = run_cli("check", "--format", "jsonl", "--policy", ".advolint.yaml", *shards).stdout
    assert len(written) >= 2 and from_spark == from_cli
    assert "120388-1234" not in from_spark  # personal data masked there too


def test_jsonl_report_gives_sigalrm_back_to_its_caller(tmp_path, write, monkeypatch):
    # The per-record time budget borrows SIGALRM (see run/units.BorrowedBudget): a caller's own
    # handler and timer are the caller's again after the call.
    import signal

    import advolint

    monkeypatch.chdir(tmp_path)
    write(".advolint.yaml", POLICY)
    lines = shard(write, "eksport.jsonl", 0, 8).read_text(encoding="utf-8").split("\n")

    def callers_handler(signum, frame):
        raise AssertionError("the caller's timer fired during the test")

    previous = signal.signal(signal.SIGALRM, callers_handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        assert advolint.jsonl_report(lines, advolint.load_linter(".advolint.yaml"), name="eksport.jsonl")
        assert signal.getsignal(signal.SIGALRM) is callers_handler
        assert 25 < signal.getitimer(signal.ITIMER_REAL)[0] <= 30
        # ... and the budget still stops a record that takes longer than it allows.
        write("kort.yaml", POLICY + "limits: {post_seconds: 0.001}\n")
        big = json.dumps({"id": "stor", "text": "Nordlys Energi åbner i Vejle! " * 30_000})
        rows = advolint.jsonl_report([big], advolint.load_linter("kort.yaml"), name="stor.jsonl")
        assert [json.loads(row)["error"] for row in rows] == [
            "stor.jsonl:1: checking took more than 0.001 s (limits.post_seconds); not checked"]
        assert signal.getsignal(signal.SIGALRM) is callers_handler and signal.getitimer(signal.ITIMER_REAL)[0] > 20
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
