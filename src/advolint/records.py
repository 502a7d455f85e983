"""Plain immutable records: rule settings, run outcomes.

Written like a ``typing.NamedTuple`` (fields as class annotations, defaults
as class attributes), compared, hashed and pickled by value, but defining
one costs a few microseconds instead of ~0.3 ms: the rule modules define
some twenty, and every one-file check imports them (unpickling a compiled
policy does).
"""

from __future__ import annotations


class Record:
    """Base of a plain record: ``class Settings(Record): limit: int``."""

    _fields: tuple[str, ...] = ()
    _defaults: dict = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._fields = tuple(cls.__dict__.get("__annotations__", {}))
        cls._defaults = {name: cls.__dict__[name] for name in cls._fields if name in cls.__dict__}

    def __init__(self, *values, **named):
        fields = self._fields
        if len(values) > len(fields):
            raise TypeError(f"{type(self).__name__} takes {len(fields)} values, got {len(values)}")
        state = dict(zip(fields, values))
        for name in fields[len(values):]:
            if name in named:
                state[name] = named.pop(name)
            elif name in self._defaults:
                state[name] = self._defaults[name]
            else:
                raise TypeError(f"{type(self).__name__} needs '{name}'")
        if named:
            raise TypeError(f"{type(self).__name__} has no field '{next(iter(named))}'")
        self.__dict__.update(state)

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable; use _replace()")

    def _values(self) -> tuple:
        return tuple(self.__dict__[name] for name in self._fields)

    def _replace(self, **changes):
        return type(self)(**{**self.__dict__, **changes})

    def __iter__(self):
        return iter(self._values())

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self):
        return hash((self.__class__, self._values()))

    def __reduce__(self):
        return self.__class__, self._values()

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self._values()))
        return f"{type(self).__name__}({shown})"
