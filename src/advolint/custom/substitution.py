"""Vale ``substitution``: ``swap`` maps what is found to what to write instead (``action: replace`` fixes it)."""

from __future__ import annotations

from advolint.custom.definition import TEXT_LIST, TEXT_MAP
from advolint.custom.matching import Checker, cap_first, format_message, quoted_choices, token_pattern

KEYS = {"swap": TEXT_MAP, "exceptions": TEXT_LIST, "ignorecase": bool, "nonword": bool, "capitalize": bool,
        "append": bool, "vocab": bool}


class Substitution(Checker):
    def __init__(self, definition, accepted=(), where=None):
        super().__init__(definition, accepted, where)
        options = self.options
        # Longest first, as Vale orders them: "MPL 2.0" is found before "MPL".
        swaps = sorted(options.get("swap", ()), key=lambda pair: len(pair[0]), reverse=True)
        self.replacements = tuple(_python_template(replacement) if "$" in replacement else replacement
                                  for _, replacement in swaps)
        # A replacement with $1 is expanded from the key's own groups.
        self.keys = tuple(self.compile(key, "swap", where=where) if "$" in replacement else None
                          for key, replacement in swaps)
        alternatives = [f"(?P<s{index}>{key})" for index, (key, _) in enumerate(swaps)]
        self.pattern = self.compile(token_pattern(alternatives, (), options.get("nonword", False)), "swap",
                                    where=where) if swaps else None
        self.capitalize = options.get("capitalize", False)

    def check(self, post, blocks):
        if self.pattern is None:
            return
        action = self.definition.action
        replacing = bool(action) and action[0] == "replace" and not action[1]
        message = self.definition.message
        if replacing:  # Vale quotes the choices itself: '%s' in the message would quote twice
            message = message.replace("'%s'", "%s", 1)
        for block in blocks:
            for match in self.pattern.finditer(block.text):
                name = match.lastgroup
                if name is None or not name.startswith("s"):
                    continue
                index = int(name[1:])
                start, end = match.span(name)
                if start == end or block.touches_protected(start, end):
                    continue
                observed = match.group(name)
                expected = self.replacements[index]
                if self.keys[index] is not None:
                    own = self.keys[index].fullmatch(observed)
                    if own is not None:
                        expected = own.expand(expected)
                if expected == observed or self.excepted(observed.strip()):
                    continue
                replacement = None
                if replacing:
                    choices = expected.split("|")
                    if self.capitalize and observed == cap_first(observed):
                        choices = [cap_first(choice) for choice in choices]
                    shown = quoted_choices(choices)
                    replacement = choices[0] if len(choices) == 1 else None
                    if replacement is None:  # several choices: the writer picks, no fix
                        yield self.finding(post, block, start, end, format_message(message, shown, observed))
                        continue
                else:
                    shown = expected
                yield self.finding(post, block, start, end, format_message(message, shown, observed), replacement)


def _python_template(template: str) -> str:
    """Go's ``$1`` / ``${1}`` as Python's ``\\g<1>`` (backslashes kept literal)."""
    import regex

    escaped = template.replace("\\", "\\\\")
    return regex.sub(r"\$\{(\w+)\}|\$(\d+)", lambda m: f"\\g<{m.group(1) or m.group(2)}>", escaped)


CHECKER = Substitution
