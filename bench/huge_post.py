"""How advolint copes with one huge post: a 10 MB file on a single line.

Runs the whole CLI (``python -m advolint check``) with the complete example
policy on a generated post (Danish text with hashtags, URLs with fragments,
@mentions, emoji, exclamation marks) and prints, for the text and the JSON
report: wall time, peak memory of the process, and the size of the report.
A robust linter finishes in seconds, stays near the size of the post in
memory, and keeps the text report small however long the line is.

    python bench/huge_post.py [megabytes] [--lines]

``--lines`` ends every sentence with a line break instead (a long post of
many lines: the term matcher's folded text then differs from the post's
case-folded copy, so the two are not one string).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = ("Kæmpe nyhed fra Nordlys Energi! Se https://nordlys.dk/solceller#priser og #SolarFlex "
            "sammen med @NordlysTeam 🎉 Vi har installeret 40 anlæg i Vejle. ")


def run(args: list[str]) -> tuple[float, int, int]:
    """(seconds, peak RSS in MB, bytes of stdout) of one advolint process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    start = time.perf_counter()
    # A fresh child per run, so RUSAGE_CHILDREN's maximum is this run's
    # (each earlier run was a smaller or equal process of the same kind).
    result = subprocess.run([sys.executable, "-m", "advolint", "check", *args], env=env,
                            capture_output=True, check=False)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    if result.returncode not in (0, 1):
        sys.exit(f"advolint failed ({result.returncode}): {result.stderr.decode()[:500]}")
    return seconds, peak_mb, len(result.stdout)


def main() -> None:
    arguments = [argument for argument in sys.argv[1:] if argument != "--lines"]
    lines = "--lines" in sys.argv[1:]
    megabytes = float(arguments[0]) if arguments else 10
    sentence = SENTENCE.rstrip() + "\n" if lines else SENTENCE
    with tempfile.TemporaryDirectory() as folder:
        post = Path(folder) / "stort-opslag.txt"
        text = (sentence * (int(megabytes * 1_000_000) // len(sentence.encode()) + 1))
        post.write_text(text.rstrip(), encoding="utf-8")
        size = post.stat().st_size / 1_000_000
        policy = ROOT / "config" / "example-policy.yaml"
        shape = f"in {text.count(chr(10)) + 1:,} lines" if lines else "on one line"
        print(f"post: {size:.1f} MB {shape}, policy: {policy.name}")
        for output in ("text", "json"):
            seconds, peak_mb, report = run(["--policy", str(policy), "--format", output, str(post)])
            print(f"{output:>5}: {seconds:6.2f} s, peak memory {peak_mb} MB, report {report / 1000:.1f} kB")


if __name__ == "__main__":
    main()
