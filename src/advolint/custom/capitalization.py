"""Vale ``capitalization``: a block (usually a heading) in ``$title``, ``$sentence``,
``$lower`` or ``$upper`` case, or matching a regular expression.

At least ``threshold`` of the words (0.8) must be right; ``exceptions`` (and the
vocabulary) are written as they are; after an ``indicators`` character
(``:``) a word may start a new sentence; ``prefix`` is left out of the check.
"""

from __future__ import annotations

from advolint.custom.definition import TEXT_LIST
from advolint.custom.matching import Checker, format_message
from advolint.language import tr

KEYS = {"match": str, "style": str, "exceptions": TEXT_LIST, "indicators": TEXT_LIST, "threshold": float,
        "prefix": str, "vocab": bool}
STYLES = ("AP", "Chicago")
# Words a title keeps in lower case (articles, conjunctions, short prepositions), AP and Chicago alike.
SMALL_WORDS = frozenset("a an the and but or nor for so yet as at by in of off on per to up via vs v en if".split())
WORD = r"\S+"


class Capitalization(Checker):
    def __init__(self, definition, accepted=(), where=None):
        super().__init__(definition, accepted, where)
        options = self.options
        self.match = options.get("match", "$title")
        self.threshold = options.get("threshold", 0.8)
        self.indicators = tuple(options.get("indicators", ()))
        self.prefix = self.compile("^(?:%s)" % options["prefix"], "prefix", where=where) \
            if options.get("prefix") else None
        self.regex = None if self.match in ("$title", "$sentence", "$lower", "$upper") \
            else self.compile(self.match, "match", where=where)
        self.words = self.compile(WORD, "match", where=where)
        style = options.get("style", "AP")
        if style not in STYLES:
            from advolint.errors import PolicyError

            source, line, column = where(("style",)) if where else (definition.source, definition.line, None)
            raise PolicyError(source, tr("rule {rule_id}: style must be AP or Chicago, not {style!r}",
                                         rule_id=definition.rule_id, style=style),
                              line, column)

    def check(self, post, blocks):
        for block in blocks:
            text = block.text.strip()
            if not text:
                continue
            checked = self.prefix.sub("", text, count=1) if self.prefix is not None else text
            right, expected = self.judge(checked)
            if not right:
                lead = len(block.text) - len(block.text.lstrip())
                yield self.finding(post, block, lead, lead + len(text),
                                   format_message(self.definition.message, text, expected))

    def judge(self, text: str) -> tuple[bool, str]:
        """(whether ``text`` is right, the text as it should be)."""
        if self.match == "$lower":
            return text == text.lower(), text.lower()
        if self.match == "$upper":
            return text == text.upper(), text.upper()
        if self.regex is not None:
            return self.regex.fullmatch(text) is not None, text
        covered = set()
        if self.exceptions is not None:
            for match in self.exceptions.finditer(text):
                covered.update(range(*match.span()))
        words = [(match.start(), match.group()) for match in self.words.finditer(text)]
        letter_words = [(start, word) for start, word in words if any(char.isalpha() for char in word)]
        right, shown, after_indicator, first = 0, [], False, True
        for number, (start, word) in enumerate(words):
            if not any(char.isalpha() for char in word):
                after_indicator = after_indicator or word[-1:] in self.indicators
                shown.append(word)
                continue
            core_start = start + len(word) - len(word.lstrip("\"'“‘([{*_"))
            core = word.strip("\"'“”‘’()[]{}.,:;!?*_")
            if all(index in covered for index in range(core_start, core_start + len(core)) if text[index].isalnum()):
                good, wanted = True, word
            elif self.match == "$title":
                last = (start, word) == letter_words[-1]
                wanted = _title_word(word, first or last)
                good = word == wanted or (core.isupper() and len(core) > 1)
            else:
                starts = first or after_indicator
                wanted = _cap_first(word) if starts else word.lower()
                good = (core[:1].isupper() if starts else core == core.lower()) or (core.isupper() and len(core) > 1)
            right += good
            shown.append(wanted)
            first = False
            after_indicator = word[-1:] in self.indicators
        total = len(letter_words)
        return (not total or right / total > self.threshold), " ".join(shown)


def _cap_first(word: str) -> str:
    for index, char in enumerate(word):
        if char.isalpha():
            return word[:index] + char.upper() + word[index + 1:]
    return word


def _title_word(word: str, edge: bool) -> str:
    core = word.strip("\"'“”‘’()[]{}.,:;!?*_").lower()
    if not edge and core in SMALL_WORDS:
        return word.lower()
    return "-".join(_cap_first(part) for part in word.split("-"))


CHECKER = Capitalization
