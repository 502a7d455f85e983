"""Audit JSONL shards on a Dask cluster: a recipe on advolint's public API.

advolint is a pure function of (compiled policy, post), so an archive that
outgrows one machine shards over an existing engine.  The policy is compiled
once, here, and shipped to every worker once (``Client.scatter(...,
broadcast=True)``); each shard is one partition, checked by
``advolint.check_records``, and its violations are written as a JSONL shard
of its own, in the lines ``advolint check --format jsonl SHARD`` prints.
Concatenated in shard order the output files are the CLI's report on the
same shards (``tests/test_scale.py`` checks it on a two-worker cluster).

    python examples/dask_audit.py --policy .advolint.yaml --out audit/ export-*.jsonl
    python examples/dask_audit.py --scheduler tcp://10.0.0.5:8786 ...   # an existing cluster

Needs ``pip install "advolint[scale]"`` (dask and distributed).
"""

from __future__ import annotations

import argparse
from pathlib import Path


def check_partition(lines, linter, names: dict) -> list[str]:
    """The JSONL report lines of one partition: the ``(line, path)`` items of one shard
    (``names`` maps Dask's absolute paths to the shard names as given)."""
    import advolint

    items = list(lines)
    shard = names.get(str(Path(items[0][1]).resolve()), items[0][1]) if items else ""
    return advolint.jsonl_report([line for line, _ in items], linter, name=shard)


def audit(shards: list[str], policy: str | None, out: str, client) -> list[str]:
    """Check every shard on ``client``'s cluster; the report shards written to ``out``, in shard order."""
    import dask.bag as db

    import advolint

    linter = client.scatter(advolint.load_linter(policy), broadcast=True)  # compiled once, shipped once
    # One partition per shard; lines end at "\n" only and bytes that are not UTF-8 are kept, as the
    # CLI reads a shard (universal newlines would cut a line at a lone "\r"; "strict" would stop
    # the whole audit at one record the CLI reports as not UTF-8 and passes over).
    lines = db.read_text(shards, blocksize=None, include_path=True, linedelimiter="\n", errors="surrogateescape")
    names = {str(Path(shard).resolve()): shard for shard in shards}  # reports name shards as given
    reports = lines.map_partitions(check_partition, linter, names)
    Path(out).mkdir(parents=True, exist_ok=True)
    return reports.to_textfiles(str(Path(out) / "*.jsonl"), name_function=lambda number: f"{number:05d}",
                                last_endline=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shards", nargs="+")
    parser.add_argument("--policy", help="the policy (default: the embedded default policy)")
    parser.add_argument("--out", required=True, help="folder for the report shards")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler (default: a local cluster)")
    parser.add_argument("--workers", type=int, default=2, help="workers of the local cluster")
    options = parser.parse_args()
    from dask.distributed import Client, LocalCluster

    if options.scheduler:
        client = Client(options.scheduler)
    else:
        client = Client(LocalCluster(n_workers=options.workers, threads_per_worker=1))
    with client:
        for report in audit(options.shards, options.policy, options.out, client):
            print(report)


if __name__ == "__main__":
    main()
