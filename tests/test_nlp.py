"""tone-address without spaCy: the lemma table alone decides ambiguous sentence starts,
and spaCy (the optional `nlp` extra) is needed only for a trained pipeline."""

from __future__ import annotations

import json
import subprocess
import sys

from advolint.text import nlp

from conftest import subprocess_env

# Runs with spaCy made unimportable (sys.modules["spacy"] = None), as on an
# installation without the nlp extra.
WITHOUT_SPACY = """
import json, sys
sys.modules["spacy"] = None
from advolint import check_text
from advolint.policy import policy_from_mapping
results = {}
for model in ("auto", "none"):
    for address, text in (("du", "De bestiller bare her på siden. Kontakt os."),
                          ("du", "De paneler holder længe. Kontakt os."),
                          ("De", "I samarbejder med os om solceller.")):
        policy = policy_from_mapping({"version": 1, "tone": {"address": address, "nlp_model": model}})
        results[f"{model} {text}"] = [v.message for v in check_text(text, policy) if v.rule == "tone-address"]
print(json.dumps(results))
"""


def test_ambiguous_sentence_starts_are_decided_without_spacy():
    done = subprocess.run([sys.executable, "-c", WITHOUT_SPACY], capture_output=True, text=True,
                          env=subprocess_env(), check=True)
    results = json.loads(done.stdout)
    for model in ("auto", "none"):
        (verb,) = results[f"{model} De bestiller bare her på siden. Kontakt os."]
        assert 'udsagnsordet "bestiller"' in verb
        assert results[f"{model} De paneler holder længe. Kontakt os."] == []  # "paneler" -> "panel": a noun
        (plural,) = results[f"{model} I samarbejder med os om solceller."]
        assert 'udsagnsordet "samarbejder"' in plural


def test_words_and_lemmas_of_the_blank_pipeline():
    tokens = nlp.tokens("De bestiller SolarFlex-anlæg, 3 stk.", nlp.BLANK)
    assert [(token.text, token.start, token.lemma) for token in tokens] == [
        ("De", 0, "De"), ("bestiller", 3, "bestille"), ("SolarFlex-anlæg", 13, "SolarFlex-anlæg"),
        ("3", 30, "3"), ("stk", 32, "stk")]


def test_a_named_pipeline_needs_spacy(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "spacy" else real(name, *a))
    assert nlp.pipeline_name("auto") == nlp.BLANK
    assert not nlp.installed("da_core_news_sm")
