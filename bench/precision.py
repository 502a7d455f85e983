"""advolint's precision on real Danish text (issue 14).

    python bench/precision.py [--corpus DIR] [--sample N] [--seed S] [--samples-file FILE]

``DIR`` (default ``../shared/corpora/da-real`` next to the repository) holds
real texts written outside the project; its README.md says where they come
from.  They are read, never copied: every file written here goes to a
temporary folder (or to ``--samples-file``, for judging by hand).  Runs the
whole CLI (``advolint check --format json``) on JSONL batches and prints

1. violations per 1,000 texts, per rule and source, of ``corpus.jsonl``
   checked with ``commercial: false`` under a du policy (and tone-address
   under a De policy): on such text disclosure-* and claim-unsubstantiated
   should be 0, every other hit is a candidate false alarm;
2. tone-address precision and recall on the ``ddt_address.jsonl`` gold set
   for both policies, at sentence level: quoted speech and dialogue-dash
   lines are not the writer's address (as the study scored); the "all tokens"
   reading next to it;
3. the records of ``manual_labels.jsonl`` re-checked under the policy and
   ``commercial`` setting given there: per rule, the share of false (F) and
   true (T) alarms that still fire (the same rule flags a span overlapping
   the judged one), each F that fires and T that does not, and the share of
   T within the issue's scope (the judged true alarms the issue itself rules
   out are counted apart, by reason: see ``out_of_scope``);
4. with ``--sample N``: a seeded random sample of N hits per rule (and of
   Europarl sentences with a capital De/Dem/Deres, to judge the recall of
   formal address) written to ``--samples-file`` for judging by hand.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # the rules' own reading of quotations and role addresses
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "da-real"
SEED = 14
# The study's policies: alike but for tone.address.
POLICY = """version: 1
language: da
messages: da
jurisdictions: [dk]
disclosure:
  required: commercial
  placement: start
tone:
  address: {address}
  exclamation_max: 2
  shouting: true
confidential:
  personal_data: [cpr, phone, email, iban]
"""
MUST_BE_ZERO = ("claim-unsubstantiated", "disclosure-missing", "disclosure-insufficient", "disclosure-placement")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


class Checker:
    """Runs advolint on batches in a temporary folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.policies = {}
        for address in ("du", "De"):
            path = folder / f"policy-{address}.yaml"
            path.write_text(POLICY.format(address=address), encoding="utf-8")
            self.policies[address] = path

    def check(self, name: str, records: list[dict], address: str) -> dict[str, list[dict]]:
        """Violations per record id of ``records`` (each ``{"id", "text", ...}``) under the policy."""
        batch = self.folder / f"{name}-{address}.jsonl"
        with batch.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        report = self.folder / "report.json"
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        result = subprocess.run(
            [sys.executable, "-m", "advolint", "check", "--policy", str(self.policies[address]), "--format", "json",
             "--exit-zero", "--no-cache", "--quiet", "-o", str(report), str(batch)],
            env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            sys.exit(f"advolint failed on {batch.name} ({result.returncode}): {result.stderr[:500]}")
        found = collections.defaultdict(list)
        for violation in json.loads(report.read_text(encoding="utf-8"))["violations"]:
            found[violation["record"]].append(violation)
        return found


def per_thousand(corpus: list[dict], found: dict[str, list[dict]], rules=None) -> dict[str, dict[str, float]]:
    """Violations per 1,000 texts: {rule: {source: rate, "all": rate}}."""
    texts = collections.Counter(record["source"] for record in corpus)
    source_of = {record["id"]: record["source"] for record in corpus}
    hits = collections.defaultdict(collections.Counter)
    for record, violations in found.items():
        for violation in violations:
            if rules is None or violation["rule"] in rules:
                hits[violation["rule"]][source_of[record]] += 1
    table = {}
    for rule, by_source in sorted(hits.items()):
        table[rule] = {source: 1000 * by_source[source] / texts[source] for source in sorted(texts)}
        table[rule]["all"] = 1000 * sum(by_source.values()) / len(corpus)
    return table


def print_rates(title: str, table: dict, sources: list[str]) -> None:
    print(f"\n{title}")
    print(f"{'rule':<26}" + "".join(f"{source:>10}" for source in [*sources, "all"]))
    for rule, rates in table.items():
        mark = "  <- must be 0" if rule in MUST_BE_ZERO and rates["all"] else ""
        print(f"{rule:<26}" + "".join(f"{rates.get(source, 0):>10.2f}" for source in [*sources, "all"]) + mark)
    if not table:
        print("(no violations)")


def address_gold(gold: list[dict], checker: Checker) -> None:
    """Sentence-level precision and recall of tone-address on the gold set."""
    records = [{"id": item["id"], "text": item["text"], "commercial": False} for item in gold]
    print("\ntone-address on ddt_address.jsonl (sentence level)")
    print(f"{'policy':<8}{'reading':<13}{'positives':>10}{'flagged':>9}{'TP':>5}{'FP':>5}{'FN':>5}"
          f"{'precision':>11}{'recall':>8}")
    for address, key in (("du", "gold_formal_tokens"), ("De", "gold_informal_tokens")):
        found = checker.check("gold", records, address)
        flagged = {item["id"] for item in gold
                   if any(v["rule"] == "tone-address" for v in found.get(item["id"], []))}
        for reading in ("writer", "all tokens"):
            if reading == "writer":
                positives = {item["id"] for item in gold if not item.get("dash_turn")
                             and any(not token["in_quote"] for token in item[key])}
            else:
                positives = {item["id"] for item in gold if item[key]}
            tp, fp, fn = len(flagged & positives), len(flagged - positives), len(positives - flagged)
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            print(f"{address:<8}{reading:<13}{len(positives):>10}{len(flagged):>9}{tp:>5}{fp:>5}{fn:>5}"
                  f"{precision:>11.3f}{recall:>8.3f}")
            if reading == "writer":
                for item_id in sorted(flagged - positives):
                    print(f"    FP {item_id}")
                for item_id in sorted(positives - flagged):
                    print(f"    FN {item_id}")


def post_span(violation: dict) -> tuple[int, int]:
    """The violation's 1-based columns in the post: in a batch, ``column`` is the batch file's
    (the record's line) and ``post_column`` the post's."""
    return violation.get("post_column", violation["column"]), violation.get("post_end_column", violation["end_column"])


def overlaps(violation: dict, item: dict) -> bool:
    if violation["rule"] != item["rule"] and not (
            item["rule"].startswith("disclosure") and violation["rule"].startswith("disclosure")):
        return False
    start, end = item["column"], item["column"] + max(1, len(item["span"]))
    column, end_column = post_span(violation)
    return column < end and start < end_column


def out_of_scope(item: dict) -> str | None:
    """Why issue 14 itself rules a judged alarm out, or None.  The study judged before the issue
    was written; the issue then decided that claims are checked in commercial posts only, that
    role addresses (info@, mail@ ...) are allowed by default, and that ”…”, '…' and the other
    quotation marks quote (tone-address reads the writer's own words), as its gold set scores."""
    if item["rule"] in MUST_BE_ZERO and item["commercial"] is False:
        return "claim or label in a text checked as not commercial"
    if item["rule"] == "personal-data" and "@" in item["span"]:
        from advolint.resources import load_data

        if item["span"].split("@")[0].casefold() in load_data("personal-data.yaml")["role_addresses"]:
            return "role address, allowed by default"
    if item["rule"] == "tone-address":
        from advolint.rules.tone_address import QUOTED

        column = item["column"] - 1
        if any(match.start() < column < match.end() for match in QUOTED.finditer(item["text"])):
            return "inside a quotation"
    return None


def manual_labels(labels: list[dict], corpus_by_id: dict[str, dict], checker: Checker) -> None:
    """Per rule: the share of hand-judged F and T alarms that still fire."""
    still = collections.defaultdict(collections.Counter)  # (rule, policy) -> {"F": fired, "F-all": n, ...}
    changed = []  # the false alarms that still fire and the true ones that no longer do
    fired_of = {}  # id(item) -> whether it still fires
    settings = collections.defaultdict(list)
    for item in labels:
        settings[(item["policy"], item["commercial"])].append(item)
    for (policy, commercial), items in sorted(settings.items(), key=str):
        records = {}
        for item in items:
            record = {"id": item["record"], "text": corpus_by_id.get(item["record"], item)["text"]}
            if commercial is not None:
                record["commercial"] = commercial
            records[item["record"]] = record
        found = checker.check(f"labels-{commercial}", list(records.values()), policy)
        for item in items:
            fired = any(overlaps(violation, item) for violation in found.get(item["record"], []))
            fired_of[id(item)] = fired
            key = (item["rule"], policy)
            still[key][item["label"] + "-all"] += 1
            still[key][item["label"]] += fired
            if fired == (item["label"] == "F"):
                changed.append((item, fired))
    print("\nmanual_labels.jsonl: hand-judged alarms that still fire")
    print(f"{'rule':<26}{'policy':<8}{'F fire':>12}{'T fire':>12}{'B fire':>10}")
    totals = collections.Counter()
    for (rule, policy), counts in sorted(still.items()):
        cells = []
        for label in ("F", "T", "B"):
            total = counts[label + "-all"]
            totals[label] += counts[label]
            totals[label + "-all"] += total
            cells.append(f"{counts[label]}/{total}" if total else "-")
        print(f"{rule:<26}{policy:<8}{cells[0]:>12}{cells[1]:>12}{cells[2]:>10}")
    for label, target in (("F", "at most 10%"), ("T", "at least 95%")):
        share = totals[label] / totals[label + "-all"] if totals[label + "-all"] else 0
        print(f"all {label}: {totals[label]}/{totals[label + '-all']} still fire = {share:.1%} (target {target})")
    scope = collections.Counter()  # reason -> true alarms the issue rules out (and how many still fire)
    for item in labels:
        if item["label"] == "T" and (reason := out_of_scope(item)):
            scope[reason] += 1
            scope[reason + " (still firing)"] += fired_of[id(item)]
    in_scope = totals["T-all"] - sum(count for reason, count in scope.items() if not reason.endswith(")"))
    fired = totals["T"] - sum(count for reason, count in scope.items() if reason.endswith(")"))
    print(f"T in the issue's scope: {fired}/{in_scope} still fire = {fired / in_scope:.1%}; left out:")
    for reason, count in scope.items():
        if not reason.endswith(")"):
            print(f"    {count} {reason} ({scope[reason + ' (still firing)']} still fire)")
    for item, fired in sorted(changed, key=lambda pair: (pair[0]["label"], pair[0]["rule"], pair[0]["record"])):
        column = item["column"] - 1
        context = item["text"][max(0, column - 50):column + len(item["span"]) + 50]
        print(f"    {item['label']} {'fires' if fired else 'silent'} {item['rule']} {item['record']} "
              f"{item['span']!r}: {context!r}")


def write_samples(path: Path, size: int, seed: int, corpus: list[dict],
                  found: dict[str, dict[str, list[dict]]]) -> None:
    """A seeded random sample of hits per rule, with context, to judge by hand."""
    text_of = {record["id"]: record["text"] for record in corpus}
    rng = random.Random(seed)
    lines = []
    for address, by_record in found.items():
        hits = collections.defaultdict(list)
        for record, violations in sorted(by_record.items()):
            for violation in violations:
                if address == "du" or violation["rule"] == "tone-address":
                    hits[violation["rule"]].append((record, violation))
        for rule, items in sorted(hits.items()):
            lines.append(f"## {rule} ({address} policy): {len(items)} hits, sample of {min(size, len(items))}")
            for record, violation in rng.sample(items, min(size, len(items))):
                text = text_of[record]
                start, end = (column - 1 for column in post_span(violation))
                context = text[max(0, start - 80):start] + "[[" + text[start:end] + "]]" + text[end:end + 80]
                lines.append(f"- {record}: {context}")
            lines.append("")
    # Recall of formal address on Europarl: sentences with a capital De/Dem/Deres not at the start.
    formal = [record for record in corpus if record["source"] == "europarl"
              and any(word.strip(",.;:?!") in ("De", "Dem", "Deres") for word in record["text"].split()[1:])]
    flagged = {record for record, violations in found["du"].items()
               if any(v["rule"] == "tone-address" for v in violations)}
    lines.append(f"## europarl: formal address recall (du policy), sample of {min(size, len(formal))} "
                 f"of {len(formal)} sentences with a capital De/Dem/Deres after the first word")
    for record in rng.sample(formal, min(size, len(formal))):
        lines.append(f"- {'FLAGGED' if record['id'] in flagged else 'missed '} {record['id']}: {record['text'][:300]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nsamples for judging by hand: {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=0, help="hits per rule to sample for judging by hand")
    parser.add_argument("--seed", type=int, default=SEED, help="the sample's seed: a fresh one for a fresh sample")
    parser.add_argument("--samples-file", type=Path, default=Path(tempfile.gettempdir()) / "advolint-precision.md")
    args = parser.parse_args()
    if not (args.corpus / "corpus.jsonl").is_file():
        sys.exit(f"{args.corpus}: no corpus.jsonl (give --corpus DIR)")
    started = time.perf_counter()
    corpus = read_jsonl(args.corpus / "corpus.jsonl")
    sources = sorted({record["source"] for record in corpus})
    records = [{"id": record["id"], "text": record["text"], "commercial": False} for record in corpus]
    with tempfile.TemporaryDirectory() as folder:
        checker = Checker(Path(folder))
        found = {address: checker.check("corpus", records, address) for address in ("du", "De")}
        counts = collections.Counter(record["source"] for record in corpus)
        print(f"corpus: {len(corpus)} texts ({', '.join(f'{s} {counts[s]}' for s in sources)}), commercial: false")
        print_rates("violations per 1,000 texts, du policy", per_thousand(corpus, found["du"]), sources)
        print_rates("violations per 1,000 texts, De policy (tone-address)",
                    per_thousand(corpus, found["De"], {"tone-address"}), sources)
        address_gold(read_jsonl(args.corpus / "ddt_address.jsonl"), checker)
        manual_labels(read_jsonl(args.corpus / "manual_labels.jsonl"), {r["id"]: r for r in corpus}, checker)
        if args.sample:
            write_samples(args.samples_file, args.sample, args.seed, corpus, found)
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
