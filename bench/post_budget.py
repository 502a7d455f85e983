"""The per-post time budget (``limits.post_seconds``): what it costs, and that it holds.

1. The cost: entering and leaving the budget around each post (two
   ``setitimer`` calls) in this process, in microseconds per post.
2. That it holds: the whole CLI on a post that made a rule slow (``"De kom. "``
   repeated to 64 KB, 130 s in tone-address before it was made linear) and on
   a 3-record JSONL batch of it, with ``limits.post_seconds: 2``: each run
   ends within about the budget per post, and a post over it is an error
   (exit 2) naming the file or record, never a hang.

    python bench/post_budget.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def overhead(posts: int = 200_000) -> float:
    from advolint.run.units import PostBudget

    budget = PostBudget(60.0)
    start = time.perf_counter()
    for _ in range(posts):
        with budget:
            pass
    return (time.perf_counter() - start) / posts * 1e6


def cli(folder: Path, *args: str) -> tuple[float, int, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), ADVOLINT_NO_CACHE="1")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "advolint", "check", *args], cwd=folder, env=env,
                            capture_output=True, text=True, check=False)
    lines = result.stderr.strip().splitlines()
    return time.perf_counter() - start, result.returncode, lines[0] if lines else ""


def main() -> None:
    print(f"budget overhead: {overhead():.2f} µs per post")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / ".advolint.yaml").write_text(
            "version: 1\nextends: [advolint:dk]\ntone: {address: du}\nlimits: {post_seconds: 2}\n", encoding="utf-8")
        slow = "De kom. " * (64 * 1024 // 8)
        (folder / "slow.txt").write_text(slow, encoding="utf-8")
        with open(folder / "slow.jsonl", "w", encoding="utf-8") as handle:
            for number in range(3):
                handle.write(json.dumps({"id": str(number), "text": slow}) + "\n")
        for target in ("slow.txt", "slow.jsonl"):
            seconds, code, first = cli(folder, "--format", "json", target)
            print(f"{target:>11}: {seconds:6.2f} s, exit {code}{', ' + first if first else ''}")


if __name__ == "__main__":
    main()
