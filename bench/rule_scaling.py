"""Every rule must be linear in the post's length (issue 12 §7): posts built to make a
rule re-read the text, checked at two sizes.

    python bench/rule_scaling.py [characters ...]

Each case repeats one attack sentence (many URLs, hashtags, quotations, labels, story
frames, Markdown code and links, ...) to 250,000 and 500,000 characters (or the sizes
given) and checks it with the complete example policy, in this process, one rule at a
time.  It prints, per case, the slowest rule's seconds at each size (median of 3) and
their ratio: about 2 when doubling the post doubles the work; a rule whose ratio is over
2.8 (and which takes over 0.05 s) is listed as not linear, and the script exits 1.

Each of these was quadratic before it was fixed: "De" beside URLs (tone-address tested
every candidate against every URL), labels beside URLs (disclosure), shouting beside URLs
and "KØB NU" rubrics (regex's look-ahead for the ":" through the rest of the text), a
story of many frames (each frame held the whole text up to its end: 1.4 GB for 250 KB),
and Markdown with a link per block (each block looked at every URL).
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from advolint.linter.compiled import Linter  # noqa: E402
from advolint.policy.loading import load_policy  # noqa: E402
from advolint.text.post import post_from_text  # noqa: E402

LINEAR_RATIO = 2.8  # doubling the post: 2 for a linear rule; a quadratic one gives 4
NOTICEABLE_SECONDS = 0.05
# name -> (front matter, sentence repeated to the size)
CASES = {
    "du + URL": ("", "Kan du se https://nordlys.dk/a? "),
    "De + URL": ("", "Hvad siger De til www.x.dk/y? "),
    "shouting + URL": ("", "KØB NU https://x.dk/a #SALG @Nordlys "),
    "label + URL": ("", "Nordlys #reklame https://x.dk/reklame "),
    "label words + URLs": ("", "Nordlys annonce https://x.dk/annonce i samarbejde med https://x.dk/b "),
    "CPR + URL": ("", "Ring 0101881234 https://x.dk #a "),
    "exclamations": ("", "Wow! https://x.dk/! `kode!` "),
    "emoji": ("", "🎉🇩🇰👍🏽 #tag @m "),
    "claims": ("", "Nordlys er Danmarks bedste https://x.dk/bedste "),
    "documented claims": ("", "Nordlys er Danmarks største solcelleinstallatør og billigste "),
    "quotations": ("", "\"Du er sød,\" sagde De. "),
    "dialogue lines": ("", "- Du har ret\n- Ja\nDe kom\n"),
    "short lines": ("", "Du\n"),
    "hashtags": ("", "#a #b #c #konkurrent #Nordlys "),
    "mentions": ("", "@a @b.c @Nordlys "),
    "terms and shouting": ("", "Projekt Falcon! O r i o n 🎉 DU SKAL KØBE #reklame "),
    "invisible characters": ("", "a\u200bb\u202ec "),
    "reply with negations": ("---\nkind: reply\n---\n", "Jeg klager ikke over Nordlys, men prisen er høj. "),
    "Q&A labels": ("---\nkind: post\n---\n", "Sp: Hvad koster det? #sp Sp: mere "),
    "story frames": ("---\nkind: story\n---\n", "Køb hos Nordlys!\n+++\n"),
    "thread posts": ("---\nkind: thread\nplatform: x\n---\n", "Nordlys #reklame https://x.dk 🎉\n+++\n"),
    "Markdown tables": ("---\ntitle: x\n---\n", "| a | b |\n|---|---|\n| Du | De |\n\n> citat Du\n\n- punkt\n"),
    "Markdown code and links": ("---\ntitle: x\n---\n", "```\nkode DU\n```\n`x` **KØB** [a](https://x.dk/a#b) <b>DU</b>\n"),
}


def rule_seconds(linter, text: str, path: str) -> dict[str, float]:
    """Median seconds of each rule on the post (each rule on a fresh post, so none
    profits from what another left in the post's cache)."""
    times: dict[str, list[float]] = {}
    for _ in range(3):
        post = post_from_text(text, path)
        for rule in linter.rules:
            # A collection owed by the rules before (a story's thousands of part views
            # live on) would otherwise land in whichever rule runs next.
            gc.collect()
            start = time.perf_counter()
            list(rule.check(post))
            times.setdefault(type(rule).__name__, []).append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    small, large = [int(arg) for arg in sys.argv[1:3]] or [250_000, 500_000]
    linter = Linter.compile(load_policy(ROOT / "config" / "example-policy.yaml"))
    slow = []
    print(f"{'case':26} {'slowest rule':22} {small // 1000:>6} KB {large // 1000:>6} KB  ratio")
    for name, (front, sentence) in CASES.items():
        path = "opslag.md" if front else "opslag.txt"
        before, after = (rule_seconds(linter, front + sentence * (size // len(sentence)), path)
                         for size in (small, large))
        worst = max(after, key=after.get)
        print(f"{name:26} {worst:22} {before[worst]:7.3f} s {after[worst]:7.3f} s  {after[worst] / before[worst]:5.2f}")
        slow += [f"{name}: {rule} {before[rule]:.2f} -> {after[rule]:.2f} s" for rule in after
                 if after[rule] > NOTICEABLE_SECONDS and after[rule] / max(before[rule], 1e-9) > LINEAR_RATIO]
    if slow:
        print("not linear:", *slow, sep="\n  ")
        return 1
    print("every rule linear (ratio under 2.8 when the post doubles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
