"""confidential-term: terms that people cannot slip past, term files, patterns."""

from __future__ import annotations

import json
import pickle

import pytest
from hypothesis import given, settings, strategies as st

from advolint import check_text
from advolint.text.post import post_from_text
from advolint.linter.compiled import Linter
from advolint.errors import InputError, PolicyError
from advolint.policy.loading import load_policy
from advolint.text import termmatch
from advolint.text.termmatch import TermMatcher, normalise

from conftest import make_policy, run_cli

RULE = "confidential-term"


def found(text: str, terms=None, **confidential) -> list[str]:
    """The original text of each confidential-term span in ``text``."""
    policy = make_policy({"confidential": {"terms": terms if terms is not None else ["Orion"], **confidential}})
    return [text[v.start:v.end] for v in check_text(text, policy) if v.rule == RULE]


# -- evasions ---------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Vi er klar med ORION i morgen.", "ORION"),                       # case
    ("Vi er klar med orion i morgen.", "orion"),
    ("Vi er klar med \u041erion i morgen.", "\u041erion"),              # Cyrillic capital O
    ("Vi er klar med Ori\u043en i morgen.", "Ori\u043en"),              # Cyrillic small o
    ("Vi er klar med \u039fri\u03bfn i morgen.", "\u039fri\u03bfn"),    # Greek omicrons
    ("Vi er klar med \uff2f\uff32\uff29\uff2f\uff2e i morgen.", "\uff2f\uff32\uff29\uff2f\uff2e"),  # full-width
    ("Vi er klar med Orión i morgen.", "Orión"),                        # an accent added
    ("Vi er klar med O\u00adri\u00adon i morgen.", "O\u00adri\u00adon"),  # soft hyphens
])
def test_disguised_term_is_found(text, expected):
    assert found(text) == [expected]


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_zero_width_characters_are_ignored_and_inside_the_span(invisible):
    text = f"Nyt fra Projekt Fal{invisible}con: vi er i gang."
    assert found(text, ["Projekt Falcon"]) == [f"Projekt Fal{invisible}con"]


def test_multi_word_terms_written_together_or_with_a_hyphen():
    text = "Stolt af #ProjektFalcon og Projekt-Falcon-teamet."
    assert found(text, ["Projekt Falcon"]) == ["ProjektFalcon", "Projekt-Falcon"]
    assert found("Nordlys Orion og NordlysOrion.", ["Nordlys-Orion"]) == ["Nordlys Orion", "NordlysOrion"]


def test_runs_of_white_space_and_line_breaks_equal_one_space():
    text = "Vi har mødtes med Hvidsten\n  Holding og\tHvidsten\r\nHolding igen."
    assert found(text, ["Hvidsten Holding"]) == ["Hvidsten\n  Holding", "Hvidsten\r\nHolding"]


def test_decomposed_letters_match_composed_and_back():
    composed, decomposed = "Århus Havn", "A\u030arhus Havn"
    assert found(f"Besøg på {decomposed} i dag.", [composed]) == [decomposed]
    assert found(f"Besøg på {composed} i dag.", [decomposed]) == [composed]
    # Typed without a Danish keyboard, "Århus" is "Arhus" or "Aarhus" (issue 13: dropped rings count).
    assert found("Besøg på Arhus Havn og Aarhus Havn i dag.", [composed]) == ["Arhus Havn", "Aarhus Havn"]


def test_greek_capital_eta_is_h_and_small_eta_is_n():
    assert found("Tak til \u0397vidsten!", ["Hvidsten"]) == ["\u0397vidsten"]
    assert found("Godt nyt fra \u03b7ordlys.", ["Nordlys"]) == ["\u03b7ordlys"]


# -- word boundaries, inflection, compounds -----------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Orions tidsplan holder.", "Orions"),                  # genitive
    ("Orionen er klar.", "Orionen"),                        # definite
    ("Hvad med Orion's launch?", "Orion"),                  # English genitive: the apostrophe ends the word
    ("Se Orion-projektet her.", "Orion"),                   # a hyphen ends the word
    ("#orion er trending.", "orion"),                       # a hashtag
])
def test_inflected_forms_in_word_mode(text, expected):
    assert found(text, match="word") == [expected]


@pytest.mark.parametrize("term, text, expected", [
    ("fusion", "Fusionen blev godkendt i går.", "Fusionen"),
    ("fusion", "Fusionens betingelser er hemmelige.", "Fusionens"),
    ("opkøb", "Alle opkøbene er på plads.", "opkøbene"),
    ("opkøb", "Opkøbet er lukket.", "Opkøbet"),
    ("kunde", "Kunderne elsker det.", "Kunderne"),
    ("aftale", "Aftalerne er underskrevet.", "Aftalerne"),
    ("Hvidsten Holding", "Hvidsten Holdings' ejere er glade.", "Hvidsten Holdings"),
])
def test_danish_inflection(term, text, expected):
    assert found(text, [term], match="word") == [expected]


def test_compound_is_the_default_and_word_turns_it_off():
    text = "Teamet bag Orionprojektet fejrer Orions første år."
    assert found(text) == ["Orionprojektet", "Orions"]
    assert found(text, match="word") == ["Orions"]
    assert found(text, [{"term": "Orion", "match": "word"}]) == ["Orions"]
    assert found(text, [{"term": "Orion", "match": "compound"}], match="word") == ["Orionprojektet", "Orions"]


def test_a_term_must_start_a_word():
    assert found("Korion og skorion er ikke kodenavnet, heller ikke 3orion.") == []
    # word mode: a continuation that is not an inflection ending is another word
    assert found("Fusioneret og fusionsplan.", ["fusion"], match="word") == []


def test_the_longest_overlapping_term_is_reported_once():
    assert found("Nyt fra Projekt Falcon.", ["Falcon", "Projekt Falcon"]) == ["Projekt Falcon"]


def test_span_points_at_the_exact_characters_after_front_matter():
    text = "---\nplatform: linkedin\n---\nStatus:\nvi tester Fal\u200bcon nu.\n"
    policy = make_policy({"confidential": {"terms": ["Falcon"]}})
    [violation] = [v for v in check_text(text, policy, path="opslag.md") if v.rule == RULE]
    assert (violation.line, violation.column, violation.end_line, violation.end_column) == (5, 11, 5, 18)
    assert text[violation.start:violation.end] == "Fal\u200bcon"


def test_terms_in_published_front_matter_are_found_and_in_the_rest_not():
    """The title is published with the post (issue 12); an internal field such as the author's
    notes is not."""
    policy = make_policy({"confidential": {"terms": ["Orion"]}})
    text = "---\ntitle: Orion\nnoter: Orion er internt\n---\nEt helt almindeligt opslag.\n"
    assert [(v.line, v.column, v.matched) for v in check_text(text, policy, path="opslag.md")] == [(2, 8, "Orion")]
    assert check_text("---\nnoter: Orion er internt\n---\nEt helt almindeligt opslag.\n", policy, path="opslag.md") == []


# -- where a term came from ---------------------------------------------------

def test_message_names_the_policy_line_of_an_inline_term(write):
    policy_path = write("politik.yaml", "version: 1\nconfidential:\n  terms:\n    - Falcon\n    - Orion\n")
    [violation] = check_text("Orion kommer snart.", load_policy(policy_path))
    # Outside the working folder: relative to the policy's folder, never an absolute temp path (issue 15).
    assert "(fra politik.yaml:5)" in violation.message and '"Orion"' in violation.message


def test_term_file_comments_blank_lines_bom_and_line_numbers(write):
    write("hemmeligt/termer.txt", "\ufeff# Kodenavne\n\nProjekt Falcon\n  # ikke et udtryk\nHvidsten Holding\n")
    policy_path = write("politik.yaml", "version: 1\nconfidential:\n  files: [hemmeligt/termer.txt]\n")
    policy = load_policy(policy_path)
    violations = check_text("Vi har mødt Hvidsten Holding. Ikke et udtryk.", policy)
    assert [v.rule for v in violations] == [RULE]
    assert "termer.txt:5" in violations[0].message
    assert check_text("# Kodenavne", policy) == []


def test_csv_term_file_with_a_named_column(write):
    write("kunder.csv", "kundenr;navn;status\n1001;Hvidsten Holding;NDA\n1002;\"Brønd & Søn\";NDA\n")
    policy_path = write("politik.yaml",
                        "version: 1\nconfidential:\n  files: [{path: kunder.csv, column: navn, match: word}]\n")
    violations = check_text("Tak til Brønd & Søn og Hvidsten Holdingprojektet.", load_policy(policy_path))
    assert [v.matched for v in violations] == ["Brønd & Søn"]
    assert "kunder.csv:3" in violations[0].message


def test_term_file_that_is_not_utf8(write):
    write("termer.txt", "Orion\nBrønd & Søn\n".encode("cp1252"))
    policy = load_policy(write("politik.yaml", "version: 1\nconfidential:\n  files: [termer.txt]\n"))
    with pytest.raises(PolicyError, match=r"termer.txt:2: term file is not UTF-8 text$"):
        check_text("Hej", policy)


def test_csv_term_file_without_the_column(write):
    write("kunder.csv", "kundenr,firma\n1001,Hvidsten Holding\n")
    policy_path = write("politik.yaml", "version: 1\nconfidential:\n  files: [{path: kunder.csv, column: navn}]\n")
    expected = r"kunder.csv:1:1: CSV term file has no column 'navn' \(columns: kundenr, firma\)"
    with pytest.raises(PolicyError, match=expected):
        check_text("Hej", load_policy(policy_path))


def test_term_files_are_relative_to_the_policy_that_names_them(write):
    write("fælles/termer.txt", "Orion\n")
    write("fælles/base.yaml", "version: 1\nconfidential:\n  files: [termer.txt]\n")
    policy_path = write("team/.advolint.yaml", "version: 1\nextends: [../fælles/base.yaml]\n")
    assert [v.matched for v in check_text("Orion er i gang.", load_policy(policy_path))] == ["Orion"]


def policy_error(write, policy_text: str) -> str:
    """stderr of checking a post with a broken policy (the run must exit 2)."""
    policy_path = write("politik.yaml", policy_text)
    result = run_cli("check", "--policy", str(policy_path), str(write("opslag.txt", "Et opslag.")))
    assert result.exit_code == 2
    return result.stderr.replace(str(policy_path), "politik.yaml")


def test_missing_term_file_is_a_policy_error_with_its_line(write):
    stderr = policy_error(write, "version: 1\nconfidential:\n  files:\n    - findes-ikke.txt\n")
    assert stderr.startswith("advolint: politik.yaml:4:7: confidential.files.0.path: term file not found")


def test_missing_term_file_through_the_api():
    policy = make_policy({"confidential": {"files": ["findes-ikke.txt"]}})
    with pytest.raises(PolicyError, match="confidential.files.0: term file not found"):
        check_text("Et opslag.", policy)


# -- patterns -----------------------------------------------------------------

def test_pattern_matches_as_written_and_folded():
    text = "Q3-tallene er klar, og q4\u200b-tal følger."
    assert found(text, [], patterns=[r"\bQ[1-4]-tal\w*"]) == ["Q3-tallene", "q4\u200b-tal"]


def test_pattern_finding_names_the_pattern_and_its_line(write):
    policy_path = write("politik.yaml", "version: 1\nconfidential:\n  patterns:\n    - 'budget 20\\d\\d'\n")
    [violation] = check_text("Budget 2027 er lagt.", load_policy(policy_path))
    assert "budget 20\\d\\d" in violation.message and "(fra politik.yaml:4)" in violation.message


def test_patterns_look_at_published_front_matter_only():
    text = "---\ntitle: Q3-tal\nnoter: Q2-tal\n---\nQ4-tallene kommer.\n"
    policy = make_policy({"confidential": {"patterns": [r"\bQ[1-4]-tal\w*"]}})
    assert [v.matched for v in check_text(text, policy, path="opslag.md")] == ["Q3-tal", "Q4-tallene"]


def test_bad_pattern_is_a_policy_error_naming_key_and_index(write):
    stderr = policy_error(write, "version: 1\nconfidential:\n  patterns:\n    - 'ok'\n    - '(uafsluttet'\n")
    assert stderr.startswith("advolint: politik.yaml:5:7: confidential.patterns.1: invalid regular expression")


def test_catastrophic_pattern_times_out_with_a_clear_error(write):
    policy = make_policy({"confidential": {"patterns": ["(a|a)+$"], "timeout": 0.2}})
    with pytest.raises(InputError, match=r"opslag.txt: confidential.patterns.0 \(a\|a\)\+\$"):
        check_text("a" * 40 + "b", policy, path="opslag.txt")


def test_catastrophic_pattern_fails_the_file_and_the_run_goes_on(write):
    policy_path = write("politik.yaml", "version: 1\nconfidential:\n  timeout: 0.2\n  patterns: ['(a|a)+$', 'Orion']\n")
    slow = write("slow.txt", "a" * 40 + "b")
    fine = write("fine.txt", "Orion er klar.")
    result = run_cli("check", "--policy", str(policy_path), "--format", "json", str(slow), str(fine))
    assert result.exit_code == 2
    assert "slow.txt: confidential.patterns.0 (a|a)+$" in result.stderr
    assert [v["path"] for v in json.loads(result.stdout)["violations"]] == [str(fine)]


def test_allow_list_applies_to_terms_and_patterns():
    assert found("Orion Street er en gade.", ["Orion Street"], allow=["Orion Street"]) == []


# -- folding -------------------------------------------------------------------

def test_normalise_maps_every_folded_character_back():
    text = "Stolt af\n\nteamet bag \u041e\u200brion  Café 👨\u200d👩\u200d👧 ÆRØ!"
    folded = normalise(text, 6)
    assert folded.text == "af teamet bag orion cafe 👨👩👧 ærø!"
    assert [text[slice(*folded.original_span(i, i + 1))] for i in range(len(folded.text))][:12] == \
        ["a", "f", "\n\n", "t", "e", "a", "m", "e", "t", " ", "b", "a"]
    start = folded.text.index("orion")
    assert text[slice(*folded.original_span(start, start + 5))] == "\u041e\u200brion"
    assert text[slice(*folded.original_span(start + 5, start + 6))] == "  "


def unit_by_unit(text: str, start: int, end: int) -> tuple[str, list[int], list[int]]:
    """The folding done one unit at a time, the way ``normalise`` folds odd characters."""
    out, starts, ends = [], [], []
    termmatch._append_folded(text, start, end, out, starts, ends)
    return "".join(out), starts, ends


FOLDING_PIECES = ["Vi er klar med Orion", " ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u3000", "æøå ÆØÅ", "é",
                  "e\u0301", "A\u030a", " \u0308", "\u0301", "\u200b", "\u200d", "\u00ad", "\ufeff", "\u041e",
                  "\u0397\u03b7", "\uff2f\uff32", "ß", "ẞ", "ﬁ", "İ", "`", "\u2019", "¨", "\u034f",
                  "👍🏽", "1\ufe0f\u20e3", "👨\u200d👩\u200d👧", "١٢٣", "क्षि"]


@pytest.mark.parametrize("text", [
    "Café og \u200b te",               # white space, then a vanishing character, then white space
    "Orión  \u00ad\n\nprojektet",       # runs of white space around a soft hyphen
    "e\u0301\u0301 \u0308x",            # combining marks on a letter and on a space
    "\u200bO\u200br\u200bi\u200bo\u200bn",  # odd characters close together: one long run
    "\u0301Orion \u2028\u2029 ÆØÅ",     # a mark first; line and paragraph separators
])
def test_normalise_equals_folding_unit_by_unit_on_hard_cases(text):
    folded = normalise(text)
    assert (folded.text, list(folded.starts), list(folded.ends)) == unit_by_unit(text, 0, len(text))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(FOLDING_PIECES) | st.characters(), max_size=30).map("".join), st.data())
def test_normalise_equals_folding_unit_by_unit(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    folded = normalise(text, start, end)
    assert (folded.text, list(folded.starts), list(folded.ends)) == unit_by_unit(text, start, end)


# -- the compiled matcher ------------------------------------------------------

def test_matcher_pickles_and_finds_the_same():
    matcher = TermMatcher()
    for index, term in enumerate(["Orion", "Projekt Falcon", "Hvidsten Holding"]):
        matcher.add(term, "compound", origin=(0, index + 1))
    matcher.compile()
    copy = pickle.loads(pickle.dumps(matcher))
    text = normalise("Orionprojektet og projekt FALCON hos Hvidsten Holding.")
    assert copy.find(text) == matcher.find(text) and len(copy.find(text)) == 3


def test_compiled_policy_pickles(write):
    write("termer.txt", "Orion\n")
    policy = load_policy(write("politik.yaml", "version: 1\nconfidential:\n  files: [termer.txt]\n"
                                               "  personal_data: [cpr]\n  allow: ['*@nordlys-energi.dk']\n"))
    linter = pickle.loads(pickle.dumps(Linter.compile(policy)))
    violations = linter.check(post_from_text("Orionprojektet og 120388-1234."))
    assert [v.matched for v in violations] == ["Orionprojektet", "120388-XXXX"]


class OneTermAtATime(TermMatcher):
    """The matcher as it was built before terms were added in bulk (one
    automaton look-up and insertion per variant of each term): the oracle
    for ``add_many``."""

    def add_many(self, terms, mode):
        added = 0
        for term, origin in terms:
            key = termmatch.fold_term(term)
            if not key or len(key) > termmatch.LENGTH_MASK:
                continue
            self.terms.append(term, origin)
            index, added = len(self.terms) - 1, added + 1
            variants = [key]
            if " " in key or "-" in key:
                variants += [key.replace(" ", joiner).replace("-", joiner) for joiner in ("", " ", "-")]
            if "å" in key or "æ" in key or "ø" in key:
                variants = [termmatch._replace_all(variant, self._plain_letters) for variant in variants]
            if termmatch._digraph_pattern(tuple(self._digraphs)).search(variants[1 if len(variants) > 1 else 0]):
                variants += [termmatch._collapse_digraphs(variant, self._digraphs) for variant in variants]
            for variant in dict.fromkeys(variants):
                if not variant:
                    continue  # "-" joined (the old matcher failed on it with an IndexError)
                existing = self._automaton.get(variant, None)
                value = ((index << termmatch.LENGTH_BITS | len(variant)) << 3
                         | (termmatch.LEFT_BOUNDED if variant[0].isalnum() else 0)
                         | (termmatch.RIGHT_BOUNDED if variant[-1].isalnum() else 0)) if existing is None else existing
                if mode != "word":
                    value |= termmatch.COMPOUND
                if mode == "anywhere":
                    value &= ~termmatch.LEFT_BOUNDED
                if value != existing:
                    self._automaton.add_word(variant, value)
        return added


TERM_PIECES = ["a", "e", "o", "r", "n", "å", "æ", "ø", "Å", "Ø", "aa", "ae", "oe", "Aa", " ", "  ", "-", " - ",
               "7", "'", "`", ".", "é", "e\u0301", "\u200b", "\t", "\u03bf", "ﬁ", "ß"]
BATCH = st.tuples(st.lists(st.lists(st.sampled_from(TERM_PIECES), max_size=8).map("".join), max_size=12),
                  st.sampled_from(["word", "compound", "anywhere"]))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(BATCH, min_size=1, max_size=4), st.lists(st.sampled_from(TERM_PIECES + ["orion", "s", "en"]),
                                                        max_size=40).map("".join))
def test_adding_terms_in_bulk_builds_the_same_automaton(batches, post):
    """Terms from several lists, with duplicates across and within them and
    every kind of variant: the same words with the same values, found alike."""
    bulk, oracle = TermMatcher(), OneTermAtATime()
    for terms, mode in batches:
        terms = terms + terms[:2]  # the same term twice in one list
        for matcher in (bulk, oracle):
            matcher.add_many([(term, line) for line, term in enumerate(terms, start=1)], mode)
    bulk.compile(), oracle.compile()
    assert sorted(bulk._automaton.items()) == sorted(oracle._automaton.items())
    assert list(bulk.terms) == list(oracle.terms)
    for text in [post] + [term for term, _ in oracle.terms]:
        assert bulk.find(normalise(text)) == oracle.find(normalise(text))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.lists(st.sampled_from(TERM_PIECES + ["\u00a0", "\u3000", "\u202e", "\x85"]) | st.characters(
    blacklist_characters="\n"), max_size=10).map("".join), max_size=20))
def test_folding_terms_at_once_equals_folding_each(terms):
    assert termmatch.fold_terms(terms) == [termmatch.fold_term(term) for term in terms]


def test_term_origins_are_kept_whatever_they_are():
    matcher = TermMatcher()
    matcher.add_many([("Orion", 1 << 40 | 3), ("Falcon", 7)], "word")
    matcher.add("Hvidsten", "word", ("politik.yaml", 12))
    copy = pickle.loads(pickle.dumps(matcher.compile()))
    assert list(copy.terms) == [("Orion", 1 << 40 | 3), ("Falcon", 7), ("Hvidsten", ("politik.yaml", 12))]
    assert copy.terms[-1] == ("Hvidsten", ("politik.yaml", 12)) and len(copy) == 3


def test_empty_terms_are_ignored():
    matcher = TermMatcher()
    assert matcher.add("\u200b  ", "compound", origin=None) is False
    assert matcher.compile().find(normalise("tekst")) == []


def test_no_rule_without_confidential_settings():
    assert check_text("Orion", make_policy({})) == []


def test_folder_check_skips_the_policys_own_term_file(write, tmp_path):
    write(".advolint.yaml", "version: 1\nconfidential:\n  files: [kodenavne.txt]\n")
    write("kodenavne.txt", "Projekt Falcon\n")
    write("opslag.txt", "Vi går i gang med Projekt Falcon.")
    result = run_cli("check", "--format", "json", str(tmp_path))
    document = json.loads(result.stdout)
    assert document["summary"]["files"] == 1
    assert [v["path"].rsplit("/", 1)[1] for v in document["violations"]] == ["opslag.txt"]


def test_text_report_shows_a_hidden_zero_width_character(write):
    """A reviewer must see why "Fal<ZWSP>con" matched, and the carets must cover it exactly."""
    policy = write("politik.yaml", "version: 1\nconfidential:\n  terms: [Projekt Falcon]\n")
    post = write("opslag.txt", "Nyt om Projekt Fal\u200bcon i dag.")
    lines = run_cli("check", "--policy", str(policy), str(post)).stdout.splitlines()
    source, carets = lines[1], lines[2]
    assert source == " 1 | Nyt om Projekt Fal\u00b7con i dag."
    assert "\u200b" not in "\n".join(lines)
    start = source.index("Projekt")
    assert carets[start:] == "^" * len("Projekt Fal\u00b7con")


# -- the loose reading (issue 13) ---------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Vi lancerer O r i o n i morgen.", "O r i o n"),                   # spaced letters
    ("Vi lancerer O.r.i.o.n i morgen.", "O.r.i.o.n"),
    ("Vi lancerer Ori🚀on i morgen.", "Ori🚀on"),                       # an emoji inside
    ("Vi lancerer Ori-\non i morgen.", "Ori-\non"),                     # hyphen at a line end
    ("Vi lancerer Ori\non i morgen.", "Ori\non"),                       # a line break inside
    ("Vi lancerer 0r10n i morgen.", "0r10n"),                           # digits for letters
    ("Vi lancerer Or|on i morgen.", "Or|on"),
    ("Vi lancerer \u202enoirO\u202c i morgen.", "\u202enoirO\u202c"),   # displayed "Orion"
    ("Vi lancerer Oʀioɴ i morgen.", "Oʀioɴ"),                           # small capitals
    ("Vi lancerer Ori\u180eon og Ori\U000e0041on.", "Ori\u180eon"),    # Mongolian vowel separator, tag
])
def test_loose_evasions_are_found_with_the_span_a_reader_sees(text, expected):
    assert found(text)[0] == expected


@pytest.mark.parametrize("text", [
    "Vi lancerer Orlon i morgen.",       # a letter for a letter is another word
    "Vi er i Korion og Meteorion.",      # inside a word, however read
    "Vi har 0r 1 0n lager.",             # not spaced single letters throughout
    "Ordbogen: or ion.",
])
def test_loose_reading_does_not_invent_terms(text):
    assert found(text) == []


def test_a_number_is_never_a_term_in_disguise():
    assert found("Bestil vare 501 eller 5o1.", ["Sol"]) == ["5o1"]


def test_markdown_markup_entities_and_links_are_read_as_shown():
    policy = make_policy({"confidential": {"terms": ["Orion", "Projekt Falcon"]}})
    text = ("Nyt: **Ori**on, <b>Or</b>ion, &#79;rion, O&shy;rion, [Or](https://x.dk)ion, Ori<!-- x -->on,\n"
            "**Projekt** _Falcon_, #Projekt #Falcon og https://x.dk/%4Frion.\n")
    spans = [text[v.start:v.end] for v in check_text(text, policy, path="opslag.md") if v.rule == RULE]
    assert spans == ["Ori**on", "Or</b>ion", "&#79;rion", "O&shy;rion", "Or](https://x.dk)ion", "Ori<!-- x -->on",
                     "Projekt** _Falcon", "Projekt #Falcon", "%4Frion"]


def test_danish_transliterations_meet_in_one_form():
    spellings = ["Aabyhøj Byg", "Aabyhoej Byg", "Abyhoj Byg", "Åbyhöj Byg", "AABYHOEJ BYG"]
    text = "Møde med " + ", ".join(spellings) + "."
    assert found(text, ["Aabyhøj Byg"]) == spellings
    assert found(text, ["Abyhoj Byg"]) == spellings


@pytest.mark.parametrize("code", [0x00AD, 0x034F, 0x061C, 0x115F, 0x180E, 0x200B, 0x200E, 0x202A, 0x2066,
                                  0x2069, 0x2064, 0x3164, 0xFE0F, 0xFFA0, 0x1D173, 0xE0001, 0xE0100])
def test_every_default_ignorable_and_format_character_vanishes(code):
    assert found(f"Vi lancerer Ori{chr(code)}on i morgen.") == [f"Ori{chr(code)}on"]


def test_a_loose_hit_in_a_markdown_file_is_reported_at_its_line_and_column(write):
    policy = write("politik.yaml", "version: 1\nconfidential:\n  terms: [Orion]\n")
    post = write("opslag.md", "# Nyt\n\nVi lancerer **Ori**on i morgen.\n")
    result = run_cli("check", "--policy", str(policy), "--format", "json", str(post))
    [violation] = json.loads(result.stdout)["violations"]
    assert (violation["rule"], violation["line"], violation["column"]) == (RULE, 3, len("Vi lancerer **") + 1)


# -- case, match: anywhere, origins as seen from this run (issues 13, 14, 15) ---

def test_case_sensitive_terms_need_their_capitals():
    text = "Vi så en skarv ved Skarv-kontoret. SKARV er i gang, og skarven fløj."
    assert found(text, [{"term": "Skarv", "case": "sensitive"}]) == ["Skarv", "SKARV"]
    assert found(text, ["Skarv"]) == ["skarv", "Skarv", "SKARV", "skarven"]
    disguised = "Vi lancerer \u0405karv og 5karv."  # a Cyrillic capital, a digit for the capital
    assert found(disguised, [{"term": "Skarv", "case": "sensitive"}]) == ["\u0405karv", "5karv"]


def test_a_term_file_can_be_case_sensitive(write):
    policy = write("politik.yaml", "version: 1\nconfidential:\n  files: [{path: navne.txt, case: sensitive}]\n")
    write("navne.txt", "Skarv\n")
    texts = [v.matched for v in check_text("Skarv og en skarv.", load_policy(policy))]
    assert texts == ["Skarv"]


def test_match_anywhere_finds_the_last_part_of_a_compound():
    text = "Nordorion og Orionprojektet, men Korion er et andet ord."
    assert found(text, [{"term": "Orion", "match": "anywhere"}]) == ["Nordorion", "Orionprojektet", "Korion"]
    assert found(text, ["Orion"]) == ["Orionprojektet"]


def test_origins_are_shown_from_this_runs_working_folder_also_from_the_cache(write, tmp_path, monkeypatch):
    (tmp_path / "repo" / "hemmeligt").mkdir(parents=True)
    policy = write("repo/.advolint.yaml", "version: 1\nconfidential:\n  terms: [Orion]\n"
                                          "  files: [hemmeligt/navne.txt]\n")
    write("repo/hemmeligt/navne.txt", "# navne\nHvidsten Holding\n")
    post = write("repo/opslag.txt", "Orion og Hvidsten Holding.")
    messages = []
    for folder in (tmp_path, tmp_path / "repo", tmp_path / "repo" / "hemmeligt"):
        monkeypatch.chdir(folder)
        result = run_cli("check", "--format", "json", "--policy", str(policy), str(post))
        messages.append([v["message"] for v in json.loads(result.stdout)["violations"]])
    # The first run compiles; the others use the cached policy and still name
    # the files as seen from their own working folder.
    assert messages[0] == ['Fortroligt udtryk "Orion" (fra repo/.advolint.yaml:3).',
                           'Fortroligt udtryk "Hvidsten Holding" (fra repo/hemmeligt/navne.txt:2).']
    assert messages[1] == ['Fortroligt udtryk "Orion" (fra .advolint.yaml:3).',
                           'Fortroligt udtryk "Hvidsten Holding" (fra hemmeligt/navne.txt:2).']
    # The policy is outside the working folder: relative to the policy's folder.
    assert messages[2] == ['Fortroligt udtryk "Orion" (fra .advolint.yaml:3).',
                           'Fortroligt udtryk "Hvidsten Holding" (fra navne.txt:2).']


def test_the_message_says_when_a_term_was_written_in_disguise():
    policy = make_policy({"confidential": {"terms": ["Orion"]}})
    plain, disguised = check_text("Orion og O.r.i.o.n i dag.", policy)
    assert plain.message == 'Fortroligt udtryk "Orion" (fra confidential.terms.0).'
    assert disguised.message.startswith('Fortroligt udtryk "Orion" (fra confidential.terms.0), skrevet forklædt')
    assert "advolint explain confidential-term" in disguised.message


def test_regional_indicator_letters_spell_a_term_but_a_flag_is_no_letter():
    assert found("Vi lancerer \U0001f1f4\U0001f1f7\U0001f1ee\U0001f1f4\U0001f1f3 i dag.") == [
        "\U0001f1f4\U0001f1f7\U0001f1ee\U0001f1f4\U0001f1f3"]
    assert found("Hej fra \U0001f1e9\U0001f1f0Orion i dag.") == ["Orion"]
    assert found("Hilsen \U0001f1e9\U0001f1f0\U0001f1f8\U0001f1ea\U0001f1f3\U0001f1f4", ["Kseno"]) == []


@settings(max_examples=50, deadline=None, derandomize=True, database=None)
@given(st.lists(BATCH, min_size=2, max_size=4), st.lists(st.sampled_from(TERM_PIECES + ["orion", "s", "en"]),
                                                        max_size=40).map("".join))
def test_adding_terms_after_a_compile_builds_the_same_automaton(batches, post):
    """Terms added to a compiled matcher (its words already in the automaton)
    merge with them as when all are added before the compile."""
    bulk, oracle = TermMatcher(), OneTermAtATime()
    for number, (terms, mode) in enumerate(batches):
        for matcher in (bulk, oracle):
            matcher.add_many([(term, line) for line, term in enumerate(terms + terms[:2], start=1)], mode)
            if number == 0:
                matcher.compile()
    bulk.compile(), oracle.compile()
    assert sorted(bulk._automaton.items()) == sorted(oracle._automaton.items())
    for text in [post] + [term for term, _ in oracle.terms]:
        assert bulk.find(normalise(text)) == oracle.find(normalise(text))
