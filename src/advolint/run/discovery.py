"""Running a check over paths: which files, which policy, which posts.

* Directories are walked recursively (symlinks followed, loops reported);
  a file is checked when its name matches the policy's ``files.include``
  globs and no ``files.exclude`` glob (globs match the file name or its path
  relative to the walked directory).  Files named on the command line are
  always checked.
* The policy: ``--policy`` if given; otherwise the nearest ``.advolint.yaml``
  walking up from each checked file (nearest wins, like ruff); otherwise the
  embedded default policy, with a notice on stderr.
"""

from __future__ import annotations

import fnmatch
import os
import stat as stat_module
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from advolint.linter.cache import load_compiled
from advolint.text.post import Post, post_from_bytes
from advolint.linter.compiled import linter_for
from advolint.errors import InputError
from advolint.findings import Violation

if TYPE_CHECKING:  # pragma: no cover
    from advolint.policy.schema import Policy

POLICY_FILENAME = ".advolint.yaml"


# Plain classes, not dataclasses: each @dataclass costs ~0.5 ms at import (it
# compiles its generated methods), a noticeable part of a one-file start.


class Target:
    """A post file to check, as named for reports, with its policy."""

    __slots__ = ("path", "display", "policy")

    def __init__(self, path: Path | None, display: str, policy: Policy):
        self.path = path  # None for stdin
        self.display = display
        self.policy = policy


class PolicyResolver:
    """Finds and caches the policy for each file (nearest wins)."""

    def __init__(self, explicit: str | None = None, notice: Callable[[str], None] | None = None,
                 use_cache: bool = True):
        self.use_cache = use_cache
        self.explicit = self.load(explicit) if explicit else None
        self.notice = notice or (lambda message: None)
        self._by_dir: dict[Path, "Policy"] = {}
        self._by_file: dict[Path, "Policy"] = {}
        self._default: "Policy | None" = None

    def for_path(self, path: Path) -> "Policy":
        if self.explicit is not None:
            return self.explicit
        return self.for_directory(path.resolve().parent)

    def for_directory(self, directory: Path) -> "Policy":
        if self.explicit is not None:
            return self.explicit
        if directory in self._by_dir:
            return self._by_dir[directory]
        candidate = directory / POLICY_FILENAME
        if candidate.is_file():
            policy = self._by_file.get(candidate)
            if policy is None:
                policy = self._by_file[candidate] = self.load(candidate)
        elif directory.parent != directory:
            policy = self.for_directory(directory.parent)
        else:
            policy = self.default()
        self._by_dir[directory] = policy
        return policy

    def load(self, path) -> "Policy":
        """The policy at ``path`` (None: the default), compiled, from the cache when valid."""
        return load_compiled(path, self.use_cache).policy

    def default(self) -> "Policy":
        if self._default is None:
            from advolint.messages import Messages

            self._default = self.load(None)
            self.notice(Messages(self._default.message_language).get("core", "default-policy-notice"))
        return self._default


def _matches(globs: list[str], name: str, relative: str) -> bool:
    return any(fnmatch.fnmatch(name, glob) or fnmatch.fnmatch(relative, glob) for glob in globs)


def shown_path(path: str) -> str:
    """A file name as reports show it: bytes that are not UTF-8 (a Latin-1
    ``K\\xf8benhavn.txt``) and control characters are shown as ``\\x`` escapes;
    printed raw they would crash the output or break its lines."""
    shown = os.fsencode(path).decode("utf-8", "backslashreplace")
    # A newline or escape sequence in a file name must not break the one-line messages.
    return "".join(f"\\x{ord(ch):02x}" if ch < " " or "\x7f" <= ch <= "\x9f" else ch for ch in shown)


def discover(paths: list[str], resolver: PolicyResolver, errors: list[str]) -> Iterator[Target]:
    """The files to check under ``paths``; problems go to ``errors``.

    A file named on the command line is read whatever it is (``<(git show
    ...)`` is a pipe); in a walked folder only regular files are read, since
    reading a FIFO would wait for ever."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, given, resolver, errors)
        elif path.exists() or path.is_symlink():
            yield Target(path, shown_path(given), resolver.for_path(path))
        else:
            errors.append(f"{shown_path(given)}: no such file or directory")


def _walk(root: Path, display_root: str, resolver: PolicyResolver, errors: list[str]) -> Iterator[Target]:
    seen: set[tuple[int, int]] = set()

    def onerror(exc: OSError):
        errors.append(f"{shown_path(str(exc.filename))}: cannot read directory ({exc.strerror})")

    for directory, subdirs, files in os.walk(root, followlinks=True, onerror=onerror):
        try:
            key = _identity(directory)
        except OSError as exc:  # removed since it was listed
            onerror(exc)
            continue
        if key in seen:
            # Reached again through a symbolic link.  Its files were checked the
            # first time; only a link back to its own ancestor is a mistake worth an error.
            if _is_loop(directory, key):
                errors.append(f"{shown_path(directory)}: directory symlink loop; not followed")
            subdirs[:] = []
            continue
        seen.add(key)
        # Real folders before linked ones, so a file is named by its real path when it can be.
        subdirs[:] = sorted((d for d in subdirs if not d.startswith(".")),
                            key=lambda d: (os.path.islink(os.path.join(directory, d)), d))
        policy = resolver.for_directory(Path(directory).resolve())
        for name in sorted(files):
            file_path = Path(directory) / name
            relative = os.path.relpath(file_path, root).replace(os.sep, "/")
            if not _matches(policy.files.include, name, relative) or _matches(policy.files.exclude, name, relative):
                continue
            if str(file_path.resolve()) in policy.own_files:  # a term file next to the posts
                continue
            display = shown_path(os.path.join(display_root, relative) if display_root not in (".", "./") else relative)
            if _special_file(file_path):
                errors.append(f"{display}: not a regular file (a FIFO, socket or device); skipped")
                continue
            yield Target(file_path, display, policy)


def _identity(path) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


def _is_loop(directory: str, key: tuple[int, int]) -> bool:
    """Whether ``directory`` is one of its own ancestors (a link back up the tree)."""
    return any(_identity(parent) == key for parent in Path(directory).absolute().parents)


def _special_file(path: Path) -> bool:
    try:
        return not stat_module.S_ISREG(path.stat().st_mode)
    except OSError:
        return False  # a broken link or a vanished file: reading it reports the problem


def check_stdin(data: bytes, display: str, policy: "Policy", result: "RunResult") -> None:
    """Check the post read from stdin into ``result`` (an unreadable one is an error there)."""
    try:
        post = post_from_bytes(data, display)
        result.add(post, linter_for(policy).check(post), policy)
    except InputError as exc:
        result.errors.append(str(exc))


class RunResult:
    """What a run found (filled in as it goes)."""

    def __init__(self):
        self.violations: list[Violation] = []
        self.files = 0
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.language = "da"

    def add(self, post: Post, violations: list[Violation], policy: "Policy") -> None:
        """Count one checked post and keep what it found."""
        self.files += 1
        self.warnings.extend(post.warnings)
        self.violations.extend(violations)
        self.language = policy.message_language


def run(targets, result: RunResult, check: Callable[[Target], tuple[Post, list[Violation]]] | None = None,
        jobs: int = 1, use_cache: bool = True) -> RunResult:
    """Check each target; a file that cannot be read is an error, the rest go on.

    Without ``check``, targets (post files and batch files) go through
    :mod:`advolint.jobs`, in ``jobs`` processes.  ``check`` is a drop-in
    such as ``--fix``'s :class:`~advolint.fixing.Fixer`, called here for
    each post file, one after the other; batch files are not fixed.
    """
    if check is None:
        from advolint.run.jobs import run_targets

        return run_targets(targets, result, jobs, use_cache)
    from advolint.text.batch import is_batch

    for target in targets:
        if is_batch(target.path):
            result.errors.append(f"{target.display}: --fix and --diff do not change batch files "
                                 "(.jsonl, .csv); check them without --fix")
            continue
        try:
            result.add(*check(target), target.policy)
        except InputError as exc:
            result.errors.append(str(exc))
    return result
