"""What the kinds share: Vale's token pattern, exceptions, messages, findings."""

from __future__ import annotations

import abc

from advolint.findings import Edit, Finding, Fix

WORD_BOUNDED = r"\b(?:%s)\b"  # Vale's word template; Unicode-aware here (æøå are word characters)


def token_pattern(tokens, raw=(), nonword: bool = False, append: bool = False) -> str:
    """Vale's pattern of a rule: ``raw`` joined, then ``tokens`` as alternatives
    (within word boundaries unless ``nonword``); ``append`` puts ``raw`` after them."""
    token_part = ""
    if tokens:
        token_part = ("(?:%s)" if nonword else WORD_BOUNDED) % "|".join(tokens)
    raw_part = "".join(raw)
    return token_part + raw_part if append else raw_part + token_part


def flags(ignorecase: bool) -> int:
    import regex

    return regex.MULTILINE | (regex.IGNORECASE if ignorecase else 0)


def exception_pattern(exceptions, definition, where=None):
    """Vale's exceptions: any of them as a whole word in what was found (longest first)."""
    if not exceptions:
        return None
    from advolint.custom.definition import compile_regex

    ordered = sorted(dict.fromkeys(exceptions), key=len, reverse=True)
    return compile_regex(WORD_BOUNDED % "|".join(ordered), flags(False), definition, "exceptions", where)


def format_message(message: str, *values: str) -> str:
    """``message`` with its ``%s`` (``%d``, ``%v``) filled in order, as Vale's Sprintf does."""
    out, index, used = [], 0, 0
    while True:
        found = message.find("%", index)
        if found == -1 or found + 1 >= len(message):
            out.append(message[index:])
            return "".join(out)
        out.append(message[index:found])
        code = message[found + 1]
        if code == "%":
            out.append("%")
        elif code in "sdvq":
            value = values[used] if used < len(values) else (values[-1] if values else "")
            out.append(f'"{value}"' if code == "q" else value)
            used += 1
        else:
            out.append(message[found:found + 2])
        index = found + 2


def quoted_choices(choices) -> str:
    """``'a'``, ``'a' or 'b'``, ``'a', 'b' or 'c'`` (Vale's ToSentence); nothing for an empty replacement."""
    shown = [f"'{choice}'" for choice in choices if choice]
    if len(shown) <= 2:
        return " or ".join(shown)
    return ", ".join(shown[:-1]) + " or " + shown[-1]


def cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


class Checker(abc.ABC):
    """A compiled custom rule of one kind; ``check(post, blocks)`` yields findings."""

    def __init__(self, definition, accepted: tuple = (), where=None):
        self.definition = definition
        self.rule_id = definition.rule_id
        self.options = dict(definition.options)
        exceptions = tuple(self.options.get("exceptions", ()))
        if self.options.get("vocab"):
            exceptions += tuple(accepted)
        self.exceptions = exception_pattern(exceptions, definition, where)

    def excepted(self, text: str) -> bool:
        return self.exceptions is not None and self.exceptions.search(text) is not None

    def compile(self, pattern: str, key: str, ignorecase: bool | None = None, where=None):
        from advolint.custom.definition import compile_regex

        if ignorecase is None:
            ignorecase = self.options.get("ignorecase", False)
        return compile_regex(pattern, flags(ignorecase), self.definition, key, where)

    def finding(self, post, block, start: int, end: int, message: str, replacement: str | None = None) -> Finding:
        first, last = block.source(post.text, start, end)
        fix = None
        name, params = self.definition.action or (None, ())
        if replacement is None and name == "remove":
            replacement = ""
        elif replacement is None and name == "replace" and len(params) == 1:
            replacement = params[0]
        if replacement is not None and post.text[first:last] == block.text[start:end]:
            cut = last
            if replacement == "" and post.text[last:last + 1] == " " and (first == 0 or post.text[first - 1] in " \n"):
                cut += 1  # removing a word takes one space with it
            # Worded by the rule (rules/custom_wording.py), in the run's message language.
            fix = Fix((Edit(first, cut, replacement),), "")
        return Finding(rule=self.rule_id, start=first, end=last, message=message, fix=fix)

    @abc.abstractmethod
    def check(self, post, blocks):
        """The findings of this rule in ``blocks`` (the parts of ``post`` its scope covers)."""
