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

Unpickling runs code, so the cache trusts nothing it did not write itself
(the README's "Security" section has the threat model):

* the folder is created 0700; a folder or entry that is not owned by the
  current user or that group or others can write is refused with a one-line
  notice, and the run goes on uncached;
* every entry is authenticated with HMAC-SHA256 under a random per-user key
  (``platformdirs.user_data_dir("advolint")/cache.key``, or the file named
  by ``ADVOLINT_CACHE_KEY``; mode 0600, never inside the cache folder)
  before any byte of it is unpickled: a planted, copied or edited entry
  fails the check and is rebuilt;
* an entry is opened only when it is a regular file (``O_NOFOLLOW``,
  ``O_NONBLOCK``, then ``fstat``): a FIFO, socket or device there is ignored,
  never waited on.

An entry is ``MAC(header) | length | header | MAC(MAC(header) | body) | body``:
the header (the key below) is checked and read first, so a stale entry costs
no more than its header.  The body is the pickles compressed with
Zstandard (``zstandard``) at level 1, written as they are pickled (never
all of them in memory at once): a policy with a million confidential terms
pickles to 248 MB, 56 MB compressed.  Zstandard rather than ``zlib`` (level
1, as before format 6): for that policy it compresses 3.5 times faster (0.7
s of CPU, not 2.6 s) and decompresses twice as fast (decompressing is paid
on every run: a cached run loads in 1.8 s, not 2.8 s), into an entry a
seventh smaller (zlib: 65.6 MB); lzma makes entries smaller still but
compresses ten times slower than zlib.  The MAC covers the
compressed bytes, so nothing of an entry is decompressed before it is
authenticated.  An entry of an older format is stale: rebuilt silently.
An entry that fails the check or cannot be read is rebuilt with a one-line
notice (a stale one silently).
"""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

from advolint import __version__, messages, patterns
from advolint.linter.compiled import Linter, file_digest, sha256
from advolint.resources import cache_dir, default_policy_path, lint_rules_dir
from advolint.language import tr

CACHE_FORMAT = 6  # 4: entries authenticated (HMAC-SHA256); 5: the body compressed (zlib); 6: Zstandard
COMPRESSION_LEVEL = 1  # Zstandard's fastest positive level; its default (3) takes twice as long for 1% less
KEY_BYTES = 32
MAC_BYTES = 32
LENGTH_BYTES = 8
_noticed: set[str] = set()  # each refusal is told once per process, not once per policy


def cache_enabled() -> bool:
    return os.environ.get("ADVOLINT_NO_CACHE", "") in ("", "0")


def key_path() -> Path:
    configured = os.environ.get("ADVOLINT_CACHE_KEY")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_data_dir("advolint", appauthor=False)) / "cache.key"


class Refused(Exception):
    """The cache folder, an entry or the key cannot be trusted: run uncached (with a notice)."""


class Damaged(Exception):
    """An entry fails its authentication or cannot be read: rebuild it (with a notice)."""


NOT_AUTHENTIC = "fails its authentication check (truncated, edited, planted or written under another key)"


def load_linter(path: str | Path | None, use_cache: bool = True, notice=None) -> Linter:
    """The compiled policy at ``path`` (``None``: the embedded default), from the cache when valid.

    ``notice(message)`` is told, once per process, why a cache that cannot
    be trusted is not used.  Raises :class:`~advolint.errors.PolicyError`
    like ``load_policy``.
    """
    target = Path(path).resolve() if path is not None else default_policy_path()
    linter = secret = entry = None
    if use_cache and cache_enabled():
        try:
            secret = _secret()
            entry = _entry_path(target)
            linter = _read(entry, secret)
        except Refused as refusal:
            entry = None
            _tell(notice, tr("advolint: {refusal}; running without the compiled-policy cache", refusal=refusal))
        except Damaged as damage:
            _tell(notice, tr("advolint: compiled-policy cache entry {entry} {damage}; compiling the policy again",
                             entry=entry, damage=damage))
    if linter is None:
        linter = compile_file(path)
        if entry is not None:
            _write(entry, linter, secret)
    return linter


def _tell(notice, message: str) -> None:
    if notice is not None and message not in _noticed:
        _noticed.add(message)
        notice(message)


def compile_file(path: str | Path | None) -> Linter:
    """Load, validate and compile the policy at ``path``, bypassing the cache."""
    from advolint.policy.loading import load_policy

    return Linter.compile(load_policy(path))


def _entry_path(target: Path) -> Path:
    return _trusted_dir() / (sha256(str(target).encode("utf-8")).hexdigest()[:32] + ".pickle")


# -- trust -------------------------------------------------------------------


def _untrusted(info: os.stat_result, what: str, name: Path) -> str | None:
    """Why ``info`` (of ``what`` at ``name``) cannot be trusted, or None."""
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return tr("{what} {name} is not owned by you", what=tr(what), name=name)  # tr() only when it is said
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return tr("{what} {name} is writable by group or others", what=tr(what), name=name)
    return None


def _trusted_dir() -> Path:
    """The cache folder, created 0700; :class:`Refused` when someone else could write into it."""
    folder = cache_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return folder  # cannot be created (a file there, a read-only home): reading and writing fail quietly
    if not stat.S_ISDIR(info.st_mode):
        raise Refused(tr("cache folder {folder} is not a folder (a symbolic link?)", folder=folder))
    problem = _untrusted(info, "cache folder", folder)
    if problem:
        raise Refused(problem)
    return folder


def _secret() -> bytes:
    """The per-user key, created on first use (0600, outside the cache folder)."""
    path = key_path()
    try:
        path.resolve().relative_to(cache_dir().resolve())
    except ValueError:
        pass
    else:
        raise Refused(tr("cache key {path} lies inside the cache folder", path=path))
    try:
        folder = os.lstat(path.parent)
    except FileNotFoundError:
        return _new_secret(path)
    except OSError as exc:
        raise Refused(tr("cache key folder {parent} cannot be read ({strerror})",
                         parent=path.parent, strerror=exc.strerror)) from None
    problem = _untrusted(folder, "cache key folder", path.parent)  # whoever can write there can swap the key
    if problem:
        raise Refused(problem)
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return _new_secret(path)
    except OSError as exc:
        raise Refused(tr("cache key {path} cannot be read ({strerror})", path=path, strerror=exc.strerror)) from None
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused(tr("cache key {path} is not a regular file", path=path))
        problem = _untrusted(info, "cache key", path)
        if problem is None and info.st_mode & (stat.S_IRGRP | stat.S_IROTH):
            problem = f"cache key {path} is readable by group or others"
        if problem:
            raise Refused(problem)
        secret = stream.read(KEY_BYTES + 1)
    if len(secret) != KEY_BYTES:
        raise Refused(tr("cache key {path} is not {KEY_BYTES} bytes long", path=path, KEY_BYTES=KEY_BYTES))
    return secret


def _new_secret(path: Path) -> bytes:
    secret = os.urandom(KEY_BYTES)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:  # another advolint made it just now
        return _secret()
    except OSError as exc:
        raise Refused(tr("cache key {path} cannot be created ({strerror})", path=path, strerror=exc.strerror)) from None
    with os.fdopen(handle, "wb") as stream:
        stream.write(secret)
    return secret


class Mac:
    """HMAC-SHA256 (RFC 2104), fed piece by piece (an entry is not copied to be checked).

    Written out over the builtin SHA-256 rather than ``import hmac``: that
    module loads OpenSSL through hashlib, ~4 ms of every one-file start, and
    the cache is read on every run.  A test checks it against ``hmac``."""

    def __init__(self, secret: bytes):
        block = secret.ljust(64, b"\0")
        self._outer = bytes(b ^ 0x5C for b in block)
        self._inner = sha256(bytes(b ^ 0x36 for b in block))

    def update(self, data) -> None:
        self._inner.update(data)

    def digest(self) -> bytes:
        return sha256(self._outer + self._inner.digest()).digest()


def mac(secret: bytes, *pieces) -> bytes:
    """HMAC-SHA256 of the pieces, one after the other."""
    digest = Mac(secret)
    for piece in pieces:
        digest.update(piece)
    return digest.digest()


try:
    from _operator import _compare_digest as same_digest  # constant time, like hmac.compare_digest
except ImportError:  # pragma: no cover
    from hmac import compare_digest as same_digest


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


def _read(entry: Path, secret: bytes) -> Linter | None:
    """The linter in ``entry`` when it is ours, authentic and current; else None (rebuild).

    :class:`Refused` when the entry belongs to someone else or others can write it;
    :class:`Damaged` when it fails its MAC or cannot be read."""
    try:
        handle = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:  # missing (the usual first run), a symbolic link, unreadable
        return None
    try:
        with os.fdopen(handle, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                return None  # a FIFO, socket or device: never read from it (it would hang)
            problem = _untrusted(info, "cache entry", entry)
            if problem:
                raise Refused(problem)
            head_mac = stream.read(MAC_BYTES)
            length = int.from_bytes(stream.read(LENGTH_BYTES), "big")
            head = stream.read(length) if length <= info.st_size else b""
            if not same_digest(mac(secret, head), head_mac):
                raise Damaged(tr(NOT_AUTHENTIC))
            try:
                key = pickle.loads(head)
                current = key == _key({path: file_digest(path) for path in key["files"]})
            except Exception:  # authentic, but not a header this advolint can read
                return None
            if not current:
                return None  # stale (a changed policy, term file or advolint): rebuilt silently
            body_mac = stream.read(MAC_BYTES)
            body = stream.read()
    except OSError as exc:  # an I/O error half-way
        raise Damaged(tr("cannot be read ({strerror})", strerror=exc.strerror)) from None
    if not same_digest(mac(secret, head_mac, body), body_mac):
        raise Damaged(tr(NOT_AUTHENTIC))
    try:
        import io

        pickled = io.BytesIO(decompress(body))
        del body
        # The module-level patterns first: unpickling the linter imports
        # the rule modules, whose patterns are then not parsed again.
        patterns.preload(pickle.load(pickled))
        payload = pickle.load(pickled)
        messages.preload(payload["messages"])
        return payload["linter"]
    except Exception as exc:  # authentic yet unreadable: written by a broken advolint
        raise Damaged(tr("cannot be read ({name}: {exc})", name=type(exc).__name__, exc=exc)) from None


def _write(entry: Path, linter: Linter, secret: bytes) -> None:
    try:
        _warm(linter)
        import tempfile

        head = pickle.dumps(_key(linter.header.files), protocol=pickle.HIGHEST_PROTOCOL)
        head_mac = mac(secret, head)
        # mkstemp creates the file 0600 and never follows a link planted at its name.
        handle = tempfile.NamedTemporaryFile(dir=entry.parent, prefix=".tmp-", suffix=".pickle", delete=False)
        try:
            with handle:
                handle.write(head_mac + len(head).to_bytes(LENGTH_BYTES, "big") + head)
                body_at = handle.tell()
                handle.write(bytes(MAC_BYTES))  # the body's MAC, once the body is written
                body = _CompressedBody(handle, secret, head_mac)
                pickle.dump(patterns.compiled(), body, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump({"linter": linter, "messages": messages.catalogue()}, body,
                            protocol=pickle.HIGHEST_PROTOCOL)
                body_mac = body.finish()
                handle.seek(body_at)
                handle.write(body_mac)
            os.replace(handle.name, entry)
        except BaseException:
            os.unlink(handle.name)
            raise
    except Exception:  # a read-only home, a full disk, an unpicklable rule: run uncached
        return


class _CompressedBody:
    """What pickle writes an entry's body to: compressed, authenticated
    (the MAC runs over the compressed bytes after ``head_mac``) and written
    to ``out`` piece by piece."""

    def __init__(self, out, secret: bytes, head_mac: bytes):
        import zstandard

        self._out = out
        self._compressor = zstandard.ZstdCompressor(level=COMPRESSION_LEVEL).compressobj()
        self._mac = Mac(secret)
        self._mac.update(head_mac)

    def write(self, data) -> int:
        self._pass(self._compressor.compress(data))
        return len(data)

    def _pass(self, compressed: bytes) -> None:
        if compressed:
            self._mac.update(compressed)
            self._out.write(compressed)

    def finish(self) -> bytes:
        """The body's MAC, once everything is written."""
        self._pass(self._compressor.flush())
        return self._mac.digest()


def decompress(body: bytes) -> bytes:
    """An entry's body as :class:`_CompressedBody` compressed it (a stream:
    its frame does not say how long it is)."""
    import zstandard

    return zstandard.ZstdDecompressor().decompressobj().decompress(body)


def _warm(linter: Linter) -> None:
    """Compute the lazily built, policy-only data before pickling it."""
    from advolint.text.termmatch import _not_common_plain

    _not_common_plain()  # the first post's folding needs it: it travels in the cache (advolint.patterns)
    linter.header.own_files  # resolved once here rather than on every run
