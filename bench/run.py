"""advolint benchmark: throughput, cold start, scale with terms, memory, vs proselint.

Run it from anywhere with ``python bench/run.py`` (a few minutes at most on a
2-core machine; ``--quick`` for a smaller run).  It is not part of the test
suite.  It

1. generates a deterministic corpus of 10,000 varied Danish posts (hashtags,
   emoji, brand mentions, numbers, disclosure labels, claims, contact data,
   and confidential terms) and term files of 100 / 1,000 / 10,000 / 100,000
   generated terms, all in a temporary folder;
2. builds policies from the complete example policy
   (``config/example-policy.yaml``) whose ``confidential.files`` also lists
   the generated term file;
3. measures, with the 1,000-term policy unless said otherwise: posts/s on one
   JSONL batch and on a folder of files (whole CLI run, one process), the
   in-process check loop, ``--jobs 2`` against ``--jobs 1``, the one-file
   cold start of the whole process (median of several runs, compiled policy
   cached and not), the per-post cost at 100 / 10,000 / 100,000 terms, the
   peak memory at 100,000 terms, and proselint on the same posts.

It measures whatever rules this build has; it prints which ones are active.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import yaml  # noqa: E402

import advolint  # noqa: E402
from advolint.text.batch import record_post  # noqa: E402
from advolint.linter.cache import load_linter  # noqa: E402
from advolint.rules import rule_classes  # noqa: E402
from advolint.run.discovery import PolicyResolver, discover  # noqa: E402
from advolint.run.loop import RunResult, run  # noqa: E402

SEED = 20251126
BIG_BATCH_COPIES = 4  # the --jobs batch: the corpus this many times (40,000 records: large, and within minutes)
TARGETS = {"posts_per_s": 20_000, "cold_start_ratio": 0.75, "term_scale": 2.0, "memory_mb": 200, "jobs_speedup": 1.7}

# -- the corpus ----------------------------------------------------------------

OPENERS = ["Stolt af mit team", "Kæmpe dag i dag", "Tak for en fantastisk uge", "Godmorgen fra {city}",
           "Nyt fra værkstedet", "Hvilken dag", "Spændende nyheder", "Så er vi i gang igen",
           "En lille hilsen fra messen i {city}", "Fredagsbillede fra kontoret"]
BODIES = ["Vi har lige installeret {n} solcelleanlæg i {city}", "{brand} har hjulpet {n} familier med at spare "
          "{money} kr. på varmen i år", "Vores nye {product} kom på taget hos en kunde i {city} i går",
          "{pct} % af vores kunder vælger nu {product}", "Husk vores åbent hus på lørdag kl. {hour}.00",
          "Jeg er så glad for at arbejde sammen med mine kolleger hos {brand}",
          "Vi søger {small} nye kolleger til teamet i {city}", "Vi er Danmarks største solcelleinstallatør",
          "Med {product} får du {pct} % mere ud af solen", "Danmarks billigste varmepumpe er landet",
          "Markedets bedste service, siger vores kunder", "Vi har nu {n} montører på vejen hver dag",
          "Projektet i {city} blev færdigt {small} uger før tid", "I dag fejrer vi {small} år med {brand}",
          "Vi glæder os til at se dig på standen", "De er velkomne til at kontakte os",
          "Ring til mig på {phone}, hvis du vil høre mere", "Skriv til {email} for et tilbud",
          "Vi er tæt på at lukke {term}", "Stor tak til holdet bag {term}s første fase",
          "Vi nåede {money} kr. i omsætning i tredje kvartal"]
CLOSERS = ["Kom forbi standen!", "Læs mere på nordlys-energi.dk", "Skriv til mig, hvis du vil vide mere.",
           "God weekend!", "Tak for i dag.", "Vi ses!!", "Del gerne opslaget.", "HUSK tilmelding senest fredag.",
           "Se mere på https://nordlys-energi.dk/solarflex#pris"]
PREFIXES = ["Reklame for Nordlys Energi A/S: ", "Annonce: ", "I samarbejde med Nordlys: ", "#ad "]
HASHTAGS = ["#NordlysTeam", "#grønomstilling", "#solenergi", "#reklame", "#job", "#Vejle", "#bæredygtighed",
            "#varmepumpe", "#konkurrent", "#nordlysenergi", "#SolarFlex", "#energi2030", "#hemmeligtprojekt"]
EMOJI = ["🎉", "🌞", "👍🏽", "🇩🇰", "☀️", "💚", "👨‍👩‍👧", "🔋", "🍆", "1️⃣", "🙌", "🏡"]
CITIES = ["Vejle", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Kolding", "Roskilde", "Næstved", "Ærøskøbing"]
BRANDS = ["Nordlys Energi", "Nordlys", "@NordlysEnergi", "Nordlys Energi A/S"]
PRODUCTS = ["SolarFlex", "VarmeBoks", "batteriet", "varmepumpen"]
PLATFORMS = ["linkedin", "instagram", "facebook", "x"]
SYLLABLES = ["ka", "lo", "ri", "sen", "dal", "mo", "vik", "tor", "na", "bel", "fa", "rund", "ho", "lin",
             "gar", "ve", "sø", "å", "ber", "ul", "kri", "sto", "fal", "con", "ør", "ne", "ti", "as"]
TERM_PREFIXES = ["Projekt ", "Kunde ", "", "Operation ", ""]


def generate_terms(count: int, rng: random.Random) -> list[str]:
    terms: list[str] = []
    seen: set[str] = set()
    while len(terms) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        term = rng.choice(TERM_PREFIXES) + name + (f" {rng.randint(2, 99)}" if rng.random() < 0.3 else "")
        if term.lower() not in seen:
            seen.add(term.lower())
            terms.append(term)
    return terms


def generate_posts(count: int, terms: list[str], rng: random.Random) -> list[dict]:
    records = []
    for index in range(count):
        fill = {
            "city": rng.choice(CITIES), "n": rng.randint(2, 400), "money": f"{rng.randint(1, 900)}.{rng.randint(100, 999)}",
            "brand": rng.choice(BRANDS), "product": rng.choice(PRODUCTS), "pct": rng.randint(5, 60),
            "hour": rng.randint(9, 16), "small": rng.randint(2, 12), "term": rng.choice(terms),
            "phone": f"+45 {rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            "email": rng.choice(["jens.hansen@example.dk", "salg@nordlys-energi.dk", "mette@firma.dk"]),
        }
        sentences = [rng.choice(OPENERS) + rng.choice([" ", "! ", ". "]) + rng.choice(EMOJI) * rng.randint(0, 1)]
        sentences += [rng.choice(BODIES) + rng.choice([".", "!", "!!", "."]) for _ in range(rng.randint(1, 4))]
        sentences.append(rng.choice(CLOSERS) + " " + "".join(rng.sample(EMOJI, rng.randint(0, 3))))
        text = rng.choice([" ", "\n", " ", "\n\n"]).join(sentences).format(**fill).strip()
        if rng.random() < 0.3:
            text = rng.choice(PREFIXES) + text
        if rng.random() < 0.8:
            text += "\n\n" + " ".join(rng.sample(HASHTAGS, rng.randint(1, 7)))
        record = {"id": f"post-{index:05d}", "text": text}
        if rng.random() < 0.5:
            record["platform"] = rng.choice(PLATFORMS)
        if rng.random() < 0.2:
            record["commercial"] = rng.random() < 0.7
        records.append(record)
    return records


# -- set-up --------------------------------------------------------------------


def write_policy(folder: Path, terms: list[str]) -> Path:
    """The example policy, its term files made absolute, plus a generated term file."""
    term_file = folder / f"terms-{len(terms)}.txt"
    term_file.write_text("# generated confidential terms\n" + "\n".join(terms) + "\n", encoding="utf-8")
    policy = yaml.safe_load((ROOT / "config" / "example-policy.yaml").read_text(encoding="utf-8"))
    files = policy.setdefault("confidential", {}).setdefault("files", [])
    files[:] = [str(ROOT / "config" / (f if isinstance(f, str) else f["path"])) for f in files] + [str(term_file)]
    path = folder / f"policy-{len(terms)}.yaml"
    path.write_text(yaml.safe_dump(policy, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def subprocess_env(cache_dir: Path) -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
                ADVOLINT_CACHE_DIR=str(cache_dir), NO_COLOR="1")


def advolint_cmd(*args) -> list[str]:
    return [sys.executable, "-m", "advolint", "check", *map(str, args)]


def timed(command: list[str], env: dict) -> tuple[float, bytes]:
    """Seconds and stdout of ``command``; a run that errs (exit 2, or an error on stderr) stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    errors = [line for line in done.stderr.decode(errors="replace").splitlines()
              if line.startswith("advolint:") and "warning:" not in line]
    if done.returncode not in (0, 1) or errors:
        raise SystemExit(f"benchmark command failed (exit {done.returncode}): {' '.join(map(str, command))}\n"
                         + done.stderr.decode(errors="replace")[-2000:])
    return elapsed, done.stdout


def reported_violations(stdout: bytes) -> int:
    """How many violations a ``--format json`` report lists."""
    return len(json.loads(stdout)["violations"])


def peak_memory_mb(command: list[str], env: dict) -> float:
    """Peak resident memory of ``command``, measured in a fresh wrapper process."""
    probe = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL).returncode; print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *map(str, command)], env=env, capture_output=True,
                         text=True).stdout
    code, kilobytes = map(int, out.split())
    if code not in (0, 1):
        raise SystemExit(f"benchmark command failed (exit {code}): {' '.join(map(str, command))}")
    return kilobytes / (1024 * 1024 if sys.platform == "darwin" else 1024)  # macOS reports bytes


def wall_and_cpu_seconds(function) -> tuple[float, tuple[float, float]]:
    """Wall-clock seconds, and CPU seconds (this process, its finished child processes), of ``function``."""
    before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    function()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, tuple(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before))


def best(function, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


# -- measurements --------------------------------------------------------------


def per_post_seconds(policy_path: Path, records: list[dict]) -> tuple[float, float]:
    """(compile seconds, check seconds per post) in this process, without the cache."""
    start = time.perf_counter()
    linter = load_linter(policy_path, use_cache=False)
    compile_seconds = time.perf_counter() - start
    raws = [("jsonl", i + 1, json.dumps(r, ensure_ascii=False).encode()) for i, r in enumerate(records)]
    timings = []
    for _ in range(3):
        posts = [record_post(raw, "bench.jsonl") for raw in raws]  # fresh posts: no cached analyses
        start = time.perf_counter()
        for post in posts:
            linter.check(post)
        timings.append(time.perf_counter() - start)
    return compile_seconds, min(timings) / len(records)


def per_rule_microseconds(linter, records: list[dict]) -> list[tuple[str, float]]:
    """µs/post of each rule kind on its own (fresh posts each time, so a rule pays for the
    analyses it asks a post for), CPU time, slowest first."""
    raws = [("jsonl", i + 1, json.dumps(r, ensure_ascii=False).encode()) for i, r in enumerate(records)]
    costs = []
    for rule in linter.rules:
        posts = [record_post(raw, "bench.jsonl") for raw in raws]
        start = time.process_time()
        for post in posts:
            for _ in rule.check(post):
                pass
        costs.append((type(rule).__name__, (time.process_time() - start) / len(posts) * 1e6))
    return sorted(costs, key=lambda cost: -cost[1])


def render_microseconds(result: RunResult, names: list[str], repeat: int = 3) -> dict[str, float]:
    """µs/post (CPU time, best of ``repeat``) of rendering ``result``'s report in each format."""
    from advolint.formats import Report, render

    shown = [v for v in result.violations if v.suppression is None]
    suppressed = [v for v in result.violations if v.suppression is not None]
    found = {}
    for name in names:
        times = []
        for _ in range(repeat):
            report = Report(violations=shown, files=result.files, language="da", errors=[], suppressed=suppressed)
            start = time.process_time()
            render(name, report)
            times.append(time.process_time() - start)
        found[name] = min(times) / max(1, result.records or result.files) * 1e6
    return found


def check_in_process(paths: list[Path], policy_path: Path, jobs: int = 1) -> RunResult:
    """What ``advolint check`` does before rendering the report; an error stops the benchmark."""
    resolver = PolicyResolver(str(policy_path))
    result = RunResult()
    run(discover([str(p) for p in paths], resolver, result.errors), result, jobs=jobs)
    if result.errors or not result.files:
        raise SystemExit(f"in-process check failed ({result.files} files checked): " + "; ".join(result.errors[:5]))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 posts and fewer repetitions")
    parser.add_argument("--keep", action="store_true", help="keep the generated files and print where")
    args = parser.parse_args()
    posts_count = 2_000 if args.quick else 10_000
    runs = 5 if args.quick else 11
    rng = random.Random(SEED)

    work = Path(tempfile.mkdtemp(prefix="advolint-bench-"))
    try:
        report(work, posts_count, runs, rng)
    finally:
        if args.keep:
            print(f"\n(files kept in {work})")
        else:
            shutil.rmtree(work, ignore_errors=True)


def report(work: Path, posts_count: int, runs: int, rng: random.Random) -> None:
    started = time.perf_counter()
    # An installed advolint has its bytecode compiled (pip does it), like proselint's;
    # a checkout may not (PYTHONDONTWRITEBYTECODE), which would add ~30 ms to every start.
    compileall.compile_dir(str(ROOT / "src" / "advolint"), quiet=1)
    env = subprocess_env(work / "cache")
    all_terms = generate_terms(100_000, rng)
    policies = {n: write_policy(work, all_terms[:n]) for n in (100, 1_000, 10_000, 100_000)}
    # Posts mention the first 100 terms, which every policy has: more terms make
    # the automaton bigger, not the number of matches.
    records = generate_posts(posts_count, all_terms[:100], rng)
    policy = policies[1_000]

    batch = work / "posts.jsonl"
    with open(batch, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    big_batch = work / f"posts-x{BIG_BATCH_COPIES}.jsonl"
    with open(big_batch, "w", encoding="utf-8") as handle:
        for copy in range(BIG_BATCH_COPIES):
            for record in records:
                handle.write(json.dumps(dict(record, id=f"{record['id']}-{copy}"), ensure_ascii=False) + "\n")
    folder = work / "posts"
    for index, record in enumerate(records):
        sub = folder / f"{index // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
    prose_count = min(1_000, posts_count)
    prose_folder = work / "proselint-posts"
    prose_folder.mkdir()
    for record in records[:prose_count]:
        (prose_folder / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
    one_file = work / "post.txt"
    one_file.write_text(records[7]["text"], encoding="utf-8")

    linter = load_linter(policy, use_cache=False)
    active = sorted(rule_id for rule in linter.rules for rule_id in type(rule).ids)
    known = {rule_id for cls in rule_classes() for rule_id in cls.ids}
    terms_matched = any(rule_id.startswith("confidential") for rule_id in known)

    print(f"advolint {advolint.__version__} benchmark  (Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"{sys.platform})")
    print(f"corpus: {posts_count:,} Danish posts (seed {SEED}), policy: config/example-policy.yaml "
          f"+ 1,000 generated terms")
    print(f"rules active: {', '.join(active) or 'none'}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if load > 0.5:
        print(f"NOTE: load average {load:.1f} when starting: other processes share the CPUs, timings are inflated "
              f"and --jobs cannot use both cores fully.")
    if not terms_matched:
        print("NOTE: this build has no confidential-term rule: the generated terms are loaded through "
              "confidential.files but not matched yet.")

    # Throughput, one process.
    timed(advolint_cmd("--policy", policy, one_file), env)  # compile once into the cache
    batch_runs = [timed(advolint_cmd("--format", "json", "--policy", policy, batch), env) for _ in range(3)]
    batch_s = min(seconds for seconds, _ in batch_runs)
    reported = reported_violations(batch_runs[0][1])
    folder_s = min(timed(advolint_cmd("--format", "json", "--policy", policy, folder), env)[0] for _ in range(2))
    loop_s = best(lambda: check_in_process([batch], policy))
    result = check_in_process([batch], policy)
    if len(result.violations) != reported:
        raise SystemExit(f"the CLI reported {reported:,} violations, the in-process check found "
                         f"{len(result.violations):,}")
    if importlib.util.find_spec("proselint") is None:
        raise SystemExit("proselint is not installed: pip install proselint (the 'dev' extra)")
    prose_s = timed([sys.executable, "-m", "proselint", "check", str(prose_folder)], env)[0]
    print("\nthroughput, one process")
    print(f"  JSONL batch, whole CLI run (--format json)  {posts_count / batch_s:>9,.0f} posts/s  ({batch_s:.2f} s, "
          f"{reported:,} violations)")
    print(f"  JSONL batch, read+check loop in-process     {posts_count / loop_s:>9,.0f} posts/s  ({loop_s:.2f} s)")
    print(f"  folder of {posts_count:,} .txt files, whole CLI run  {posts_count / folder_s:>9,.0f} posts/s  "
          f"({folder_s:.2f} s)")
    print(f"  proselint, folder of {prose_count:,} .txt files       {prose_count / prose_s:>9,.0f} posts/s  "
          f"({prose_s:.2f} s)  -> advolint JSONL is {prose_s / prose_count / (batch_s / posts_count):,.0f}x faster")

    # Where a whole CLI run's time goes, and each rule kind on its own.
    rendering = render_microseconds(result, ["json", "text", "sarif", "jsonl", "concise"])
    print("  rendering the report (CPU µs/post): " + ", ".join(f"{name} {us:.1f}" for name, us in rendering.items()))
    print(f"  checking (in-process loop): {loop_s / posts_count * 1e6:.0f} µs/post wall")
    print("  each rule kind on its own (CPU µs/post): " + ", ".join(
        f"{name} {us:.0f}" for name, us in per_rule_microseconds(linter, records)))

    # --jobs.
    one_job, out_one = timed(advolint_cmd("--format", "json", "--jobs", "1", "--policy", policy, big_batch), env)
    two_jobs, out_two = timed(advolint_cmd("--format", "json", "--jobs", "2", "--policy", policy, big_batch), env)
    # One run each: the batch is large enough, and the benchmark must stay within minutes.
    loop_one, one_cpu = wall_and_cpu_seconds(lambda: check_in_process([big_batch], policy, 1))
    loop_two, two_cpu = wall_and_cpu_seconds(lambda: check_in_process([big_batch], policy, 2))
    print(f"\n--jobs on a {BIG_BATCH_COPIES * posts_count:,}-record JSONL batch")
    print(f"  whole CLI run:        --jobs 1 {one_job:.2f} s, --jobs 2 {two_jobs:.2f} s: speed-up "
          f"{one_job / two_jobs:.2f}x, output identical: {'yes' if out_one == out_two else 'NO'}")
    print(f"  checking (in-process): --jobs 1 {loop_one:.2f} s, --jobs 2 {loop_two:.2f} s: speed-up "
          f"{loop_one / loop_two:.2f}x (without start-up and report rendering)")
    print(f"  CPU seconds: --jobs 1 {sum(one_cpu):.2f}; --jobs 2 {two_cpu[0]:.2f} here + {two_cpu[1]:.2f} in the "
          f"worker: on two free cores about {sum(one_cpu) / max(two_cpu):.2f}x")

    # One-file cold start (whole process), runs interleaved so drift hits all alike.
    cached, uncached, prose = [], [], []
    for index in range(runs):
        cached.append(timed(advolint_cmd("--policy", policy, one_file), env)[0])
        if index < 5:
            uncached.append(timed(advolint_cmd("--no-cache", "--policy", policy, one_file), env)[0])
        prose.append(timed([sys.executable, "-m", "proselint", "check", str(one_file)], env)[0])
    bare = statistics.median(timed([sys.executable, "-c", "pass"], env)[0] for _ in range(runs))
    cold, cold_uncached, prose_one = map(statistics.median, (cached, uncached, prose))
    print(f"\none-file cold start, whole process (median of {runs})")
    print(f"  advolint (compiled policy cached)  {cold * 1000:6.0f} ms")
    print(f"  advolint --no-cache                {cold_uncached * 1000:6.0f} ms")
    print(f"  proselint                          {prose_one * 1000:6.0f} ms")
    print(f"  python -c pass                     {bare * 1000:6.0f} ms")
    print(f"  advolint / proselint               {cold / prose_one:6.2f}")

    # Scale with the number of terms (in-process, compiled without the cache).
    print("\nper-post cost by number of confidential terms (in-process check, compile without cache)")
    costs = {}
    for count in (100, 10_000, 100_000):
        compile_s, costs[count] = per_post_seconds(policies[count], records)
        print(f"  {count:>7,} terms  {costs[count] * 1e6:7.1f} µs/post  (compile {compile_s * 1000:,.0f} ms)")
    scale = costs[100_000] / costs[100]
    print(f"  100,000 / 100 terms: {scale:.2f}x")

    # Peak memory of the compiled 100,000-term policy checking posts: a 1,000-record batch, whose
    # report (every violation is kept until it is rendered, sorted) stays small beside the policy.
    sample = work / "posts-1000.jsonl"
    sample.write_text("".join(line + "\n" for line in batch.read_text(encoding="utf-8").splitlines()[:1_000]),
                      encoding="utf-8")
    memory_uncached = peak_memory_mb(advolint_cmd("--no-cache", "--format", "json", "--policy", policies[100_000],
                                                  sample), env)
    timed(advolint_cmd("--policy", policies[100_000], one_file), env)
    memory_cached = peak_memory_mb(advolint_cmd("--format", "json", "--policy", policies[100_000], sample), env)
    memory = max(memory_uncached, memory_cached)
    print(f"\npeak memory, 100,000 terms, checking a 1,000-record JSONL batch: {memory_uncached:.0f} MB compiling, "
          f"{memory_cached:.0f} MB with the cached policy")
    # The report grows with the batch: records are streamed, violations are kept for the report.
    memory_small = peak_memory_mb(advolint_cmd("--format", "json", "--policy", policy, batch), env)
    memory_big = peak_memory_mb(advolint_cmd("--format", "json", "--policy", policy, big_batch), env)
    per_violation = (memory_big - memory_small) * 1024 / max(1, (BIG_BATCH_COPIES - 1) * reported)
    print(f"peak memory, 1,000 terms, --format json: {memory_small:.0f} MB for {posts_count:,} records, "
          f"{memory_big:.0f} MB for {BIG_BATCH_COPIES * posts_count:,} ({BIG_BATCH_COPIES * reported:,} violations, "
          f"about {per_violation:.1f} KB each, kept for the report)")

    print("\ntargets")
    checks = [
        ("throughput >= 20,000 posts/s (JSONL, one process)", posts_count / batch_s >= TARGETS["posts_per_s"],
         f"{posts_count / batch_s:,.0f}"),
        ("one-file cold start <= 0.75x proselint", cold / prose_one <= TARGETS["cold_start_ratio"],
         f"{cold / prose_one:.2f}x"),
        ("per-post cost at 100,000 terms <= 2x at 100", scale <= TARGETS["term_scale"], f"{scale:.2f}x"),
        ("peak memory at 100,000 terms < 200 MB (1,000 records)", memory < TARGETS["memory_mb"], f"{memory:.0f} MB"),
        ("--jobs 2 >= 1.7x (checking)", loop_one / loop_two >= TARGETS["jobs_speedup"], f"{loop_one / loop_two:.2f}x"),
    ]
    for name, ok, value in checks:
        print(f"  [{'pass' if ok else 'MISS'}] {name}: {value}")
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
