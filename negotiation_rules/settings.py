"""Thresholds the knowledge base uses, with their defaults."""

from __future__ import annotations

from typing import Any

import attrs

from .errors import InconsistentField


def _between(low: float, high: float) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: float) -> None:
        if not low <= value <= high:
            raise InconsistentField(attribute.name, f"must be from {low} to {high}, got {value}")

    return check


@attrs.frozen
class Settings:
    """Tunable thresholds; override from the API or a ``[settings]`` table.

    Attributes:
        extreme_margin: How far past the far end of the credible range a first
            offer may go, as a fraction of that end (0.20 = 20 %), before it
            counts as extreme. The suggested opening range stops there too.
        unreciprocated_limit: How many of your concessions in a row may go
            unanswered before the advice is to hold.
    """

    extreme_margin: float = attrs.field(default=0.20, validator=_between(0.001, 10.0))
    unreciprocated_limit: int = attrs.field(default=2, validator=_between(1, 1000))
