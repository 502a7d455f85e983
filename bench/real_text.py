"""confidential-term and personal-data hits on real Danish text, this build or another.

    python bench/real_text.py [--corpus DIR] [--src SRC] [--show]

Checks every text of ``DIR/corpus.jsonl`` (default ``../shared/corpora/da-real``,
beside the repository; see its README: for measuring only) with the example
policy's ``confidential`` section (terms, term file, patterns, personal data,
allow list) and prints the hits per rule and kind.  ``--src`` checks with
another build's ``src`` folder (e.g. a ``git archive`` of main), so the two
counts can be compared; ``--show`` lists each hit as id, rule, message and
the masked value (personal data is never printed as written).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpora" / "da-real"))
    parser.add_argument("--src", default=str(ROOT / "src"))
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, args.src)
    import yaml

    from advolint.linter.compiled import Linter
    from advolint.policy.loading import policy_from_mapping

    example = yaml.safe_load((ROOT / "config" / "example-policy.yaml").read_text(encoding="utf-8"))
    confidential = {key: value for key, value in example["confidential"].items() if key != "role_addresses"}
    policy = policy_from_mapping({"version": 1, "language": "da", "messages": "en", "confidential": confidential},
                                 base_dir=str(ROOT / "config"))
    linter = Linter.compile(policy)
    counts: collections.Counter = collections.Counter()
    texts = 0
    with open(Path(args.corpus) / "corpus.jsonl", encoding="utf-8") as corpus:
        for line in corpus:
            record = json.loads(line)
            texts += 1
            for violation in linter.check_text(record["text"]):
                if violation.rule not in ("confidential-term", "personal-data"):
                    continue
                counts[(violation.rule, violation.message.split(":")[0])] += 1
                if args.show:
                    shown = violation.matched if violation.rule == "personal-data" else \
                        record["text"][violation.start:violation.end]
                    print(f"{record['id']}\t{violation.rule}\t{violation.message.split(':')[0]}\t{shown!r}")
    print(f"{texts} texts, {sum(counts.values())} hits")
    for (rule, kind), count in sorted(counts.items()):
        print(f"  {rule:18} {kind:50} {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
