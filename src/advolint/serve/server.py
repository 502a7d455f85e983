"""Starting the server: the policy, the token, then uvicorn on the address given."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from advolint.errors import AdvolintError
from advolint.serve.app import Settings, create_app
from advolint.serve.state import PolicyState


def read_token(path: str) -> str:
    try:
        token = Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise AdvolintError(f"{path}: cannot read the token file ({exc.strerror or exc})") from None
    if not token or any(character.isspace() for character in token):
        raise AdvolintError(f"{path}: the token file must hold one token (no spaces), nothing else")
    return token


def serve(policy: str | None, host: str, port: int, token_file: str | None, max_body: int, timeout: float,
          reload_interval: float = 2.0) -> None:
    import uvicorn

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(message)s")
    settings = Settings(policy=policy, token=read_token(token_file) if token_file else None,
                        max_body=max_body, timeout=timeout, reload_interval=reload_interval)
    state = PolicyState(policy)  # a policy error stops the command here, in one line
    logging.getLogger("advolint.serve").info("advolint serve: policy %s, http://%s:%d/", state.linter.header.source,
                                             host, port)
    # access_log off: our own log line has no query string; uvicorn's would.
    uvicorn.run(create_app(settings, state), host=host, port=port, access_log=False, server_header=False,
                log_level="info")
