"""What custom existence rules cost per post: 200 rules of 20 tokens each, on bench/run.py's corpus.

``python bench/custom_rules.py [--posts N] [--rounds N]`` builds the bench's
policy (``bench/run.py``: the example policy and 1,000 generated
confidential terms) without custom rules (A) and with 200 ``existence``
rules of 20 tokens each (B: made-up words, plus a word the corpus uses in
every tenth rule, so some rules fire), compiles both, and checks the same
posts with each in turn, A and B alternating in one process, timing CPU
time (``time.process_time``) per round.  It prints the medians per post and
B - A; the target is at most 30 µs.  Exit 1 when over it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TARGET_MICROSECONDS = 30.0
RULES, TOKENS = 200, 20
CORPUS_WORDS = ["solcelleanlæg", "varmepumpe", "billigste", "montører", "standen", "kolleger", "omsætning",
                "familier", "weekend", "tilbud"]


def bench_module():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def custom_rules(rng: random.Random, syllables: list[str], firing: bool) -> dict:
    rules = {}
    for number in range(RULES):
        tokens = ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(TOKENS)]
        if firing and number % 10 == 0:
            tokens[0] = CORPUS_WORDS[(number // 10) % len(CORPUS_WORDS)]
        rules[f"Bench.Regel{number:03d}"] = {"extends": "existence", "message": "Undgå '%s'.", "level": "warning",
                                             "ignorecase": number % 2 == 0, "tokens": tokens}
    return rules


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    import yaml

    from advolint.linter.cache import load_linter
    from advolint.text.batch import record_post

    bench = bench_module()
    rng = random.Random(bench.SEED)
    terms = bench.generate_terms(1000, rng)
    records = bench.generate_posts(args.posts, terms, rng)
    raws = [("jsonl", index + 1, json.dumps(record, ensure_ascii=False).encode()) for index, record in enumerate(records)]
    with tempfile.TemporaryDirectory(prefix="custom-rules-bench-") as temp:
        folder = Path(temp)
        base = bench.write_policy(folder, terms)
        policy = yaml.safe_load(base.read_text(encoding="utf-8"))
        policy.pop("custom", None)
        policy.pop("vale", None)
        plain = folder / "a.yaml"
        plain.write_text(yaml.safe_dump(policy, allow_unicode=True), encoding="utf-8")
        paths = {"A": plain}
        for name, firing in (("B", False), ("C", True)):
            policy["custom"] = custom_rules(random.Random(name), bench.SYLLABLES, firing)
            paths[name] = folder / f"{name.lower()}.yaml"
            paths[name].write_text(yaml.safe_dump(policy, allow_unicode=True), encoding="utf-8")
        linters = {}
        for name, path in paths.items():
            started = time.process_time()
            linters[name] = load_linter(path, use_cache=False)
            print(f"compile {name}: {time.process_time() - started:.2f} s CPU")
        timings: dict[str, list[float]] = {name: [] for name in linters}
        found = dict.fromkeys(linters, 0)
        names = list(linters)
        clock = time.process_time
        for round_number in range(args.rounds):
            spent = dict.fromkeys(names, 0.0)
            for index, raw in enumerate(raws):
                # Post by post, the order rotating: a noisy machine's drift falls on all three alike.
                shift = (index + round_number) % 3
                for name in names[shift:] + names[:shift]:
                    post = record_post(raw, "bench.jsonl")  # a fresh post: nothing cached
                    start = clock()
                    found[name] += len(linters[name].check(post))
                    spent[name] += clock() - start
            for name in names:
                timings[name].append(spent[name] / len(raws) * 1e6)
        found = {name: count // args.rounds for name, count in found.items()}
    a, b, c = (statistics.median(timings[name]) for name in names)
    print(f"posts {args.posts}, rounds {args.rounds}; violations A {found['A']}, B {found['B']}, C {found['C']}")
    print(f"per post (median CPU): A (no custom rules) {a:.1f} µs, B ({RULES} rules x {TOKENS} made-up tokens) "
          f"{b:.1f} µs, C (B with a corpus word in every tenth rule) {c:.1f} µs")
    print(f"B - A: {b - a:.1f} µs per post (target <= {TARGET_MICROSECONDS:.0f} µs); C - A: {c - a:.1f} µs "
          f"(C reports {(found['C'] - found['A']) / args.posts:.2f} more violations per post)")
    for name in names:
        print(f"rounds {name}: " + ", ".join(f"{t:.1f}" for t in timings[name]))
    return 0 if b - a <= TARGET_MICROSECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
