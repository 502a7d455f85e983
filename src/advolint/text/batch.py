"""Batch input for audits: many posts in one ``.jsonl`` or ``.csv`` file.

Advocacy platforms export posts as JSON Lines or CSV; each record is a post.

* ``.jsonl``: one JSON object per line, ``{"id": ..., "text": ..., ...}``;
  blank lines are skipped.
* ``.csv``: a header row with a ``text`` column, usually ``id`` too.

Other keys/columns are the post's metadata, exactly like ``.md`` front
matter: ``commercial`` (true/false, ja/nej), ``platform``, ``language``,
``jurisdictions`` (in CSV a cell like ``dk, se``), ``kind``; a JSONL story
or thread may give its parts as a ``parts`` list of texts instead of a
``text`` (they are joined by ``+++`` lines); unknown ones (date,
author, ...) are kept and ignored.  An empty CSV cell counts as absent.  A record without an id is named by its
line number.  Violations carry the record id and the line the record starts
on in the batch file (``record``, ``record_line``), and line/column inside
the post text.

Reading is streamed: records are read, checked and dropped one at a time,
so memory does not grow with the file.  A broken record (bad JSON, not an
object, no ``text``, bad metadata) is reported as an error naming the file
and line, and the records after it are still checked (exit code 2).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Iterator, Union

from advolint.text.post import MULTIPART_KINDS, PART_SEPARATOR, Post, reading_errors, validate_meta
from advolint.errors import InputError
from advolint.language import tr

BATCH_SUFFIXES = (".jsonl", ".csv")
SEGMENT_BYTES = 256 * 1024  # JSONL is handed out in segments of about this size

# A raw record: (kind, line, data) with data the JSONL line's bytes or the CSV
# row as a dict.  Raw records are cheap to send to worker processes.
RawRecord = tuple[str, int, Union[bytes, dict]]


def is_batch(path: Path | None) -> bool:
    return path is not None and path.suffix.lower() in BATCH_SUFFIXES


def is_jsonl(path: Path) -> bool:
    return path.suffix.lower() == ".jsonl"


def jsonl_segments(path: Path, display: str) -> Iterator[tuple[int, int, int]]:
    """Cut a JSONL file into ``(offset, length, first line number)`` segments
    that end at line ends, so that worker processes read their own records."""
    with reading_errors(display):
        with open(path, "rb") as handle:
            offset, line = 0, 1
            while True:
                block = handle.read(SEGMENT_BYTES)
                if not block:
                    return
                if not block.endswith(b"\n"):
                    block += handle.readline()
                yield offset, len(block), line
                offset += len(block)
                line += block.count(b"\n")


def segment_records(path: Path, display: str, offset: int, length: int, first_line: int) -> Iterator[RawRecord]:
    """The raw records of one JSONL segment."""
    with reading_errors(display):
        with open(path, "rb") as handle:
            handle.seek(offset)
            data = handle.read(length)
    return jsonl_records(data, first_line, at_start=offset == 0)


def jsonl_records(data: bytes, first_line: int = 1, at_start: bool = True) -> Iterator[RawRecord]:
    """The raw records of JSONL ``data`` whose first line is ``first_line`` of its file
    (``at_start``: the file's beginning, where a byte-order mark is dropped).  Lines end
    at b"\\n" only; blank lines (ASCII white space) are skipped and counted."""
    if at_start and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    for number, line in enumerate(lines, first_line):
        if line.strip():
            yield "jsonl", number, line


def csv_records(path: Path, display: str) -> Iterator[RawRecord]:
    """The rows of a CSV batch file, unparsed; a file-level problem is an :class:`InputError`."""
    with reading_errors(display):
        yield from _csv_rows(path, display)


def _csv_rows(path: Path, display: str) -> Iterator[RawRecord]:
    import csv
    import os

    # One long cell (a 200 KB post) must not stop the file: no field can be longer than the file.
    csv.field_size_limit(max(csv.field_size_limit(), os.path.getsize(path) + 1))
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        try:
            header = next(rows, None)
            if header is None:
                return
            header = [name.strip() for name in header]
            if "text" not in header:
                raise InputError(tr("{display}:1: CSV batch file has no 'text' column (columns: {join})",
                                    display=display, join=', '.join(header)))
            consumed = rows.line_num
            for row in rows:
                start, consumed = consumed + 1, rows.line_num
                if row:
                    yield "csv", start, dict(zip(header, row))
        except UnicodeDecodeError:
            raise InputError(tr("{display}:{value}: not UTF-8 text; save the CSV file as UTF-8",
                                display=display, value=rows.line_num + 1)) from None
        except csv.Error as exc:
            raise InputError(tr("{display}:{line_num}: broken CSV ({exc})",
                                display=display, line_num=rows.line_num, exc=exc)) from None


def _refuse_surrogates(fields: dict, display: str, line: int) -> None:
    for value in [*fields.keys(), *fields.values()]:
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise InputError(tr("{display}:{line}: record holds a lone surrogate (\\u{ord:04x}), which is not text; skipped",
                                    display=display, line=line, ord=ord(exc.object[exc.start]))) from None


def record_post(raw: RawRecord, display: str) -> Post:
    """The post of one raw record; a broken record is an :class:`InputError` naming file and line."""
    kind, line, data = raw
    if kind == "jsonl":
        import json  # here, not at the top: a one-file check never needs it
        try:
            fields = json.loads(data.decode("utf-8"))  # str: spares json's encoding detection
        except UnicodeDecodeError as exc:
            raise InputError(tr("{display}:{line}: record is not UTF-8 text (byte {start}); skipped",
                                display=display, line=line, start=exc.start)) from None
        except ValueError as exc:
            raise InputError(tr("{display}:{line}: broken JSON record ({reason}); skipped",
                                display=display, line=line, reason=getattr(exc, "msg", exc))) from None
        except RecursionError:  # json decodes nesting recursively
            raise InputError(tr("{display}:{line}: JSON record nested too deeply; skipped",
                                display=display, line=line)) from None
        if not isinstance(fields, dict):
            raise InputError(tr("{display}:{line}: a record must be a JSON object with \"id\" and \"text\"; skipped",
                                display=display, line=line))
        if b"\\u" in data:  # only an escape can make a lone surrogate, which no output can encode
            _refuse_surrogates(fields, display, line)
    else:
        fields = {key: value for key, value in data.items() if value != "" or key == "text"}
        if "jurisdictions" in fields:  # a cell holds a list as "dk, se"
            fields["jurisdictions"] = [code for code in re.split(r"[,;\s]+", fields["jurisdictions"]) if code]
    post = fields_post(fields, display, line)
    post.record_lines = kind == "csv"  # a quoted CSV cell keeps its line breaks; JSONL escapes them
    return post


def fields_post(fields: dict, display: str, line: int) -> Post:
    """The post of a record given as a mapping (``text``, ``id``, metadata), the ``line``-th of
    ``display``; ``fields`` is consumed.  A broken record is an :class:`InputError`."""
    text = fields.pop("text", None)
    record = fields.pop("id", None)
    record = str(line) if record is None else str(record)
    if "parts" in fields:
        text = _joined_parts(fields, text, display, line, record)
    if not isinstance(text, str):
        raise InputError(tr("{display}:{line}: record {record} has no \"text\" string; skipped",
                            display=display, line=line, record=record))
    if fields:
        try:
            fields = validate_meta(fields, display)
        except InputError as exc:
            raise InputError(tr("{display}:{line}: record {record}: {exc}; skipped",
                                display=display, line=line, record=record, exc=exc)) from None
    return Post(text=text, path=display, meta=fields, record=record, record_line=line)


def _joined_parts(fields: dict, text, display: str, line: int, record: str) -> str:
    """The text of a story or thread given as a ``parts`` list: the parts joined by
    ``+++`` lines, as in a post file.  ``parts`` needs ``kind: story|thread`` and no ``text``."""
    parts = fields.pop("parts")
    where = tr("{display}:{line}: record {record}", display=display, line=line, record=record)
    if text is not None:
        raise InputError(tr("{where} has both \"text\" and \"parts\"; give one; skipped", where=where))
    if not isinstance(parts, list) or not parts or not all(isinstance(part, str) for part in parts):
        raise InputError(tr("{where}: \"parts\" must be a list of texts; skipped", where=where))
    if str(fields.get("kind", "")).lower() not in MULTIPART_KINDS:
        raise InputError(tr("{where}: \"parts\" needs \"kind\": {join}; skipped",
                            where=where, join=' or '.join(MULTIPART_KINDS)))
    return f"\n{PART_SEPARATOR}\n".join(parts)
