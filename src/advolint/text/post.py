"""Reading post files: bytes to text, front matter, and positions.

Line and column numbers always refer to the file as it is on disk:

* lines are counted by ``\\n`` (a CRLF file has the same line numbers as an
  LF file); a lone ``\\r`` does not start a line;
* columns are 1-based Unicode code points; a tab is one column; the
  UTF-8/UTF-16 byte-order mark is not counted;
* front matter lines count, so a violation in the body of a ``.md`` post
  has the line number an editor shows.

Encodings (decided in the robustness issue, documented in the README):
UTF-8 (with or without BOM) and UTF-16/UTF-32 with a BOM are read as they
are.  A file that is not valid UTF-8 is read as Windows-1252, the usual
encoding of Danish text from old Windows tools, with a warning that names
the file, only when it holds no valid multi-byte UTF-8 sequence at all: a
mostly-UTF-8 file with a stray byte read as Windows-1252 would turn
"Åbyhøj" into mojibake that no rule recognises, so it is an input error
naming the byte offset (exit 2), never a silent pass.  A file with NUL bytes and no UTF-16/32 BOM is binary and refused
(with a hint when it looks like UTF-16 without its BOM).
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
from pathlib import Path

from advolint.errors import InputError
from advolint.language import tr

FRONT_MATTER_SUFFIXES = (".md", ".markdown")
PLATFORMS = ("linkedin", "instagram", "facebook", "x")
# Front matter `kind`: replies and comments are checked as answers; a story (frames) or a
# thread is written in parts separated by a line that holds only PART_SEPARATOR.
KINDS = ("post", "reply", "comment", "story", "thread")
MULTIPART_KINDS = ("story", "thread")
PART_SEPARATOR = "+++"
# Front matter `relationship` (also the policy's disclosure.relationship): who the poster is
# to the advertiser, which picks the label's wording per jurisdiction (lint_rules/jurisdictions/).
RELATIONSHIPS = ("employee", "gift", "own-products")


class Post:
    """One post: its whole text and where its body starts.

    ``text`` is the decoded file without BOM, line endings untouched, so an
    offset into it maps to the file's line and column.  Rules look at
    ``text[body_start:]``; offsets they report are offsets into ``text``.
    ``meta`` holds front matter (or batch columns); ``record`` and
    ``record_line`` name a batch record; ``cache`` holds per-post analyses
    shared by rules.  A plain class, not a dataclass: importing
    ``dataclasses`` costs ~8 ms of every one-file start.
    """

    __slots__ = ("text", "path", "body_start", "meta", "encoding", "bom", "warnings", "record", "record_lines",
                 "record_line", "_line_starts", "cache", "meta_spans", "part", "offset")

    def __init__(self, text: str, path: str = "<text>", body_start: int = 0, meta: dict | None = None,
                 encoding: str = "utf-8", bom: bool = False, warnings: list[str] | None = None,
                 record: str | None = None, record_line: int | None = None):
        self.text, self.path, self.body_start = text, path, body_start
        self.meta = {} if meta is None else meta
        self.encoding, self.bom = encoding, bom
        self.warnings = [] if warnings is None else warnings
        self.record, self.record_line = record, record_line
        self.record_lines = False  # a batch record whose text's lines are lines of the file (CSV)
        self._line_starts: list[int] | None = None
        self.cache: dict = {}
        # Front matter: (key path) -> (start, end) in ``text`` of each text value as written.
        self.meta_spans: dict[tuple, tuple[int, int]] = {}
        self.part: int | None = None  # a view of one part of a story or thread (see parts()): its number
        self.offset = 0  # where ``text`` starts in the file's text (a part's view holds only its own text)

    def __repr__(self) -> str:
        return f"Post(path={self.path!r}, body_start={self.body_start}, text={self.text[:40]!r}...)"

    @property
    def body(self) -> str:
        return self.text[self.body_start:]

    # -- metadata from front matter (or batch columns) --------------------
    @property
    def commercial(self) -> bool | None:
        return self.meta.get("commercial")

    @property
    def platform(self) -> str | None:
        return self.meta.get("platform")

    @property
    def language(self) -> str | None:
        return self.meta.get("language")

    @property
    def jurisdictions(self) -> list[str] | None:
        return self.meta.get("jurisdictions")

    @property
    def kind(self) -> str | None:
        return self.meta.get("kind")

    # -- parts of a story or thread ------------------------------------------
    def part_starts(self) -> list[int]:
        """Where each part's text starts in ``text``: a story's frames or a thread's posts
        (front matter ``kind: story|thread``) are separated by lines holding only ``+++``.
        Any other post (and a story without such a line) is one part starting at ``body_start``."""
        cached = self.cache.get("part-starts")
        if cached is None:
            cached = self.cache["part-starts"] = [start for start, _ in self._part_spans()]
        return cached

    def _part_spans(self) -> list[tuple[int, int]]:
        if self.kind not in MULTIPART_KINDS or PART_SEPARATOR not in self.text:
            return [(self.body_start, len(self.text))]
        spans, start, offset, text = [], self.body_start, self.body_start, self.text
        while offset < len(text):
            line_end = text.find("\n", offset)
            next_line = len(text) if line_end == -1 else line_end + 1
            if text[offset:next_line].strip() == PART_SEPARATOR:
                spans.append((start, offset))
                start = next_line
            offset = next_line
        spans.append((start, len(text)))
        return spans

    def parts(self) -> list["Post"]:
        """The parts of a story or thread, each a :class:`Post` of its own whose ``text`` is
        the part's text alone (``body_start`` 0), so rules check it as a post; ``offset`` is
        where it starts in the file's text, and a rule moves what it finds there by it
        (:meth:`Finding.moved <advolint.findings.Finding.moved>`); ``part`` is its number.
        (Each part once held the whole text up to its end: 10,000 parts of a 250 KB story
        were 1.4 GB of copies.)  Any other post is its own only part.  Parts with nothing but
        white space are left out."""
        cached = self.cache.get("parts")
        if cached is None:
            spans = self._part_spans()
            if len(spans) == 1:
                cached = [self]
            else:
                cached = []
                for number, (start, end) in enumerate(spans, 1):
                    if self.text[start:end].strip():
                        view = Post(self.text[start:end], self.path, 0, self.meta, record=self.record,
                                    record_line=self.record_line)
                        view.part, view.record_lines, view.offset = number, self.record_lines, start
                        cached.append(view)
            self.cache["parts"] = cached
        return cached

    def part_of(self, offset: int) -> int | None:
        """The number of the part of a story or thread that holds ``offset``; None for a post in one part."""
        if self.kind not in MULTIPART_KINDS:
            return None
        starts = self.part_starts()
        if len(starts) == 1 or offset < self.body_start:
            return None
        return max(1, bisect.bisect_right(starts, offset))

    def publishable_spans(self) -> list[tuple[int, int]]:
        """``(start, end)`` offsets into ``text`` of the front-matter text that gets published.

        Those are the text values (also in lists and nested mappings, like
        ``image: {alt: ...}``) whose nearest key is one of the fields listed
        in ``lint_rules/publishable-fields.txt`` (``title``, ``description``,
        ``caption``, ``alt``, ...), never what sits under ``advolint:`` (a
        suppression's reason is not published).  Each span is the value as
        written in the file, quotes and block-scalar indentation included, so
        a finding there points at the line and column an editor shows.
        In file order; empty for a post without front matter and for batch
        records (whose columns have no place in ``text``).
        """
        fields = publishable_fields()
        spans = []
        for path, span in self.meta_spans.items():
            keys = [part for part in path if isinstance(part, str)]
            if keys and keys[-1].lower() in fields and path[0] != "advolint":
                spans.append(span)
        return sorted(spans)

    def publishable_view(self) -> "Post | None":
        """The front-matter text that gets published as a post of its own, for rules that look
        at every published word (confidential terms, personal data): the same ``text`` with
        everything but the publishable spans blanked out (line breaks kept), so offsets and
        positions are the file's.  None when the front matter publishes nothing."""
        spans = self.publishable_spans()
        if not spans:
            return None
        cached = self.cache.get("publishable-view")
        if cached is None:
            chars = ["\n" if char == "\n" else " " for char in self.text]
            for start, end in spans:
                chars[start:end] = self.text[start:end]
            cached = self.cache["publishable-view"] = Post("".join(chars), self.path, 0, dict(self.meta),
                                                           record=self.record, record_line=self.record_line)
        return cached

    # -- positions ---------------------------------------------------------
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            index = find("\n")
            while index != -1:
                starts.append(index + 1)
                index = find("\n", index + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset into ``text``."""
        starts = self.line_starts()
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line ending."""
        starts = self.line_starts()
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r")


_publishable_fields: frozenset[str] | None = None


def publishable_fields() -> frozenset[str]:
    """The front-matter keys whose text is published (``lint_rules/publishable-fields.txt``)."""
    global _publishable_fields
    if _publishable_fields is None:
        from advolint.resources import lint_rules_dir

        lines = (lint_rules_dir() / "publishable-fields.txt").read_text(encoding="utf-8").splitlines()
        _publishable_fields = frozenset(line.split("#", 1)[0].strip().lower() for line in lines) - {""}
    return _publishable_fields


def decode(raw: bytes, path: str) -> tuple[str, str, bool, list[str]]:
    """Bytes to (text, encoding, had_bom, warnings), or :class:`InputError`."""
    if raw.startswith(codecs.BOM_UTF8):
        encoding, bom, payload = "utf-8", True, raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # The UTF-32 LE mark begins with the UTF-16 LE one, so it is tried first.
        encoding = "utf-32" if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else "utf-16"
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(tr("{path}: broken {upper} text at byte {start}",
                                path=path, upper=encoding.upper(), start=exc.start)) from None
        if "\x00" in text:
            raise InputError(tr("{path}: binary file (contains NUL characters), not a post; skipped", path=path))
        return text, encoding, True, []
    else:
        encoding, bom, payload = "utf-8", False, raw
    if b"\x00" in payload:
        if _looks_like_utf16(payload):
            raise InputError(tr("{path}: looks like UTF-16 text without a byte-order mark; save it as UTF-8",
                                path=path))
        raise InputError(tr("{path}: binary file (contains NUL bytes), not a post; skipped", path=path))
    try:
        return payload.decode("utf-8"), encoding, bom, []
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(codecs.BOM_UTF8) if bom else 0)
        if bom:
            raise InputError(tr("{path}: not valid UTF-8 at byte {offset} despite its UTF-8 BOM",
                                path=path, offset=offset)) from None
        if _has_utf8_sequence(payload):
            raise InputError(tr("{path}: not valid UTF-8 at byte {offset}, though the rest of the file is UTF-8; fix or remove that byte",
                                path=path, offset=offset)) from None
    try:
        text = payload.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(tr("{path}: not UTF-8 and not Windows-1252 text (byte {start}); save it as UTF-8",
                            path=path, start=exc.start)) from None
    return text, "cp1252", False, [tr("{path}: not UTF-8; read as Windows-1252 (save it as UTF-8 to silence this)",
                                      path=path)]


def _has_utf8_sequence(payload: bytes) -> bool:
    """Whether ``payload`` holds a valid multi-byte UTF-8 sequence (then it is not Windows-1252 text)."""
    import re  # only for a file that is not valid UTF-8

    return re.search(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
                     rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
                     rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}", payload) is not None


def _looks_like_utf16(payload: bytes) -> bool:
    """Text saved as UTF-16 without a BOM: every other byte of Latin text is NUL."""
    sample = payload[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.7


@contextlib.contextmanager
def reading_errors(display: str, path: Path | None = None):
    """File-system errors while reading ``display`` as a one-line :class:`InputError`."""
    try:
        yield
    except IsADirectoryError:
        raise InputError(tr("{display}: is a directory", display=display)) from None
    except FileNotFoundError:
        if path is not None and path.is_symlink():
            raise InputError(tr("{display}: broken symbolic link (its target does not exist)",
                                display=display)) from None
        raise InputError(tr("{display}: no such file (removed while advolint ran?)", display=display)) from None
    except PermissionError:
        raise InputError(tr("{display}: permission denied", display=display)) from None
    except OSError as exc:
        raise InputError(tr("{display}: cannot read ({value})", display=display, value=exc.strerror or exc)) from None


def read_post_file(path: Path, display: str | None = None) -> Post:
    display = display if display is not None else str(path)
    with reading_errors(display, path):
        raw = path.read_bytes()
    return post_from_bytes(raw, display)


def post_from_bytes(raw: bytes, display: str) -> Post:
    text, encoding, bom, warnings = decode(raw, display)
    post = post_from_text(text, display)
    post.encoding, post.bom, post.warnings = encoding, bom, warnings
    return post


def post_from_text(text: str, path: str | None = None, meta: dict | None = None) -> Post:
    """A post from text; ``.md`` paths get their front matter parsed."""
    display = path or "<text>"
    post = Post(text=text, path=display)
    if display.lower().endswith(FRONT_MATTER_SUFFIXES):
        post.body_start, post.meta, post.meta_spans = parse_front_matter_spans(text, display)
    if meta:
        post.meta.update(validate_meta(meta, display))
    return post


def parse_front_matter(text: str, path: str) -> tuple[int, dict]:
    """Return (body offset, metadata) of a Markdown post (see :func:`parse_front_matter_spans`)."""
    return parse_front_matter_spans(text, path)[:2]


def parse_front_matter_spans(text: str, path: str) -> tuple[int, dict, dict]:
    """Return (body offset, metadata, text spans) of a Markdown post.

    Front matter is a YAML mapping between a first line ``---`` and the next
    line that is ``---`` or ``...``.  A first line ``---`` with no closing
    line is not front matter (it is a Markdown rule), so the whole file is
    the body.
    """
    first_end = text.find("\n")
    if first_end == -1 or text[:first_end].rstrip("\r ") != "---":
        return 0, {}, {}
    offset = first_end + 1
    while offset <= len(text):
        line_end = text.find("\n", offset)
        stop = line_end if line_end != -1 else len(text)
        if text[offset:stop].rstrip("\r ") in ("---", "..."):
            body_start = stop + 1 if line_end != -1 else stop
            meta, spans = _load_meta(text[first_end + 1:offset], path)
            shift = first_end + 1  # spans are offsets into the front matter; make them offsets into text
            return body_start, meta, {key: (start + shift, end + shift) for key, (start, end) in spans.items()}
        if line_end == -1:
            break
        offset = line_end + 1
    return 0, {}, {}


def _load_meta(yaml_text: str, path: str) -> tuple[dict, dict]:
    from advolint.errors import PolicyError
    from advolint.policy.yaml_positions import load_yaml

    try:
        located = load_yaml(yaml_text, path)
    except PolicyError as exc:
        # Front matter starts on line 2 of the file.
        line = (exc.line + 1) if exc.line else 2
        raise InputError(tr("{path}:{line}: front matter: {detail}", path=path, line=line, detail=exc.detail)) from None
    if located.value is None:
        return {}, {}
    if not isinstance(located.value, dict):
        raise InputError(tr("{path}:2: front matter must be a mapping of keys (like 'commercial: true')", path=path))
    try:
        return validate_meta(located.value, path), located.text_spans
    except InputError as exc:
        key = getattr(exc, "key", None)
        line = located.positions.get((key,), (0, 0))[0] + 1 if key else 2
        raise InputError(tr("{path}:{line}: front matter: {value}", path=path, line=line, value=exc.args[0])) from None


def validate_meta(meta: dict, path: str) -> dict:
    """Check the known per-post keys; other keys (title, date, ...) are kept."""

    def fail(key: str, message: str):
        error = InputError(tr("'{key}' {message}", key=key, message=message))
        error.key = key
        raise error

    result = dict(meta)
    # commercial: decides whether the post is advertising; sponsored: a promoted post,
    # which some platforms fold sooner.
    for key in ("commercial", "sponsored"):
        if key in result:
            value = result[key]
            if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no", "ja", "nej"):
                value = value.lower() in ("true", "yes", "ja")
            if not isinstance(value, bool):
                fail(key, tr("must be true or false"))
            result[key] = value
    if "platform" in result:
        value = str(result["platform"]).lower()
        if value == "twitter":
            value = "x"
        if value not in PLATFORMS:
            fail("platform", tr("must be one of {join}", join=', '.join(PLATFORMS)))
        result["platform"] = value
    if "jurisdictions" in result:
        value = result["jurisdictions"]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail("jurisdictions", tr("must be a list of jurisdiction codes like [dk]"))
        result["jurisdictions"] = [v.lower() for v in value]
    if "language" in result and not isinstance(result["language"], str):
        fail("language", tr("must be a language code like da or en"))
    for key, choices in (("kind", KINDS), ("relationship", RELATIONSHIPS)):
        if key in result:
            value = str(result[key]).lower()
            if value not in choices:
                fail(key, tr("must be one of {join}", join=', '.join(choices)))
            result[key] = value
    for key in ("in_reply_to", "role"):  # a reply: the comment it answers, and who writes it
        if key in result and not isinstance(result[key], str):
            fail(key, tr("must be text"))
    return result
