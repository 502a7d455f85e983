"""Starting the server: the policy, the token, then uvicorn on the address given.

With ``--workers N`` (N > 1) uvicorn's supervisor starts N processes that
each build the application from :func:`worker_app` (the settings travel in
an environment variable, the token as its file's path); SIGHUP then
restarts the workers, which reloads the policy in each.  Each worker listens
on a socket of its own (see :class:`OwnSocketInEachWorker`).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
from pathlib import Path

from advolint.errors import AdvolintError
from advolint.serve.app import Settings, create_app
from advolint.serve.checking import SWITCH_INTERVAL
from advolint.serve.state import PolicyState
from advolint.language import tr

_WORKER_SETTINGS = "ADVOLINT_SERVE_SETTINGS"


def read_token(path: str) -> str:
    try:
        token = Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise AdvolintError(tr("{path}: cannot read the token file ({value})",
                               path=path, value=exc.strerror or exc)) from None
    if not token or any(character.isspace() for character in token):
        raise AdvolintError(tr("{path}: the token file must hold one token (no spaces), nothing else", path=path))
    return token


def _settings(policy, token_file, max_body, timeout, reload_interval) -> Settings:
    return Settings(policy=policy, token=read_token(token_file) if token_file else None,
                    max_body=max_body, timeout=timeout, reload_interval=reload_interval)


def _log_to_stderr() -> None:
    """Log lines go to stderr from a thread of their own (the stdlib's QueueHandler and QueueListener).

    Writing a line is a system call, and a thread that makes one gives up the interpreter lock: the
    event loop writing the access line itself then waited for a running check to hand the lock back
    (up to the switch interval, 5 ms) on every request.  The event loop now only formats the line
    and puts it in a queue; the listener writes it at once, and the last lines at exit.
    """
    import atexit
    import queue
    from logging.handlers import QueueHandler, QueueListener

    # What no line of ours shows, not gathered for each line (the logging HOWTO's "Optimization").
    logging._srcfile = None  # the caller's file and line: a walk up the stack
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    lines: queue.SimpleQueue = queue.SimpleQueue()
    listener = QueueListener(lines, handler)
    listener.start()
    atexit.register(listener.stop)
    queued = QueueHandler(lines)
    queued.setFormatter(logging.Formatter("%(message)s"))  # the line itself; the listener's handler adds the time
    logging.basicConfig(level=logging.INFO, handlers=[queued])


def serve(policy: str | None, host: str, port: int, token_file: str | None, max_body: int, timeout: float,
          reload_interval: float = 2.0, workers: int = 1) -> None:
    import uvicorn

    _log_to_stderr()
    sys.setswitchinterval(SWITCH_INTERVAL)  # see advolint.serve.checking
    options = dict(policy=policy, token_file=token_file, max_body=max_body, timeout=timeout,
                   reload_interval=reload_interval)
    settings = _settings(**options)  # a bad token file or policy stops the command here, in one line
    state = PolicyState(policy)
    held = None
    if workers > 1 and sys.platform.startswith("linux"):  # SO_REUSEPORT spreads connections on Linux only
        held = OwnSocketInEachWorker.holding(host, port)  # a port in use stops the command here, in one line
        port = held.address[1]  # --port 0: the port the kernel chose, for the log line
    logging.getLogger("advolint.serve").info("advolint serve: policy %s, http://%s:%d/ (%d worker%s)",
                                             state.linter.header.source, host, port, workers,
                                             "s" if workers > 1 else "")
    # access_log off: our own log line has no query string; uvicorn's would.
    common = dict(host=host, port=port, access_log=False, server_header=False, log_level="info")
    if workers == 1:
        uvicorn.run(create_app(settings, state), **common)
        return
    os.environ[_WORKER_SETTINGS] = json.dumps(options)
    if held is None:
        uvicorn.run("advolint.serve.server:worker_app", factory=True, workers=workers, **common)
        return
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config("advolint.serve.server:worker_app", factory=True, workers=workers, **common)
    try:
        Multiprocess(config, sockets=[held]).run()
    except KeyboardInterrupt:
        pass


class OwnSocketInEachWorker(socket.socket):
    """The supervisor's hold on the address; each worker process that unpickles it gets
    a listening socket of its own on that address (``SO_REUSEPORT``), so that the kernel
    spreads new connections evenly over the workers.

    With one listening socket shared by all workers (what uvicorn does), whichever
    worker wakes first accepts every connection waiting (asyncio accepts up to the
    backlog in one go): at 20 keep-alive clients, all 20 went to one worker in one
    round of three (``bench/serve.py`` prints each worker's share), and that worker's
    queue doubled the latency.  uvicorn's supervisor pickles the sockets it is given
    into each worker it starts (and restarts); this class's pickle is its address, not
    its file descriptor.  The supervisor's own socket is bound, never listening, so
    it holds the port (a port in use is an error before any worker starts) and gets no
    connection.  A reuse-port group takes only sockets of the same user, and :meth:`holding`
    refuses a port that such a group already holds.
    """

    @classmethod
    def holding(cls, host: str, port: int) -> "OwnSocketInEachWorker":
        # The address family as uvicorn's own supervisor picks it: IPv6 for an address with a colon.
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        held = None
        try:
            # First without SO_REUSEPORT: that bind fails on a port any socket holds, a reuse-port
            # group of the same user too (another `advolint serve --workers` would otherwise join
            # this one's group and silently take a share of its connections).
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as a listener would
                probe.bind((host, port))
                address = probe.getsockname()  # --port 0: the port the kernel chose
            held = cls(family, socket.SOCK_STREAM)
            held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            held.bind(address)
        except OSError as exc:
            if held is not None:
                held.close()
            raise AdvolintError(tr("cannot listen on {host}:{port} ({value})", host=host, port=port,
                                   value=exc.strerror or exc)) from None
        held.address = held.getsockname()
        return held

    def __reduce__(self):
        return _listening_socket, (self.family, self.address)


def _listening_socket(family: int, address: tuple) -> socket.socket:
    """A worker's own listening socket on ``address`` (see :class:`OwnSocketInEachWorker`)."""
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listening.bind(address)
    listening.listen(2048)  # uvicorn's backlog
    return listening


def worker_app():
    """The application in one of several worker processes (see the module docstring)."""
    _log_to_stderr()
    sys.setswitchinterval(SWITCH_INTERVAL)
    return create_app(_settings(**json.loads(os.environ[_WORKER_SETTINGS])))
