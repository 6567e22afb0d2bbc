"""`Record`: equality, hashing and repr, written once for all the frozen data classes.

attrs writes these three methods afresh for every class and compiles them when the
module is imported: for the package's classes that was about 10 ms of each ``nrules``
start (``python benchmarks/startup.py``). A data class declares
``@attrs.frozen(eq=False, repr=False)`` and inherits them from `Record` instead; they
read the attrs fields, so they behave as attrs' own: equal when of the same class with
equal fields, hashable when every field is.
"""

from __future__ import annotations

import functools
from typing import Any

import attrs


class Record:
    """Base of a frozen attrs class: compares, hashes and prints by its fields."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _values(self) == _values(other)

    def __hash__(self) -> int:
        return hash((self.__class__.__qualname__, _values(self)))

    def __repr__(self) -> str:
        cls: type = type(self)  # a class, hashable (mypy reads Record's __hash__ as its own)
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _shown(cls))
        return f"{cls.__qualname__}({shown})"


def _values(record: Record) -> tuple[Any, ...]:
    cls: type = type(record)
    return tuple(getattr(record, name) for name in _compared(cls))


@functools.cache
def _compared(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in attrs.fields(cls) if field.eq)


@functools.cache
def _shown(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in attrs.fields(cls) if field.repr)
