"""The Dask recipe (examples/dask_audit.py) on a local two-worker cluster gives the CLI's report."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

pytest.importorskip("dask.bag")
pytest.importorskip("distributed")

from conftest import run_cli  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
POLICY = ("version: 1\ncompany: {name: Nordlys Energi, aliases: [Nordlys]}\ntone: {exclamation_max: 1}\n"
          "confidential: {terms: [Projekt Falcon], personal_data: [cpr]}\n")


def recipe():
    spec = importlib.util.spec_from_file_location("dask_audit", ROOT / "examples" / "dask_audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shard(write, name: str, first: int, count: int) -> Path:
    lines = []
    for number in range(first, first + count):
        text = [f"Stor dag i Vejle! Nordlys Energi åbner butik nr. {number}!",
                "Tak for i dag.", f"Nyt fra Projekt Falcon, uge {number}",
                f"Tillykke til Jens (120388-1234) og holdet! #{number}"][number % 4]
        lines.append(json.dumps({"id": f"li-{number}", "text": text, "platform": "linkedin"}, ensure_ascii=False))
        if number % 7 == 0:
            lines.append("")  # a blank line: skipped, but it counts in the line numbers
    return write(name, "\n".join(lines) + "\n")


def test_dask_recipe_on_two_workers_matches_the_cli(tmp_path, write, monkeypatch):
    from dask.distributed import Client, LocalCluster

    monkeypatch.chdir(tmp_path)
    write(".advolint.yaml", POLICY)
    shards = [str(shard(write, f"eksport-{part}.jsonl", part * 40, 40).name) for part in range(3)]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        written = recipe().audit(shards, ".advolint.yaml", "rapport", client)
    assert [Path(path).name for path in written] == ["00000.jsonl", "00001.jsonl", "00002.jsonl"]
    from_dask = "".join(Path(path).read_text(encoding="utf-8") for path in written)
    from_cli = run_cli("check", "--format", "jsonl", "--policy", ".advolint.yaml", *shards).stdout
    assert from_dask == from_cli
    rules = {json.loads(line)["rule"] for line in from_cli.splitlines()}
    assert {"tone-exclamation", "disclosure-missing", "confidential-term", "personal-data"} <= rules
    assert "120388-1234" not in from_dask  # personal data masked there too
