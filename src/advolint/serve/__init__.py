"""``advolint serve``: a web page for the people who write posts, and an HTTP API.

* :mod:`advolint.serve.state`: the compiled policy, loaded once and reloaded
  when one of its files changes or on SIGHUP;
* :mod:`advolint.serve.api`: ``/api/v1/*`` (check, fix, rules, policy);
* :mod:`advolint.serve.languagetool`: LanguageTool's ``/v2/check`` and
  ``/v2/languages``, so LanguageTool clients show advolint's findings;
* :mod:`advolint.serve.page`: the page at ``/`` and its static files;
* :mod:`advolint.serve.app`: the Starlette application with the limits,
  the token check, the security headers and an access log without drafts.
* :mod:`advolint.serve.checking`: the queue the checks wait in (worker
  threads, first come first served, the time limit);
* :mod:`advolint.serve.server`: starting uvicorn, its workers, the log.

Starlette and uvicorn are imported only here, never by ``advolint check``.
"""
