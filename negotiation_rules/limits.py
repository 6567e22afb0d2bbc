"""Where their concessions point: an estimate of the other side's limit (placeholder)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from .estimates import fit_limit


@attrs.frozen
class LimitEstimate:
    """Where their offers point.

    Attributes:
        value: The estimated limit.
        low: The low end of the interval.
        high: The high end of the interval.
        method: How it was estimated.
        offers_used: How many of their offers the estimate rests on.
    """

    value: float
    low: float
    high: float
    method: str
    offers_used: int


@attrs.frozen
class NoEstimate:
    """Why there is no estimate.

    Attributes:
        reason: In plain words.
    """

    reason: str


def estimate_limit(offers: Sequence[float], toward_you: int, *,
                   bound: float | None = None) -> LimitEstimate | NoEstimate:
    """Their limit from their offers, oldest first; ``toward_you`` is +1 when their
    concessions raise their number."""
    if len(offers) < 3:
        return NoEstimate(f"they have made {len(offers)} offers; 3 are needed")
    steps = [abs(b - a) for a, b in zip(offers, offers[1:], strict=False)
             if (b - a) * toward_you > 0]
    fit = fit_limit(steps, offers[-1], toward_you)
    if fit is None:
        return NoEstimate("their steps do not shrink")
    value = fit.value
    if bound is not None and (value - bound) * toward_you > 0:
        value = bound
    low, high = sorted((offers[-1], value))
    return LimitEstimate(value, low, high, "geometric decay", len(offers))
