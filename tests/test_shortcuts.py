"""The shortcuts that keep rules cheap (pre-filters, work only around hits)
give the answers the full work gives.  Speed itself is measured in bench/."""

from __future__ import annotations

import pytest
import regex

from advolint import check_text
from advolint.text.post import post_from_text
from advolint.resources import load_data
from advolint.rules.claims import ClaimLexicon, LexiconHint, required_letters
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
    folded = text.casefold()
    for name, pattern in (("scoped", lexicon.scoped), ("placed", lexicon.placed),
                          ("fixed", lexicon.fixed), ("relative", lexicon.relative)):
        if pattern.search(text):
            assert lexicon.hints[name].may_match(text, folded, 0), name


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
    hint = LexiconHint(["Danmark", "(?:hele\\s+)?verden"])
    text = "Danmarks største og verdensklasse"
    assert not hint.may_match(text, text.casefold(), 0)
    text = "Bedst i hele verden!"
    assert hint.may_match(text, text.casefold(), 0)


@pytest.mark.parametrize("text, shouted", [
    ("Butikken er A\u030aBEN i dag", ["A\u030aBEN"]),  # decomposed Å: a mark inside the capital run
    ("Vi har x-y-KÆMPE og X-Y-KÆMPE på lager", ["X-Y-KÆMPE"]),  # the whole hyphenated word decides
    ("NATO og GDPR er forkortelser. STOP er råb", ["STOP"]),
    ("Læs https://nordlys.dk/NYHEDER og #SOMMERFEST, men IKKE mere", ["IKKE"]),
])
def test_shouting_found_only_through_capital_runs(text, shouted):
    policy = make_policy({"tone": {"shouting": True}})
    assert [v.matched for v in check_text(text, policy) if v.rule == "tone-shouting"] == shouted
