"""Lazy access to spaCy for the few decisions regular expressions cannot make.

Importing spaCy costs one to three seconds, so nothing here imports it until
a rule asks for tokens, and rules ask only for genuinely ambiguous cases
(``tone-address``: a sentence-start "De"/"I" before a word no lexicon
knows).  The pipeline is chosen by ``tone.nlp_model``:

* ``auto``: the first trained Danish pipeline that is installed
  (da_core_news_lg, _md, _sm, _trf), found with ``importlib.util.find_spec``
  without importing spaCy; else ``spacy.blank("da")``;
* ``none``: ``spacy.blank("da")``;
* any other value: that installed pipeline package or a directory with a
  saved pipeline (a clear error when there is none).

Without a trained pipeline spaCy is not needed at all (it is an optional
extra, ``advolint[nlp]``, about 250 MB with its dependencies): words are
found by a regular expression and get lemmas from spacy-lookups-data's
Danish lookup table (:func:`advolint.text.units.dictionary`), so rules can tell a present-tense verb ("bestiller" ->
"bestille") from a noun or adjective ("paneler" -> "panel", "nye" -> "ny").
That is what ``spacy.blank("da")`` gave, word for word, on the real Danish
texts it was compared on (see the README's "Set-up" notes).  A trained
pipeline is loaded once per process.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

from advolint import patterns

AUTO_CANDIDATES = ("da_core_news_lg", "da_core_news_md", "da_core_news_sm", "da_core_news_trf")
BLANK = "blank:da"


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # offset into the analysed text
    lemma: str
    pos: str = ""  # universal POS tag; "" without a trained pipeline
    morph: dict = field(default_factory=dict)  # e.g. {"Polite": "Form"}

    @property
    def end(self) -> int:
        return self.start + len(self.text)


class PipelineMissing(LookupError):
    """The policy names a spaCy pipeline that is not installed."""


def installed(name: str) -> bool:
    """An importable pipeline package, or a directory with a saved pipeline (either needs spaCy)."""
    if importlib.util.find_spec("spacy") is None:
        return False
    if Path(name).is_dir():
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def pipeline_name(setting: str) -> str:
    """The pipeline ``tone.nlp_model`` selects: a package name or ``blank:da``."""
    if setting == "none":
        return BLANK
    if setting == "auto":
        return next((name for name in AUTO_CANDIDATES if installed(name)), BLANK)
    if not installed(setting):
        raise PipelineMissing(setting)
    return setting


def is_trained(name: str) -> bool:
    return name != BLANK


@functools.lru_cache(maxsize=None)
def load(name: str):
    """The trained spaCy pipeline ``name`` (from :func:`pipeline_name`), loaded once."""
    import spacy

    return spacy.load(name, exclude=["ner", "parser"])


# A word as the rules look at it: letters (with combining marks), or a number.
WORD = patterns.compile(r"\p{L}[\p{L}\p{M}]*(?:[-'’][\p{L}\p{M}]+)*|\p{N}+")


def tokens(text: str, name: str) -> list[Token]:
    """The tokens of ``text`` with lemma, POS and morphology as far as ``name`` knows them."""
    if is_trained(name):
        return [Token(t.text, t.idx, t.lemma_ or t.text, t.pos_, t.morph.to_dict()) for t in load(name)(text)]
    from advolint.text.units import dictionary  # the Danish lemma table, memory-mapped, shared with other rules

    lemmas = dictionary("da")
    return [Token(word, match.start(), lemmas.get(word) or lemmas.get(word.lower()) or word)
            for match in WORD.finditer(text) for word in (match.group(),)]
