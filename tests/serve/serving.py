"""Test helpers (imported, not a conftest: tests/conftest.py is the one "conftest"): a real ``advolint serve`` in a subprocess on a free port, with a Danish policy."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from conftest import subprocess_env

POLICY = """\
version: 1
extends: [advolint:dk]
company: {name: Nordlys Energi A/S, aliases: [Nordlys Energi, Nordlys], products: [SolarFlex]}
language: da
messages: da
hashtags:
  forbidden: [{tag: "#nordlysenergi", replacement: "#NordlysEnergi"}]
  required: ["#NordlysTeam"]
tone: {exclamation_max: 2}
route:
  reply-needs-escalation: {to: presse@nordlys-energi.dk, note: Pressechef Hanne, review: true}
confidential:
  terms: ["Projekt Havørn"]
  patterns: ['\\bQ[1-4]-tal\\w*']
  personal_data: [phone]
rules: {tone-exclamation: warning}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``python -m advolint serve ARGS`` on 127.0.0.1 until stopped; its stderr is kept for the log tests."""

    def __init__(self, folder: Path, *args: str, policy: str = POLICY):
        self.folder = folder
        self.policy = folder / "politik.yaml"
        self.policy.write_text(policy, encoding="utf-8")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "server.log"
        self._log_handle = open(self.log, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "advolint", "serve", "--policy", str(self.policy), "--port", str(self.port), *args],
            cwd=folder, stdin=subprocess.DEVNULL, stdout=self._log_handle, stderr=subprocess.STDOUT,
            env=subprocess_env())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"advolint serve exited {self.process.returncode}:\n{self.log.read_text()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"advolint serve did not answer within 60 s:\n{self.log.read_text()}")

    def client(self, **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=10, **kwargs)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_handle.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("serve"))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def api(server):
    with server.client() as client:
        yield client
