"""advolint: a compliance linter for employee-advocacy social-media posts.

Python API::

    import advolint
    linter = advolint.load_linter(".advolint.yaml")   # compiled (and cached); None: embedded default
    for violation in linter.check_text("Stolt af mit team! #reklame"):
        print(violation.line, violation.column, violation.rule, violation.message)

``load_policy`` reads and validates a policy file, ``compile_policy`` turns a
policy into a :class:`Linter`.  ``check_text``, ``check_file`` and
``check_records`` take a linter, a policy (compiled for that call: compile
once when you check many posts) or ``None``.  A :class:`Linter` is plain,
picklable data: ship it to worker processes once and check records there.
"""

__version__ = "0.1.0"

from advolint.errors import PolicyError  # noqa: E402
from advolint.findings import Severity, Violation  # noqa: E402

from typing import TYPE_CHECKING  # noqa: E402
from advolint.language import tr

if TYPE_CHECKING:  # pragma: no cover
    from advolint.linter.compiled import Linter

# The linter and the policy schema (pydantic) load on first use, so that
# `advolint check` on a cached compiled policy starts without them.
_LAZY = {"load_policy": "advolint.policy.loading", "Policy": "advolint.policy.schema",
         "Linter": "advolint.linter.compiled", "load_linter": "advolint.linter.cache"}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'advolint' has no attribute {name!r}")


def compile_policy(policy) -> "Linter":
    """The compiled form of a validated policy (see ``load_policy``)."""
    from advolint.linter.compiled import Linter

    return Linter.compile(policy)


def _linter(policy) -> "Linter":
    """A :class:`Linter` from a linter, a policy or ``None`` (the embedded default policy)."""
    from advolint.linter.compiled import Linter

    if policy is None:
        from advolint.linter.cache import load_linter

        return load_linter(None)
    return policy if isinstance(policy, Linter) else Linter.compile(policy)


def check_text(text: str, policy=None, path: str | None = None) -> list["Violation"]:
    """Check one post given as text; a ``.md`` ``path`` parses front matter.

    ``policy``: a :class:`Linter`, a policy, or ``None`` (the embedded default policy)."""
    return _linter(policy).check_text(text, path)


def check_file(path, policy=None) -> list["Violation"]:
    """Check one post file (``.txt``, ``.md`` with front matter) as ``advolint check`` does.

    ``policy``: a :class:`Linter`, a policy, or ``None``: the nearest ``.advolint.yaml``
    walking up from the file, else the embedded default policy.  A file that cannot be
    read raises :class:`~advolint.errors.InputError` (one line naming the file)."""
    from pathlib import Path

    from advolint.text.post import read_post_file

    if policy is None:
        from advolint.run.discovery import PolicyResolver

        linter = PolicyResolver().for_path(Path(path))
    else:
        linter = _linter(policy)
    return linter.check(read_post_file(Path(path), str(path)))


class RecordResult(tuple):
    """What :func:`check_records` yields per record: ``(record, violations, error)``.

    ``record`` is the record's id (its number when it has none), ``violations``
    what it found, ``error`` a one-line message when the record is broken (then
    ``violations`` is empty)."""

    __slots__ = ()

    def __new__(cls, record: str, violations: list, error: str | None = None):
        return super().__new__(cls, (record, violations, error))

    record = property(lambda self: self[0])
    violations = property(lambda self: self[1])
    error = property(lambda self: self[2])


def check_records(records, policy=None, name: str = "<records>", lines=None):
    """Check posts given as mappings (``{"id": ..., "text": ..., "platform": ...}``, like
    the records of a JSONL batch) and yield a :class:`RecordResult` per record, in order.

    A broken record (no text, bad metadata) yields its error and the others go on.
    ``name`` is the path the violations carry; ``lines`` the line of each record in that
    file (default 1, 2, 3, ...: give them when records come from a file with blank lines,
    so ``record_line`` is the file's); ``policy`` as for :func:`check_text`."""
    import itertools

    from advolint.errors import InputError
    from advolint.text.batch import fields_post

    linter = _linter(policy)
    for number, fields in zip(itertools.count(1) if lines is None else lines, records):
        record = str(fields.get("id", number)) if isinstance(fields, dict) else str(number)
        try:
            if not isinstance(fields, dict):
                raise InputError(tr("{name}:{number}: a record must be a mapping with \"id\" and \"text\"",
                                    name=name, number=number))
            yield RecordResult(record, linter.check(fields_post(dict(fields), name, number)))
        except InputError as exc:
            yield RecordResult(record, [], str(exc))


def jsonl_report(lines, policy=None, name: str = "<records>") -> list[str]:
    """The JSONL report of one JSONL shard given as its lines (with or without their line
    breaks): the lines ``advolint check --format jsonl SHARD`` prints for it, then a line
    ``{"path", "error"}`` for each record that could not be checked (the CLI says those on
    stderr), so that no error is lost.  The lines are read as the CLI reads the file (its
    byte-order mark, blank lines, line numbers: ``text.batch.jsonl_records``); text decoded
    with ``surrogateescape`` gives back the file's own bytes.  For engines that shard an
    audit (``examples/dask_audit.py``, ``examples/spark_audit.py``); ``policy`` as for
    :func:`check_text`."""
    from advolint.formats.jsonl import line as report_line
    from advolint.run.units import check_raw_records
    from advolint.text.batch import jsonl_records

    data = b"\n".join(map(_file_bytes, (text.removesuffix("\n") for text in lines)))
    violations, errors = check_raw_records(_linter(policy), jsonl_records(data), name)
    return [report_line(violation.to_dict()) for violation in violations] + [
        report_line({"path": name, "error": error}) for error in errors]


def _file_bytes(text: str) -> bytes:
    """A line as the file's bytes: ``surrogateescape`` undoes the decoding that kept bytes
    that are not UTF-8; a lone surrogate of another kind stays one (the record's error)."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


__all__ = ["check_file", "check_records", "check_text", "compile_policy", "jsonl_report", "load_linter",
           "load_policy", "Linter", "Policy", "PolicyError", "RecordResult", "Severity", "Violation", "__version__"]
