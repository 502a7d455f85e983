"""Starting the server: the policy, the token, then uvicorn on the address given.

With ``--workers N`` (N > 1) uvicorn's supervisor starts N processes that
each build the application from :func:`worker_app` (the settings travel in
an environment variable, the token as its file's path); SIGHUP then
restarts the workers, which reloads the policy in each.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from advolint.errors import AdvolintError
from advolint.serve.app import Settings, create_app
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
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(message)s")


def serve(policy: str | None, host: str, port: int, token_file: str | None, max_body: int, timeout: float,
          reload_interval: float = 2.0, workers: int = 1) -> None:
    import uvicorn

    _log_to_stderr()
    options = dict(policy=policy, token_file=token_file, max_body=max_body, timeout=timeout,
                   reload_interval=reload_interval)
    settings = _settings(**options)  # a bad token file or policy stops the command here, in one line
    state = PolicyState(policy)
    logging.getLogger("advolint.serve").info("advolint serve: policy %s, http://%s:%d/ (%d worker%s)",
                                             state.linter.header.source, host, port, workers,
                                             "s" if workers > 1 else "")
    # access_log off: our own log line has no query string; uvicorn's would.
    common = dict(host=host, port=port, access_log=False, server_header=False, log_level="info")
    if workers == 1:
        uvicorn.run(create_app(settings, state), **common)
    else:
        os.environ[_WORKER_SETTINGS] = json.dumps(options)
        uvicorn.run("advolint.serve.server:worker_app", factory=True, workers=workers, **common)


def worker_app():
    """The application in one of several worker processes (see the module docstring)."""
    _log_to_stderr()
    return create_app(_settings(**json.loads(os.environ[_WORKER_SETTINGS])))
