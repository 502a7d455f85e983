"""Custom wording rules (ids ``Style.Rule`` or the policy's own names): the company's rules in Vale's language.

The policy's ``custom:`` rules, a Vale configuration's styles and style
folders (``advolint.custom``), checked on the prose Vale would lint; ids
and severities come from the policy (``advolint explain <id>`` shows a
rule's description and link).
"""

from __future__ import annotations

from advolint import patterns
from advolint.rules.base import Rule
from advolint.rules.commercial import CaseFold

# A word token of an existence rule that is plain text (no pattern syntax): found by
# the shared automaton first, so the rule's own pattern runs only on posts that hold it.
_PATTERN_CHARS = frozenset("\\[](){}|*+?^$.")
# The rules' patterns put their tokens between ``\b``: a boundary is where `regex`'s own
# \w ends ("²gratis" has one, though "²".isalnum()); nothing near enough, or a token
# written after a superscript would slip past the prefilter.
_WORD_CHAR = patterns.compile(r"\w")


def _is_word_char(char: str) -> bool:
    return _WORD_CHAR.match(char) is not None


class CustomWordingRule(Rule):
    ids = {}  # the policy's: see policy_ids
    policy_keys = ("custom", "vale.config", "vale.styles")
    ids_from_policy = True

    @classmethod
    def settings(cls, policy):
        if not policy.custom and not policy.vale.config and not policy.vale.styles:
            return None
        from advolint.custom.sources import read_sources

        return read_sources(policy)

    @staticmethod
    def policy_ids(settings) -> dict:
        return settings.severities()

    @staticmethod
    def files_read(settings) -> tuple[str, ...]:
        return settings.files

    def __init__(self, settings, messages):
        super().__init__(settings, messages)
        from advolint.custom.blocks import parse_scope
        from advolint.custom.sources import kind_module

        self.checkers = []
        for definition in settings.definitions:
            checker = kind_module(definition.kind).CHECKER(definition, settings.accepted)
            self.checkers.append((checker, tuple(parse_scope(scope) for scope in definition.scope)))
        self.definitions = {definition.rule_id: definition for definition in settings.definitions}
        self.sections = settings.sections
        self.always = frozenset(settings.always)
        self._enabled: dict[str, frozenset] = {}
        self._build_prefilter()

    def _build_prefilter(self):
        """One automaton over the plain tokens of every existence rule made only of them."""
        import ahocorasick

        self.prefiltered: dict[int, int] = {}  # checker index -> its slot in the automaton
        automaton = ahocorasick.Automaton()
        for index, (checker, _) in enumerate(self.checkers):
            options = checker.options
            tokens = options.get("tokens", ())
            if checker.definition.kind != "existence" or options.get("raw") or not tokens:
                continue
            if any(_PATTERN_CHARS & set(token) or not token.strip() for token in tokens):
                continue
            slot = len(self.prefiltered)
            self.prefiltered[index] = slot
            for token in tokens:
                key = token.casefold()
                # Within word boundaries, as the rule's pattern has them, unless a token
                # starts or ends with a character that is no word character.
                bounded = not options.get("nonword") and _is_word_char(key[0]) and _is_word_char(key[-1])
                length, slots = automaton.get(key) if key in automaton else (len(key), ())
                automaton.add_word(key, (length, tuple(slots) + ((slot, bounded),)))
        self.slot_checker = tuple(sorted(self.prefiltered, key=self.prefiltered.get))  # slot -> checker index
        self.unfiltered = tuple(index for index in range(len(self.checkers)) if index not in self.prefiltered)
        self.automaton = None
        if self.prefiltered:
            automaton.make_automaton()
            self.automaton = automaton
        # Case is folded as the patterns' ignorecase matches it ("gratiſ" is "gratis" to
        # `regex`, not to lower()); not exact: no table says so, so every rule runs.
        self.folding = CaseFold(list(automaton.keys()) if self.prefiltered else [])

    def enabled(self, path: str) -> frozenset:
        """The rule ids on for a post at ``path`` (the Vale configuration's glob sections)."""
        found = self._enabled.get(path)
        if found is None:
            from advolint.custom.vale import section_applies

            styles: set[str] = set()
            switches: dict[str, str] = {}
            for section in self.sections:
                if section_applies(section, path):
                    styles.update(section.styles)
                    switches.update(section.switches)
            found = set(self.always)
            for rule_id in self.definitions:
                switch = switches.get(rule_id)
                if switch == "NO":
                    continue
                if switch is not None or rule_id.split(".", 1)[0] in styles:
                    found.add(rule_id)
            found = frozenset(found)
            if len(self._enabled) < 10_000:
                self._enabled[path] = found
        return found

    def _blocks(self, post, selectors: tuple) -> list:
        from advolint.custom import blocks as cutting  # noqa: PLC0415 - cached by the import system

        key = ("vale-scope", selectors)
        cached = post.cache.get(key)
        if cached is not None:
            return cached
        if any(name == "raw" for selector in selectors for _, name in selector):
            chosen = [cutting.raw_block(post)]
        else:
            chosen = cutting.post_blocks(post)
            if any(name == "sentence" and not negated for selector in selectors for negated, name in selector):
                chosen = [sentence for block in chosen for sentence in cutting.sentences(block)]
            chosen = [block for block in chosen if any(cutting.selects(selector, block.scopes) for selector in selectors)]
        post.cache[key] = chosen
        return chosen

    def _candidates(self, post) -> set | None:
        """Slots of prefiltered rules whose tokens the post may hold (None: all of them)."""
        if self.automaton is None:
            return set()
        if not self.folding.exact:
            return None
        text = post.text
        folded = self.folding.fold_post(post)
        if len(folded) != len(text):
            return None
        found: set[int] = set()
        start = 0 if post.meta_spans else post.body_start  # published front-matter fields are checked too
        size = len(folded)
        for end, (length, slots) in self.automaton.iter(folded, start):
            first = end - length + 1
            whole_word = (first == 0 or not _is_word_char(text[first - 1])) and \
                (end + 1 == size or not _is_word_char(text[end + 1]))
            for slot, bounded in slots:
                if whole_word or not bounded:
                    found.add(slot)
        return found

    def check(self, post):
        enabled = self.enabled(post.path) if self.sections else self.always
        order = self.unfiltered
        if self.prefiltered:  # the existence rules whose words the post may hold, and the rest
            candidates = self._candidates(post)
            if candidates is None:
                order = range(len(self.checkers))
            elif candidates:
                order = sorted(order + tuple(self.slot_checker[slot] for slot in candidates))
        checkers = self.checkers
        for index in order:
            checker, selectors = checkers[index]
            if checker.rule_id not in enabled:
                continue
            findings = checker.check(post, self._blocks(post, selectors))
            limit = checker.definition.limit
            for count, finding in enumerate(findings):
                if limit and count >= limit:
                    break
                if finding.fix is not None:
                    finding.fix = finding.fix._replace(description=self._fix_description(post, finding))
                yield finding

    def _fix_description(self, post, finding) -> str:
        replacement = finding.fix.edits[0].replacement
        if replacement:
            return self.message("custom-wording", "fix-replace", rule_id=finding.rule, replacement=replacement)
        return self.message("custom-wording", "fix-remove", rule_id=finding.rule,
                            text=post.text[finding.start:finding.end])


RULE = CustomWordingRule
