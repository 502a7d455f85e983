"""``--format text`` (default): each violation with its source line and a
caret underline, then a one-line summary in the policy's message language.

    post.txt:1:41: tone-exclamation [warning] For mange udråbstegn: ...
       1 | Kæmpe nyhed! Vi lancerer SolarFlex i dag! Kom forbi standen!
         |                                         ^
         = Erstat udråbstegnet med et punktum.

    1 advarsel i 1 fil
"""

from __future__ import annotations

import unicodedata

import click

from advolint.messages import Messages
from advolint.findings import Severity
from advolint.formats import printable

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


def excerpt(line: str, start_column: int, end_column: int | None) -> tuple[str, int, int | None]:
    """The part of ``line`` to show and the span's columns in it.

    A line of at most ``MAX_SHOWN`` code points is shown whole.  A longer one
    (a 10 MB post on one line) is cut to ``MAX_SHOWN`` code points starting
    ``BEFORE_SPAN`` before the span, with an ellipsis marking each cut.
    """
    if len(line) > MAX_SHOWN:
        begin = max(0, min(start_column - 1 - BEFORE_SPAN, len(line) - MAX_SHOWN))
        stop = begin + MAX_SHOWN
        head = ELLIPSIS if begin else ""
        line = head + line[begin:stop] + (ELLIPSIS if stop < len(line) else "")
        shift = begin - len(head)
        start_column -= shift
        end_column = None if end_column is None else min(end_column - shift, len(head) + MAX_SHOWN + 1)
    return "".join(map(_visible, line)), start_column, end_column


def underline(line: str, start_column: int, end_column: int | None) -> str:
    """Carets under columns [start, end) of ``line``; tabs are kept so they align."""
    pad = "".join("\t" if ch == "\t" else " " * _width(ch) for ch in line[:start_column - 1])
    end = len(line) + 1 if end_column is None else end_column
    span = line[start_column - 1:end - 1]
    width = sum(max(_width(ch), 1) if ch != "\t" else 1 for ch in span)
    return pad + "^" * max(width, 1)


def _styler(color: bool):
    def style(text, **kw):
        return click.style(text, **kw) if color else text

    return style


def headline(violation, color: bool = False) -> str:
    """``path:line:col: rule [severity] message``: the first line of a violation."""
    style = _styler(color)
    # Path, message and record id may carry text from the post: printable, so an escape
    # sequence or a newline in them never reaches the terminal or starts a line of its own.
    head = (f"{style(printable(violation.path), bold=True)}:{violation.line}:{violation.column}: "
            f"{style(violation.rule, fg=COLORS[violation.severity], bold=True)} "
            f"[{violation.severity.label}] {printable(violation.message)}")
    if violation.record is not None:
        head += f" (record {printable(violation.record)}, line {violation.record_line})"
    return head


def format_violation(violation, color: bool) -> str:
    style = _styler(color)
    lines = [headline(violation, color)]
    if violation.source_line or violation.line:
        gutter = str(violation.line)
        end = violation.end_column if violation.end_line == violation.line else None
        source, column, end = excerpt(violation.source_line, violation.column, end)
        lines.append(f" {gutter} | {source}")
        lines.append(f" {' ' * len(gutter)} | " + style(underline(source, column, end),
                                                        fg=COLORS[violation.severity]))
    if violation.suggestion:
        lines.append(f" {' ' * len(str(violation.line))} = {printable(violation.suggestion)}")
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
    if report.errors:  # "no problems" must not read as "all clear" when files were skipped
        unchecked = len(report.errors)
        line += messages.get("core", f"unchecked-{'one' if unchecked == 1 else 'many'}", n=unchecked)
    return line


def render(report, color: bool = False) -> str:
    blocks = [format_violation(v, color) for v in report.violations]
    if not report.quiet:
        blocks.append(summary_line(report))
    return "\n\n".join(blocks) + "\n" if blocks else ""
