"""Linear time and bounded memory: the confidential rules (issue 12 §7), big audits (issue 20).

    python bench/scale.py [--terms N] [--phones N]
    python bench/scale.py --audit 250000 [--clean 1000000] [--formats json,sarif,...]

Measures, each in a fresh process of this checkout:

1. personal-data on one post of ``--phones`` (default 8,000) phone numbers
   (about 120 KB): the check's wall time (target: under 1 s);
2. a term file of ``--terms`` (default 1,000,000) generated lines: the
   compile time and peak memory (``ru_maxrss``) of a first, uncached run
   (targets: under 15 s, under 1.5 GB), the size of the compiled-policy
   cache entry (under 200 MB), and the peak memory of a second, cached run
   (under 1 GB).

With ``--audit N`` instead: the peak memory (``ru_maxrss``) of the whole CLI
checking one JSONL batch of N records with 3 violations each, for every
streamed format (the report goes to a file, ``-o``; target: under 300 MB at
250,000 records), and with ``--clean M`` a batch of M records without
violations (``--format json``): the peak must not grow with M (compared with
a tenth of M).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SYLLABLES = ["ka", "lo", "ri", "sen", "dal", "mo", "vik", "tor", "na", "bel", "fa", "rund", "ho", "lin",
             "gar", "ve", "sø", "å", "ber", "ul", "kri", "sto", "fal", "con", "ør", "ne", "ti", "as"]

CHILD = r"""
import json, resource, sys, time
start = time.perf_counter()
from advolint.linter.cache import load_linter
from advolint.text.post import post_from_text
linter = load_linter(sys.argv[1])
loaded = time.perf_counter() - start
text = open(sys.argv[2], encoding="utf-8").read()
start = time.perf_counter()
violations = linter.check(post_from_text(text, "post.txt"))
checked = time.perf_counter() - start
print(json.dumps({"load_s": loaded, "check_s": checked, "violations": len(violations),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def child(policy: Path, post: Path, cache: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), ADVOLINT_CACHE_DIR=str(cache))
    result = subprocess.run([sys.executable, "-c", CHILD, str(policy), str(post)], env=env,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.splitlines()[-1])


AUDIT_POLICY = "version: 1\nmessages: en\ntone: {exclamation_max: 1}\nhashtags: {max: 3}\n"
LOUD = "Kæmpe nyhed fra os i dag! HUSK TILMELDING SENEST FREDAG! Vi ses på standen! #a #b #c #d #e"  # 3 violations
QUIET = "Vi havde en god dag på kontoret i Vejle og glæder os til weekenden."
STREAMED = ["jsonl", "json", "sarif", "concise", "github", "rdjsonl", "junit"]


def audit_batch(path: Path, count: int, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(count):
            handle.write(json.dumps({"id": f"post-{number:07d}", "text": f"{text} ({number})"},
                                    ensure_ascii=False) + "\n")


def peak_of_cli(args: list, cache: Path) -> tuple[float, float]:
    """(peak resident MB, CPU seconds) of ``advolint check ARGS`` in a fresh process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), ADVOLINT_CACHE_DIR=str(cache), GITHUB_STEP_SUMMARY="")
    probe = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)"
             ".returncode; r = resource.getrusage(resource.RUSAGE_CHILDREN); "
             "print(code, r.ru_maxrss, r.ru_utime + r.ru_stime)")
    out = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "advolint", "check", *map(str, args)],
                         env=env, capture_output=True, text=True, check=True).stdout.split()
    if int(out[0]) not in (0, 1):
        raise SystemExit(f"advolint check {' '.join(map(str, args))} failed (exit {out[0]})")
    return int(out[1]) / 1024, float(out[2])


def audits(args) -> int:
    with tempfile.TemporaryDirectory(prefix="advolint-audit-") as folder:
        work = Path(folder)
        policy = work / "policy.yaml"
        policy.write_text(AUDIT_POLICY, encoding="utf-8")
        batch = work / "audit.jsonl"
        audit_batch(batch, 10, LOUD)
        peak_of_cli(["--policy", policy, batch], work / "cache")  # compile the policy into the cache first
        audit_batch(batch, args.audit, LOUD)
        print(f"audit of {args.audit:,} records with 3 violations each ({batch.stat().st_size / 1e6:,.0f} MB), "
              "report to a file (-o):")
        for name in args.formats.split(","):
            peak, cpu = peak_of_cli(["--format", name, "--policy", policy, "-o", work / f"report.{name}", batch],
                                    work / "cache")
            size = (work / f"report.{name}").stat().st_size / 1e6
            print(f"  --format {name:<8} peak {peak:6.0f} MB  ({cpu:.0f} CPU s, {args.audit / cpu:,.0f} records/s, "
                  f"report {size:,.0f} MB)  [{'pass' if peak < 300 else 'MISS'} < 300 MB]")
            (work / f"report.{name}").unlink()
        batch.unlink()
        if args.clean:
            peaks = []
            for count in (args.clean // 10, args.clean):
                audit_batch(batch, count, QUIET)
                peaks.append(peak_of_cli(["--format", "json", "--policy", policy, "-o", work / "clean.json", batch],
                                         work / "cache")[0])
            print(f"clean audit, --format json: peak {peaks[0]:.0f} MB at {args.clean // 10:,} records, "
                  f"{peaks[1]:.0f} MB at {args.clean:,}  [{'pass' if peaks[1] < peaks[0] * 1.1 + 5 else 'MISS'} flat]")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=1_000_000)
    parser.add_argument("--phones", type=int, default=8_000)
    parser.add_argument("--audit", type=int, default=0, help="records of the big-audit memory test (e.g. 250000)")
    parser.add_argument("--clean", type=int, default=0, help="records of the clean audit (e.g. 1000000)")
    parser.add_argument("--formats", default=",".join(STREAMED))
    args = parser.parse_args()
    if args.audit or args.clean:
        return audits(args)
    rng = random.Random(12)
    with tempfile.TemporaryDirectory(prefix="advolint-scale-") as folder:
        work = Path(folder)
        # 1. many phone numbers in one post
        phones = work / "phones.txt"
        phones.write_text("".join(f"Ring {rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                                  f"{rng.randint(10, 99)}, " for _ in range(args.phones)), encoding="utf-8")
        policy = work / "pii.yaml"
        policy.write_text("version: 1\nconfidential:\n  personal_data: [cpr, phone, email, iban]\n", encoding="utf-8")
        result = child(policy, phones, work / "cache-pii")
        size_kb = phones.stat().st_size / 1024
        print(f"personal-data, {args.phones:,} phone numbers in one {size_kb:,.0f} KB post: "
              f"check {result['check_s']:.2f} s ({result['violations']:,} violations)")
        # 2. a huge term file
        terms = work / "terms.txt"
        seen: set[str] = set()
        with open(terms, "w", encoding="utf-8") as handle:
            while len(seen) < args.terms:
                term = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5))).capitalize()
                if rng.random() < 0.3:
                    term += f" {rng.randint(2, 999)}"
                if term.lower() not in seen:
                    seen.add(term.lower())
                    handle.write(term + "\n")
        policy = work / "terms.yaml"
        policy.write_text(f"version: 1\nconfidential:\n  files: [{terms.name}]\n", encoding="utf-8")
        post = work / "post.txt"
        post.write_text("Stort møde i dag om " + next(iter(seen)).title() + " og resten af planen.\n",
                        encoding="utf-8")
        cache = work / "cache-terms"
        start = time.perf_counter()
        first = child(policy, post, cache)
        wall = time.perf_counter() - start
        entries = [p for p in cache.rglob("*") if p.is_file()]
        entry_mb = sum(p.stat().st_size for p in entries) / 1024 / 1024
        second = child(policy, post, cache)
        print(f"term file of {args.terms:,} lines ({terms.stat().st_size / 1024 / 1024:,.1f} MB):")
        print(f"  uncached run: compile {first['load_s']:.1f} s (process {wall:.1f} s), "
              f"peak {first['peak_mb']:,.0f} MB")
        print(f"  cache entry {entry_mb:,.0f} MB")
        print(f"  cached run: load {second['load_s']:.1f} s, peak {second['peak_mb']:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
