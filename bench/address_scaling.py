"""tone-address must be linear in the post's length (issue 12 §7).

    python bench/address_scaling.py [kilobytes ...]

Checks posts of "De kom. " repeated to 8, 16, 32 and 64 KB (or the sizes given) with a
du policy, in this process, and prints the seconds of the check (median of 3) and the
time per KB: a linear rule keeps the time per KB flat, and 64 KB must take under 1 s
(it took 130 s when every sentence-start "De" re-read the text before it).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from advolint.linter.compiled import Linter  # noqa: E402
from advolint.policy.loading import policy_from_mapping  # noqa: E402

SENTENCES = ("De kom. ", "De kom? ", "Kontakt os. De kan komme. ")
TARGET_SECONDS = 1.0


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [8, 16, 32, 64]
    linter = Linter.compile(policy_from_mapping({"version": 1, "language": "da",
                                                  "tone": {"address": "du", "nlp_model": "none"}}))
    linter.check_text("Kontakt os. De kan komme.", None)  # lexicons and tables loaded before timing
    worst = 0.0
    for sentence in SENTENCES:
        for size in sizes:
            text = sentence * (size * 1024 // len(sentence))
            times = []
            for _ in range(3):
                start = time.perf_counter()
                found = linter.check_text(text, None)
                times.append(time.perf_counter() - start)
            seconds = statistics.median(times)
            worst = max(worst, seconds) if size == max(sizes) else worst
            print(f"{sentence.strip()!r:>28} {size:>4} KB: {seconds:7.3f} s  ({seconds / size * 1000:6.2f} ms/KB, "
                  f"{len(found)} violations)")
    print(f"largest post: worst {worst:.3f} s (target under {TARGET_SECONDS:.0f} s)")


if __name__ == "__main__":
    main()
