"""The queue the server's checks wait in (advolint.serve.checking): order, slots, the time limit."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from advolint.serve.checking import Checks, CheckTimeout


def test_checks_run_in_order_of_arrival_at_most_two_at_once():
    started, running, most = [], [0], [0]
    lock = threading.Lock()

    def check(number):
        with lock:
            started.append(number)
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1
        return number * 10

    async def main():
        checks = Checks(timeout=5)
        try:
            return await asyncio.gather(*(checks.run(check, number) for number in range(8)))
        finally:
            checks.close()

    assert asyncio.run(main()) == [number * 10 for number in range(8)]
    assert most[0] == 2
    # The first two start together; after them, each in the order it came.
    assert sorted(started[:2]) == [0, 1] and started[2:] == list(range(2, 8))


def test_a_check_past_the_time_limit_gives_its_slot_up():
    release = threading.Event()

    def stuck():
        release.wait(10)

    async def main():
        checks = Checks(timeout=0.2, slots=1)
        try:
            began = time.monotonic()
            with pytest.raises(CheckTimeout):
                await checks.run(stuck)
            assert time.monotonic() - began < 1  # answered at the limit, while the thread still runs
            # The one slot is free again although the stuck thread has not finished.
            assert await checks.run(lambda: "next") == "next"
        finally:
            release.set()
            checks.close()

    asyncio.run(main())


def test_the_time_limit_counts_the_wait_in_the_queue():
    async def main():
        checks = Checks(timeout=0.3, slots=1)
        try:
            slow = asyncio.ensure_future(checks.run(time.sleep, 0.25))
            await asyncio.sleep(0.01)
            with pytest.raises(CheckTimeout):  # waits 0.24 s for the slot, then needs 0.1 s more
                await checks.run(time.sleep, 0.1)
            await slow
        finally:
            checks.close()

    asyncio.run(main())
