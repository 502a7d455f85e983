"""A representative part of bench/evasion.py: every third evasion of each
category must be caught, and no harmless look-alike flagged."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "evasion.py"


def _bench():
    spec = importlib.util.spec_from_file_location("evasion_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


evasion = _bench()
SAMPLE = [case for category in dict.fromkeys(c for c, _ in evasion.CAUGHT)
          for case in [c for c in evasion.CAUGHT if c[0] == category][::3]]


@pytest.fixture(scope="module")
def linter():
    from advolint.linter.compiled import Linter

    return Linter.compile(evasion.policy())


def test_the_sample_covers_every_category():
    assert {category for category, _ in SAMPLE} == {category for category, _ in evasion.CAUGHT}


@pytest.mark.parametrize("category, text", SAMPLE)
def test_evasion_is_caught(linter, category, text):
    assert evasion.flagged(linter, category, text), text


@pytest.mark.parametrize("text", evasion.HARMLESS)
def test_harmless_look_alike_is_not_flagged(linter, text):
    assert not evasion.flagged(linter, None, text), text


def test_the_benchmark_counts_a_miss_and_a_false_alarm():
    results, false_alarms = evasion.measure([("leet", "Vi lancerer Orlon i morgen.")], ["Vi lancerer Orion."])
    assert results == {"leet": (0, 1, ["Vi lancerer Orlon i morgen."])}
    assert false_alarms == ["Vi lancerer Orion."]
