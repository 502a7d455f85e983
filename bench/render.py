"""Rendering benchmark: µs/post of ``render(name, report)`` per format, CPU time.

    python bench/render.py                       # this tree
    python bench/render.py --src /work/main/src  # A/B: this tree and another, interleaved

Builds the corpus of ``bench/run.py`` (its generators, the same seed: 10,000 posts in
one JSONL batch, the 1,000-term example policy), checks it once in-process, then
renders the report in each format: ``--rounds`` rounds, each timing every format
``--repeat`` times (CPU time, ``time.process_time``, after a garbage collection) and
keeping the best; the figure printed is the median of the rounds' bests.  With
``--src`` each tree runs in a process of its own (its own advolint, the same corpus)
and the trees take turns format by format, so a busy machine weighs on both alike; the
SHA-256 of each tree's output is compared, so a faster renderer that changes a byte is
reported.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib.util
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMATS = ["json", "text", "sarif", "jsonl", "concise", "github", "rdjsonl", "junit"]


# -- the worker: one tree's advolint, the corpus checked once, timings on request ---------

def _worker(src: str, posts: int) -> None:
    sys.path.insert(0, src)
    import advolint  # before bench/run.py, which puts this tree's src first on the path

    if not Path(advolint.__file__).resolve().is_relative_to(Path(src).resolve()):
        raise SystemExit(f"advolint came from {advolint.__file__}, not from {src}")
    spec = importlib.util.spec_from_file_location("bench_run", HERE / "run.py")
    bench_run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_run)
    os.environ.pop("GITHUB_STEP_SUMMARY", None)  # github would write a step summary too
    rng = random.Random(bench_run.SEED)  # as bench/run.py draws them: terms first, then posts
    work = Path(tempfile.mkdtemp(prefix="advolint-render-"))
    os.environ["ADVOLINT_CACHE_DIR"] = str(work / "cache")
    os.chdir(work)  # the report names posts.jsonl, whichever tree and folder: the outputs compare
    try:
        terms = bench_run.generate_terms(100_000, rng)
        policy = bench_run.write_policy(work, terms[:1_000])
        records = bench_run.generate_posts(posts, terms[:100], rng)
        Path("posts.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                       encoding="utf-8")
        result = bench_run.check_in_process([Path("posts.jsonl")], policy)
        _serve(result, advolint.__file__)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _serve(result, where: str) -> None:
    """Answers ``<format> <repeat>`` lines on stdin with the best CPU time and the output's hash."""
    from advolint.formats import Report, render

    shown = [v for v in result.violations if v.suppression is None]
    suppressed = [v for v in result.violations if v.suppression is not None]
    per_post = 1e6 / max(1, result.records or result.files)
    print(json.dumps({"advolint": where, "posts": result.records, "violations": len(shown),
                      "suppressed": len(suppressed)}), flush=True)
    for line in sys.stdin:
        name, repeat = line.split()
        best = float("inf")
        for _ in range(int(repeat)):
            report = Report(violations=shown, files=result.files, language="da", errors=[], suppressed=suppressed)
            gc.collect()
            start = time.process_time()
            text = render(name, report)
            best = min(best, time.process_time() - start)
        text = text.replace(Path.cwd().as_uri(), "file:///bench-folder")  # SARIF names the folder
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        print(json.dumps({"us": best * per_post, "sha256": digest}), flush=True)


# -- the conductor ---------------------------------------------------------------------------

class Tree:
    def __init__(self, label: str, src: str, posts: int):
        self.label, self.src = label, src
        self.process = subprocess.Popen([sys.executable, __file__, "--worker", src, "--posts", str(posts)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                        cwd=tempfile.gettempdir())
        self.info = json.loads(self._line())
        self.times: dict[str, list[float]] = {}
        self.digests: dict[str, str] = {}

    def _line(self) -> str:
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the {self.label} worker ({self.src}) stopped")
        return line

    def time(self, name: str, repeat: int) -> None:
        self.process.stdin.write(f"{name} {repeat}\n")
        self.process.stdin.flush()
        answer = json.loads(self._line())
        self.times.setdefault(name, []).append(answer["us"])
        self.digests[name] = answer["sha256"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", help="another tree's src folder to compare with (e.g. /work/main/src)")
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="timings per format and round (the best is kept)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated, default all")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return _worker(args.worker, args.posts)
    names = args.formats.split(",")
    trees = [Tree("this", str(HERE.parent / "src"), args.posts)]
    if args.src:
        trees.append(Tree("other", args.src, args.posts))
    for tree in trees:
        print(f"{tree.label}: {tree.info['advolint']} ({tree.info['posts']:,} posts, "
              f"{tree.info['violations']:,} violations, {tree.info['suppressed']:,} suppressed)")
    if len({(t.info["posts"], t.info["violations"], t.info["suppressed"]) for t in trees}) > 1:
        print("NOTE: the trees found different violations: their timings are not of the same report")
    print(f"load average {os.getloadavg()[0]:.1f}; CPU µs/post, median of {args.rounds} rounds "
          f"(each the best of {args.repeat})")
    for round_number in range(args.rounds):
        for name in names:
            # Alternate which tree goes first, so neither always follows the other's garbage.
            for tree in trees if round_number % 2 == 0 else trees[::-1]:
                tree.time(name, args.repeat)
    for tree in trees:
        tree.close()
    header = f"{'format':<9}" + "".join(f"{tree.label:>10}" for tree in trees)
    print(header + ("     ratio  bytes" if len(trees) > 1 else ""))  # ratio: this tree's time / the other's
    for name in names:
        medians = [statistics.median(tree.times[name]) for tree in trees]
        line = f"{name:<9}" + "".join(f"{median:>10.1f}" for median in medians)
        if len(trees) > 1:
            same = "same" if trees[0].digests[name] == trees[1].digests[name] else "DIFFERENT"
            # The median of the rounds' ratios: each round timed both trees side by side.
            ratio = statistics.median(a / b for a, b in zip(trees[0].times[name], trees[1].times[name]))
            line += f"{ratio:>9.2f}x  {same}"
        print(line)
    print("rounds: " + "; ".join(f"{tree.label} {name} " + " ".join(f"{t:.1f}" for t in tree.times[name])
                                 for name in names for tree in trees))


if __name__ == "__main__":
    main()
