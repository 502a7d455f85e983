"""tone-address: du or De, as the policy's ``tone.address`` says (Danish posts).

Flags the other form of address, judging a sentence-start De or I by its context: mixing
du and De reads as careless (Dansk Sprognævn on De/du; domain notes §4).

Reference (what, why, sources, examples): lint_rules/docs/tone-address.yaml,
shown by `advolint explain tone-address`.
"""

from __future__ import annotations

import regex

from advolint import patterns
from advolint.errors import PolicyError
from advolint.findings import Finding, Severity
from advolint.records import Record
from advolint.resources import load_data
from advolint.rules.base import Rule
from advolint.text.units import hashtags, mentions, starts_sentence, urls

WORD = patterns.compile(r"\p{L}[\p{L}\p{M}]*|\p{N}+")
NEXT_WORD = patterns.compile(r"[^\S\n]*(\p{L}[\p{L}\p{M}]*|\p{N}+)")
PREVIOUS_WORD = patterns.compile(r"(\p{L}[\p{L}\p{M}]*)[^\S\n]$")
QUOTED = patterns.compile(r"»[^«\n]*«|«[^»\n]*»|„[^“”\"\n]*[“”\"]|“[^”\n]*”|\"[^\"\n]*\"")
# "De er/bliver/var/blev" and up to four more words of the same clause.
COPULA_CLAUSE = patterns.compile(r"[^\S\n]+(?:er|bliver|var|blev)(?P<rest>(?:[^\S\n]+\p{L}+){1,4})")
PLURAL_ENDING = patterns.compile(r"\p{L}{2,}(?:er|erne|ene|rne|ere)")


class Judgement:
    """Why a word was judged address: a message key and its parameters."""

    __slots__ = ("reason", "params")  # a plain class: a dataclass costs ~0.5 ms at import

    def __init__(self, reason: str, params: dict):
        self.reason, self.params = reason, params


class Settings(Record):
    formal: bool  # tone.address: De (else du)
    nlp_model: str  # tone.nlp_model
    language: str  # the policy's: posts without their own language
    source: str  # the policy, for errors


class AddressRule(Rule):
    ids = {"tone-address": Severity.WARNING}
    policy_keys = ("tone.address", "tone.nlp_model", "language")

    @classmethod
    def settings(cls, policy) -> Settings | None:
        tone = policy.tone
        if tone.address == "any":
            return None
        return Settings(tone.address == "De", tone.nlp_model, policy.language, policy.source)

    def __init__(self, settings: Settings, messages):
        super().__init__(settings, messages)
        lexicon = load_data("lexicons/address-da.yaml")
        self.wants_formal = settings.formal
        # advolint.nlp is imported only where a pipeline is chosen or run (not
        # at the top): a check on a cached compiled policy rarely needs it.
        from advolint.text import nlp

        try:
            self.pipeline = nlp.pipeline_name(settings.nlp_model)
        except nlp.PipelineMissing:
            raise PolicyError(settings.source, f"tone.nlp_model: the spaCy pipeline "
                                               f"'{settings.nlp_model}' is not installed "
                                                  "(use auto or none, or install it)") from None
        self.trained = nlp.is_trained(self.pipeline)
        words = {key: {w.lower() for w in lexicon[key]} for key in (
            "article_followers", "preposition_objects", "finite_verbs", "verb_lemmas",
            "reader_signals", "not_plural", "not_after_pronoun", "collectives", "singular_predicates")}
        self.articles, self.prepositions = words["article_followers"], words["preposition_objects"]
        self.verbs, self.verb_lemmas = words["finite_verbs"], words["verb_lemmas"]
        self.signals, self.not_plural = words["reader_signals"], words["not_plural"]
        self.not_after_pronoun = words["not_after_pronoun"]
        self.collectives, self.singular_predicates = words["collectives"], words["singular_predicates"]
        if self.wants_formal:
            self.replacements = dict(lexicon["informal"])
            plain = [form for form in self.replacements if form != "I"]
            forms = rf"(?:(?i:{'|'.join(plain)})|I)"
        else:
            self.replacements = dict(lexicon["formal"])
            forms = rf"(?:{'|'.join(self.replacements)})"
        # Not inside a word or a hyphenated compound ("du-form", "DIN-skinne").
        self.forms = regex.compile(rf"(?<![\p{{L}}\p{{N}}_-]){forms}(?![\p{{L}}\p{{N}}_-])")

    # -- the rule ------------------------------------------------------------
    def check(self, post):
        if str(post.language or self.settings.language).lower() != "da":
            return
        text, floor = post.text, post.body_start
        candidates = [m for m in self.forms.finditer(text, floor)
                      if not (len(m.group()) > 2 and m.group().isupper())]  # "DIN A4" is a standard
        if not candidates:
            return  # most posts: no quotations, URLs or hashtags to look for
        skip = [m.span() for m in QUOTED.finditer(text, floor)]
        skip += [(start, end) for start, end, _ in [*urls(post), *hashtags(post), *mentions(post)]]
        candidates = [m for m in candidates if not any(start <= m.start() < end for start, end in skip)]
        if not candidates:
            return
        judge = self._judge_informal if self.wants_formal else self._judge_formal
        judged = judge(post, candidates)
        for match, judgement in judged:
            yield self._finding(post, match, judgement)

    def _finding(self, post, match, judgement: Judgement) -> Finding:
        form = match.group()
        replacement = self.replacements["I" if form == "I" else (form if form in self.replacements else form.lower())]
        if not self.wants_formal and starts_sentence(post.text, match.start(), post.body_start):
            replacement = "/".join(option.capitalize() for option in replacement.split("/"))
        kind = "informal" if self.wants_formal else "formal"
        reason = self.message("tone-address", f"reason-{judgement.reason}", **judgement.params)
        return Finding(
            rule="tone-address", start=match.start(), end=match.end(),
            message=self.message("tone-address", kind, form=form, reason=reason),
            suggestion=self.message("tone-address", "suggestion", replacement=replacement),
        )

    # -- policy du: De/Dem/Deres ---------------------------------------------
    def _judge_formal(self, post, candidates):
        text, floor = post.text, post.body_start
        certain, open_cases = [], []
        for match in candidates:
            following = self._next_word(text, match.end())
            if not starts_sentence(text, match.start(), floor):
                title = match.group() == "De" and self._after_de(following) == "article"
                if not title and not self._part_of_name(text, match, floor):
                    certain.append((match, Judgement("mid-sentence", {})))
                continue
            if match.group() == "De":
                kind = self._after_de(following)
                if kind == "article":
                    continue
                open_cases.append((match, following, kind))
            else:
                open_cases.append((match, following, "verb"))
        results = list(certain)
        for match, following, kind in open_cases:
            judgement = self._sentence_start_evidence(post, match, following, kind, certain)
            if judgement is not None:
                results.append((match, judgement))
        results.sort(key=lambda item: item[0].start())
        return results

    def _after_de(self, following) -> str:
        """``article``, ``verb`` or ``unknown`` for the word after a sentence-start "De"."""
        if following is None:
            return "article"
        word = following.group(1)
        lower = word.lower()
        if word[0].isdigit() or word[0].isupper() or lower in self.articles or lower.endswith("ste"):
            return "article"
        if lower in self.verbs:
            return "verb"
        return "unknown"

    def _sentence_start_evidence(self, post, match, following, kind, certain) -> Judgement | None:
        form = match.group()
        singular = self._singular_predicate(post.text, match) if form == "De" else None
        if singular:
            return Judgement("singular", {"word": singular})
        if certain:
            other, _ = certain[0]
            line, _ = post.position(other.start())
            evidence = Judgement("elsewhere", {"other": other.group(), "line": line})
        else:
            evidence = self._reader_without_antecedent(post, match)
        if evidence is None and not self.trained:
            return None  # only a trained tagger could still find evidence: spare the spaCy import
        tagged = None
        if kind == "unknown" or evidence is None:
            tagged = self._tagged(post, match, following)
            if tagged == "article":
                return None
            if tagged == "formal":
                return Judgement("model", {})
            if tagged != "verb":
                return None
        if evidence is None:
            return None
        if kind == "verb" or tagged == "verb":
            if form == "De" and following is not None:
                return Judgement(f"{evidence.reason}-verb", {**evidence.params, "verb": following.group(1)})
        return evidence

    def _singular_predicate(self, text: str, match) -> str | None:
        """"De er altid velkommen": a singular predicate shows the one reader, not "they"."""
        clause = COPULA_CLAUSE.match(text, match.end())
        if clause:
            for word in WORD.findall(clause.group("rest")):
                if word.lower() in self.singular_predicates:
                    return word
        return None

    def _reader_without_antecedent(self, post, match) -> Judgement | None:
        """Evidence that a sentence-start pronoun speaks to the reader, or None."""
        text, floor = post.text, post.body_start
        before = self._paragraph_before(text, match.start(), floor)
        if any(self._plural_noun(word) for word in WORD.findall(before)):
            return None
        body = text[floor:]
        signal = None
        for word in WORD.finditer(text, floor):
            lower = word.group().lower()
            if lower in self.signals and (starts_sentence(text, word.start(), floor) or lower == "velkommen"):
                signal = word.group()
                break
        if signal is None and "?" in body:
            signal = "?"
        if signal is None:
            return None
        return Judgement("reader", {"signal": signal})

    def _plural_noun(self, word: str) -> bool:
        lower = word.lower()
        if lower in self.collectives:
            return True
        return bool(PLURAL_ENDING.fullmatch(lower)) and lower not in self.not_plural and lower not in self.verbs

    @staticmethod
    def _paragraph_before(text: str, offset: int, floor: int) -> str:
        """The text of the paragraph before ``offset`` (what a pronoun could refer back to)."""
        start = text.rfind("\n\n", floor, offset)
        return text[max(start, floor):offset]

    # -- policy De: du/dig/din/dit/dine/jer/jeres/I -------------------------------
    def _judge_informal(self, post, candidates):
        text, floor = post.text, post.body_start
        results = []
        for match in candidates:
            if match.group() != "I":
                results.append((match, Judgement("informal", {})))
                continue
            following = self._next_word(text, match.end())
            if following is None or following.group(1)[0].isdigit() or following.group(1)[0].isupper():
                continue  # "I 2025", "I København", "fase I."
            lower = following.group(1).lower()
            if lower in self.prepositions or lower in self.not_after_pronoun:
                continue  # "I dag", "Christian I af Danmark"
            at_start = starts_sentence(text, match.start(), floor)
            if not at_start and self._part_of_name(text, match, floor):
                continue  # "da Frederik I døde"
            if lower in self.verbs:
                results.append((match, Judgement("plural-verb", {"verb": following.group(1)})))
            elif not at_start:
                results.append((match, Judgement("plural-mid-sentence", {})))
            elif self._tagged(post, match, following) in ("verb", "formal"):
                results.append((match, Judgement("plural-verb", {"verb": following.group(1)})))
        return results

    # -- shared helpers ----------------------------------------------------------
    @staticmethod
    def _next_word(text: str, offset: int):
        return NEXT_WORD.match(text, offset)

    @staticmethod
    def _part_of_name(text: str, match, floor: int) -> bool:
        """A capitalised word right before or after: "Robert De Niro", "De Grønne", "Christian I"."""
        before = PREVIOUS_WORD.search(text, max(floor, match.start() - 40), match.start())
        after = NEXT_WORD.match(text, match.end())
        if before and before.group(1)[0].isupper() and not starts_sentence(text, before.start(1), floor):
            return True
        return bool(after and after.group(1)[0].isupper() and match.group() == "De")

    def _tagged(self, post, match, following) -> str | None:
        """What spaCy says about an ambiguous sentence-start pronoun:
        ``formal`` (Polite=Form), ``verb`` (the next word is a verb), ``article`` or None."""
        analysed = post.cache.get("nlp-tokens")
        if analysed is None:
            from advolint.text import nlp

            analysed = post.cache["nlp-tokens"] = {
                post.body_start + token.start: token for token in nlp.tokens(post.body, self.pipeline)}
        form = match.group()
        pronoun = analysed.get(match.start())
        after = analysed.get(following.start(1)) if following is not None else None
        if pronoun is not None and pronoun.pos:
            if pronoun.morph.get("Polite") == "Form" and form != "I":
                return "formal"
            if pronoun.pos == "DET" and form == "De":
                return "article"
        if after is None or form in ("Dem", "Deres"):
            return None  # what follows "Dem"/"Deres" says nothing about who they are
        if after.pos:
            return "verb" if after.pos in ("VERB", "AUX") else "article"
        lemma = after.lemma.lower()
        word = after.text.lower()
        if lemma in self.verb_lemmas or (lemma.endswith("e") and word == lemma + "r"):
            return "verb"  # "bestiller" -> "bestille": present tense
        if lemma != word:
            return "article"  # "paneler" -> "panel", "nye" -> "ny": a noun or adjective
        return None


RULE = AddressRule
