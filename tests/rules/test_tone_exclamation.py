"""tone-exclamation: exclamation marks, not factorials, spreadsheet errors, URLs or code."""

from __future__ import annotations

import pytest

from advolint import check_text

from conftest import make_policy


def exclamations(text, limit=2, path=None):
    policy = make_policy({"tone": {"exclamation_max": limit}})
    return [v for v in check_text(text, policy, path=path) if v.rule == "tone-exclamation"]


def test_too_many_exclamation_marks_reports_the_first_over_the_limit():
    (hit,) = exclamations("Sikke en dag! Tak til alle! Vi ses i Vejle!")
    assert (hit.column, hit.matched) == (43, "!")
    assert exclamations("Sikke en dag! Tak til alle.") == []


def test_exclamations_after_numbers_still_count():
    assert len(exclamations("Vi har installeret 40! Og fartgrænsen er 50! Vær med i sæson 3!")) == 1


@pytest.mark.parametrize("text", [
    "Antal rækkefølger: (2+3+4)! / (2! * 3! * 4!) er stort. Skønt!",
    "Husk: 3! = 6 og 4! = 24. Flot!",
    "Cellen viser #VALUE! og #DIV/0! og #REF! i arket. Øv!",
    "Læs https://eksempel.dk/#!/side!og!mere og skriv tilbage!",
    "Brug `if (a != b) { alarm!(); }` i koden, den virker!",
    "```\nprint('Hej!')\nprint('Hej!')\nprint('Hej!')\n```\nDet virker!",
])
def test_marks_that_are_no_exclamation_do_not_count(text):
    assert exclamations(text) == []


def test_wide_exclamation_marks_count():
    assert len(exclamations("Tak！Tak！Tak！")) == 1
