"""The Starlette application of ``advolint serve``.

Around every route (outermost first): an access log line with method, path
(never the query string), status and time, never a body; the security
headers (a Content-Security-Policy that allows only this server's own
script, style and connections: no inline script, nothing from elsewhere);
the bearer token when ``--token-file`` is given (``/healthz`` stays open for
the load balancer); the body limit (413 past it).  Checks run in worker
threads, first come first served, two at a time, under a time limit (503
past it; :mod:`advolint.serve.checking`), so one slow draft never holds the
others up.  Drafts are never written anywhere: they live in the request.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
import threading
import time
import traceback
from typing import NamedTuple

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from advolint import __version__
from advolint.errors import InputError
from advolint.serve import drafts, languagetool, page
from advolint.serve.checking import Checks, CheckTimeout
from advolint.serve.platforms import platforms
from advolint.serve.state import PolicyState

log = logging.getLogger("advolint.serve")

SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                                 b"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cache-control", b"no-store"),  # answers quote drafts: no proxy or browser cache keeps them
]
OPEN_PATHS = ("/healthz",)  # answered without the token


class Settings(NamedTuple):
    policy: str | None = None
    token: str | None = None  # the bearer token clients must send; None: no auth
    max_body: int = 100_000  # bytes
    timeout: float = 5.0  # seconds per check
    reload_interval: float = 2.0  # seconds between looks at the policy files (0: only on SIGHUP)


def create_app(settings: Settings, state: PolicyState | None = None) -> Starlette:
    state = state or PolicyState(settings.policy)
    words = lambda: state.linter.messages  # noqa: E731 - the messages of the policy in service

    checks = Checks(settings.timeout)

    async def run_limited(function, *args):
        """``function(*args)`` in a worker thread (see :mod:`advolint.serve.checking`), or 503 past the time limit."""
        try:
            return await checks.run(function, *args)
        except CheckTimeout:
            raise _Refusal(503, words().get("serve", "timeout", seconds=f"{settings.timeout:g}")) from None
        except (drafts.BadDraft, InputError) as exc:  # InputError: the rules' word on the metadata (a jurisdiction)
            raise _Refusal(400, str(exc)) from None
        except Exception as exc:
            # Not the server's default traceback: an exception's text may quote the draft.
            where = traceback.extract_tb(exc.__traceback__)[-1]
            log.error("advolint serve: internal error (%s at %s:%d); please report it", type(exc).__name__,
                      where.filename, where.lineno)
            raise _Refusal(500, "internal error; please report it") from None

    async def json_body(request: Request):
        try:
            return json.loads(await request.body())
        except ValueError:
            raise _Refusal(400, "the body is not valid JSON") from None

    # -- what depends on the policy alone: made once for the policy in service --
    made: dict = {"linter": None}

    def of_policy(name: str, make):
        """``make(linter)``, kept until another policy is put in service (a reload)."""
        linter = state.linter
        if made["linter"] is not linter:
            made.clear()
            made["linter"] = linter
        if name not in made:
            made[name] = make(linter)
        return made[name]

    # -- the page -------------------------------------------------------------
    async def index(request: Request):
        return HTMLResponse(of_policy("page", lambda linter: page.render(linter, state.summary)))

    # -- the JSON API ---------------------------------------------------------
    async def healthz(request: Request):
        return JSONResponse({"status": "ok", "version": __version__, "policy": state.summary["source"]})

    async def check(request: Request):
        body = await json_body(request)
        linter = state.linter

        def work():
            post = drafts.draft_post(body, linter)
            violations = linter.check(post)
            return {"version": 1, "violations": drafts.violations_json(post, violations, linter),
                    "summary": _summary(violations)}

        return JSONResponse(await run_limited(work))

    async def fix(request: Request):
        body = await json_body(request)
        linter = state.linter
        rule, start = (body.get("rule"), body.get("start")) if isinstance(body, dict) else (None, None)

        def work():
            post = drafts.draft_post(body, linter)
            fixed_post, remaining, done = drafts.fix_draft(post, linter, rule, start)
            return {"version": 1, "text": fixed_post.text, "fixed": done,
                    "violations": drafts.violations_json(fixed_post, remaining, linter),
                    "summary": _summary(remaining)}

        return JSONResponse(await run_limited(work))

    async def rules(request: Request):
        info = of_policy("rules", page.rules_info)
        return JSONResponse({"language": state.linter.message_language,
                             "rules": [{"id": rule, "severity": data["severity"], "title": data["title"]}
                                       for rule, data in info.items()]})

    async def rule(request: Request):
        info = of_policy("rules", page.rules_info).get(request.path_params["rule"])
        if info is None:
            raise _Refusal(404, f"no rule '{request.path_params['rule']}' is on in this policy")
        return JSONResponse({"id": request.path_params["rule"], **info})

    async def policy(request: Request):
        return JSONResponse(state.summary)

    async def platform_facts(request: Request):
        return JSONResponse(platforms())

    async def openapi(request: Request):
        import yaml

        with open(page.STATIC_DIR.parent / "openapi.yaml", encoding="utf-8") as handle:
            description = yaml.safe_load(handle)
        description["info"]["version"] = __version__
        return JSONResponse(description)

    # -- LanguageTool -----------------------------------------------------------
    async def lt_check(request: Request):
        form = dict(await request.form())
        linter = state.linter
        return JSONResponse(await run_limited(languagetool.check, form, linter))

    async def lt_languages(request: Request):
        return JSONResponse(languagetool.languages())

    @contextlib.asynccontextmanager
    async def lifespan(app):
        watcher = asyncio.create_task(state.watch(settings.reload_interval)) if settings.reload_interval else None
        loop = asyncio.get_running_loop()
        # SIGHUP exists only on POSIX, and only the main thread's loop may take signal handlers.
        if hasattr(signal, "SIGHUP") and threading.current_thread() is threading.main_thread():
            loop.add_signal_handler(signal.SIGHUP, lambda: loop.run_in_executor(None, state.reload, "SIGHUP"))
        try:
            yield
        finally:
            if watcher is not None:
                watcher.cancel()
            checks.close()

    routes = [
        Route("/", index),
        Route("/healthz", healthz),
        Route("/api/v1/check", check, methods=["POST"]),
        Route("/api/v1/fix", fix, methods=["POST"]),
        Route("/api/v1/rules", rules),
        Route("/api/v1/rules/{rule}", rule),
        Route("/api/v1/policy", policy),
        Route("/api/v1/platforms", platform_facts),
        Route("/api/v1/openapi.json", openapi),
        Route("/v2/check", lt_check, methods=["POST"]),
        Route("/v2/languages", lt_languages),
        Mount("/static", StaticFiles(directory=page.STATIC_DIR), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={_Refusal: _refusal_response})
    app.state.policy = state
    guarded = Guard(app, settings, words)
    return AccessLog(SecurityHeaders(guarded))


def _summary(violations) -> dict:
    counts = {"errors": 0, "warnings": 0, "infos": 0}
    for violation in violations:
        counts[violation.severity.label + "s"] += 1
    return counts


class _Refusal(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


async def _refusal_response(request, exc: _Refusal):
    return JSONResponse({"error": exc.message}, status_code=exc.status)


async def _send_error(send, status: int, message: str, extra_headers=()):
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *extra_headers]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """The token check and the body limit, before any route reads a byte of the body."""

    def __init__(self, app, settings: Settings, words):
        self.app, self.settings, self.words = app, settings, words
        self.expected = f"Bearer {settings.token}".encode() if settings.token else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        if self.expected and scope["path"] not in OPEN_PATHS and not scope["path"].startswith("/static/"):
            if not hmac.compare_digest(headers.get(b"authorization", b""), self.expected):
                return await _send_error(send, 401, self.words().get("serve", "unauthorized"),
                                         [(b"www-authenticate", b'Bearer realm="advolint"')])
        limit = self.settings.max_body
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return await _send_error(send, 413, self.too_large())
        if scope["method"] in ("POST", "PUT", "PATCH"):
            # Read the body here (at most the limit), so that a body without a length is held to it too.
            chunks, size, more = [], 0, True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    return await _send_error(send, 413, self.too_large())
                chunks.append(chunk)
                more = message.get("more_body", False)
            body = b"".join(chunks)
            replayed = False

            async def receive():  # noqa: F811 - the route reads the body held here
                nonlocal replayed
                if replayed:
                    return {"type": "http.disconnect"}
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}

        return await self.app(scope, receive, send)

    def too_large(self) -> str:
        return self.words().get("serve", "too-large", limit=self.settings.max_body)


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = dict(message, headers=[*message.get("headers", []), *SECURITY_HEADERS])
            await send(message)

        return await self.app(scope, receive, send_with_headers)


class AccessLog:
    """One line per request: client, method, path without its query, status, milliseconds. Never a body."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, status = time.perf_counter(), [0]

        async def send_logged(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_logged)
        finally:
            client = scope.get("client") or ("-", 0)
            log.info('%s "%s %s" %d %.1f ms', client[0], scope["method"], scope["path"], status[0],
                     (time.perf_counter() - started) * 1000)
