"""The compiled-policy cache: a one-file check starts without recompiling.

Compiling a policy (YAML, pydantic validation, term automata, combined
patterns, the message catalogue) costs far more than checking one post.  The
compiled :class:`~advolint.linter.compiled.Linter` holds no policy object,
only plain settings and what the rules built from them, so it is pickled as
it is into the user cache directory (``platformdirs.user_cache_dir("advolint")``,
or the folder named by ``ADVOLINT_CACHE_DIR``), one file per policy path,
written atomically.  It is reused only while all of its key still holds:

* advolint's version and a fingerprint of the installation (size and mtime
  of every code and data file, so a changed rule or lexicon rebuilds);
* the bytes of every file the compiled policy depends on (its header's
  ``files``: the policy file, its ``extends`` chain, the term files).

The module-level ``regex`` patterns of the rule and text modules travel in
the same file (:mod:`advolint.patterns`), so a hit parses no pattern at all,
and neither YAML nor pydantic is imported.  Any error while reading the cache
means a silent rebuild; an error while writing it is ignored.
``ADVOLINT_NO_CACHE=1`` or ``advolint check --no-cache`` turns the cache off.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from advolint import __version__, messages, patterns
from advolint.linter.compiled import Linter, file_digest, sha256
from advolint.resources import cache_dir, default_policy_path, lint_rules_dir

CACHE_FORMAT = 3  # 3: linters hold plain settings, no policy objects


def cache_enabled() -> bool:
    return os.environ.get("ADVOLINT_NO_CACHE", "") in ("", "0")


def load_linter(path: str | Path | None, use_cache: bool = True) -> Linter:
    """The compiled policy at ``path`` (``None``: the embedded default), from the cache when valid.

    Raises :class:`~advolint.errors.PolicyError` like ``load_policy``.
    """
    target = Path(path).resolve() if path is not None else default_policy_path()
    entry = _entry_path(target) if use_cache and cache_enabled() else None
    linter = _read(entry) if entry is not None else None
    if linter is None:
        linter = compile_file(path)
        if entry is not None:
            _write(entry, linter)
    return linter


def compile_file(path: str | Path | None) -> Linter:
    """Load, validate and compile the policy at ``path``, bypassing the cache."""
    from advolint.policy.loading import load_policy

    return Linter.compile(load_policy(path))


def _entry_path(target: Path) -> Path:
    return cache_dir() / (sha256(str(target).encode("utf-8")).hexdigest()[:32] + ".pickle")


# -- the key -----------------------------------------------------------------


def _installation_fingerprint() -> str:
    """Size and mtime of advolint's code and data files (a changed rule rebuilds)."""
    digest = sha256(__version__.encode())
    for root in (Path(__file__).resolve().parents[1], lint_rules_dir()):
        stack = [str(root)]
        while stack:
            with os.scandir(stack.pop()) as entries:
                for entry in sorted(entries, key=lambda e: e.name):
                    if entry.is_dir():
                        if entry.name != "__pycache__":
                            stack.append(entry.path)
                    else:
                        stat = entry.stat()
                        digest.update(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _key(files: dict[str, str | None]) -> dict:
    return {"format": CACHE_FORMAT, "install": _installation_fingerprint(), "files": files}


# -- reading and writing -----------------------------------------------------


def _read(entry: Path) -> Linter | None:
    try:
        with open(entry, "rb") as handle:
            key = pickle.load(handle)
            if key != _key({path: file_digest(path) for path in key["files"]}):
                return None
            # The module-level patterns first: unpickling the linter imports
            # the rule modules, whose patterns are then not parsed again.
            patterns.preload(pickle.load(handle))
            payload = pickle.load(handle)
        messages.preload(payload["messages"])
        return payload["linter"]
    except Exception:  # a missing, stale, truncated or foreign file: rebuild
        return None


def _write(entry: Path, linter: Linter) -> None:
    try:
        _warm(linter)
        key = _key(linter.header.files)
        import tempfile

        entry.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=entry.parent, prefix=".tmp-", suffix=".pickle", delete=False)
        try:
            with handle:
                pickle.dump(key, handle, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(patterns.compiled(), handle, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump({"linter": linter, "messages": messages.catalogue()}, handle,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, entry)
        except BaseException:
            os.unlink(handle.name)
            raise
    except Exception:  # a read-only home, a full disk, an unpicklable rule: run uncached
        return


def _warm(linter: Linter) -> None:
    """Compute the lazily built, policy-only data before pickling it."""
    from advolint.text.termmatch import _not_common_plain

    _not_common_plain()  # the first post's folding needs it: it travels in the cache (advolint.patterns)
    linter.header.own_files  # resolved once here rather than on every run
