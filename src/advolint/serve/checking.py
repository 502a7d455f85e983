"""Where the checks run: worker threads, first come first served, under the time limit.

The rules are pure Python, so the threads of one process take turns on the
interpreter lock whatever their number.  With a thread for every request in
flight (what a plain thread pool gives: anyio's, before) ten checks in one
worker took turns in no order at all, so a draft that lost a few turns
waited out many others' checks, and each hand-over cost more the more
threads waited.  Here at most ``SLOTS`` checks run at once and the others
wait in a queue in order of arrival, so each waits for those before it and
no more.  Two slots, not one: a draft that takes long holds one, the others
keep flowing through the other.  A check past the time limit (its wait in
the queue included) answers 503 and gives its slot up; its thread finishes
on its own (Python cannot stop a thread), so a slow draft never holds up the
drafts after it for longer than the time limit.

The server's processes set the interpreter's switch interval from 5 ms to
``SWITCH_INTERVAL`` (:mod:`advolint.serve.server`): while a check runs, the
event loop needs the lock to read a request or send an answer, and waited up
to the whole interval for each.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

SLOTS = 2
SPARE_THREADS = 16  # room for checks past their time limit that are still running
SWITCH_INTERVAL = 0.001  # seconds


class CheckTimeout(Exception):
    """A check took longer than the time limit (its wait in the queue included)."""


class Checks:
    def __init__(self, timeout: float, slots: int = SLOTS):
        self.timeout, self.slots = timeout, slots
        self._threads = ThreadPoolExecutor(max_workers=slots + SPARE_THREADS, thread_name_prefix="advolint-check")
        self._free: asyncio.Semaphore | None = None  # made in the server's event loop, on first use

    async def run(self, function, *args):
        """``function(*args)`` in a worker thread once a slot is free; :class:`CheckTimeout` past the limit."""
        try:
            return await asyncio.wait_for(self._in_slot(function, args), self.timeout)
        except asyncio.TimeoutError:
            raise CheckTimeout from None

    async def _in_slot(self, function, args):
        if self._free is None:
            self._free = asyncio.Semaphore(self.slots)
        async with self._free:  # asyncio's semaphore wakes its waiters in the order they came
            return await asyncio.get_running_loop().run_in_executor(self._threads, function, *args)

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
