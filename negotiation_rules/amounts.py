"""Writing numbers the way a person would: one precision policy for text and JSON.

Precision comes from, in order: the situation's ``increment`` (the grid of meaningful
values: 1, 0.01, 0.125), the situation's scale (its largest number: four significant
figures of it, one more than the grid `proposals.Grid` puts offers on, so that a precise
opening such as 110.2 shows whole), or the number itself. A number is never shown as a
bare ``0`` when it is not zero (a step too small for the scale keeps its first
significant digit), never ends in ``.``, and carries no float noise.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_MAX_DECIMALS = 6

AMOUNT_FIELDS = frozenset({
    # the situation and the offers
    "batna_value", "high", "low", "offers", "reservation", "target", "their_reservation",
    "value", "your_latest", "their_latest", "their_first",
    # measured: distances and margins (scores) are amounts too
    "anchor_pull", "concession", "far_end", "floor", "gap", "limit_margin", "near_end",
    "over_batna", "over_floor", "over_modest", "over_reservation", "over_target",
    "past_extreme", "previous_size", "reservation_margin", "room", "size",
    "their_reservation_margin", "their_steps", "your_steps", "yours_over_floor", "zopa",
    "their_limit", "their_limit_best", "their_limit_high", "their_limit_low",
    # proposed
    "accept_value", "bolster", "concession_end", "end", "extreme_limit", "hold_value",
    "modest_floor", "next_offer", "open_bolster", "open_from", "open_margin", "open_to",
    "open_value", "packages", "range", "steps",
})
"""Field names (of facts, evidence and metrics) that hold amounts in the situation's unit;
other numbers (counts, days, ratios) are shown bare and keep their own precision."""


def increment_decimals(increment: float) -> int:
    """The decimals of the grid: ``1`` -> 0, ``0.01`` -> 2, ``0.125`` -> 3, ``500`` -> 0."""
    exponent = Decimal(repr(float(increment))).normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # a finite increment
    return min(max(-exponent, 0), _MAX_DECIMALS)


def scale_decimals(scale: float) -> int:
    """Decimals that show four significant figures of ``scale``: 150,000 -> 0, 110 -> 1,
    4.6 -> 3."""
    if not scale or not math.isfinite(scale):
        return 0
    return min(max(3 - math.floor(math.log10(abs(scale))), 0), _MAX_DECIMALS)


@functools.lru_cache(maxsize=4096)
def amount_decimals(value: float, *, increment: float | None = None,
                    scale: float | None = None) -> int:
    """How many decimals ``value`` is shown with (see the module docstring); remembered,
    as `format_amount` is."""
    if increment:
        decimals = increment_decimals(increment)
    else:
        decimals = scale_decimals(scale if scale else value)
    if value and _round(value, decimals) == 0:  # a small step is still a step: its
        decimals = min(-math.floor(math.log10(abs(value))), _MAX_DECIMALS)  # first digit
    return decimals


@functools.lru_cache(maxsize=4096)
def _round(value: float, decimals: int) -> float:
    """Half away from zero, on the number as written (2.675 -> 2.68, as a person rounds);
    never -0.0."""
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return float(exact) + 0.0


def scale_of(values: Iterable[object]) -> float | None:
    """The largest magnitude among the numbers given (others are ignored), or None."""
    numbers = [abs(v) for v in values
               if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)]
    return max(numbers, default=None)


@functools.lru_cache(maxsize=4096)
def format_amount(value: float, unit: str | None = None, *, increment: float | None = None,
                  scale: float | None = None) -> str:
    """``125000, "USD"`` -> ``"125,000 USD"``; ``4.25, "%"`` -> ``"4.25%"``.

    With ``increment`` the decimals are the grid's (``12.50`` on a 0.01 grid; whole numbers
    stay whole); otherwise four significant figures of ``scale`` (or of the value), with
    trailing zeros dropped. Remembered: an answer states the same few amounts many times.
    """
    if not math.isfinite(value):
        text = str(value)
    else:
        decimals = amount_decimals(value, increment=increment, scale=scale)
        rounded = _round(value, decimals)
        if rounded.is_integer():
            text = f"{rounded:,.0f}"
        elif increment:
            text = f"{rounded:,.{decimals}f}"
        else:
            text = f"{rounded:,.{decimals}f}".rstrip("0").rstrip(".")
    if not unit:
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def round_amounts(data: Any, *, increment: float | None = None,
                  scale: float | None = None) -> Any:
    """JSON data with numbers as the text shows them: amounts (values under a key in
    `AMOUNT_FIELDS`) at the amount precision, every other float to 12 significant figures
    (which drops float noise such as ``0.09999999999999964``)."""
    return _rounded(data, False, increment, scale)


_LEAVES = frozenset({str, int, bool, type(None)})
"""Types ``round_amounts`` passes on as they are, without a call per value."""


def _rounded(data: Any, amount: bool, increment: float | None, scale: float | None) -> Any:
    kind = type(data)
    if kind is dict:
        return {key: value if type(value) in _LEAVES
                else _rounded(value, amount or key in AMOUNT_FIELDS, increment, scale)
                for key, value in data.items()}
    if kind is list or kind is tuple:
        return [value if type(value) in _LEAVES else _rounded(value, amount, increment, scale)
                for value in data]
    if isinstance(data, dict):
        return _rounded(dict(data), amount, increment, scale)
    if isinstance(data, list | tuple):
        return _rounded(list(data), amount, increment, scale)
    if not isinstance(data, float) or not math.isfinite(data):
        return data
    if amount:
        return _round(data, amount_decimals(data, increment=increment, scale=scale))
    return float(f"{data:.12g}")
