"""Numbers the research-based rules talk about: precise figures, the limit their shrinking
steps point to, and a plan of shrinking steps of your own."""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs


def significant_figures(value: float) -> int:
    """``150000`` -> 2, ``148650`` -> 5, ``89.5`` -> 3."""
    digits = f"{abs(value):.10f}".replace(".", "").strip("0")
    return max(len(digits), 1)


def is_round(value: float) -> bool:
    """Whether a number reads as rounded: three significant figures or fewer."""
    return significant_figures(value) <= 3


def precise(value: float, direction: int) -> float:
    """A precise figure near ``value``, nudged a little toward the other side (0.15 %)
    and given four significant figures, the last one not zero: 195,000 -> 194,700 for a
    seller, 8,000 -> 8,012 for a buyer."""
    if value <= 0:
        return value
    nudged = value * (1 - direction * 0.0015)
    unit = 10.0 ** (math.floor(math.log10(nudged)) - 3)
    steps = round(nudged / unit)
    if steps % 10 == 0:
        steps -= direction
    result = round(steps * unit, 10)
    return int(result) if result.is_integer() else result


@attrs.frozen
class LimitEstimate:
    """Where their shrinking concessions point: a geometric decay fitted to the steps.

    Attributes:
        value: The estimated limit: their latest offer plus all the steps still to come.
        ratio: The fitted ratio between one step and the next (below 1: shrinking).
        steps: The sizes of their concessions the fit rests on, oldest first.
    """

    value: float
    ratio: float
    steps: tuple[float, ...]


def fit_limit(steps: Sequence[float], latest: float, toward_you: int) -> LimitEstimate | None:
    """Fit log(step) = a + b·i by least squares; with ratio r = e^b below 1 the steps
    left sum to last·r/(1-r). None unless there are two steps and the last two shrink."""
    if len(steps) < 2 or not steps[-1] < steps[-2] or min(steps) <= 0:
        return None
    xs = range(len(steps))
    ys = [math.log(step) for step in steps]
    mean_x, mean_y = sum(xs) / len(steps), sum(ys) / len(steps)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / \
        sum((x - mean_x) ** 2 for x in xs)
    ratio = math.exp(slope)
    if ratio >= 1:
        return None
    remaining = steps[-1] * ratio / (1 - ratio)
    return LimitEstimate(round(latest + toward_you * remaining, 2), round(ratio, 3),
                         tuple(steps))


def _two_figures_down(value: float) -> float:
    """Round down to two significant figures (readable plan steps that never overshoot)."""
    if value <= 0:
        return 0
    unit = 10.0 ** (math.floor(math.log10(value)) - 1)
    result = round(math.floor(value / unit) * unit, 10)
    return int(result) if result.is_integer() else result


def step_plan(room: float, last_step: float | None, count: int) -> tuple[float, ...]:
    """``count`` halving steps, starting at half your last step (or a quarter of the room),
    scaled to fit within ``room``, the distance left to your walk-away point."""
    if room <= 0:
        return ()
    first = (last_step if last_step is not None else room / 2) / 2
    steps = [first / 2**i for i in range(count)]
    scale = min(1.0, room / sum(steps))
    planned = tuple(_two_figures_down(step * scale) for step in steps)
    return tuple(step for step in planned if step > 0)
