"""A post cut into the blocks of prose Vale lints, with the way back to the file's offsets.

Plain text: the body is one block (scopes ``paragraph``).  Markdown: one
block per heading (``heading``, ``heading.h1`` ...), paragraph, list item
(``list``), block quote (``blockquote``) and table cell (``table.header``,
``table.cell``), their text rendered the way Vale sees it: markup gone
(emphasis, link syntax and targets, HTML tags, escapes), fenced and
indented code blocks and HTML comments left out.  Code spans and URLs stay in
the text (so lengths count them) but are *protected*: no finding may touch
them.  Front matter is not a block, except the fields that get published
(``title``, ``caption``, ... : :meth:`~advolint.text.post.Post.publishable_spans`).
Scope ``raw`` is the body as written.

Offsets: ``Block.offsets[i]`` is the offset in ``post.text`` of the block's
``i``-th character (``None``: the block is a slice of the text from ``start``).
"""

from __future__ import annotations

import bisect
import operator

from advolint import patterns
from advolint.language import tr

HEADING = patterns.compile(r"[ \t]{0,3}(#{1,6})(?:[ \t]+|$)")
FENCE = patterns.compile(r"[ \t]*(`{3,}|~{3,})")
LIST_ITEM = patterns.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
QUOTE = patterns.compile(r"[ \t]{0,3}>[ \t]?")
THEMATIC = patterns.compile(r"[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
SETEXT = patterns.compile(r"[ \t]{0,3}(=+|-+)[ \t]*$")
TABLE_DELIMITER = patterns.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
LINK_DEFINITION = patterns.compile(r"[ \t]{0,3}\[[^\]]+\]:[ \t]*\S")
CLOSING_HASHES = patterns.compile(r"(?:[ \t]+#+)?[ \t]*$")
HTML_TAG = patterns.compile(r"(?s)</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->")
AUTOLINK = patterns.compile(r"<((?:https?|ftp|mailto):[^<>\s]+)>")
SENTENCE_END = patterns.compile(r"(?<=[.!?…])\s+")
PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


class Block:
    """Prose of one kind (its ``scopes``) as Vale lints it."""

    __slots__ = ("text", "scopes", "start", "end", "offsets", "protected")

    def __init__(self, text: str, scopes: frozenset, start: int, end: int, offsets: list | None = None,
                 protected: list | None = None):
        self.text, self.scopes, self.start, self.end = text, scopes, start, end
        self.offsets = offsets  # None: text is post.text[start:start + len(text)]
        self.protected = protected or []  # sorted (start, end) in text: code spans, URLs

    def touches_protected(self, start: int, end: int) -> bool:
        protected = self.protected
        if not protected:
            return False
        index = bisect.bisect_left(protected, (end,))
        return index > 0 and protected[index - 1][1] > start

    def source(self, post_text: str, start: int, end: int) -> tuple[int, int]:
        """Offsets in the post of this block's ``text[start:end]``."""
        if self.offsets is None:
            return self.start + start, self.start + end
        if start >= len(self.text):
            return self.end, self.end
        first, last = self.offsets[start], self.offsets[max(start, end - 1)] + 1
        wanted = self.text[start:end]
        if post_text[first:last] == wanted:
            return first, last
        # Markup inside the match ("Mermaid [Mermaid"): where Vale puts it, the same
        # text found in the block's source, else the block's start.
        found = _find_word(post_text, wanted, self.start, self.end)
        if found is not None:
            return found, found + len(wanted)
        line_end = post_text.find("\n", self.start, self.end)
        return self.start, line_end if line_end != -1 else self.end


def _find_word(text: str, wanted: str, start: int, end: int) -> int | None:
    if not wanted.strip():
        return None
    import regex

    match = regex.compile(r"(?:^|\b|_)" + regex.escape(wanted) + r"(?:\b|_|$)", regex.MULTILINE).search(
        text, start, end)
    if match is not None:
        return match.start() + (1 if text[match.start()] == "_" and not wanted.startswith("_") else 0)
    index = text.find(wanted, start, end)
    return index if index != -1 else None


# -- scopes ---------------------------------------------------------------------


def parse_scope(scope: str) -> tuple:
    """``"heading & ~heading.h1"`` -> ((False, "heading"), (True, "heading.h1")); ValueError if unknown."""
    parts = []
    for part in scope.split("&"):
        part = part.strip()
        negated = part.startswith("~")
        name = part.lstrip("~").strip()
        base = name.split(".")[0]
        if base not in SCOPE_NAMES:
            raise ValueError(tr("scope '{name}' is not one advolint knows ({known})", name=name,
                                known=", ".join(sorted(SCOPE_NAMES))))
        parts.append((negated, name))
    return tuple(parts)


SCOPE_NAMES = frozenset({"text", "raw", "heading", "paragraph", "list", "blockquote", "table", "sentence",
                         "summary"})


def selects(selector: tuple, scopes: frozenset) -> bool:
    """Whether a block with ``scopes`` is in ``selector`` (a parsed scope)."""
    for negated, name in selector:
        inside = name == "text" or name in scopes or any(scope.startswith(name + ".") for scope in scopes) or \
            (name == "summary" and not any(scope.startswith(("heading", "table")) for scope in scopes))
        if inside == negated:
            return False
    return True


# -- cutting a post into blocks ----------------------------------------------------------


def post_blocks(post) -> list[Block]:
    """The post's prose blocks (cached per post)."""
    blocks = post.cache.get("vale-blocks")
    if blocks is None:
        from advolint.text import units

        urls = [(start, end) for start, end, _ in units.urls(post)]
        if post.path.lower().endswith((".md", ".markdown")):
            blocks = markdown_blocks(post.text, post.body_start, urls)
        else:
            body = post.text[post.body_start:]
            blocks = [Block(body, frozenset({"paragraph"}), post.body_start, len(post.text),
                            protected=[(start - post.body_start, end - post.body_start) for start, end in urls])]
        for start, end in post.publishable_spans():
            blocks.append(Block(post.text[start:end], frozenset({"paragraph"}), start, end))
        post.cache["vale-blocks"] = blocks
    return blocks


def raw_block(post) -> Block:
    return Block(post.text[post.body_start:], frozenset({"raw"}), post.body_start, len(post.text))


def sentences(block: Block) -> list[Block]:
    """``block`` cut at sentence ends (scope ``sentence``)."""
    pieces, last = [], 0
    for match in SENTENCE_END.finditer(block.text):
        pieces.append((last, match.start()))
        last = match.end()
    pieces.append((last, len(block.text)))
    found = []
    for start, end in pieces:
        if start >= end:
            continue
        offsets = block.offsets[start:end] if block.offsets is not None else None
        protected = [(max(a, start) - start, min(b, end) - start) for a, b in block.protected if a < end and b > start]
        source_start = offsets[0] if offsets else block.start + start
        source_end = offsets[-1] + 1 if offsets else block.start + end
        found.append(Block(block.text[start:end], block.scopes | {"sentence"}, source_start, source_end, offsets,
                           protected))
    return found


class _Open:
    """A block being collected: its kind and the (start, end) source ranges of its lines' content."""

    def __init__(self, scopes: frozenset, start: int):
        self.scopes, self.start, self.lines = scopes, start, []


def markdown_blocks(text: str, body_start: int, urls: list) -> list[Block]:
    blocks: list[Block] = []
    current: _Open | None = None
    fence: str | None = None
    in_comment = False
    previous_kind = None
    offset = body_start
    lines = []
    while offset < len(text):
        end = text.find("\n", offset)
        end = len(text) if end == -1 else end
        lines.append((offset, end))
        offset = end + 1

    def close():
        nonlocal current, previous_kind
        if current is not None and current.lines:
            blocks.append(_render(text, current, urls))
            previous_kind = current.scopes
        current = None

    index = 0
    while index < len(lines):
        start, end = lines[index]
        stop = end - 1 if end > start and text[end - 1] == "\r" else end
        line = text[start:stop]
        index += 1
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        if not line.strip():
            close()
            continue
        match = FENCE.match(line)
        if match:
            close()
            fence = match.group(1)
            continue
        if line.lstrip().startswith("<!--"):
            close()
            in_comment = "-->" not in line
            continue
        if current is None and (line.startswith("    ") or line.startswith("\t")) \
                and not (previous_kind and "list" in previous_kind):
            continue  # an indented code block
        match = HEADING.match(line)
        if match:
            close()
            level = len(match.group(1))
            content_end = start + CLOSING_HASHES.search(line, match.end()).start()
            heading = _Open(frozenset({"heading", f"heading.h{level}"}), start + match.end())
            heading.lines.append((start + match.end(), max(start + match.end(), content_end)))
            current = heading
            close()
            continue
        if current is not None and "paragraph" in current.scopes and SETEXT.match(line):
            level = 1 if line.strip()[0] == "=" else 2
            current.scopes = frozenset({"heading", f"heading.h{level}"})
            close()
            continue
        if THEMATIC.match(line):
            close()
            continue
        if "|" in line and index < len(lines) and current is None:
            next_start, next_end = lines[index]
            if TABLE_DELIMITER.match(text, next_start, next_end) and "-" in text[next_start:next_end]:
                index = _table(text, lines, index - 1, blocks, urls)
                previous_kind = None
                continue
        match = LIST_ITEM.match(line)
        if match:
            close()
            current = _Open(frozenset({"list"}), start + match.end())
            current.lines.append((start + match.end(), stop))
            continue
        match = QUOTE.match(line)
        if match:
            content = start + match.end()
            while QUOTE.match(text, content, stop):
                content = QUOTE.match(text, content, stop).end()
            if current is None or "blockquote" not in current.scopes:
                close()
                current = _Open(frozenset({"blockquote"}), content)
            current.lines.append((content, stop))
            continue
        if current is None and LINK_DEFINITION.match(line):
            continue
        content = start + len(line) - len(line.lstrip())
        if current is None:
            current = _Open(frozenset({"paragraph"}), content)
        current.lines.append((content, stop))
    close()
    return blocks


def _table(text: str, lines: list, index: int, blocks: list, urls: list) -> int:
    """Cells of the table whose header row is ``lines[index]``; returns the index after it."""
    row = 0
    while index < len(lines):
        start, end = lines[index]
        stop = end - 1 if end > start and text[end - 1] == "\r" else end
        line = text[start:stop]
        if not line.strip() or "|" not in line:
            break
        index += 1
        row += 1
        if row == 2:
            continue  # the delimiter row
        cell_start = start
        for position in range(start, stop + 1):
            if position == stop or (text[position] == "|" and text[position - 1:position] != "\\"):
                cell = text[cell_start:position]
                if cell.strip():
                    left = cell_start + len(cell) - len(cell.lstrip())
                    right = cell_start + len(cell.rstrip())
                    block = _Open(frozenset({"table", "table.header" if row == 1 else "table.cell"}), left)
                    block.lines.append((left, right))
                    blocks.append(_render(text, block, urls))
                cell_start = position + 1
    return index


_END = operator.itemgetter(1)


def _render(text: str, block: _Open, urls: list) -> Block:
    """The block's lines as Vale sees them: inline markup gone, offsets kept."""
    out: list[str] = []
    offsets: list[int] = []
    protected: list[tuple[int, int]] = []
    raw_chars: list[str] = []
    raw_offsets: list[int] = []
    for number, (start, end) in enumerate(block.lines):
        if number:
            raw_chars.append("\n")
            raw_offsets.append(block.lines[number - 1][1])
        raw_chars.extend(text[start:end])
        raw_offsets.extend(range(start, end))
    raw = "".join(raw_chars)
    skip_to: dict[int, int] = {}  # index of a link text's "]" -> index after its "(target)"
    index, length = 0, len(raw)
    while index < length:
        if index in skip_to:
            index = skip_to.pop(index)
            continue
        char = raw[index]
        if char == "\\" and index + 1 < length and raw[index + 1] in PUNCTUATION:
            out.append(raw[index + 1])
            offsets.append(raw_offsets[index + 1])
            index += 2
            continue
        if char == "`":
            run = index
            while run < length and raw[run] == "`":
                run += 1
            ticks = raw[index:run]
            close = raw.find(ticks, run)
            while close != -1 and close + len(ticks) < length and raw[close + len(ticks)] == "`":
                close = raw.find(ticks, close + len(ticks) + 1)
            if close != -1:
                begin = len(out)
                out.extend(raw[run:close])
                offsets.extend(raw_offsets[run:close])
                protected.append((begin, len(out)))
                index = close + len(ticks)
                continue
        if char == "<":
            match = AUTOLINK.match(raw, index)
            if match:
                begin = len(out)
                out.extend(match.group(1))
                offsets.extend(raw_offsets[match.start(1):match.end(1)])
                protected.append((begin, len(out)))
                index = match.end()
                continue
            match = HTML_TAG.match(raw, index)
            if match:
                index = match.end()
                continue
        if char == "!" and raw.startswith("[", index + 1):
            close, after = _link_end(raw, index + 1)
            if after is not None:
                index = after
                continue
        if char == "[":
            close, after = _link_end(raw, index)
            if after is not None:
                skip_to[close] = after
                index += 1
                continue
        if char in "*_~":
            run = index
            while run < length and raw[run] == char:
                run += 1
            before = raw[index - 1] if index else " "
            after_char = raw[run] if run < length else " "
            if char == "_":
                delimiter = not (before.isalnum() and after_char.isalnum())
            elif char == "~":
                delimiter = run - index >= 2
            else:
                delimiter = not (before.isspace() and after_char.isspace())
            if delimiter and not (before.isspace() and after_char.isspace()):
                index = run
                continue
        out.append(char)
        offsets.append(raw_offsets[index])
        index += 1
    rendered = "".join(out)
    if urls and offsets:
        # The URLs are in order and apart: only those from the first one ending inside the
        # block on are looked at (each block looking at every URL was quadratic).
        for index in range(bisect.bisect_right(urls, offsets[0], key=_END), len(urls)):
            url_start, url_end = urls[index]
            if url_start > offsets[-1]:
                break
            first = bisect.bisect_left(offsets, url_start)
            last = bisect.bisect_left(offsets, url_end)
            if first < last and offsets[first] == url_start:  # not a link's target, which is gone
                protected.append((first, last))
    protected.sort()
    last_line = block.lines[-1]
    return Block(rendered, block.scopes, block.lines[0][0], last_line[1], offsets, protected)


def _link_end(raw: str, open_index: int) -> tuple[int, int | None]:
    """For ``[`` at ``open_index``: (index of its ``]``, index after the link's target) or (-1, None)."""
    depth, index = 0, open_index
    while index < len(raw):
        char = raw[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                break
        elif char == "`":
            close = raw.find("`", index + 1)
            index = close if close != -1 else index
        index += 1
    else:
        return -1, None
    close = index
    if close + 1 < len(raw) and raw[close + 1] == "(":
        depth, index = 0, close + 1
        while index < len(raw):
            if raw[index] == "(":
                depth += 1
            elif raw[index] == ")":
                depth -= 1
                if depth == 0:
                    return close, index + 1
            elif raw[index] == "\n" and raw[index - 1] == "\n":
                break
            index += 1
        return -1, None
    if close + 1 < len(raw) and raw[close + 1] == "[":
        end = raw.find("]", close + 2)
        if end != -1:
            return close, end + 1
    return -1, None
