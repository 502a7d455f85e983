"""The shortcuts that keep rules cheap (pre-filters, work only around hits)
give the answers the full work gives.  Speed itself is measured in bench/."""

from __future__ import annotations

import pytest
import regex

from advolint import check_text
from advolint.text.post import post_from_text
from advolint.resources import load_data
from advolint.rules import claims
from advolint.rules.claims import ClaimLexicon, LexiconHints, required_letters
from advolint.rules.emoji import emoji_spans, is_emoji

from conftest import make_policy

TRICKY_EMOJI_TEXTS = [
    "Hej 🇩🇰🇸🇪🇳🇴 og 🇩 alene",  # regional indicators pair from the start of their run
    "ab🇩🇰c🇩🇰🇸",
    "Linje\r\n🎉\r\n☀️",
    "Café 🎉 på Ærø 👍🏽 søndag",
    "ø🎉ø👨‍👩‍👧‍👦å",  # no two ASCII characters anywhere: the whole text is one region
    "1️⃣ #️⃣ *️⃣ 12 #1",
    "🏽 alene og \uFE0F efter en ny linje\n\uFE0Fx",
    "\u0600🎉 og \u0915\u094D\u0937 og 한국🎉",
    "Mandag ☹ igen ☹️ ✔ © ®",
]


def reference_emoji(post):
    return [(m.start(), m.end(), m.group()) for m in regex.finditer(r"\X", post.text, pos=post.body_start)
            if not m.group().isascii() and is_emoji(m.group())]


@pytest.mark.parametrize("text", TRICKY_EMOJI_TEXTS)
def test_emoji_found_around_hints_are_the_clusters_of_the_whole_text(text):
    for post in (post_from_text(text), post_from_text(f"---\nplatform: x\n---\n{text}", "opslag.md")):
        assert emoji_spans(post) == reference_emoji(post)


def test_forbidden_text_presentation_is_still_found_without_emoji_nearby():
    policy = make_policy({"tone": {"emoji": {"forbidden": ["☹"]}}})
    hits = [v.matched for v in check_text("Mandag ☹ igen, men ☹️ er værre", policy)
            if v.rule == "emoji-forbidden"]
    assert hits == ["☹", "☹️"]


@pytest.mark.parametrize("entry, letters", [
    ("billigste?", ("billigst", True, False)),
    ("Danmark", ("Danmark", True, True)),
    ("(?:hele\\s+)?verden", ("verden", False, True)),
    ("nr\\.?\\s*1(?!\\s*[.,]\\s*\\d)", ("nr", True, False)),
    ("mest\\s+(?:solgte|købte)", ("mest", True, False)),
    ("\\p{L}{2,}igste?", ("igst", False, False)),
    ("[]a]bc", ("bc", False, True)),
    ("(?<![\\w#])#1", ("", False, False)),
    ("første|eneste", ("", False, False)),
])
def test_required_letters_of_a_lexicon_entry(entry, letters):
    assert required_letters(entry) == letters


@pytest.mark.parametrize("language", ["da", "en", "sv", "nb", "de"])
def test_every_claim_in_the_lexicon_examples_passes_its_hints(language):
    """The explain page and lexicon claims are found with the hints on, as without them."""
    lexicon = ClaimLexicon(load_data(f"lexicons/claims/{language}.yaml"))
    examples = {"da": "Danmarks billigste el, den bedste service i hele verden, førende, nr. 1, testvinderen",
                "en": "Denmark's cheapest power, the best service in the whole world, #1, market-leading",
                "sv": "Sveriges billigaste el, den bästa servicen i hela världen, nr 1, testvinnare",
                "nb": "Norges billigste strøm, den beste servicen i hele verden, nr. 1, testvinner",
                "de": "Deutschlands billigster Strom, der beste Service der ganzen Welt, Testsieger, Nr. 1"}
    text = examples[language]
    places = lexicon.hints.places(text, text.casefold(), 0)
    for name, pattern in (("scoped", lexicon.scoped), ("placed", lexicon.placed),
                          ("fixed", lexicon.fixed), ("relative", lexicon.relative),
                          ("numbering", lexicon.numbering)):
        if pattern.search(text):
            assert lexicon.hints.may_match(name, places), name
            found = lexicon.hints.matches(name, pattern, text, places, 0, True)
            assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)], name


@pytest.mark.parametrize("text, claims", [
    ("Vi er DANMARKS BILLIGSTE lige nu", ["DANMARKS BILLIGSTE"]),
    ("Straße: Danmarks billigste varmepumpe", ["Danmarks billigste"]),  # casefolding moves offsets
    ("Den bedste service i Danmark.", ["bedste service i Danmark"]),
    ("Vi kommer fra Danmarks-kontoret, Danmarksbilligste", []),
    ("Vi er førende og nr. 1", ["førende", "nr. 1"]),
])
def test_claims_found_with_hints(text, claims):
    lexicon = ClaimLexicon(load_data("lexicons/claims/da.yaml"))
    assert [text[start:end] for start, end in lexicon.claims(text, 0)] == claims


def test_hint_rejects_letters_inside_a_word_only_where_the_pattern_wants_a_bound():
    hints = LexiconHints({"places": ["Danmark", "(?:hele\\s+)?verden"], "claims": ["førende"]})
    text = "Danmarks største og verdensklasse"
    assert not hints.may_match("places", hints.places(text, text.casefold(), 0))
    text = "Bedst i hele verden!"
    places = hints.places(text, text.casefold(), 0)
    assert hints.may_match("places", places) and not hints.may_match("claims", places)
    text = "Førende i Danmark"  # one pass finds the letters of both patterns
    assert hints.places(text, text.casefold(), 0) == {"claims": [0], "places": [10]}


@pytest.mark.parametrize("text, shouted", [
    ("Butikken er A\u030aBEN i dag", ["A\u030aBEN"]),  # decomposed Å: a mark inside the capital run
    ("Vi har x-y-KÆMPE og X-Y-KÆMPE på lager", ["X-Y-KÆMPE"]),  # the whole hyphenated word decides
    ("NATO og GDPR er forkortelser. STOP er råb", ["STOP"]),
    ("Læs https://nordlys.dk/NYHEDER og #SOMMERFEST, men IKKE mere", ["IKKE"]),
])
def test_shouting_found_only_through_capital_runs(text, shouted):
    policy = make_policy({"tone": {"shouting": True}})
    assert [v.matched for v in check_text(text, policy) if v.rule == "tone-shouting"] == shouted


@pytest.mark.parametrize("text", [
    "Vi er og bliver de bedste, og det er vi stolte af! Og så videre: og/eller, og_x, og2, 2og",
    "The best of the best, and the rest. THE END—the_end the-end the\u0301 ¼the the²",
    "Straße og strasse, ærligt talt æ ø å; ÆØÅ og at i på 🎉og🎉 #og @og https://x.dk/og",
    "Det är den bästa i världen och det är vi, är och, och,och",
])
def test_function_words_are_counted_as_lower_case_letter_runs(text):
    """The post's language is told by counting function words among its runs of letters
    and digits: exactly the counts of lower-case letter runs between non-letters."""
    from collections import Counter

    lower_runs = Counter(regex.findall(r"(?<![\p{L}\p{N}])\p{Ll}+(?![\p{L}\p{N}])", text))
    counted = Counter(claims.WORD_RUN.findall(text))
    for language in ("da", "en", "sv", "nb", "de"):
        lexicon = ClaimLexicon(load_data(f"lexicons/claims/{language}.yaml"))
        assert lexicon.function_word_count(counted) == lexicon.function_word_count(lower_runs), language


PERSONAL_DATA_TEXTS = [
    "Jens (O1O388-1234) og Ole (1O.O3.88-1234), #tillykke0103881234 og 12 03 88 1234",
    "Ring O1 O3 88 1234 eller 20 30 40 50 · jens@nordlys.dk · jens (at) nordlys (dot) dk",
    "IBAN DK50 0040 0440 1162 43, Reg. 1234 Konto 1234567890, reg.nr. 1234 kto. 123456",
    "Ordrenr. 12345678 · 2023 2024 · 49.995 kr. · oooo oo oo · dk12 · #dk5000400440",  # none
]


@pytest.mark.parametrize("text", PERSONAL_DATA_TEXTS)
def test_personal_data_candidates_only_skip_what_cannot_match(text):
    """Each kind's cheap candidate search decides where its detector starts: it finds
    what the detector finds from the start of the text."""
    from advolint.rules.personal_data import CANDIDATE, PersonalDataRule
    from advolint.text.termmatch import normalised_post

    policy = make_policy({"confidential": {"personal_data": ["cpr", "phone", "email", "iban"]}})
    rule = PersonalDataRule(PersonalDataRule.settings(policy), None)
    folded = normalised_post(post_from_text(text)).text
    found = 0
    for kind, (search, before) in CANDIDATE.items():
        everything = list(getattr(rule, f"_{kind}")(folded, 0))
        found += len(everything)
        candidate = search.search(folded)
        if candidate is None:
            assert everything == [], kind
            continue
        start = 0 if before is None else max(candidate.start() - before, 0)
        assert list(getattr(rule, f"_{kind}")(folded, start)) == everything, kind
    assert found == len([v for v in check_text(text, policy) if v.rule == "personal-data"])
    assert found >= 3 or text == PERSONAL_DATA_TEXTS[-1]


@pytest.mark.parametrize("text", [
    "Se mere på NORDLYS-ENERGI.DK/sommer", "Se www.nordlys-energİ.dk", "Se nordlys-energı.dk",
    "Skriv til jens@nordlys-energi.dk", "Se https://shop.Nordlys-Energi.dk", "Intet link her",
])
def test_company_domain_needles_pass_every_post_the_pattern_matches(text):
    """The substring test before the domain pattern folds case as the pattern does
    (dotted and dotless i included), so no link to the company slips past it."""
    from advolint.rules.commercial import CommercialDetector, commercial_settings

    policy = make_policy({"company": {"name": "Nordlys Energi", "domains": ["nordlys-energi.dk"]}})
    detector = CommercialDetector(commercial_settings(policy))
    post = post_from_text(text)
    if detector.domain_pattern.search(text):
        assert detector.domain_needles.may_occur(post)
    assert detector.mentions_company(post) == bool(detector.domain_pattern.search(text))


CLASS_RUN_TEXTS = [
    "Hej ÆØÅ og ÆBLE, A\u030aBEN, ½¾²³ og ⅫⅫⅫⅫ, Ω Ωmega ΩΩΩΩ, “SALG” – NU!",
    "© ® ©® 🎉 ☀️ 1️⃣ 👍🏽 🇩🇰 ‼ ™ é e\u0301 – … € ’ ÀÖØÞ àöøþ ß ẞẞẞẞ",
    "",
    "ABC DEFG\r\nHIJK",
]


@pytest.mark.parametrize("text", CLASS_RUN_TEXTS)
@pytest.mark.parametrize("members, length", [
    (r"\p{Lu}\p{M}\p{Nl}\p{No}", 4),
    (r"\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0E\uFE0F\u20E3\p{Emoji_Modifier}\p{Regional_Indicator}", 1),
    (r"\p{Extended_Pictographic}1\-", 1),
])
def test_class_runs_search_as_the_regex_pattern_does(text, members, length):
    from advolint.patterns import ClassRuns

    runs, exact = ClassRuns(members, length), regex.compile(f"[{members}]{{{length}}}")
    for pos in range(len(text) + 1):
        for endpos in (None, max(pos, len(text) - 3)):
            found = runs.search(text, pos, endpos)
            wanted = exact.search(text, pos) if endpos is None else exact.search(text, pos, endpos)
            assert (found and found.span()) == (wanted and wanted.span()), (pos, endpos)


@pytest.mark.parametrize("text", [
    "#NordlysTeam ##dobbelt C# &#39; a/#b #123 #_x ＃fuld #æøå #e\u0301t # alene #x#y",
    "@nordlys jens@nordlys.dk @.x @a.b. @@to @æ https://x.dk/#afsnit",
    "",
])
def test_hashtags_and_mentions_are_tried_only_at_their_signs(text):
    from advolint.patterns import finditer_at_signs
    from advolint.text.units import HASHTAG, MENTION

    for pattern, signs in ((HASHTAG, "#＃"), (MENTION, "@")):
        for pos in (0, 1, 5):
            assert ([m.span() for m in finditer_at_signs(pattern, text, pos, signs)]
                    == [m.span() for m in pattern.finditer(text, pos)])


def test_the_quick_readings_one_pass_removes_what_two_did():
    # termmatch._NOT_LETTER also takes the underscores \w keeps, in the same pass.
    import random
    import re

    from advolint.text import termmatch

    before = re.compile("[^\\w\\s@$|!\u20ac]+")
    rng = random.Random(3)
    for _ in range(300):
        text = "".join(rng.choice("ab_ .,-!|@$€\n#ø1🎉__") for _ in range(rng.randint(0, 40)))
        assert termmatch._NOT_LETTER.sub("", text) == before.sub("", text).replace("_", "")


# -- a long post keeps fewer copies of itself (bench/huge_post.py measures the memory) ------

LONG_POST_TEXTS = [
    "Kæmpe nyhed fra Nordlys Energi! Se https://nordlys.dk/solceller#priser og #SolarFlex "
    "sammen med @NordlysTeam 🎉 Vi har installeret 40 anlæg i Vejle. ",
    "KØB NU hos Nordlys!!! Danmarks bedste solceller 👍🏽 www.nordlys.dk/#top #reklame @nordlys.dk "
    "skriv til jens@nordlys.dk, ring 20 30 40 50. Projekt Falcon er hemmeligt. De er velkomne. ",
    "Straße og STRASSE, Du kan læse mere på https://x.dk/a#b?c=d #Århus_2030 @Ole_B 🇩🇰 ☀️\n\n",
]


def _example_linter():
    from advolint.linter.compiled import Linter
    from advolint.policy.loading import load_policy
    from advolint.resources import config_dir

    return Linter.compile(load_policy(config_dir() / "example-policy.yaml"))


@pytest.mark.parametrize("text", LONG_POST_TEXTS)
def test_packed_spans_read_as_the_lists_they_stand_for(text, monkeypatch):
    """A long post's URLs, hashtags, @mentions and emoji are packed (units.SpanList):
    every rule finds in it exactly what it finds with the spans as lists of tuples."""
    from advolint.text import units

    linter, long_text = _example_linter(), text * 40

    def checked(pack_from):
        monkeypatch.setattr(units, "PACK_SPANS_FROM", pack_from)
        post = post_from_text(long_text, "opslag.txt")
        found = [violation.to_dict() for violation in linter.check(post)]
        return post, found, [list(function(post)) for function in (units.urls, units.hashtags, units.mentions,
                                                                    emoji_spans)]

    packed_post, packed, packed_spans = checked(0)
    listed_post, listed, listed_spans = checked(10**9)
    assert isinstance(packed_post.cache["urls"], units.SpanList)
    assert isinstance(listed_post.cache["urls"], list)
    assert packed == listed and packed
    assert packed_spans == listed_spans and all(packed_spans[:3])
    spans = units.urls(packed_post)
    assert spans[-1] == listed_spans[0][-1] and spans[1:3] == listed_spans[0][1:3]
    assert spans == listed_spans[0] and len(spans) == len(listed_spans[0]) == 40


@pytest.mark.parametrize("stretch", [1, 3, 7, 64])
def test_words_counted_by_stretches_are_counted_as_at_once(stretch, monkeypatch):
    """A long post's words are counted a stretch at a time (the list of all its words
    at once took 2 GB for 100 MB); no word is cut at a stretch's end."""
    from collections import Counter

    monkeypatch.setattr(claims, "WORD_COUNT_STRETCH", stretch)
    for text in [*LONG_POST_TEXTS, "ord", "", "   ", "æøå_æøå ab1 2c! over_under"]:
        for start in (0, 5):
            assert claims.word_counts(text, start) == Counter(claims.WORD_RUN.findall(text, start)), (text, start)


@pytest.mark.parametrize("text", [*LONG_POST_TEXTS, "Straße og ﬁ og İstanbul", "to  mellemrum\tog\u00a0tab",
                                  "Ori\u200bon og Ｆａｌｃｏｎ, Ærø"])
def test_the_term_matcher_folds_as_before_from_the_shared_casefold(text):
    """The term matcher takes its plain stretches from the post's case-folded text, and
    where nothing but case changes, it keeps that very string: one copy, not two."""
    from advolint.text.termmatch import normalise, normalised_post
    from advolint.text.units import CASEFOLDED, casefolded

    for start in (0, 3):
        alone, shared = normalise(text, start), normalise(text, start, casefolded=text.casefold())
        assert (shared.text, list(shared.starts), list(shared.ends)) == (
            alone.text, list(alone.starts), list(alone.ends))
    post = post_from_text(LONG_POST_TEXTS[0])
    _example_linter().check(post)  # the commercial detector and the claim rule fold it before the term matcher
    assert normalised_post(post).text is post.cache[CASEFOLDED] is casefolded(post)


def test_claims_found_with_the_posts_casefold_are_those_found_without():
    lexicon = ClaimLexicon(load_data("lexicons/claims/da.yaml"))
    text = "Vi har Danmarks bedste og billigste solceller. Straße-prisen er den laveste i landet."
    assert lexicon.claims(text, 0, text.casefold()) == lexicon.claims(text, 0) != []


def test_covered_answers_as_testing_every_span_does():
    # Covered replaced "any(start <= offset < end for start, end in skip)" in the rules that
    # skip URLs, hashtags, quotations and documented claims (quadratic on a long post).
    import random

    from advolint.text.units import Covered

    rng = random.Random(12)
    for _ in range(300):
        spans = [(start, start + rng.randint(0, 30), "x") for start in rng.sample(range(200), rng.randint(0, 15))]
        covered = Covered(spans)
        assert bool(covered) == any(start < end for start, end, _ in spans)
        for offset in range(-2, 235):
            assert (offset in covered) == any(start <= offset < end for start, end, _ in spans), offset
        for start in range(0, 230, 3):
            for end in (start, start + 1, start + 7):
                assert covered.overlaps(start, end) == any(
                    start < span_end and span_start < end for span_start, span_end, _ in spans
                    if span_start < span_end), (start, end)


@pytest.mark.parametrize("source, texts", [
    (r"[^\S\n]*:[^\S\n]+\p{Lu}", ["  : Ny", ": ny", " :\tÆble", "x: Ny", "", " :"]),
    (r"(?i)\s+(?:ikke|never)(?!\w)", [" IKKE", " ikkes", "\tNever.", "ikke", " ikke"]),
    (r"[^\S\n]+\d{1,3}[^\S\n]*:(?!:)", [" 12:", " 12::", " 1234:", "  7 :"]),
])
def test_patterns_tried_at_an_offset_match_as_compiled(source, texts):
    # compile_anchored hides the required literal from regex's look-ahead through the rest
    # of the text (quadratic when a rule tries the pattern after every word); it matches alike.
    from advolint import patterns

    plain, anchored = regex.compile(source), patterns.compile_anchored(source)
    assert anchored.pattern.startswith("(?i)") == source.startswith("(?i)")
    for text in texts:
        for pos in range(len(text) + 1):
            expected, got = plain.match(text, pos), anchored.match(text, pos)
            assert (expected and expected.span()) == (got and got.span()), (text, pos)
