"""tone-address: du or De, as the policy's ``tone.address`` says (Danish posts).

Flags the other form of address, judging a sentence-start De or I by its context: mixing
du and De reads as careless (Dansk Sprognævn on De/du; domain notes §4).

Reference (what, why, sources, examples): lint_rules/docs/tone-address.yaml,
shown by `advolint explain tone-address`.
"""

from __future__ import annotations

import bisect
import itertools

import regex

from advolint import patterns
from advolint.errors import PolicyError
from advolint.findings import Finding, Severity
from advolint.records import Record
from advolint.resources import load_data
from advolint.rules.base import Rule
from advolint.text.units import Covered, dictionary, foreign_spans, starts_sentence
from advolint.language import tr

WORD = patterns.compile(r"\p{L}[\p{L}\p{M}]*|\p{N}+")
NEXT_WORD = patterns.compile(r"[^\S\n]*(\p{L}[\p{L}\p{M}]*|\p{N}+)")
PREVIOUS_WORD = patterns.compile(r"(\p{L}[\p{L}\p{M}]*)[^\S\n]$")
# Quotations, also over several sentences of a paragraph: "…", “…”, ”…” (the Danish
# standard), „…“, »…«, «…», ›…‹ and, not inside a word, '…', ’…’, ‘…’.  A double quotation
# mark that is never closed quotes to the end of its paragraph, as in dialogue.
_IN_PARAGRAPH = r"(?:[^\n]|\n(?![^\S\n]*\n))"
_PARAGRAPH_END = r"(?=\n[^\S\n]*\n)|\Z"
# An opening mark hugs its text: "» Breve » Brandes" is a breadcrumb, not a quotation.
QUOTED = patterns.compile(
    rf"»(?=\S){_IN_PARAGRAPH}*?(?:«|{_PARAGRAPH_END})|«(?=\S){_IN_PARAGRAPH}*?(?:»|{_PARAGRAPH_END})"
    rf"|„(?=\S){_IN_PARAGRAPH}*?(?:[“”\"]|{_PARAGRAPH_END})|“(?=\S){_IN_PARAGRAPH}*?(?:[”\"]|{_PARAGRAPH_END})"
    rf"|”(?=\S){_IN_PARAGRAPH}*?(?:”|{_PARAGRAPH_END})|\"(?=\S){_IN_PARAGRAPH}*?(?:\"|{_PARAGRAPH_END})"
    rf"|›[^‹\n]*‹|‹[^›\n]*›"
    r"|(?<![\p{L}\p{N}])['‘’](?=\p{L})[^'‘’\n]*['’](?![\p{L}\p{N}])")
# A line of dialogue in fiction: a dash opens it, and no line next to it is a list item.
DASH_LINE = patterns.compile(r"[^\S\n]*[-–—][^\S\n]")
LIST_LINE = patterns.compile(r"[^\S\n]*[-–—•·*][^\S\n]")
# What a capital "I" is when it is no pronoun: a Roman numeral after a name ("Otto den I",
# "Christian IV"), in a series ("henstilling I og II"), or after a noun ("Leader I", "Fase I").
ROMAN_SERIES = patterns.compile(r"[^\S\n]*(?:,|og|til|-|–)[^\S\n]*(?:I{1,3}|IV|V|VI{1,3}|IX|X)(?![\p{L}\p{N}])")
NAME_DEN = patterns.compile(r"\p{Lu}\p{Ll}+[^\S\n]+den[^\S\n]+$")
SENTENCE_END = patterns.compile(r"[.!?…](?![.!?…])(?=\s|$)|\n")
FORMAL_FORMS = ("De", "Dem", "Deres")
# Verb forms that are adjectives as often ("De spændende borgvolde", "De kendte ankommer").
PARTICIPLE_ENDINGS = ("nde", "ede", "te", "et")
PARAGRAPH_BREAK = patterns.compile(r"\n[^\S\n]*\n")
# "De er/bliver/var/blev" and up to four more words of the same clause.
COPULA_CLAUSE = patterns.compile(r"[^\S\n]+(?:er|bliver|var|blev)(?P<rest>(?:[^\S\n]+\p{L}+){1,4})")
PLURAL_ENDINGS = ("er", "erne", "ene", "rne", "ere")  # after two letters or more: "kunderne", "naboer"


def _present_tense(word: str, lemma: str) -> bool:
    """Whether ``word`` is the present tense of the verb ``lemma``: "bestiller" of "bestille"
    (which has a present participle "bestillende"), not the plural "områder" of "område"."""
    return lemma.endswith("e") and word == lemma + "r" and dictionary("da").get(lemma + "nde") == lemma


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
            raise PolicyError(settings.source, tr("tone.nlp_model: the spaCy pipeline '{nlp_model}' is not installed (use auto or none, or install it)",
                                                  nlp_model=settings.nlp_model)) from None
        self.trained = nlp.is_trained(self.pipeline)
        words = {key: {w.lower() for w in lexicon[key]} for key in (
            "article_followers", "preposition_objects", "finite_verbs", "verb_lemmas",
            "reader_signals", "not_plural", "not_after_pronoun", "collectives", "singular_predicates",
            "before_pronoun", "pronoun_followers", "anywhere_signals", "coordinators")}
        self.before_pronoun = words["before_pronoun"]
        self.pronoun_followers = words["pronoun_followers"]
        self.anywhere_signals = words["anywhere_signals"]
        # Words a capital "I" follows as the pronoun (else it is a numeral: "Leader I", "Fase I").
        self.before_plural_i = (self.before_pronoun | words["finite_verbs"] | self.pronoun_followers
                                | words["coordinators"])
        self.formal_forms = set(lexicon["formal"])
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
        # A sentence-start form after a vocative and a colon speaks to the one addressed
        # ("Tak, fru minister: De har ret"); "Kunderne har talt: De mener" refers back.
        vocatives = "|".join(regex.escape(word) for word in lexicon["vocatives"])
        self.after_vocative = regex.compile(
            rf"(?<!\p{{L}})(?i:{vocatives})\.?(?:[^\S\n]+\p{{L}}+){{1,4}}[^\S\n]*:[^\S\n]*$")
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
        foreign = foreign_spans(post)
        speech = Covered(itertools.chain((m.span() for m in QUOTED.finditer(text, floor)),
                                         self._dialogue_lines(text, floor)))
        candidates = [m for m in candidates if m.start() not in foreign and m.start() not in speech]
        if not candidates:
            return
        judge = self._judge_informal if self.wants_formal else self._judge_formal
        judged = judge(post, candidates)
        for match, judgement in judged:
            yield self._finding(post, match, judgement)

    @staticmethod
    def _dialogue_lines(text: str, floor: int) -> list[tuple[int, int]]:
        """Lines of dialogue ("- Du har aldrig andet end ..."): reported speech, not the writer's
        address.  A line in a list of such lines ("- Du får gratis levering") is a list item."""
        if "-" not in text and "–" not in text and "—" not in text:
            return []
        starts, position = [], floor
        for line in text[floor:].split("\n"):
            starts.append((position, line))
            position += len(line) + 1
        spans = []
        for index, (start, line) in enumerate(starts):
            if not DASH_LINE.match(line):
                continue
            neighbours = [starts[i][1] for i in (index - 1, index + 1) if 0 <= i < len(starts)]
            if not any(LIST_LINE.match(neighbour) for neighbour in neighbours):
                spans.append((start, start + len(line)))
        return spans

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
        certain, addressed, open_cases = [], [], []
        for match in candidates:
            following = self._next_word(text, match.end())
            if not starts_sentence(text, match.start(), floor):
                if not self._title_or_name(post, match, following):
                    certain.append((match, Judgement("mid-sentence", {})))
                continue
            vocative = self.after_vocative.search(text, max(floor, match.start() - 60), match.start())
            if vocative:
                addressed.append((match, Judgement("vocative", {"vocative": vocative.group().strip(" :")})))
                continue
            if match.group() == "De":
                kind = self._after_de(following)
                if kind == "article":
                    continue
                open_cases.append((match, following, kind))
            else:
                open_cases.append((match, following, "verb"))
        results = certain + addressed
        for match, following, kind in open_cases:
            judgement = self._sentence_start_evidence(post, match, following, kind, certain)
            if judgement is not None:
                results.append((match, judgement))
        results.sort(key=lambda item: item[0].start())
        return results

    def _title_or_name(self, post, match, following) -> bool:
        """Whether a capital De/Dem/Deres inside a sentence is part of a title or name ("filmen De
        grønne slagtere", "Robert De Niro", "... og De rumænske bøfler") rather than address.  After
        a subordinator or a finite verb ("som De nævnte", "det kan De få bekræftet") and before a
        comma ("at De, kommissær Monti, vil") or another address form ("påberåber De Dem") it is
        address."""
        text, floor = post.text, post.body_start
        word = following.group(1) if following is not None and following.start(1) == match.end() + 1 else None
        if word is not None and word in self.formal_forms:
            return False
        if self._part_of_name(text, match, floor):
            return True
        before = PREVIOUS_WORD.search(text, max(floor, match.start() - 40), match.start())
        if before and (before.group(1).lower() in self.before_pronoun | self.verbs
                       or self._lemma_kind(before.group(1)) == "verb"):
            return False  # "som De nævnte", "refererer De udtrykkeligt til"
        if match.group() != "De" or following is None or following.start(1) != match.end() + 1:
            return False  # "De," "De." and "Dem"/"Deres" stand for the reader
        # Any form of a verb after it ("Det, De bød os i går") makes it the pronoun.
        return self._after_de(following) == "article" or self._lemma_kind(following.group(1), True) == "article"

    def _lemma_kind(self, word: str, any_verb_form: bool = False) -> str | None:
        """``verb`` for a present-tense verb (with ``any_verb_form``: a form of a verb that is no
        participle, "bød" of "byde"), ``article`` for another known inflected form (a noun or
        adjective: "rumænske" -> "rumænsk", "givet" -> "give"), None when the table cannot tell."""
        lower = word.lower()
        if lower in self.verbs:
            return "verb"
        table = dictionary("da")
        lemma = table.get(lower)
        if not lemma:
            return None
        lemma = lemma.lower()
        if _present_tense(lower, lemma) or (any_verb_form and table.get(lemma + "nde") == lemma
                                            and not lower.endswith(PARTICIPLE_ENDINGS)):
            return "verb"
        return "article" if lemma != lower else None

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
        """Evidence that a sentence-start pronoun speaks to the reader, or None: nothing in its
        paragraph before it that it could refer to, and a greeting ("Kære", "velkommen") in the
        post, an imperative starting its sentence or one next to it ("Kontakt os"), or its own
        sentence a question.  A "?" or an imperative further away says nothing about this "De"."""
        text, floor = post.text, post.body_start
        facts = self._post_facts(post)
        offset = match.start()
        paragraph = facts["paragraphs"][bisect.bisect_right(facts["paragraphs"], offset) - 1]
        plurals = facts["plurals"]
        if bisect.bisect_left(plurals, offset) > bisect.bisect_left(plurals, paragraph):
            return None
        if facts["greeting"] is not None:
            return Judgement("reader", {"signal": facts["greeting"]})
        ends = facts["ends"]
        own = bisect.bisect_left(ends, offset)  # the end of this sentence
        window_start = ends[own - 2] if own >= 2 else floor
        window_end = ends[own + 1] if own + 1 < len(ends) else len(text)
        signals = facts["signals"]
        index = bisect.bisect_left(signals, (window_start, ""))
        if index < len(signals) and signals[index][0] < window_end:
            return Judgement("reader", {"signal": signals[index][1]})
        if own < len(ends) and text[ends[own]] == "?":
            return Judgement("reader", {"signal": "?"})
        return None

    def _post_facts(self, post) -> dict:
        """What the evidence for every sentence-start pronoun of a post is read from, found in one
        pass (so a post with thousands of "De kom." costs linear time): paragraph starts, offsets
        of plural nouns, sentence ends, imperatives at a sentence start, a greeting."""
        facts = post.cache.get("address-facts")
        if facts is not None:
            return facts
        text, floor = post.text, post.body_start
        paragraphs = [floor] + [m.end() for m in PARAGRAPH_BREAK.finditer(text, floor)]
        plurals, signals, greeting = [], [], None
        for word in WORD.finditer(text, floor):
            lower = word.group().lower()
            if self._plural_noun(lower):
                plurals.append(word.start())
            if lower in self.anywhere_signals and greeting is None:
                greeting = word.group()
            elif lower in self.signals and starts_sentence(text, word.start(), floor):
                signals.append((word.start(), word.group()))
        ends = [m.start() for m in SENTENCE_END.finditer(text, floor)]
        facts = post.cache["address-facts"] = {"paragraphs": paragraphs, "plurals": plurals, "signals": signals,
                                              "greeting": greeting, "ends": ends}
        return facts

    def _plural_noun(self, word: str) -> bool:
        lower = word.lower()
        if lower in self.collectives:
            return True
        return (lower.isalpha() and any(lower.endswith(ending) and len(lower) >= len(ending) + 2
                                        for ending in PLURAL_ENDINGS)
                and lower not in self.not_plural and lower not in self.verbs)

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
            if self._roman_numeral(text, match, floor):
                continue  # "Otto den I bejlede", "Leader I var", "henstilling I og II"
            at_start = starts_sentence(text, match.start(), floor)
            if lower in self.verbs:
                results.append((match, Judgement("plural-verb", {"verb": following.group(1)})))
                continue
            # Otherwise only a verb after it makes "I" the pronoun: before a noun, an adjective or a
            # participle it is the preposition ("I områder, hvor ...", "I perioder", "I givet fald").
            before = PREVIOUS_WORD.search(text, max(floor, match.start() - 40), match.start())
            if not at_start and before and (before.group(1).lower() in self.before_plural_i
                                            or self._lemma_kind(before.group(1)) == "verb"):
                results.append((match, Judgement("plural-mid-sentence", {})))  # "får I kaffe", "hvis I"
                continue
            tagged = self._tagged(post, match, following) if at_start else self._lemma_kind(following.group(1))
            if tagged in ("verb", "formal"):
                results.append((match, Judgement("plural-verb", {"verb": following.group(1)})))
            elif not at_start and tagged is None and lower in self.pronoun_followers:
                results.append((match, Judgement("plural-mid-sentence", {})))
        return results

    # -- shared helpers ----------------------------------------------------------
    @staticmethod
    def _next_word(text: str, offset: int):
        return NEXT_WORD.match(text, offset)

    def _roman_numeral(self, text: str, match, floor: int) -> bool:
        """Whether a capital "I" is a Roman numeral: after "Name den", in a series ("I og II"), or
        right after a word that is no verb, conjunction or adverb ("Leader I var", "Fase I")."""
        if ROMAN_SERIES.match(text, match.end()) or NAME_DEN.search(text, max(floor, match.start() - 40),
                                                                      match.start()):
            return True
        before = PREVIOUS_WORD.search(text, max(floor, match.start() - 40), match.start())
        if before is None or starts_sentence(text, match.start(), floor):
            return False
        word = before.group(1)
        if not word[0].isupper():
            return False  # "når I kommer", "øver vi os I at" (a capital typo): the next word decides
        lower = word.lower()  # a name the dictionary does not know: "Leader I", "Otto I"; not "Pengene I skal"
        return lower not in self.before_plural_i and lower not in dictionary("da")

    @staticmethod
    def _part_of_name(text: str, match, floor: int) -> bool:
        """A capitalised word right before or after: "Robert De Niro", "De Grønne", "Christian I";
        not another address form ("påberåber De Dem")."""
        before = PREVIOUS_WORD.search(text, max(floor, match.start() - 40), match.start())
        after = NEXT_WORD.match(text, match.end())
        if (before and before.group(1)[0].isupper() and before.group(1) not in FORMAL_FORMS
                and not starts_sentence(text, before.start(1), floor)):
            return True
        return bool(after and after.group(1)[0].isupper() and after.group(1) not in FORMAL_FORMS
                    and match.group() == "De")

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
        if word in self.verbs or _present_tense(word, lemma):
            return "verb"
        if lemma != word:
            return "article"  # "paneler" -> "panel", "nye" -> "ny", "givet" -> "give": no finite verb
        return None


RULE = AddressRule
