"""tone-address (du or De) on real Danish posts."""

from __future__ import annotations

import pytest

from advolint import check_text
from advolint.text import nlp

from conftest import make_policy

COMPANY = {"name": "Nordlys Energi A/S", "aliases": ["Nordlys"], "products": ["SolarFlex"]}



def address(text, wanted="du", messages="da", path=None, **tone):
    policy = make_policy({"company": COMPANY, "messages": messages,
                          "tone": {"address": wanted, "nlp_model": "none", **tone}})
    return [v for v in check_text(text, policy, path=path) if v.rule == "tone-address"]


@pytest.mark.parametrize("text", [
    "De nye paneler er kommet, og de virker.",
    "De første kunder fik deres SolarFlex i går.",
    "De 3 vindere får besked i morgen. Kontakt os, hvis du har spørgsmål.",
    "De Grønne besøgte Vejle. Robert De Niro gjorde ikke.",
    "Vi har talt med kunderne. De er glade for anlæggene. Book et møde?",
    "Vores nye paneler er kommet. De kan levere 20 % mere strøm. Kontakt os i dag.",
    "Kunden sagde: »De er altid så hjælpsomme«, og det varmede.",
    "Vi ses. de kommer også, og dem glæder vi os til med deres børn.",
    "De kan læse mere på nordlys.dk.",  # "they" or "you": nothing says it is address
])
def test_du_policy_no_false_alarms(text):
    assert address(text) == []


def test_du_policy_mid_sentence_capital_is_address_with_suggestions():
    hits = address("Vi glæder os til at se Dem på messen og høre Deres mening. Tak fordi De kom.")
    assert [(v.matched, v.suggestion) for v in hits] == [
        ("Dem", 'Skriv "dig".'), ("Deres", 'Skriv "din/dit/dine".'), ("De", 'Skriv "du".')]
    assert hits[0].message == ('"Dem" er høflig tiltale (med stort begyndelsesbogstav midt i sætningen); '
                               "politikken bruger du.")


def test_du_policy_sentence_start_with_address_elsewhere():
    hits = address("Vi glæder os til at se Dem på messen.\nDe kan bestille en tid her.")
    assert [v.matched for v in hits] == ["Dem", "De"]
    assert hits[1].line == 2
    assert 'foran udsagnsordet "kan"' in hits[1].message and '"Dem" i linje 1' in hits[1].message
    assert hits[1].suggestion == 'Skriv "Du".'


def test_du_policy_sentence_start_when_post_speaks_to_reader_without_antecedent():
    (hit,) = address("Vi har åbnet en butik i Vejle. De er altid velkomne. Kontakt os i dag.")
    assert hit.column == 32
    assert "uden et flertalsord før" in hit.message and '("Kontakt")' in hit.message


def test_du_policy_blank_pipeline_tells_verbs_from_nouns_by_lemma():
    # "bestiller" is in no lexicon: the lookup lemma "bestille" marks a present-tense verb.
    (hit,) = address("De bestiller bare her på siden. Kontakt os.")
    assert 'udsagnsordet "bestiller"' in hit.message
    # "paneler" -> "panel": a noun, so "De" is the demonstrative.
    assert address("De paneler holder længe. Kontakt os.") == []


def test_du_policy_english_message():
    (hit,) = address("Vi ses på messen, hvor vi viser Dem SolarFlex.", messages="en")
    assert hit.message == ('"Dem" is formal address (capitalised in the middle of a sentence); '
                           "the policy uses the informal du.")
    assert hit.suggestion == 'Write "dig".'


@pytest.mark.parametrize("text", [
    "I dag åbner vi i Vejle.",
    "I går var vi i København, i morgen Aarhus.",
    "I år og i aften og I stedet for at vente.",
    "I København og I 2025 vokser vi.",
    "I nyhedsbrevet står det hele.",
    "Christian I af Danmark og fase I.",
])
def test_de_policy_prepositional_i_is_not_flagged(text):
    assert address(text, "De") == []


def test_de_policy_informal_forms_and_plural_i():
    hits = address("I er velkomne, og når I kommer, får I kaffe. Tag din familie og dit barn med til jer.", "De")
    assert [(v.matched, v.suggestion) for v in hits] == [
        ("I", 'Skriv "De".'), ("I", 'Skriv "De".'), ("I", 'Skriv "De".'),
        ("din", 'Skriv "Deres".'), ("dit", 'Skriv "Deres".'), ("jer", 'Skriv "Dem".')]
    assert 'foran udsagnsordet "er"' in hits[0].message


def test_de_policy_du_and_dig():
    hits = address("Du kan få et tilbud, hvis du skriver til os. Vi ringer dig op.", "De", messages="en")
    assert [(v.matched, v.suggestion) for v in hits] == [
        ("Du", 'Write "De".'), ("du", 'Write "De".'), ("dig", 'Write "Dem".')]
    assert hits[0].message == '"Du" is informal address (informal address of the reader); the policy uses the formal De.'


def test_de_policy_blank_pipeline_verb_after_sentence_start_i():
    (hit,) = address("I samarbejder med os om solceller.", "De")
    assert 'udsagnsordet "samarbejder"' in hit.message


def test_address_skips_hashtags_urls_and_other_languages():
    assert address("Se #dinenergi og https://nordlys.dk/din-side", "De") == []
    assert address("---\nlanguage: en\n---\nI think you will like it.\n", "De", path="post.md") == []


def test_address_any_does_nothing():
    assert address("Vi ses Dem. Du er sød.", "any") == []


def test_unknown_pipeline_is_a_policy_error():
    from advolint.linter.compiled import Linter
    from advolint.errors import PolicyError

    policy = make_policy({"tone": {"address": "du", "nlp_model": "da_core_news_findes_ikke"}})
    with pytest.raises(PolicyError, match="'da_core_news_findes_ikke' is not installed"):
        Linter.compile(policy)


def test_auto_without_trained_pipeline_is_blank(monkeypatch):
    monkeypatch.setattr(nlp, "installed", lambda name: False)
    assert nlp.pipeline_name("auto") == nlp.BLANK
    monkeypatch.setattr(nlp, "installed", lambda name: name == "da_core_news_sm")
    assert nlp.pipeline_name("auto") == "da_core_news_sm"


@pytest.fixture(scope="module")
def tagged_pipeline(tmp_path_factory):
    """A saved pipeline whose component tags the way a trained Danish tagger would."""
    import spacy
    from spacy.language import Language

    @Language.component("advolint_test_tagger")
    def tagger(doc):
        for token in doc:
            if token.text == "De" and token.i + 1 < len(doc) and doc[token.i + 1].text == "tilmelder":
                token.pos_, token.morph = "PRON", spacy.tokens.MorphAnalysis(doc.vocab, {"Polite": "Form"})
            elif token.text == "De":
                token.pos_ = "DET"
            elif token.text in ("vinkede", "tilmelder"):
                token.pos_ = "VERB"
        return doc

    nlp_ = spacy.blank("da")
    nlp_.add_pipe("advolint_test_tagger")
    path = tmp_path_factory.mktemp("pipeline") / "da_test"
    nlp_.to_disk(path)
    return str(path)


def test_trained_pipeline_tags_decide_ambiguous_cases(tagged_pipeline):
    # Polite=Form from the model is evidence on its own.
    (hit,) = address("De tilmelder sig her.", nlp_model=tagged_pipeline)
    assert "Polite=Form" in hit.message
    # The model says DET: an article, however the post speaks to the reader.
    assert address("De vinkede børn. Kontakt os.", nlp_model=tagged_pipeline) == []


def test_decidable_posts_never_import_spacy(tmp_path):
    """Cold start: with the example policy (tone.address: du), spaCy is only
    imported for a genuinely ambiguous sentence start, not for this post."""
    import subprocess
    import sys

    from conftest import subprocess_env

    post = tmp_path / "opslag.txt"
    post.write_text("De nye paneler er kommet. I dag kan du se dem, og vi glæder os til at se Dem.\n",
                    encoding="utf-8")
    script = ("import sys; from advolint import check_text, load_policy; "
              "p = load_policy(sys.argv[1]); "
              "v = check_text(open(sys.argv[2], encoding='utf-8').read(), p); "
              "print([x.rule for x in v], 'spacy' in sys.modules)")
    from pathlib import Path

    policy = Path(__file__).resolve().parents[2] / "config" / "example-policy.yaml"
    result = subprocess.run([sys.executable, "-c", script, str(policy), str(post)], capture_output=True,
                            text=True, env=subprocess_env(), cwd=policy.parent, check=True)
    assert result.stdout.strip() == "['tone-address'] False"


def test_du_policy_singular_predicate_is_formal_address():
    (hit,) = address("Vi har åbnet en butik i Vejle. De er altid velkommen.")
    assert '("velkommen") kan kun være høflig tiltale' in hit.message
    # Plural "velkomne" after someone named: "they".
    assert address("Vi har talt med Jens og Mette. De er altid velkomne.") == []


def test_du_policy_collective_noun_is_an_antecedent():
    assert address("Tak til holdet! De har knoklet hele ugen. Kontakt os for et tilbud.") == []


def test_du_policy_emoji_ends_a_sentence():
    (hit,) = address("Vi glæder os 😊 De er velkomne hos os i Vejle. Kontakt os.")
    assert hit.column == 16 and "Kontakt" in hit.message


def test_du_policy_titles_with_capital_de_mid_sentence_are_not_address():
    assert address("Se filmen De grønne slagtere i aften, eller De 3 musketerer.") == []


def test_de_policy_skips_compounds_and_standards():
    assert address("Vi bruger du-form internt, og skinnen følger DIN-standarden og DIN A4.", "De") == []


def test_trained_pipeline_polite_deres_is_formal(tagged_pipeline):
    # A trained tagger marks possessive "Deres" as DET with Polite=Form: address, not an article.
    import spacy
    from spacy.language import Language

    @Language.component("advolint_test_possessive")
    def possessive(doc):
        for token in doc:
            if token.text == "Deres":
                token.pos_, token.morph = "DET", spacy.tokens.MorphAnalysis(doc.vocab, {"Polite": "Form", "Poss": "Yes"})
        return doc

    pipeline = spacy.blank("da")
    pipeline.add_pipe("advolint_test_possessive")
    path = tagged_pipeline + "-possessive"
    pipeline.to_disk(path)
    (hit,) = address("Deres ordre er afsendt.", nlp_model=path)
    assert hit.suggestion == 'Skriv "Din/Dit/Dine".' and "Polite=Form" in hit.message
    # The blank pipeline cannot tell "their" from "your": nothing is reported.
    assert address("Deres ordre er afsendt.") == []


def test_address_offsets_after_front_matter_on_the_spacy_path():
    text = "---\ncommercial: true\n---\nVi har åbnet en butik i Vejle.\nDe tegner abonnement her. Kontakt os.\n"
    (hit,) = address(text, path="opslag.md")
    assert (hit.line, hit.column, hit.matched) == (5, 1, "De")
    assert 'udsagnsordet "tegner"' in hit.message


def test_ambiguous_word_without_evidence_does_not_import_spacy(tmp_path):
    import subprocess
    import sys

    from conftest import subprocess_env

    script = ("import sys; from advolint import check_text; from advolint.policy import policy_from_mapping; "
              "p = policy_from_mapping({'version': 1, 'tone': {'address': 'du', 'nlp_model': 'none'}}); "
              "v = check_text('Vores montører tegner. De tegner flotte tegninger.', p); "
              "print(len(v), 'spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=subprocess_env(), check=True)
    assert result.stdout.strip() == "0 False"


@pytest.mark.parametrize("text", [
    "Kong Erik den I regerede kort. Christian IV byggede Rundetårn.",
    "Fase I og II er færdige, og trin I til III følger.",
    "Horizon I blev afsluttet i maj.",
    "b) I bekræftende fald sender vi papirerne.",
    "I perioder med frost lukker vi. I givet fald ringer vi.",
    "I områder med meget sne kører vi langsomt.",
])
def test_de_policy_capital_i_that_is_no_pronoun(text):
    assert address(text, "De") == []


@pytest.mark.parametrize("text", [
    "”Du skal komme i morgen,” sagde hun til ham.",
    "„Du er sød“, skrev hun.",
    "’Du er sød’, skrev hun, og ›du er sød‹ svarede han.",
    "Han skrev 'Du er sød' på kortet.",
    "»Kom nu. Du når det. Tro mig.« sagde træneren.",
    "Han råbte: ”Kom nu. Du når det.",  # never closed: quoted to the end of the paragraph
    "- Du har ret, sagde hun og lo.",  # a line of dialogue
])
def test_de_policy_quotations_and_dialogue_are_not_the_writers_address(text):
    assert address(text, "De") == []


def test_de_policy_a_list_of_dash_lines_is_address():
    hits = address("Fordele:\n- Du får gratis levering\n- Du kan altid fortryde", "De")
    assert [v.matched for v in hits] == ["Du", "Du"]
    assert [v.matched for v in address("”Du skal komme,” sagde hun. Du er også velkommen.", "De")] == ["Du"]


@pytest.mark.parametrize("text, form", [
    ("Vi håber, at De, kære kunde, vil komme forbi.", "De"),
    ("Det var præcis som De nævnte i brevet.", "De"),
    ("Det kan De få bekræftet hos vores kundeservice.", "De"),
    ("Hvis man påberåber De Dem reglen, skal vi vide det.", "Dem"),
    ("For det kommende år planlægger De vist en udvidelse.", "De"),
    ("Det, De tilbød os i går, var for lidt.", "De"),
])
def test_du_policy_formal_address_mid_sentence_is_found(text, form):
    assert form in [v.matched for v in address(text)]


def test_du_policy_they_is_not_address_because_of_a_question_elsewhere():
    text = ("Vi besøgte montørerne i Vejle i går.\n\nDe vil gerne have flere opgaver i år. Det glæder os meget. "
            "Har du spørgsmål?")
    assert address(text) == []
    # Its own sentence a question, or an imperative next to it: the reader.
    assert [v.matched for v in address("Vi har åbnet i Vejle. De kan vel komme forbi?")] == ["De"]


def test_du_policy_a_time_stamp_or_heading_ends_a_sentence():
    assert address("Opdateret kl. 12:57 De lokale håndboldspillere vandt i går.") == []
    assert address("Nyt fra værkstedet · De første paneler er monteret.") == []


def test_du_policy_sentence_start_after_a_vocative_and_colon_is_address():
    (hit,) = address("Tak for svaret, fru minister: De har ret i det med solcellerne.")
    assert hit.matched == "De"
    assert hit.message == ('"De" er høflig tiltale (efter tiltalen "fru minister" og et kolon); '
                           'politikken bruger du.')
    (hit,) = address("Kære kunde: Deres SolarFlex er klar.", messages="en")
    assert hit.message.startswith('"Deres" is formal address (after the vocative "Kære kunde" and a colon)')
    assert address("Kunderne har talt: De vil have flere paneler.") == []
