"""Per-post cost of this checkout against another commit, measured side by side.

    python bench/side_by_side.py [--baseline REF] [--rounds N] [--terms N]

Both trees (this checkout and ``git archive REF``, default the merge base
with ``main``) check the same ``bench/run.py`` corpus (10,000 generated
Danish posts, the example policy plus a generated term file of 1,000 terms)
in-process, compiled without the cache, timed in CPU seconds of the
process (the best of three passes: other work on a shared machine inflates
wall time far more); each round runs both, alternating which goes first,
and the medians are compared.  Each tree uses its own
``bench/run.py`` and ``src``, so the corpus is the one that tree's benchmark
generates (the same, as long as ``bench/run.py`` did not change).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, random, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[1] + "/bench")
import run
rng = random.Random(run.SEED)
terms = run.generate_terms(int(sys.argv[3]), rng)
records = run.generate_posts(int(sys.argv[2]), terms[:100], rng)
folder = Path(tempfile.mkdtemp(prefix="advolint-side-"))
policy = run.write_policy(folder, terms)
linter = run.load_linter(policy, use_cache=False)
raws = [("jsonl", i + 1, json.dumps(r, ensure_ascii=False).encode()) for i, r in enumerate(records)]
timings = []
for _ in range(3):
    posts = [run.record_post(raw, "bench.jsonl") for raw in raws]  # fresh posts: no cached analyses
    start = time.process_time()
    for post in posts:
        linter.check(post)
    timings.append(time.process_time() - start)
print(json.dumps({"per_post": min(timings) / len(records), "file": run.advolint.__file__}))
"""


def measure(tree: Path, posts: int, terms: int) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, str(tree), str(posts), str(terms)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="git ref to compare with (default: merge base with main)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--terms", type=int, default=1_000)
    args = parser.parse_args()
    ref = args.baseline or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, capture_output=True,
                                          text=True, check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="advolint-baseline-") as folder:
        archive = Path(folder) / "tree.tar"
        subprocess.run(["git", "archive", "-o", str(archive), ref], cwd=ROOT, check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(Path(folder) / "tree")
        trees = {"baseline": Path(folder) / "tree", "this": ROOT}
        costs: dict[str, list[float]] = {name: [] for name in trees}
        for round_ in range(args.rounds):
            order = list(trees) if round_ % 2 == 0 else list(reversed(trees))
            for name in order:
                costs[name].append(measure(trees[name], args.posts, args.terms)["per_post"])
    medians = {name: statistics.median(values) for name, values in costs.items()}
    print(f"baseline {ref[:12]}: median {medians['baseline'] * 1e6:.1f} µs/post "
          f"({', '.join(f'{v * 1e6:.1f}' for v in costs['baseline'])})")
    print(f"this checkout:     median {medians['this'] * 1e6:.1f} µs/post "
          f"({', '.join(f'{v * 1e6:.1f}' for v in costs['this'])})")
    print(f"ratio: {medians['this'] / medians['baseline']:.3f} (target <= 1.20)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
