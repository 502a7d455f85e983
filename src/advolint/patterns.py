"""Module-level regular expressions that travel in the compiled-policy cache.

Parsing a ``regex`` pattern costs about 0.2 ms; the rule and text modules
compile some forty at import, which was a large part of a one-file start.
They compile through :func:`compile` instead of ``regex.compile``: the cache
(:mod:`advolint.cache`) stores every pattern compiled so far next to the
compiled policy and hands them back with :func:`preload` before the rule
modules are imported, and an unpickled ``regex`` pattern is ready without
parsing.  Without a cache (or for a pattern the cache lacks) :func:`compile`
simply compiles, so behaviour is the same either way.
"""

from __future__ import annotations

import regex

_compiled: dict = {}  # (source, flags) or a build_once name -> compiled pattern


def compile(source: str, flags: int = 0) -> regex.Pattern:  # noqa: A001 - mirrors regex.compile
    """``regex.compile(source, flags)``, reusing a pattern the cache handed over."""
    key = (source, flags)
    pattern = _compiled.get(key)
    if pattern is None:
        pattern = _compiled[key] = regex.compile(source, flags)
    return pattern


def build_once(name: str, build):
    """The pattern ``build()`` makes, kept under ``name`` like the rest: for
    a pattern whose source takes real work to derive."""
    pattern = _compiled.get(name)
    if pattern is None:
        pattern = _compiled[name] = build()
    return pattern


def compiled() -> dict:
    """Every pattern compiled through :func:`compile` in this process (for the cache)."""
    return dict(_compiled)


def preload(patterns: dict) -> None:
    """Reuse ``patterns`` (read from the cache) instead of compiling them again."""
    for key, pattern in patterns.items():
        _compiled.setdefault(key, pattern)
