"""Which files to check, and with which compiled policy.

* Directories are walked recursively, hidden folders (``content/.drafts``)
  included, except the version-control and tool folders listed in
  ``lint_rules/skipped-folders.txt`` (``.git``, ``.github``, ``.venv``,
  ``node_modules``, ...) and what ``.gitignore`` files ignore (those in the
  walked tree, and those above it up to the repository's top; matched with
  ``pathspec``, git's own rules).  Symbolic links are followed while they
  stay inside the walked folder; a link to a folder outside it is not
  walked (a warning says so), so a pull request cannot make the walk, or
  ``--fix``, reach elsewhere.  Loops are reported.
* A file is checked when its name matches the policy's ``files.include``
  globs and no ``files.exclude`` glob (globs match the file name or its
  path relative to the walked directory, ignoring case: ``B.TXT`` is a
  post).  Files named on the command line are always checked.
* The policy: ``--policy`` if given; otherwise the nearest ``.advolint.yaml``
  walking up from each checked file *as named* (a symbolic link to a post
  elsewhere gets the policy of the folder the link is in, exactly as in a
  folder walk; nearest wins, like ruff); otherwise the embedded default
  policy, with a notice on stderr.

Each :class:`Target` carries the compiled linter it is checked with, so the
run loop (:mod:`advolint.run.loop`) never looks a policy up again.
"""

from __future__ import annotations

import fnmatch
import os
import stat as stat_module
from pathlib import Path
from typing import Callable, Iterator

from advolint.linter.cache import load_linter
from advolint.linter.compiled import Linter
from advolint.language import tr

POLICY_FILENAME = ".advolint.yaml"


# Plain classes, not dataclasses: each @dataclass costs ~0.5 ms at import (it
# compiles its generated methods), a noticeable part of a one-file start.


class Target:
    """A post file (or stdin) to check, as named for reports, with its compiled policy."""

    __slots__ = ("path", "display", "linter", "data", "root")

    def __init__(self, path: Path | None, display: str, linter: Linter, data: bytes | None = None,
                 root: str | None = None):
        self.path = path  # None for stdin
        self.display = display
        self.linter = linter
        self.data = data  # stdin's bytes
        # The folder being checked (real path): the walked folder, or the working directory for
        # a file named on the command line.  --fix never writes outside it through a link.
        self.root = root if root is not None else os.path.realpath(os.getcwd())


class PolicyResolver:
    """Finds the compiled policy of each file (nearest wins), compiling each policy file once."""

    def __init__(self, explicit: str | None = None, notice: Callable[[str], None] | None = None,
                 use_cache: bool = True):
        self.use_cache = use_cache
        self.notice = notice or (lambda message: None)
        self.explicit = self.load(explicit) if explicit else None
        self._by_dir: dict[Path, Linter] = {}
        self._by_file: dict[Path, Linter] = {}
        self._default: Linter | None = None
        self._default_announced = False

    def for_path(self, path: Path) -> Linter:
        if self.explicit is not None:
            return self.explicit
        return self.for_directory(Path(os.path.abspath(path)).parent)  # the path as given, links not resolved

    def for_directory(self, directory: Path) -> Linter:
        if self.explicit is not None:
            return self.explicit
        # Up the folders until one has a policy (or is known); a loop, not recursion: a
        # post may lie 1,200 folders deep.
        passed = []
        while directory not in self._by_dir:
            candidate = directory / POLICY_FILENAME
            if candidate.is_file():
                linter = self._by_file.get(candidate)
                if linter is None:
                    linter = self._by_file[candidate] = self.load(candidate)
                self._by_dir[directory] = linter
            elif directory.parent == directory:
                self._by_dir[directory] = self.default()
            else:
                passed.append(directory)
                directory = directory.parent
        linter = self._by_dir[directory]
        for folder in passed:
            self._by_dir[folder] = linter
        return linter

    def load(self, path) -> Linter:
        """The policy at ``path`` (None: the default), compiled, from the cache when valid,
        speaking the run's language (:mod:`advolint.language`)."""
        from advolint import language

        linter = load_linter(path, self.use_cache, self.notice)
        wanted = language.explicit_language()
        if wanted is not None and linter.message_language != wanted:
            # --lang (or ADVOLINT_LANG) overrides the policy's `messages`: one language per run.
            # Compiled afresh: the cache keeps each policy in its own language.
            linter = _compiled_in(path, wanted)
        language.adopt(linter.message_language)  # the first policy read decides, when nothing else did
        return linter

    def default(self) -> Linter:
        if self._default is None:
            self._default = self.load(None)
        return self._default

    @property
    def default_linter(self) -> Linter | None:
        """The embedded default policy, if some file needed it so far."""
        return self._default

    def announce(self, target: "Target") -> "Target":
        """Say once, naming the first such file, when a checked file gets the embedded default
        policy (a folder with no .advolint.yaml above it); folders that only pass by say nothing."""
        if target.linter is self._default and self._default is not None and not self._default_announced:
            from advolint.messages import Messages

            self._default_announced = True
            from advolint.language import run_language

            self.notice(Messages(run_language()).get("core", "default-policy-notice", path=target.display))
        return target


def _compiled_in(path, language: str) -> Linter:
    """The policy at ``path`` compiled with its messages in ``language``."""
    from advolint.policy.loading import load_policy

    policy = load_policy(path)
    policy.messages = language
    return Linter.compile(policy)


def _matches(globs: list[str], name: str, relative: str) -> bool:
    """Whether a glob matches the file's name or relative path, ignoring case (``B.TXT``, ``c.Md``)."""
    name, relative = name.lower(), relative.lower()
    return any(fnmatch.fnmatchcase(name, glob.lower()) or fnmatch.fnmatchcase(relative, glob.lower())
               for glob in globs)


def _included(path: Path, linter: Linter, resolver: PolicyResolver) -> bool:
    """Whether the policy's include/exclude globs let a named file be checked: matched against its
    name and its path relative to the policy's folder (the working folder for the default policy)."""
    anchor = Path.cwd() if linter is resolver.default_linter else Path(linter.header.source).resolve().parent
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(anchor).as_posix()
    except ValueError:
        relative = path.as_posix()
    header = linter.header
    return _matches(header.include, path.name, relative) and not _matches(header.exclude, path.name, relative)


def skipped_folders() -> frozenset[str]:
    """The folder names a walk never enters (``lint_rules/skipped-folders.txt``)."""
    from advolint.resources import lint_rules_dir

    lines = (lint_rules_dir() / "skipped-folders.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("#", 1)[0].strip() for line in lines) - {""}


class GitIgnores:
    """The ``.gitignore`` files that apply in a walk, matched by ``pathspec`` with git's rules:
    the deepest ``.gitignore`` with a pattern for a path decides (a ``!`` pattern re-includes)."""

    def __init__(self, root: str):
        self.specs: dict[str, object] = {}  # absolute folder -> its spec
        above, folder = [], os.path.dirname(root)
        while True:  # the folders above the walked one, up to the repository's top
            above.append(folder)
            if os.path.isdir(os.path.join(folder, ".git")) or os.path.dirname(folder) == folder:
                break
            folder = os.path.dirname(folder)
        if os.path.isdir(os.path.join(above[-1], ".git")):
            for folder in above:
                self.load(folder)

    def load(self, folder: str) -> None:
        ignore_file = os.path.join(folder, ".gitignore")
        if os.path.isfile(ignore_file):
            import pathspec  # only for trees that have a .gitignore

            with open(ignore_file, encoding="utf-8", errors="replace") as handle:
                self.specs[folder] = pathspec.GitIgnoreSpec.from_lines(handle.read().splitlines())

    def ignored(self, path: str, is_dir: bool) -> bool:
        if not self.specs:
            return False
        folder = path
        while True:
            parent = os.path.dirname(folder)
            if parent == folder:
                return False
            folder = parent
            spec = self.specs.get(folder)
            if spec is not None:
                relative = os.path.relpath(path, folder).replace(os.sep, "/") + ("/" if is_dir else "")
                decided = spec.check_file(relative).include
                if decided is not None:
                    return decided


def shown_path(path: str) -> str:
    """A file name as reports show it: bytes that are not UTF-8 (a Latin-1
    ``K\\xf8benhavn.txt``) and control characters are shown as ``\\x`` escapes;
    printed raw they would crash the output or break its lines."""
    from advolint.formats import printable

    # A newline or escape sequence in a file name must not break the one-line messages.
    return printable(os.fsencode(path).decode("utf-8", "backslashreplace")).replace("\t", "\\x09")


def discover(paths: list[str], resolver: PolicyResolver, errors: list[str],
             warnings: list[str] | None = None, force_exclude: bool = False) -> Iterator[Target]:
    """The files to check under ``paths``; problems go to ``errors``, links not followed to ``warnings``.

    With ``force_exclude`` (``--force-exclude``, what the pre-commit hook passes) a file named
    on the command line is checked only when the policy's ``files.include`` and ``exclude``
    let it be, as in a folder walk; its globs match the path relative to the policy's folder.

    A file named on the command line is read whatever it is (``<(git show
    ...)`` is a pipe); in a walked folder only regular files are read, since
    reading a FIFO would wait for ever."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for target in _walk(path, given, resolver, errors, [] if warnings is None else warnings):
                yield resolver.announce(target)
        elif path.exists() or path.is_symlink():
            linter = resolver.for_path(path)
            if force_exclude and not _included(path, linter, resolver):
                continue
            yield resolver.announce(Target(path, shown_path(given), linter))
        else:
            errors.append(tr("{shown_path}: no such file or directory", shown_path=shown_path(given)))


def _walk(root: Path, display_root: str, resolver: PolicyResolver, errors: list[str],
          warnings: list[str]) -> Iterator[Target]:
    seen: set[tuple[int, int]] = set()
    skipped = skipped_folders()
    real_root = os.path.realpath(root)
    ignores = GitIgnores(os.path.abspath(root))

    def wanted(directory: str, name: str) -> bool:
        path = os.path.join(directory, name)
        if name in skipped or ignores.ignored(os.path.abspath(path), is_dir=True):
            return False
        if os.path.islink(path) and not inside(os.path.realpath(path), real_root):
            warnings.append(tr("{shown_path}: symbolic link to a folder outside {shown_path2}; not walked",
                               shown_path=shown_path(path), shown_path2=shown_path(str(root))))
            return False
        return True

    def onerror(exc: OSError):
        errors.append(tr("{shown_path}: cannot read directory ({strerror})",
                         shown_path=shown_path(str(exc.filename)), strerror=exc.strerror))

    for directory, subdirs, files in _walk_tree(str(root), onerror):
        try:
            key = _identity(directory)
        except OSError as exc:  # removed since it was listed
            onerror(exc)
            continue
        if key in seen:
            # Reached again through a symbolic link.  Its files were checked the
            # first time; only a link back to its own ancestor is a mistake worth an error.
            if _is_loop(directory, key):
                errors.append(tr("{shown_path}: directory symlink loop; not followed",
                                 shown_path=shown_path(directory)))
            subdirs[:] = []
            continue
        seen.add(key)
        ignores.load(os.path.abspath(directory))
        # Real folders before linked ones, so a file is named by its real path when it can be.
        subdirs[:] = sorted((d for d in subdirs if wanted(directory, d)),
                            key=lambda d: (os.path.islink(os.path.join(directory, d)), d))
        linter = resolver.for_directory(Path(os.path.abspath(directory)))
        for name in sorted(files):
            file_path = Path(directory) / name
            if ignores.ignored(os.path.abspath(file_path), is_dir=False):
                continue
            relative = os.path.relpath(file_path, root).replace(os.sep, "/")
            header = linter.header
            if not _matches(header.include, name, relative) or _matches(header.exclude, name, relative):
                continue
            if str(file_path.resolve()) in header.own_files:  # a term file next to the posts
                continue
            display = shown_path(os.path.join(display_root, relative) if display_root not in (".", "./") else relative)
            if _special_file(file_path):
                errors.append(tr("{display}: not a regular file (a FIFO, socket or device); skipped", display=display))
                continue
            yield Target(file_path, display, linter, root=real_root)


def _walk_tree(root: str, onerror) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk(root, followlinks=True)`` top-down, as a loop: Python 3.11's
    ``os.walk`` recurses, and a folder 1,200 levels deep would end the run."""
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError as exc:
            onerror(exc)
            continue
        subdirs, files = [], []
        for entry in entries:
            try:
                is_dir = entry.is_dir()  # follows links, like followlinks=True
            except OSError:
                is_dir = False
            (subdirs if is_dir else files).append(entry.name)
        yield directory, subdirs, files  # the caller may prune subdirs, as with os.walk
        stack.extend(os.path.join(directory, name) for name in reversed(subdirs))


def inside(path: str, folder: str) -> bool:
    """Whether the (real) ``path`` is ``folder`` or lies in it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


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
