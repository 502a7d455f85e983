"""Audits at scale: records/s of one process, ``--jobs``, the Dask recipe and the PySpark recipe.

    python bench/shards.py [--shards 4] [--records 10000] [--jobs 2]

Writes ``--shards`` JSONL shards of ``--records`` generated posts each (the
corpus and policy of ``bench/run.py``: its generators and seed, the example
policy plus 1,000 generated terms) and audits them with ``--format jsonl``
four ways, each timed on the wall clock from the start of the command or
call to the last report line written, the compiled policy already cached:

* ``advolint check`` in one process;
* ``advolint check --jobs N``;
* ``examples/dask_audit.py``'s ``audit`` on a local ``dask.distributed``
  cluster of N worker processes (the cluster's start not counted);
* ``examples/spark_audit.py``'s ``audit`` in Spark's local mode with N
  threads (the session's start not counted), when PySpark and Java are here.

Each report is compared with the one-process CLI's, byte for byte.  Not
part of the tests; needs the ``scale`` and ``spark`` extras.  On a machine
with N cores the engines can only show their overhead: they pay off on
more machines than one.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import run as bench_run  # noqa: E402  (the corpus and the policy)


def recipe(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "examples" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_shards(folder: Path, shards: int, records: int) -> tuple[Path, list[str]]:
    rng = random.Random(bench_run.SEED)
    terms = bench_run.generate_terms(100_000, rng)
    policy = bench_run.write_policy(folder, terms[:1_000])
    names = []
    for number in range(shards):
        posts = bench_run.generate_posts(records, terms[:100], rng)
        name = f"eksport-{number}.jsonl"
        (folder / name).write_text("".join(json.dumps(post, ensure_ascii=False) + "\n" for post in posts),
                                   encoding="utf-8")
        names.append(name)
    return policy, names


def cli(policy: Path, shards: list[str], *options: str) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "advolint", "check", "--format", "jsonl", "--policy",
                             str(policy), *options, *shards], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"advolint check {' '.join(options)} failed:\n{result.stderr[-2000:]}")
    return seconds, result.stdout


def dask_run(policy: Path, shards: list[str], workers: int) -> tuple[float, str]:
    from dask.distributed import Client, LocalCluster

    audit = recipe("dask_audit").audit
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        start = time.perf_counter()
        written = audit(shards, str(policy), "dask-report", client)
        seconds = time.perf_counter() - start
    return seconds, "".join(Path(path).read_text(encoding="utf-8") for path in written)


def spark_run(policy: Path, shards: list[str], workers: int) -> tuple[float, str] | None:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None
    if shutil.which("java") is None:
        return None
    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (SparkSession.builder.master(f"local[{workers}]").appName("advolint-bench")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        start = time.perf_counter()
        written = recipe("spark_audit").audit(shards, str(policy), "spark-report", spark)
        seconds = time.perf_counter() - start
    finally:
        spark.stop()
    return seconds, "".join(path.read_text(encoding="utf-8") for path in written)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--records", type=int, default=10_000, help="records per shard")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="processes, workers or threads")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="advolint-shards-"))
    os.environ["ADVOLINT_CACHE_DIR"] = str(folder / "cache")
    os.chdir(folder)
    try:
        policy, shards = write_shards(folder, args.shards, args.records)
        total = args.shards * args.records
        cli(policy, shards[:1])  # compiles and caches the policy
        print(f"{args.shards} shards of {args.records:,} records ({total:,}), load average "
              f"{os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs")
        one_seconds, expected = cli(policy, shards)
        runs = [("advolint check, one process", one_seconds, expected),
                (f"advolint check --jobs {args.jobs}", *cli(policy, shards, "--jobs", str(args.jobs))),
                (f"Dask recipe, {args.jobs} local workers", *dask_run(policy, shards, args.jobs))]
        spark = spark_run(policy, shards, args.jobs)
        if spark is not None:
            runs.append((f"PySpark recipe, local[{args.jobs}]", *spark))
        for name, seconds, report in runs:
            same = "same report" if report == expected else "REPORT DIFFERS"
            print(f"  {name:<36} {total / seconds:8,.0f} records/s  ({seconds:6.2f} s, {same})")
        if spark is None:
            print("  PySpark recipe: not run (needs pyspark and Java)")
    finally:
        os.chdir(ROOT)
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
