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
average is printed: other processes on the same cores change the numbers.

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
import time
from pathlib import Path

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


def start_server(policy: Path, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
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


async def load(url: str, clients: int, requests: int, posts: list[str]) -> tuple[float, float, float]:
    """(requests/s, p50 ms, p95 ms) of ``requests`` checks from ``clients`` concurrent connections."""
    import aiohttp

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
    latencies.sort()
    return (len(latencies) / elapsed, latencies[len(latencies) // 2] * 1000,
            latencies[int(len(latencies) * 0.95) - 1] * 1000)


def bench_http(url: str, quick: bool) -> None:
    rng = random.Random(1000)
    posts = [draft(rng) for _ in range(200)]
    assert all(len(post) == 1000 for post in posts)
    asyncio.run(load(url, 4, 200, posts))  # warm-up: connections, caches
    for clients, requests in ((1, 300 if quick else 1000), (20, 1000 if quick else 3000)):
        rounds = [asyncio.run(load(url, clients, requests, posts)) for _ in range(3)]
        rate, p50, p95 = (statistics.median(values) for values in zip(*rounds))
        spread = ", ".join(f"{r:.0f}/{a:.1f}/{b:.1f}" for r, a, b in rounds)
        print(f"{clients:>2} client(s), {requests} requests x 3 rounds: {rate:6.0f} requests/s, "
              f"p50 {p50:5.1f} ms, p95 {p95:5.1f} ms (medians of the rounds; each round requests/s/p50/p95: "
              f"{spread}; load average now {os.getloadavg()[0]:.1f})")


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
    options = parser.parse_args()
    if options.url and not options.url.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("bench/serve.py: load tests go to 127.0.0.1 only")
    process = None
    url = options.url
    if url is None:
        process, url = start_server(ROOT / "config" / "example-policy.yaml", options.workers)
    try:
        workers = f"{options.workers} worker(s)" if process else "already running"
        print(f"advolint serve at {url} ({workers}), policy config/example-policy.yaml, {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}")
        bench_http(url, options.quick)
        if options.page:
            bench_page(url)
    finally:
        if process is not None:
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
