"""A huge confidential term file: compile time, peak memory, cache entry (issue 12 §7).

    python bench/term_file.py [--terms N] [--repeat 3] [--src OTHER/src ...]

Generates a term file of ``--terms`` (default 1,000,000) lines (the same
generator and seed as ``bench/scale.py``) and a policy that reads it, then
measures, each in a fresh process and with a fresh cache folder:

* the uncached run: CPU seconds (user + system) spent in ``load_linter``
  (load, compile, write the cache entry) and the process's peak RSS
  (targets: under 15 s, under 1.5 GB);
* the size of the compiled-policy cache entry (target: under 200 MB);
* the cached run: CPU seconds of ``load_linter`` and peak RSS (under 1 GB);
  each cached run also checks a post naming a term, so a broken entry shows.

CPU time, not wall time: the machine is shared.  ``--src`` adds other
builds (an ``src`` folder of another checkout, e.g. one made by ``git
archive START src lint_rules config | tar -x -C /tmp/start``); the builds
are run in turn within each repetition, so they share the machine's load,
and the medians of ``--repeat`` runs are printed side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from scale import SYLLABLES  # noqa: E402  (the same terms as scale.py)

CHILD = r"""
import json, os, resource, sys, time
start = time.process_time()
import advolint
from advolint.linter.cache import load_linter
from advolint.text.post import post_from_text
linter = load_linter(sys.argv[1])
load_cpu = time.process_time() - start
violations = linter.check(post_from_text(sys.argv[2], "post.txt"))
print(json.dumps({"module": advolint.__file__, "load_cpu_s": load_cpu, "violations": len(violations),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def write_terms(path: Path, count: int) -> str:
    """The term file of bench/scale.py (same seed, same draws); returns one of its terms."""
    rng = random.Random(12)
    for _ in range(8_000 * 4):  # scale.py draws its phone numbers first
        rng.randint(20, 99)
    seen: set[str] = set()
    first = None
    with open(path, "w", encoding="utf-8") as handle:
        while len(seen) < count:
            term = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5))).capitalize()
            if rng.random() < 0.3:
                term += f" {rng.randint(2, 999)}"
            if term.lower() not in seen:
                seen.add(term.lower())
                first = first or term
                handle.write(term + "\n")
    return first


def child(src: Path, policy: Path, post: str, cache: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src), ADVOLINT_CACHE_DIR=str(cache))
    env.pop("ADVOLINT_NO_CACHE", None)
    result = subprocess.run([sys.executable, "-c", CHILD, str(policy), post], env=env,
                            capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"{src}: the child failed:\n{result.stderr[-2000:]}")
    measured = json.loads(result.stdout.splitlines()[-1])
    if not measured["module"].startswith(str(src)):
        sys.exit(f"{src}: imported advolint from {measured['module']}")
    return measured


def measure(src: Path, policy: Path, post: str, work: Path) -> dict:
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    first = child(src, policy, post, cache)
    entry_mb = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 1024 / 1024
    second = child(src, policy, post, cache)
    if not first["violations"] or second["violations"] != first["violations"]:
        sys.exit(f"{src}: the post's term was not found alike ({first['violations']}, {second['violations']})")
    return {"compile CPU s": first["load_cpu_s"], "compile peak MB": first["peak_mb"], "cache entry MB": entry_mb,
            "cached load CPU s": second["load_cpu_s"], "cached peak MB": second["peak_mb"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--src", type=Path, action="append", default=[], help="another build's src folder")
    args = parser.parse_args()
    builds = [ROOT / "src", *(path.resolve() for path in args.src)]
    with tempfile.TemporaryDirectory(prefix="advolint-terms-") as folder:
        work = Path(folder)
        terms = work / "terms.txt"
        term = write_terms(terms, args.terms)
        policy = work / "terms.yaml"
        policy.write_text(f"version: 1\nconfidential:\n  files: [{terms.name}]\n", encoding="utf-8")
        post = f"Stort møde i dag om {term} og resten af planen.\n"
        print(f"term file of {args.terms:,} lines ({terms.stat().st_size / 1024 / 1024:,.1f} MB), "
              f"medians of {args.repeat}")
        runs: dict[Path, list[dict]] = {build: [] for build in builds}
        for _ in range(args.repeat):
            for build in builds:
                runs[build].append(measure(build, policy, post, work))
        for build in builds:
            print(f"{build}:")
            for name in runs[build][0]:
                values = [run[name] for run in runs[build]]
                print(f"  {name:<18} {statistics.median(values):8.1f}  ({', '.join(f'{v:.1f}' for v in values)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
