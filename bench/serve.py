"""advolint serve benchmark: requests/s and latency of POST /api/v1/check, and the page's mark latency.

Run it from the repository with ``python bench/serve.py`` (about a minute on
a 2-core machine; ``--quick`` for a smaller run).  Not part of the test suite.
It

1. starts ``advolint serve`` with the complete example policy
   (``config/example-policy.yaml``) on a free port of 127.0.0.1, unless
   ``--url`` names a running server (loopback only: this is a load test);
2. sends generated 1,000-character Danish drafts (hashtags, emoji, a brand,
   a label, numbers; a different draft per request) with aiohttp's client in
   this process's event loop, from 1 and from 20 concurrent clients (each its
   own keep-alive connection), a fixed number of requests per round, three
   rounds per level, and prints the medians of requests/s, p50 and p95
   latency.  aiohttp, not httpx: on 2 cores shared with the server, httpx's
   async client topped out near 175 requests/s even on /healthz (aiohttp
   about 850), so it measured itself, not the server;
3. with ``--page`` (needs Chromium, as the browser tests), types a draft into
   the page in headless Chromium and measures, in the page, the time from the
   last keystroke to the marks it causes, over 20 drafts: median and worst.

Needs the dev extra (aiohttp) and ``advolint[serve]``.  The machine's load
average is printed: other processes on the same cores change the numbers,
so each round also gives the server's CPU time per request (user + system
time of the server and its worker processes, from /proc, over the round's
requests: the figure that stays comparable on a shared machine), how that
CPU time split over the workers, and the client's own CPU per request.

A/B: ``--src REV_OR_DIR`` (given twice or more) runs the same rounds against
a server from each source in turn, interleaved (A B A B ...), ``--pairs``
times, and prints the medians per source; a git revision is exported with
``git archive`` into a temporary folder (the work tree is not touched), e.g.
``python bench/serve.py --src main --src . --pairs 3``.

Targets on this machine: at least 500 requests/s and p95 under 50 ms at 20
clients; marks within 300 ms of the last keystroke.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import httpx  # starting the server and its health check; the load is aiohttp's

ROOT = Path(__file__).resolve().parents[1]
PHRASES = [
    "Stolt af mit team 🎉", "Vi har lige installeret 40 solcelleanlæg i Vejle.", "Det var en lang dag,",
    "men kunderne var glade.", "SolarFlex holder hele vinteren.", "Tak til alle kolleger for indsatsen!",
    "Ring gerne, hvis du vil høre mere.", "#solenergi", "#grønomstilling", "#NordlysTeam", "Reklame for Nordlys:",
    "Vi ses på messen i Herning 🌞", "Montering på stråtag er en kunst.", "Prisen starter ved 49.995 kr.",
    "Læs mere på vores side.", "Næste uge går turen til Aarhus.", "Spørg endelig løs i kommentarerne!",
]


def draft(rng: random.Random, length: int = 1000) -> str:
    words: list[str] = []
    while sum(len(word) + 1 for word in words) <= length + 1:
        words.append(rng.choice(PHRASES))
    return " ".join(words)[:length]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def source_folder(source: str, scratch: Path) -> Path:
    """The ``src`` folder of ``source``: a folder of this repository's layout, or a git revision exported."""
    folder = Path(source)
    if (folder / "src" / "advolint").is_dir():
        return (folder / "src").resolve()
    target = scratch / source.replace("/", "_")
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", source, "src", "lint_rules", "config"],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        raise SystemExit(f"bench/serve.py: --src {source}: neither a checkout nor a git revision "
                         f"({archive.stderr.decode().strip()})")
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target / "src"


def start_server(policy: Path, workers: int, src: Path = ROOT / "src", cache: Path | None = None
                 ) -> tuple[subprocess.Popen, str]:
    """``advolint serve`` from ``src``; with ``cache`` (A/B), its own compiled-policy cache and no .pyc files."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(src) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if cache is not None:
        env.update(PYTHONDONTWRITEBYTECODE="1", ADVOLINT_CACHE_DIR=str(cache))
    process = subprocess.Popen([sys.executable, "-m", "advolint", "serve", "--policy", str(policy),
                                "--port", str(port), "--reload-interval", "0", "--workers", str(workers)],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("bench/serve.py: advolint serve did not start within 60 s")


class Round(NamedTuple):
    rate: float  # requests/s
    p50: float  # ms
    p95: float  # ms
    server_cpu: float  # ms of CPU per request, the server's processes together (nan: not known)
    busiest_worker: float  # the busiest worker's share of the workers' CPU time (nan: not known)
    client_cpu: float  # ms of CPU per request in this process (the client)


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (uvicorn's supervisor and its workers)."""
    tree, index = [pid], 0
    while index < len(tree):
        try:
            children = Path(f"/proc/{tree[index]}/task/{tree[index]}/children").read_text().split()
        except OSError:
            children = []
        tree.extend(int(child) for child in children)
        index += 1
    return tree


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of each process (Linux /proc; empty elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    times = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        times[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime (fields 14 and 15)
    return times


async def load(url: str, clients: int, requests: int, posts: list[str], server_pid: int | None = None) -> Round:
    """One round: ``requests`` checks from ``clients`` concurrent connections, with the CPU they cost."""
    import aiohttp

    pids = process_tree(server_pid) if server_pid else []
    server_before, client_before = cpu_seconds(pids), time.process_time()

    latencies: list[float] = []
    counter = iter(range(requests))

    async def client_loop():
        connector = aiohttp.TCPConnector(limit=1)  # one keep-alive connection per client
        async with aiohttp.ClientSession(url, connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as client:
            for index in counter:
                body = {"text": posts[index % len(posts)], "platform": "linkedin"}
                started = time.perf_counter()
                async with client.post("/api/v1/check", json=body) as answer:
                    await answer.read()
                latencies.append(time.perf_counter() - started)
                if answer.status != 200:
                    raise SystemExit(f"bench/serve.py: HTTP {answer.status}")

    started = time.perf_counter()
    await asyncio.gather(*(client_loop() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    client_cpu = time.process_time() - client_before
    server_after = cpu_seconds(pids)
    used = {pid: server_after[pid] - server_before.get(pid, 0.0) for pid in server_after}
    workers = [used[pid] for pid in pids[1:] if pid in used] if len(pids) > 2 else []  # pids[1] is a worker
    latencies.sort()
    count = len(latencies)
    return Round(count / elapsed, latencies[count // 2] * 1000, latencies[int(count * 0.95) - 1] * 1000,
                 sum(used.values()) / count * 1000 if used else float("nan"),
                 max(workers) / sum(workers) if workers and sum(workers) else float("nan"),
                 client_cpu / count * 1000)


LEVELS = {False: ((1, 1000), (20, 3000)), True: ((1, 300), (20, 1000))}  # quick -> (clients, requests)


def bench_posts() -> list[str]:
    rng = random.Random(1000)
    posts = [draft(rng) for _ in range(200)]
    assert all(len(post) == 1000 for post in posts)
    return posts


def run_level(url: str, clients: int, requests: int, posts: list[str], server_pid: int | None) -> Round:
    return asyncio.run(load(url, clients, requests, posts, server_pid))


def warm_up(url: str, posts: list[str]) -> None:
    asyncio.run(load(url, 4, 200, posts))  # connections, caches


def report(label: str, clients: int, requests: int, rounds: list[Round]) -> None:
    median = Round(*(statistics.median(values) for values in zip(*rounds)))
    spread = ", ".join(f"{r.rate:.0f}/{r.p50:.1f}/{r.p95:.1f}/{r.server_cpu:.2f}" for r in rounds)
    print(f"{label}{clients:>2} client(s), {requests} requests x {len(rounds)} rounds: {median.rate:6.0f} requests/s, "
          f"p50 {median.p50:5.1f} ms, p95 {median.p95:5.1f} ms, server CPU {median.server_cpu:.2f} ms/request "
          f"(busiest worker {median.busiest_worker:.0%} of the workers' CPU), client CPU {median.client_cpu:.2f} "
          f"ms/request (medians; each round requests/s/p50/p95/server CPU: {spread}; "
          f"load average now {os.getloadavg()[0]:.1f})")


def bench_http(url: str, quick: bool, server_pid: int | None = None) -> None:
    posts = bench_posts()
    warm_up(url, posts)
    for clients, requests in LEVELS[quick]:
        rounds = [run_level(url, clients, requests, posts, server_pid) for _ in range(3)]
        report("", clients, requests, rounds)


def bench_ab(sources: list[str], workers: int, quick: bool, pairs: int) -> None:
    """The same rounds against a server from each source, interleaved: A B A B ..., then medians per source."""
    posts = bench_posts()
    results: dict[tuple[str, int], list[Round]] = {}
    with tempfile.TemporaryDirectory(prefix="advolint-bench-serve-") as scratch:
        folders = {source: source_folder(source, Path(scratch)) for source in sources}
        for pair in range(pairs):
            for source in sources:
                process, url = start_server(ROOT / "config" / "example-policy.yaml", workers, folders[source],
                                            Path(scratch) / f"cache-{sources.index(source)}")
                try:
                    warm_up(url, posts)
                    for clients, requests in LEVELS[quick]:
                        result = run_level(url, clients, requests, posts, process.pid)
                        results.setdefault((source, clients), []).append(result)
                        print(f"  pair {pair + 1} {source}: {clients:>2} client(s) {result.rate:.0f} requests/s, "
                              f"p50 {result.p50:.1f} ms, p95 {result.p95:.1f} ms, server CPU "
                              f"{result.server_cpu:.2f} ms/request, load average {os.getloadavg()[0]:.1f}", flush=True)
                finally:
                    process.terminate()
                    process.wait(10)
    width = max(len(source) for source in sources)
    for clients, requests in LEVELS[quick]:
        for source in sources:
            report(f"{source:<{width}}  ", clients, requests, results[(source, clients)])


# The page draws the marks and then the list in one go (app.js show()), so the list item that the
# third "!" brings is there exactly when its mark is (a mark may show a worse finding over the same letters).
MARK_TIMER = """() => {
  const draft = document.getElementById('draft');
  let typed = null;
  window.markLatency = null;
  draft.addEventListener('input', () => { typed = performance.now(); });
  new MutationObserver(() => {
    if (typed !== null && window.markLatency === null &&
        document.querySelector("#results li[data-rule='tone-exclamation']")) window.markLatency = performance.now() - typed;
  }).observe(document.getElementById('results'), {childList: true, subtree: true});
}"""


def bench_page(url: str) -> None:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("ADVOLINT_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        raise SystemExit("bench/serve.py --page: no Chromium (scripts/test.sh installs it)")
    rng = random.Random(300)
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page()
        for _ in range(20):
            page.goto(url + "/")
            text = draft(rng, 300).replace("!", ".") + " Flot!!"
            page.locator("#draft").fill(text)  # two "!": allowed
            page.wait_for_timeout(300)
            page.evaluate(MARK_TIMER)
            page.locator("#draft").press("!")  # the third "!": tone-exclamation
            times.append(page.wait_for_function("() => window.markLatency").json_value())
        browser.close()
    times.sort()
    print(f"page: last keystroke to marks over 20 drafts: median {statistics.median(times):.0f} ms, "
          f"worst {times[-1]:.0f} ms (debounce included)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a running advolint serve on 127.0.0.1 (default: start one)")
    parser.add_argument("--quick", action="store_true", help="fewer requests per round")
    parser.add_argument("--page", action="store_true", help="also measure the page's mark latency in Chromium")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="server processes when this script starts the server (default: one per CPU)")
    parser.add_argument("--src", action="append", default=[], metavar="REV_OR_DIR",
                        help="A/B: a git revision or a checkout to serve from; twice or more: interleaved rounds")
    parser.add_argument("--pairs", type=int, default=3, help="A/B: how many times each source is served")
    options = parser.parse_args()
    if options.url and not options.url.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("bench/serve.py: load tests go to 127.0.0.1 only")
    if options.src:
        print(f"A/B of {', '.join(options.src)}: {options.workers} worker(s), policy config/example-policy.yaml, "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        bench_ab(options.src, options.workers, options.quick, options.pairs)
        return
    process = None
    url = options.url
    if url is None:
        process, url = start_server(ROOT / "config" / "example-policy.yaml", options.workers)
    try:
        workers = f"{options.workers} worker(s)" if process else "already running"
        print(f"advolint serve at {url} ({workers}), policy config/example-policy.yaml, {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}")
        bench_http(url, options.quick, process.pid if process else None)
        if options.page:
            bench_page(url)
    finally:
        if process is not None:
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
