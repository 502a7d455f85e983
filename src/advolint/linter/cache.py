"""The compiled-policy cache: a one-file check starts without recompiling.

Compiling a policy (YAML, pydantic validation, term automata, combined
patterns, the message catalogue) costs far more than checking one post.  The
compiled :class:`~advolint.engine.Linter` is pickled into the user cache
directory (``platformdirs.user_cache_dir("advolint")``, or the folder named by
``ADVOLINT_CACHE_DIR``), one file per policy path, written atomically.  It
is reused only while all of its key still holds:

* advolint's version and a fingerprint of the installation (size and mtime
  of every code and data file, so a changed rule or lexicon rebuilds);
* the bytes of the policy file and of every file in its ``extends`` chain;
* the bytes of every file the policy reads (``confidential.files``).

The module-level ``regex`` patterns of the rule and text modules travel in
the same file (:mod:`advolint.patterns`), so a hit parses no pattern at all.

On a hit neither YAML nor pydantic is imported: policy objects are pickled as
:class:`Snapshot` objects, plain attribute bags with the same fields and
properties (a method call rebuilds the real pydantic model first).  Any error
while reading the cache means a silent rebuild; an error while writing it is
ignored.  ``ADVOLINT_NO_CACHE=1`` or ``advolint check --no-cache`` turns the
cache off.
"""

from __future__ import annotations

import importlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from advolint import __version__, messages, patterns
from advolint.linter.compiled import remember_linter
from advolint.resources import default_policy_path, lint_rules_dir

if TYPE_CHECKING:  # pragma: no cover
    from advolint.linter.compiled import Linter

# SHA-256 from Python's own module: hashlib loads OpenSSL first, ~3 ms of every
# one-file start.  The digests are the same.
try:
    from _sha2 import sha256  # Python 3.12+
except ImportError:
    try:
        from _sha256 import sha256  # Python 3.10, 3.11
    except ImportError:  # pragma: no cover - a build without them
        from hashlib import sha256

CACHE_FORMAT = 2  # 2: the module-level patterns travel with the policy


def cache_enabled() -> bool:
    return os.environ.get("ADVOLINT_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    configured = os.environ.get("ADVOLINT_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("advolint", appauthor=False))


def load_compiled(path: str | Path | None, use_cache: bool = True) -> "Linter":
    """The compiled policy at ``path`` (``None``: the embedded default).

    Raises :class:`~advolint.model.PolicyError` like ``load_policy``.
    """
    target = Path(path).resolve() if path is not None else default_policy_path()
    entry = _entry_path(target) if use_cache and cache_enabled() else None
    linter = _read(entry) if entry is not None else None
    if linter is None:
        linter = _compile(path)
        if entry is not None:
            _write(entry, linter)
    remember_linter(linter)
    return linter


def _compile(path) -> "Linter":
    from advolint.linter.compiled import Linter
    from advolint.policy.loading import load_policy

    return Linter(load_policy(path))


def _entry_path(target: Path) -> Path:
    return cache_dir() / (sha256(str(target).encode("utf-8")).hexdigest()[:32] + ".pickle")


# -- the key -----------------------------------------------------------------


def _installation_fingerprint() -> str:
    """Size and mtime of advolint's code and data files (a changed rule rebuilds)."""
    digest = sha256(__version__.encode())
    for root in (Path(__file__).resolve().parent, lint_rules_dir()):
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


def _file_digest(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return sha256(handle.read()).hexdigest()
    except OSError:
        return None


def _dependencies(linter: "Linter") -> list[str]:
    """Every file whose bytes the compiled policy depends on."""
    policy = linter.policy
    files = list(policy.files_read)
    files.extend(str(policy.resolve_path(entry.path)) for entry in policy.confidential.files)
    return files


def _header(dependencies: list[str]) -> dict:
    return {
        "format": CACHE_FORMAT,
        "install": _installation_fingerprint(),
        "files": {path: _file_digest(path) for path in dependencies},
    }


# -- reading and writing -----------------------------------------------------


def _read(entry: Path) -> "Linter | None":
    try:
        with open(entry, "rb") as handle:
            header = pickle.load(handle)
            if header != _header(list(header["files"])):
                return None
            # The module-level patterns first: unpickling the linter imports
            # the rule modules, whose patterns are then not parsed again.
            patterns.preload(pickle.load(handle))
            payload = pickle.load(handle)
        messages.preload(payload["messages"])
        return payload["linter"]
    except Exception:  # a missing, stale, truncated or foreign file: rebuild
        return None


def _write(entry: Path, linter: "Linter") -> None:
    try:
        _warm(linter)
        header = _header(_dependencies(linter))
        import tempfile

        entry.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=entry.parent, prefix=".tmp-", suffix=".pickle", delete=False)
        try:
            with handle:
                pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(patterns.compiled(), handle, protocol=pickle.HIGHEST_PROTOCOL)
                _SnapshotPickler(handle, protocol=pickle.HIGHEST_PROTOCOL).dump(
                    {"linter": linter, "messages": messages.catalogue()})
            os.replace(handle.name, entry)
        except BaseException:
            os.unlink(handle.name)
            raise
    except Exception:  # a read-only home, a full disk, an unpicklable rule: run uncached
        return


def _warm(linter: "Linter") -> None:
    """Compute the lazily built, policy-only data before pickling it."""
    from advolint.text.termmatch import _not_common_plain

    _not_common_plain()  # the first post's folding needs it: it travels in the cache (advolint.patterns)


# -- policy objects without pydantic -----------------------------------------


class _SnapshotPickler(pickle.Pickler):
    """Pickles every pydantic model as a :class:`Snapshot`."""

    def reducer_override(self, obj):
        from pydantic import BaseModel

        if isinstance(obj, BaseModel):
            return _restore, _snapshot_state(obj)
        return NotImplemented


def _snapshot_state(model) -> tuple:
    cls = type(model)
    values = {name: getattr(model, name) for name in cls.model_fields}
    for klass in cls.__mro__:
        if klass.__module__.startswith("pydantic"):
            break
        for name, attribute in vars(klass).items():
            if isinstance(attribute, property) and name not in values:
                values[name] = getattr(model, name)
    values.update(model.__pydantic_private__ or {})
    return (cls.__module__, cls.__qualname__, values, model.model_dump())


def _restore(module: str, qualname: str, values: dict, dump: dict) -> "Snapshot":
    return Snapshot(module, qualname, values, dump)


class Snapshot:
    """A pydantic model's fields, properties and private values as plain attributes.

    Any other attribute (a method) rebuilds the real model, importing
    pydantic, and comes from it.
    """

    def __init__(self, module: str, qualname: str, values: dict, dump: dict):
        self.__dict__.update(values)
        self.__dict__["_model"] = (module, qualname, dump)

    def __getattr__(self, name: str):  # only for names not among the values
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._real_model(), name)

    def _real_model(self):
        real = self.__dict__.get("_real")
        if real is None:
            module, qualname, dump = self.__dict__["_model"]
            cls = getattr(importlib.import_module(module), qualname)
            real = cls.model_validate(dump)
            for name, value in self.__dict__.items():
                if name.startswith("_") and name not in ("_model", "_real") and name in (real.__pydantic_private__ or {}):
                    setattr(real, name, value)
            self.__dict__["_real"] = real
        return real

    def __repr__(self) -> str:
        return f"Snapshot({self.__dict__['_model'][1]})"
