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
from pathlib import Path

from advolint import patterns

URL = patterns.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"]+")
HASHTAG = patterns.compile(r"(?<![\w#&/])[#＃]([\p{L}\p{M}\p{N}_]*[\p{L}_][\p{L}\p{M}\p{N}_]*)")
MENTION = patterns.compile(r"(?<![\w@.])@([\p{L}\p{M}\p{N}_.]*[\p{L}\p{M}\p{N}_])")


def _cached(post, key, compute):
    value = post.cache.get(key)
    if value is None:
        value = post.cache[key] = compute()
    return value


def _may_hold_url(text: str) -> bool:
    """False when ``URL`` cannot match: it needs "://" or "www." (any case)."""
    return "://" in text or "www." in text.lower()


def urls(post) -> list[tuple[int, int, str]]:
    return _cached(post, "urls", lambda: [(m.start(), m.end(), m.group())
                                          for m in URL.finditer(post.text, post.body_start)]
                   if _may_hold_url(post.text) else [])


def _outside_urls(post, pattern, signs: str) -> list[tuple[int, int, str]]:
    """Matches of ``pattern`` (which starts with one of ``signs``) that do not start inside a URL."""
    if not any(sign in post.text for sign in signs):
        return []  # most posts have no @ (and some no #): no search at all
    spans = urls(post)
    matches = patterns.finditer_at_signs(pattern, post.text, post.body_start, signs)
    if not spans:
        return [(m.start(), m.end(), m.group()) for m in matches]
    url_starts = [start for start, _, _ in spans]  # sorted and disjoint: found left to right
    found = []
    for match in matches:
        start = match.start()
        # The only URL that can hold ``start`` is the last one starting at or before it
        # (a bisection, not a scan: a long post can have many thousand URLs).
        index = bisect.bisect_right(url_starts, start) - 1
        if index < 0 or start >= spans[index][1]:
            found.append((start, match.end(), match.group()))
    return found


def starting_outside(spans: list[tuple[int, int]], skipped: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ``spans`` (in ascending order) that start inside none of the ``skipped`` spans
    (in any order, overlapping or not), in one sweep: a 100 MB post holds hundreds of
    thousands of each, and testing every span against every skipped one was quadratic."""
    skipped = sorted(skipped)
    kept, index, reach = [], 0, -1  # reach: the furthest end of the skipped spans begun so far
    for span in spans:
        while index < len(skipped) and skipped[index][0] <= span[0]:
            reach = max(reach, skipped[index][1])
            index += 1
        if span[0] >= reach:
            kept.append(span)
    return kept


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
