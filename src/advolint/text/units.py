"""Units of a post that several rules share: URLs, hashtags, @mentions; a language's dictionary.

Each function returns spans as ``(start, end, text)`` with offsets into
``post.text`` (body only), computed once per post and kept in ``post.cache``.

A hashtag is ``#`` plus letters (any script, æøå included), combining marks,
digits and ``_``, with at least one letter or ``_``; it does not start inside
a word (``C#``) or inside a URL (``https://x.dk/side#afsnit``).
"""

from __future__ import annotations

import bisect
import functools
import itertools
from array import array
from collections.abc import Sequence
from pathlib import Path

from advolint import patterns

URL = patterns.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"]+")
HASHTAG = patterns.compile(r"(?<![\w#&/])[#＃]([\p{L}\p{M}\p{N}_]*[\p{L}_][\p{L}\p{M}\p{N}_]*)")
MENTION = patterns.compile(r"(?<![\w@.])@([\p{L}\p{M}\p{N}_.]*[\p{L}\p{M}\p{N}_])")


# From this many characters on, a post's spans are packed (see SpanList).
PACK_SPANS_FROM = 100_000


class SpanList(Sequence):
    """``(start, end, text[start:end])`` spans of one text, packed: two arrays of
    offsets, each triple made when it is read.  A 100 MB post holds some 700,000
    URLs, as many hashtags, @mentions and emoji: as lists of tuples they took
    150 MB each, packed 11 MB.  Reads like the list it stands for."""

    __slots__ = ("text", "starts", "ends")

    def __init__(self, text: str, pairs):
        self.text, self.starts, self.ends = text, array("q"), array("q")
        add_start, add_end = self.starts.append, self.ends.append
        for start, end in pairs:
            add_start(start)
            add_end(end)

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(len(self)))]
        start, end = self.starts[index], self.ends[index]
        return start, end, self.text[start:end]

    def __iter__(self):
        text = self.text
        return ((start, end, text[start:end]) for start, end in zip(self.starts, self.ends))

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, (list, SpanList)) else NotImplemented

    def __repr__(self) -> str:
        return f"SpanList({list(self)!r})"


def spans_of(text: str, pairs) -> "list[tuple[int, int, str]] | SpanList":
    """``(start, end, text[start:end])`` of each ``(start, end)`` of ``pairs``:
    a list, packed (a :class:`SpanList`) in a long text."""
    if len(text) >= PACK_SPANS_FROM:
        return SpanList(text, pairs)
    return [(start, end, text[start:end]) for start, end in pairs]


def _cached(post, key, compute):
    value = post.cache.get(key)
    if value is None:
        value = post.cache[key] = compute()
    return value


# The post's whole text, case-folded (``post.text.casefold()``): the commercial
# detector, the claim rule and the term matcher all read it, and on a 100 MB
# post each copy of it is 400 MB, so there is one per post.
CASEFOLDED = "casefolded"


def casefolded(post) -> str:
    """``post.text.casefold()``, made once per post."""
    return _cached(post, CASEFOLDED, post.text.casefold)


def _may_hold_url(text: str) -> bool:
    """False when ``URL`` cannot match: it needs "://" or "www." (any case)."""
    return "://" in text or "www." in text.lower()


def urls(post) -> list[tuple[int, int, str]]:
    return _cached(post, "urls", lambda: spans_of(post.text, (m.span() for m in URL.finditer(post.text, post.body_start)))
                   if _may_hold_url(post.text) else [])


def _outside_urls(post, pattern, signs: str) -> list[tuple[int, int, str]]:
    """Matches of ``pattern`` (which starts with one of ``signs``) that do not start inside a URL."""
    if not any(sign in post.text for sign in signs):
        return []  # most posts have no @ (and some no #): no search at all
    matches = patterns.finditer_at_signs(pattern, post.text, post.body_start, signs)
    in_url = Covered(urls(post))
    return spans_of(post.text, (match.span() for match in matches if match.start() not in in_url))


class Covered:
    """The offsets that some spans cover, for asking of one offset after another whether
    a span holds it (``offset in covered``: ``start <= offset < end`` for one of them) or of
    a stretch whether it overlaps one.  The spans, in any order and overlapping or not
    (``(start, end)`` or ``(start, end, text)``), are merged into sorted disjoint stretches
    and each question is a bisection: asking every span in turn made the rules that skip
    URLs, hashtags and quotations quadratic on a long post full of them.  An empty span
    covers nothing."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted((span[0], span[1]) for span in spans if span[0] < span[1]):
            if self.ends and start < self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def __contains__(self, offset: int) -> bool:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares an offset with a span."""
        index = bisect.bisect_right(self.ends, start)  # the first stretch ending after ``start``
        return index < len(self.starts) and self.starts[index] < end

    def __bool__(self) -> bool:
        return bool(self.starts)


def foreign_spans(post) -> Covered:
    """The post's URLs, hashtags and @mentions: words that are not the post's own voice,
    which the tone rules skip (made once per post)."""
    return _cached(post, "foreign-spans", lambda: Covered(itertools.chain(urls(post), hashtags(post), mentions(post))))


def hashtags(post) -> list[tuple[int, int, str]]:
    """Every hashtag in the body, in order, as ``(start, end, "#Tag")``."""
    return _cached(post, "hashtags", lambda: _outside_urls(post, HASHTAG, "#＃"))


def mentions(post) -> list[tuple[int, int, str]]:
    """Every @mention in the body (not e-mail addresses, not inside URLs)."""
    return _cached(post, "mentions", lambda: _outside_urls(post, MENTION, "@"))


# Sentence ends: . ! ? … and their full-width forms, and emoji, which end
# sentences in social posts ("Vi glæder os 😊 De er velkomne").  A quotation
# mark, bracket, dash or bullet between the end and the next word does not
# change that the next word starts a sentence.
_SENTENCE_END = patterns.compile(r"[.!?…！？:\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u200D\p{Regional_Indicator}]")
_OPENERS = patterns.compile(r"[\s\"'“”„«»‘’‚›‹(\[\-–—•·*>→|]")
_SEPARATORS = "\n·•→|"  # a line break, a bullet or an arrow between items ("Nyt · De første ...")
# What ends a heading or a line of a list that runs into the next sentence without a stop:
# a list marker at the start of a line ("2) I bekræftende fald") or a time stamp
# ("kl. 12:57 De århusianske ...").
_RUN_IN = patterns.compile(r"(?:(?:^|(?<=\n))[^\S\n]*\(?(?:\d{1,3}|\p{L})\)|(?<![\d.:])\d{1,2}[:.]\d{2})$")


def starts_sentence(text: str, offset: int, floor: int = 0) -> bool:
    """Whether the word at ``offset`` begins a sentence (or a line, or the text at ``floor``)."""
    index = offset
    while index > floor and _OPENERS.match(text[index - 1]):
        if text[index - 1] in _SEPARATORS:
            return True
        index -= 1
    if index <= floor or _SENTENCE_END.match(text[index - 1]):
        return True
    return index < offset and (text[index - 1] == ")" or text[index - 1].isdigit()) and bool(
        _RUN_IN.search(text, max(floor, index - 8), index))


# The dictionary of a language, shared by the rules that must tell a word of
# the language from a name, an acronym or a made-up form: form -> lemma from
# spacy-lookups-data (a dependency already: the blank Danish pipeline's lemma
# table).  Danish: the lemma lookup of 550,000 forms; English: the lemma
# lookup (inflected forms) and WordNet's adjectives, adverbs and verbs.  Every
# lemma is also a form of itself.  Reading the JSON tables costs about 2 s, so
# the first use writes them as one sorted "form<TAB>lemma" file to the
# advolint cache folder, and every later process looks words up in that file,
# memory-mapped, by bisection: no load time, no memory for 550,000 strings.
# Empty for other languages or without the package.
@functools.lru_cache(maxsize=None)
def dictionary(language: str) -> "Dictionary":
    try:
        import spacy_lookups_data
    except ImportError:  # pragma: no cover - a dependency
        return Dictionary(None)
    if language not in ("da", "en"):
        return Dictionary(None)
    import os

    from advolint.resources import cache_dir

    version = getattr(spacy_lookups_data, "__version__", "0")
    path = cache_dir() / f"dictionary-{language}-{version}.tsv"
    if not path.is_file():
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(_sorted_table(_read_tables(language)))
            os.replace(partial, path)
        except OSError:  # no cache folder: keep the table in memory
            return Dictionary(_sorted_table(_read_tables(language)))
    return Dictionary(path)


def _read_tables(language: str) -> dict[str, str]:
    from advolint.resources import lookups_table

    if language == "da":
        forms = dict(lookups_table("da_lemma_lookup"))
    else:
        # WordNet's nouns hold names and acronyms in lower case ("aalborg", "nasa"): nouns come
        # in through their inflected forms in the lookup ("sales" -> "sale") only.
        index = lookups_table("en_lemma_index")
        forms = {lemma: lemma for part in ("adj", "adv", "verb") for lemma in index.get(part, [])
                 if "_" not in lemma}
        forms.update(lookups_table("en_lemma_lookup"))
    for lemma in list(forms.values()):
        forms.setdefault(lemma, lemma)
    return forms


def _sorted_table(forms: dict[str, str]) -> bytes:
    lines = sorted(f"{form}\t{lemma}".encode() for form, lemma in forms.items()
                   if form and "\t" not in form + lemma and "\n" not in form + lemma)
    return b"\n".join(lines) + b"\n"


class Dictionary:
    """Form -> lemma lookups in a sorted "form<TAB>lemma" table (a file, memory-mapped, or bytes)."""

    def __init__(self, source):
        self.data = b""
        if isinstance(source, bytes):
            self.data = source
        elif source is not None:
            import mmap

            with open(source, "rb") as handle:  # the mapping stays valid after the file is closed
                if Path(source).stat().st_size:
                    self.data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)

    def get(self, form: str, default=None):
        """The lemma of ``form`` (case-sensitive), or ``default``."""
        data, key = self.data, form.encode() + b"\t"
        low, high = 0, len(data)
        while low < high:  # find the first line whose start is >= key
            middle = (low + high) // 2
            start = data.rfind(b"\n", 0, middle) + 1
            end = data.find(b"\n", start)
            if data[start:end] < key:
                low = end + 1
            else:
                high = start
        if data[low:low + len(key)] == key:
            return data[low + len(key):data.find(b"\n", low)].decode()
        return default

    def __contains__(self, form: str) -> bool:
        return self.get(form) is not None

    def __bool__(self) -> bool:
        return bool(self.data)
