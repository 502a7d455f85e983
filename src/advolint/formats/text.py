"""``--format text`` (default): each violation with its source line and a
caret underline, then a one-line summary in the policy's message language.

    post.txt:1:41: tone-exclamation [warning] For mange udråbstegn: ...
       1 | Kæmpe nyhed! Vi lancerer SolarFlex i dag! Kom forbi standen!
         |                                         ^
         = Erstat udråbstegnet med et punktum.

    1 advarsel i 1 fil
"""

from __future__ import annotations

import re

import textwrap
import unicodedata

import click

from advolint.messages import Messages
from advolint.findings import Severity
from advolint.formats import Memo, printable

COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def _width(char: str) -> int:
    if unicodedata.combining(char) or char in "\u200b\u200c\u200d\ufe0f\ufe0e":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


MAX_SHOWN = 160  # code points of a source line shown; a longer line is cut around the span
BEFORE_SPAN = 40  # code points kept before the span when the line is cut
ELLIPSIS = "…"


# Invisible characters that hide a word from matching ("Fal\u200bcon"): shown
# as a middle dot so a reviewer sees why the span matched and the carets line
# up.  The joiners (U+200C, U+200D) stay: they build emoji and scripts.
HIDDEN_MARK = "\u00b7"
HIDDEN = frozenset("\u200b\u2060\ufeff\u00ad")


def _visible(char: str) -> str:
    """Control characters as their Unicode pictures (one column each, like the
    character they stand for): printed raw, a lone CR or an escape sequence
    in a post would overwrite the report on a terminal.  Hidden characters
    (see ``HIDDEN``) as a middle dot."""
    if char in HIDDEN:
        return HIDDEN_MARK
    if char < " " and char != "\t":
        return chr(0x2400 + ord(char))
    if char == "\x7f":
        return "\u2421"
    if "\x80" <= char <= "\x9f":
        return "\ufffd"
    return char


class _Columns(dict):
    """A ``str.translate`` table, filled as characters come: each character to what stands
    for it in a caret line, as many columns wide as it is (``_width``).  Translating a line
    runs in C; a Python loop over its characters took most of the text report's time."""

    def __init__(self, least: int):
        super().__init__({ord("\t"): "\t"})  # tabs are kept so carets line up under them
        self.least = least  # 1 for the span itself: even a zero-width character gets a caret

    def __missing__(self, code: int) -> str:
        shown = self[code] = " " * max(_width(chr(code)), self.least)
        return shown


_PAD = _Columns(0)
_SPAN = _Columns(1)
_VISIBLE = {code: _visible(chr(code)) for code in [*range(0x20), 0x7f, *range(0x80, 0xa0), *map(ord, HIDDEN)]}


def excerpt(line: str, start_column: int, end_column: int | None,
            shown: int = MAX_SHOWN) -> tuple[str, int, int | None]:
    """The part of ``line`` to show and the span's columns in it.

    A line of at most ``MAX_SHOWN`` code points is shown whole.  A longer one
    (a 10 MB post on one line) is cut to ``MAX_SHOWN`` code points starting
    ``BEFORE_SPAN`` before the span, with an ellipsis marking each cut.
    """
    if len(line) > shown:
        before = min(BEFORE_SPAN, shown // 4)
        begin = max(0, min(start_column - 1 - before, len(line) - shown))
        stop = begin + shown
        head = ELLIPSIS if begin else ""
        line = head + line[begin:stop] + (ELLIPSIS if stop < len(line) else "")
        shift = begin - len(head)
        start_column -= shift
        end_column = None if end_column is None else min(end_column - shift, len(head) + shown + 1)
    # A printable line has nothing that ``_VISIBLE`` maps (controls, hidden characters): the
    # usual case, checked far faster than translated.
    return line if line.isprintable() else line.translate(_VISIBLE), start_column, end_column


def _one_column_each(text: str) -> bool:
    """Whether every character of ``text`` is Latin-1 or the excerpt's ellipsis (``_width`` 1:
    none of them is combining, zero-width or wide), which encoding tells in C far faster than
    ``str.translate`` maps them."""
    return text.isascii() or len(text.encode("latin-1", "ignore")) + text.count(ELLIPSIS) == len(text)


# Where an excerpt's first character that is not one column wide stands (its length if
# none): every part of the line before it is one column a character (``_one_column_each``).
# The violations of a post share its line, so this is worked out once for all of them.
_NOT_ONE_COLUMN = re.compile(f"[^\\x00-\\xff{ELLIPSIS}]")
_ONE_COLUMN_UP_TO = Memo(lambda line: (found.start() if (found := _NOT_ONE_COLUMN.search(line)) else len(line)))


def underline(line: str, start_column: int, end_column: int | None) -> str:
    """Carets under columns [start, end) of ``line``; tabs are kept so they align."""
    before = line[:start_column - 1]
    end = len(line) + 1 if end_column is None else end_column
    span = line[start_column - 1:end - 1]
    plain_up_to = _ONE_COLUMN_UP_TO[line]
    pad = " " * len(before) if "\t" not in before and start_column - 1 <= plain_up_to else before.translate(_PAD)
    width = (len(span) if end - 1 <= plain_up_to or _one_column_each(span)
             else len(span.translate(_SPAN).replace("\t", " ")))
    return pad + "^" * max(width, 1)


def _plain(text, **_):
    return text


def _styler(color: bool):
    def style(text, **kw):
        return click.style(text, **kw) if color else text

    return style


# Path, message and record id may carry text from the post: printable, so an escape
# sequence or a newline in them never reaches the terminal or starts a line of its own.
# A headline's path (styled) and its "rule [severity] " are the same for many violations.
_PATHS = Memo(lambda key: _styler(key[1])(printable(key[0]), bold=True))
_RULES = Memo(lambda key: f"{_styler(key[2])(key[0], fg=COLORS[key[1]], bold=True)} [{key[1].label}] ")


def headline(violation, color: bool = False, message: str | None = None) -> str:
    """``path:line:col: rule [severity] message``: the first line of a violation."""
    part = f"(part {violation.part}) " if violation.part else ""
    record = violation.record
    if record is None:
        where = ""
    else:
        position = violation.post_position
        where = (f" (record {printable(record)}, line {position[0]}, column {position[1]})" if position
                 else f" (record {printable(record)})")
    return (f"{_PATHS[violation.path, color]}:{violation.line}:{violation.column}: "
            f"{_RULES[violation.rule, violation.severity, color]}{part}"
            f"{printable(violation.message if message is None else message)}{where}")


def route_line(violation, messages: Messages) -> str:
    """``→ send til presse@nordlys.dk (skal godkendes): note``: where the policy sends the finding."""
    route = violation.route
    text = messages.get("core", "route-to", to=route.to)
    if route.review:
        text += messages.get("core", "route-review")
    return text + (f": {route.note}" if route.note else "")


def split_message(message: str) -> tuple[str, str]:
    """(the first sentence, the explanation after it): a terminal report shows the
    explanation once per rule, not for every violation."""
    for index in range(len(message) - 2):
        if message[index] == "." and message[index + 1] == " " and message[index + 2].isupper():
            return message[:index + 1], message[index + 2:]
    return message, ""


def format_violation(violation, color: bool, messages: Messages | None = None, width: int | None = None,
                     explained: set | None = None) -> str:
    """One violation; with ``width`` (a terminal's) fitted to it: its first sentence only
    (the explanation once per rule, tracked in ``explained``), lines wrapped, the
    excerpt cut around the span."""
    style = _styler(color) if color else _plain
    message, explanation = split_message(violation.message) if width else (violation.message, "")
    lines = [headline(violation, color, message)]
    if width:
        plain = headline(violation, False, message)
        if len(plain) > width:  # wrapped without colours; the rule name coloured again
            lines = textwrap.wrap(plain, width, subsequent_indent="    ", break_on_hyphens=False)
            if color:
                lines[0] = lines[0].replace(violation.rule, style(violation.rule, fg=COLORS[violation.severity],
                                                                  bold=True), 1)
    # The excerpt is the post's own line: for a batch record, its line and columns in the post.
    position = violation.post_position
    if position is None:
        line, line_column, end_line, end_column = violation.line, violation.column, violation.end_line, \
            violation.end_column
    else:
        line, line_column, end_line, end_column = position
    gutter = str(line)
    indent = " " * len(gutter)
    if violation.source_line or line:
        end = end_column if end_line == line else None
        budget = width - len(gutter) - 4 if width else None  # columns after " 12 | "
        shown = max(20, budget - 2) if width else MAX_SHOWN  # room for an ellipsis at either end
        source, column, span_end = excerpt(violation.source_line, line_column, end, shown)
        if width:  # wide characters (emoji, CJK) take two columns: cut until the line fits
            while shown > 20 and sum(_width(ch) or 1 for ch in source) > budget:
                shown -= 1
                source, column, span_end = excerpt(violation.source_line, line_column, end, shown)
        carets = underline(source, column, span_end)
        lines.append(f" {gutter} | {source}")
        lines.append(f" {indent} | {style(carets, fg=COLORS[violation.severity]) if color else carets}")
    if violation.suggestion:
        lines.append(f" {indent} = {printable(violation.suggestion)}")
    if violation.route is not None and messages is not None:
        lines.append(f" {indent} {route_line(violation, messages)}")
    if explanation and explained is not None and (violation.rule, explanation) not in explained:
        explained.add((violation.rule, explanation))
        lines += textwrap.wrap(explanation, width, initial_indent="   ", subsequent_indent="   ")
    if width:  # the suggestion and route lines wrap too, under their own text
        lines = [wrapped for line in lines for wrapped in (
            textwrap.wrap(line, width, subsequent_indent=" " * (len(line) - len(line.lstrip(" =→"))),
                          drop_whitespace=False, break_on_hyphens=False) if len(line) > width and " | " not in line[:12]
            else [line])]
    return "\n".join(lines)


def summary_line(report) -> str:
    messages = Messages(report.language)
    parts = []
    for severity, key in ((Severity.ERROR, "errors"), (Severity.WARNING, "warnings"), (Severity.INFO, "infos")):
        count = report.count(severity)
        if count:
            parts.append(messages.get("core", f"{key}-{'one' if count == 1 else 'many'}", n=count))
    files = messages.get("core", f"files-{'one' if report.files == 1 else 'many'}", n=report.files)
    if not parts:
        line = messages.get("core", "summary-clean", files=files)
    else:
        line = messages.get("core", "summary", found=", ".join(parts), files=files)
    suppressed = len(getattr(report, "suppressed", ()))
    if suppressed:  # a suppression is never invisible
        line += messages.get("core", f"suppressed-{'one' if suppressed == 1 else 'many'}", n=suppressed)
    if report.errors:  # "no problems" must not read as "all clear" when files or records were skipped
        records = getattr(report, "unchecked_records", 0)
        files = len(report.errors) - records
        things = [messages.count("core", key, n) for key, n in (("files", files), ("records", records)) if n]
        line += messages.get("core", "unchecked", things=messages.join(things))
    return line


def render(report, color: bool = False, width: int | None = None) -> str:
    """The report; ``width``: a terminal's columns, to fit it to (see :func:`format_violation`)."""
    messages = Messages(report.language)
    # Findings the policy routes to someone come last, together: the author fixes the rest.
    ordered = [v for v in report.violations if v.route is None] + [v for v in report.violations if v.route]
    explained: set = set()
    blocks = [format_violation(v, color, messages, width, explained) for v in ordered]
    if not report.quiet:
        blocks.append(summary_line(report))
    if not blocks:
        return ""
    blocks[-1] += "\n"  # not the whole report copied once more to end it
    return "\n\n".join(blocks)
