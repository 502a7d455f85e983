"""Precision and recall of reply-needs-escalation on comments we wrote (bench/replies-comments.yaml).

Each comment is answered by a reply from a role that may handle no critical
topic, so the rule fires exactly when it finds one.  Per topic and overall it
prints true/false positives and negatives, precision and recall, and lists the
misses and false alarms.  Run: ``python bench/replies.py``.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from advolint import check_records, compile_policy  # noqa: E402
from advolint.policy import policy_from_mapping  # noqa: E402
from advolint.rules.replies import LANGUAGES, Lexicon  # noqa: E402
from advolint.resources import load_data  # noqa: E402


def main() -> None:
    everything = yaml.safe_load((ROOT / "bench" / "replies-comments.yaml").read_text(encoding="utf-8"))
    written_with = {language: entries for language, entries in everything.items() if not language.startswith("held_out")}
    held_out = {"da": everything.get("held_out_da", [])}
    held_out_2 = {"da": everything.get("held_out_2_da", [])}
    for title, comments in (("written with the lexicon", written_with), ("held out (first lexicon)", held_out),
                            ("held out 2 (after broadening the lexicon)", held_out_2)):
        print(f"-- {title}")
        measure(comments)


def measure(comments: dict) -> None:
    counts: Counter = Counter()
    topic_counts: Counter = Counter()
    wrong = []
    for language, entries in comments.items():
        linter = compile_policy(policy_from_mapping({"version": 1, "language": language}))
        lexicon = Lexicon(load_data(f"lexicons/replies/{language}.yaml")) if language in LANGUAGES else None
        records = [{"id": str(i), "text": "Tak for din kommentar.", "kind": "reply", "role": "ambassador",
                    "in_reply_to": entry["text"], "language": language} for i, entry in enumerate(entries)]
        for entry, result in zip(entries, check_records(records, linter)):
            fired = any(v.rule == "reply-needs-escalation" for v in result.violations)
            critical = bool(entry["topics"])
            counts["tp" if fired and critical else "fp" if fired else "fn" if critical else "tn"] += 1
            if fired != critical:
                wrong.append(("missed" if critical else "false alarm", language, entry["text"]))
            found = set(lexicon.topics_of(entry["text"], language)) if lexicon else set()
            for topic in set(entry["topics"]) | found:
                key = "tp" if topic in found and topic in entry["topics"] else "fp" if topic in found else "fn"
                topic_counts[topic, key] += 1
    precision = counts["tp"] / max(1, counts["tp"] + counts["fp"])
    recall = counts["tp"] / max(1, counts["tp"] + counts["fn"])
    total = sum(counts.values())
    print(f"reply-needs-escalation on {total} comments we wrote ({counts['tp'] + counts['fn']} critical): "
          f"precision {precision:.2f}, recall {recall:.2f} (tp {counts['tp']}, fp {counts['fp']}, "
          f"fn {counts['fn']}, tn {counts['tn']})")
    for topic in sorted({topic for topic, _ in topic_counts}):
        tp, fp, fn = (topic_counts[topic, key] for key in ("tp", "fp", "fn"))
        print(f"  {topic:15} precision {tp / max(1, tp + fp):.2f}  recall {tp / max(1, tp + fn):.2f}  "
              f"(tp {tp}, fp {fp}, fn {fn})")
    for kind, language, text in wrong:
        print(f"  {kind} [{language}]: {text}")


if __name__ == "__main__":
    main()
