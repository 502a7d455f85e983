"""Audit JSONL shards with PySpark: a recipe on advolint's public API.

The same recipe as ``examples/dask_audit.py`` on Spark: the policy is
compiled once, here, and shipped to every executor once (a broadcast
variable); each shard is read whole (``binaryFiles``: its name and line
numbers are the report's, its bytes the CLI's), checked in ``mapPartitions`` by
``advolint.jsonl_report``, and the report lines are written with
``saveAsTextFile`` in shard order, so the part files concatenated in order
are the lines ``advolint check --format jsonl SHARDS`` prints (plus a line
for each record that could not be checked).  ``tests/test_scale.py`` checks
that in Spark's local mode.

    python examples/spark_audit.py --policy .advolint.yaml --out rapport/ eksport-*.jsonl
    spark-submit --master spark://10.0.0.5:7077 examples/spark_audit.py ...   # a cluster

Needs ``pip install "advolint[spark]"`` (PySpark) and Java 17 or newer.
Every executor needs advolint installed.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def qualified(spark, path: str) -> str:
    """``path`` as Spark names the files it reads ("eksport-1.jsonl", "file:///data/x.jsonl",
    "hdfs:///eksport/1.jsonl" as "file:/work/eksport-1.jsonl", "file:/data/x.jsonl",
    "hdfs://namenode:8020/eksport/1.jsonl"): Hadoop's own qualifying, with the cluster's
    default file system and working directory."""
    jvm, configuration = spark._jvm, spark._jsc.hadoopConfiguration()
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    return str(hadoop_path.getFileSystem(configuration).makeQualified(hadoop_path))


def check_shards(shards, linter, names: dict):
    """``(shard's index, its report)`` for each ``(path, data)`` of a partition (``names``
    maps Spark's paths to the index and name as given of each time the shard was given)."""
    import advolint

    for path, data in shards:
        # Bytes that are not UTF-8 kept (wholeTextFiles would make them U+FFFD and check the
        # record), so the record is the CLI's "not UTF-8" error; split("\n"), not splitlines():
        # a record may hold a U+2028 that JSON leaves raw.
        lines = bytes(data).decode("utf-8", "surrogateescape").split("\n")
        entries = names.get(path)
        if entries is None:
            raise ValueError(f"{path}: read by Spark, but not a shard as given: give each shard's file, "
                             f"not a folder or a glob")
        for index, name in entries:  # a shard given twice is checked twice, as by the CLI
            report = advolint.jsonl_report(lines, linter.value, name=name)
            if report:
                yield index, "\n".join(report)


def audit(shards: list[str], policy: str | None, out: str, spark) -> list[Path]:
    """Check every shard with ``spark``; the part files written to ``out``, in shard order
    (listed when ``out`` is a local or mounted folder; for hdfs:// or s3a:// list them there)."""
    import advolint

    context = spark.sparkContext
    linter = context.broadcast(advolint.load_linter(policy))  # compiled once, shipped once
    names: dict = {}
    for index, shard in enumerate(shards):
        names.setdefault(qualified(spark, shard), []).append((index, shard))
    # Spark packs small files into partitions of about total / minPartitions bytes: four
    # partitions a core, so that no core is left with most of the shards ([3, 1] on 2 cores
    # with minPartitions=4: 1,590 records/s, not 2,450).
    files = context.binaryFiles(",".join(sorted(names)),
                                minPartitions=max(len(names), 4 * context.defaultParallelism))
    reports = files.mapPartitions(lambda partition: check_shards(partition, linter, names))
    # Shard i's report to part file i (partitionBy, not sortByKey: that would check every
    # shard once more to sample its keys), so the part files follow the shards' order.
    reports.partitionBy(max(1, len(shards)), lambda index: index).values().saveAsTextFile(out)
    return sorted(Path(out).glob("part-*"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shards", nargs="+")
    parser.add_argument("--policy", help="the policy (default: the embedded default policy)")
    parser.add_argument("--out", required=True, help="folder for the report (must not exist)")
    parser.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[*])")
    options = parser.parse_args()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("advolint-audit")
    if options.master:
        builder = builder.master(options.master)
    spark = builder.getOrCreate()
    try:
        for part in audit(options.shards, options.policy, options.out, spark):
            print(part)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
