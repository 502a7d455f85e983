"""advolint.records.Record: the plain, immutable records rule settings and run outcomes are made of."""

from __future__ import annotations

import pickle

import pytest

from advolint.records import Record


class Limits(Record):
    limit: int
    names: tuple = ()


def test_fields_defaults_equality_and_hash():
    limits = Limits(3, names=("Nordlys",))
    assert (limits.limit, limits.names) == (3, ("Nordlys",)) and tuple(limits) == (3, ("Nordlys",))
    assert Limits(3) == Limits(limit=3) == Limits(3, ())
    assert Limits(3) != Limits(4) and Limits(3) != (3, ())
    assert hash(Limits(3)) == hash(Limits(3)) and len({Limits(3), Limits(3), Limits(4)}) == 2
    assert repr(limits) == "Limits(limit=3, names=('Nordlys',))"
    assert limits._replace(limit=5) == Limits(5, ("Nordlys",))


def test_pickles_by_value_and_stays_immutable():
    limits = Limits(3, ("Nordlys",))
    assert pickle.loads(pickle.dumps(limits)) == limits
    with pytest.raises(AttributeError):
        limits.limit = 4


@pytest.mark.parametrize("args, kwargs", [((1, 2, 3), {}), ((), {}), ((1,), {"other": 2})])
def test_wrong_arguments_are_type_errors(args, kwargs):
    with pytest.raises(TypeError):
        Limits(*args, **kwargs)
