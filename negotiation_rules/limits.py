"""Where the other side will stop conceding: an estimate of their limit, with an interval.

Numbers only: nothing here decides advice. The estimate rests on the running best-for-you
envelope of their offers (an offer they take back does not undo the best they already put on
the table, and a back-and-forth 0 -> 31 -> 1 -> 31 is one concession of 31, not three), fitted
by a family of concession curves. Each curve shape is fitted by least squares; every shape
whose fit is not clearly worse than the best one is plausible, and the interval spans the
limits all plausible shapes point to, each widened by two standard errors. One odd move is
set aside before the final fits: an offer far off the best curve, or a concession far larger
or smaller than the curve expects.

Offers that have not moved toward you at all say nothing of where they stop: with a bound,
the estimate is then the whole interval from their best offer to the bound, its middle the
guess; without one, there is no estimate.

The interval reaches the bound when nothing short of it is ruled out: a shape that concedes
ever later still fits, they have paused for a few offers with time left (waiting for you
looks the same as having arrived), every step so far is a single increment (the smallest
move, which says nothing of how far they will go), or no deadline is known and their pace
fits a tactic heading for one. Every value is clamped between their best offer and the
bound.

Without a bound, the curves alone set the far end, and a shape only a little less patient
than one that points nowhere can put it millions of times further than they have come: an
interval ending further past their best offer than ``reach`` times the ground their pace so
far would cover in all the time they have rests on no offer, and there is no estimate.

Two families, depending on what is known of time:

* ``time curve`` (``rounds_left`` given): their offers follow ``start + (limit - start)·t**b``
  with ``t`` the share of the time gone (1 at their last possible offer), the shape of the
  time-dependent tactics from Boulware (``b`` large: little early, much late) to Conceder
  (``b`` small). The limit is the curve at ``t = 1``.
* ``slowing steps`` (no deadline known): their offers approach the limit geometrically,
  ``limit - c·r**i``; the same power curves read against their own pace stand for a tactic
  heading for an unknown deadline, and point as far as the bound.

The best guess is the best-fitting curve's limit, moved toward the middle of the interval in
proportion to how much of the possible room the interval spans: when the offers say little,
the middle is the better guess.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
from collections.abc import Sequence
from typing import NamedTuple

import attrs

from .record import Record

#: Concession-curve exponents tried by the time family: Conceder (0.1) to Boulware (10).
TIME_SHAPES = tuple(10 ** (k / 16 - 1) for k in range(33))
#: Ratios between one step and the next tried by the family without a deadline.
STEP_RATIOS = tuple(1 - 0.5 * 0.85**k for k in range(26))


@attrs.frozen(eq=False, repr=False)
class LimitEstimate(Record):
    """Where their concessions point, and how sure that is.

    Attributes:
        value: The estimated limit: the furthest they are expected to go toward you.
        low: The least far (for you) the limit plausibly is; never short of the best offer
            they have made.
        high: The furthest (for you) the limit plausibly is; never past the bound, nor,
            without one, past the reach `estimate_limit` allows (``reach``). The
            interval is a statement about concession curves, not a probability: on NegMAS
            agents that concede on the clock it held the true limit every time measured; on
            tit for tat 97 % or more; on MiCRO every time (`benchmarks/limit_estimates.py`).
        method: ``"time curve"`` (fitted against the time left), ``"slowing steps"``
            (fitted against their own pace, no deadline known), ``"at the bound"`` (their
            best offer, or a known floor, already reaches the bound) or ``"not moved"``
            (their offers have not moved toward you: the interval is everything from their
            best offer to the bound, the guess its middle).
        offers_used: How many of their latest offers the fit rests on.
    """

    value: float
    low: float
    high: float
    method: str
    offers_used: int


@attrs.frozen(eq=False, repr=False)
class NoEstimate(Record):
    """Why there is no estimate of their limit.

    Attributes:
        reason: The reason in plain words, e.g. "they have made 2 offers; 3 are needed".
    """

    reason: str


class _Fit(NamedTuple):
    """One curve shape's least-squares fit (a tuple: thousands are made per second)."""

    limit: float
    spread: float
    sse: float
    intercept: float
    slope: float
    points: int


class _Column(NamedTuple):
    """One curve shape's ``x`` per offer, with what every fit against it reuses."""

    xs: tuple[float, ...]
    mean: float
    sxx: float
    spread: float
    """The standard error of a fit's value at the limit, per unit of residual spread;
    NaN when the ``x`` barely vary: no line can be fitted."""


def _column(xs: Sequence[float], at: float) -> _Column:
    """A column of ``xs`` whose fits are read at ``x = at``."""
    n = len(xs)
    sx = sum(xs)
    mean = sx / n
    sxx = sum(map(operator.mul, xs, xs)) - sx * mean
    if sxx <= 1e-12 * max(sum(map(abs, xs)) / n, 1e-300) ** 2 * n:
        return _Column(tuple(xs), mean, sxx, math.nan)
    return _Column(tuple(xs), mean, sxx, math.sqrt(1 / n + (at - mean) ** 2 / sxx))


def estimate_limit(
    offers: Sequence[float],
    toward_you: int,
    *,
    bound: float | None = None,
    floor_of_them: float | None = None,
    rounds_left: int | None = None,
    increment: float = 0.0,
    jitter: float = 0.01,
    pause: int = 3,
    window: int = 40,
    minimum_offers: int = 3,
    spread: float = 2.0,
    reach: float = 10.0,
) -> LimitEstimate | NoEstimate:
    """Estimate the furthest the other side will go toward you, from their offers.

    Args:
        offers: Their offers, oldest first, as made (repeats and reversals included).
        toward_you: +1 if their offers rise as they concede (they buy from you), -1 if
            they fall (they sell to you).
        bound: The furthest value possible in your favour (the value range's far end, the
            issue's maximum or minimum, or your own standing offer): nothing past it.
        floor_of_them: A value their limit is known to reach (a deal they accepted before, a
            minimum they have published): the estimate never falls short of it, nor of the
            best offer they have made.
        rounds_left: How many more offers they can make before their deadline; ``None``
            when unknown.
        increment: The smallest step between values (1 for whole prices): differences
            within half of it are rounding, not information, and steps of exactly one
            increment say nothing of how far they will go.
        jitter: How far their offers are taken to wander off any smooth curve, as a share
            of the ground they have covered (keeps a near-perfect fit of a few offers from
            claiming more certainty than they hold).
        pause: After this many offers in a row with no move toward you, before their
            deadline, the interval runs from their best offer to the bound: a pause may be
            their limit or may be waiting for you.
        window: How many of their latest offers the fit uses (the work stays bounded).
        minimum_offers: How many offers are needed before estimating.
        spread: How many standard errors the interval allows on each side of a fit.
        reach: Without a bound, how far past their best offer (or ``floor_of_them``) the
            interval may end, in multiples of the ground their pace so far would cover in
            all the time they have (their offers so far and ``rounds_left``; the ground
            covered so far when no deadline is known): further than that, there is no
            estimate. A steady conceder's limit lies within one such multiple.

    Returns:
        A `LimitEstimate`, or a `NoEstimate` saying why there is none.

    Raises:
        ValueError: ``toward_you`` is not +1 or -1, an offer (or a difference) is not finite,
            ``rounds_left`` is negative or ``window`` below 3.
    """
    _check(offers, toward_you, rounds_left, window)
    count = len(offers)
    if count < minimum_offers:
        noun = "offer" if count == 1 else "offers"
        return NoEstimate(f"they have made {count} {noun}; {minimum_offers} are needed")
    # Work in "higher is better for you" values; turned back at the end.
    start = max(0, count - window)
    tail = [toward_you * float(offer) for offer in offers[start:]]
    pick = max if toward_you == 1 else min
    before = toward_you * float(pick(offers[:start])) if start else None
    envelope = _envelope(tail, before)
    best, used = envelope[-1], len(envelope)
    paused = used > pause and best - envelope[-1 - pause] <= increment / 2
    first = toward_you * float(offers[0])
    floor = best if floor_of_them is None else max(best, toward_you * floor_of_them)
    ceiling = math.inf if bound is None else toward_you * bound
    if floor >= ceiling:
        # Their best offer is the one fact that outranks the bound.
        edge = _back(max(best, ceiling), toward_you)
        return LimitEstimate(edge, edge, edge, "at the bound", used)
    if best - first <= increment / 2:
        if math.isinf(ceiling):
            return NoEstimate("their offers have not moved toward you")
        # Offers that have not moved rule nothing out between their best offer and the
        # bound: an honest estimate is that whole interval, its middle the best guess.
        near, far = (floor, ceiling) if toward_you == 1 else (ceiling, floor)
        return LimitEstimate(_back((floor + ceiling) / 2, toward_you), _back(near, toward_you),
                             _back(far, toward_you), "not moved", used)

    method, at, columns, unbounded = _family(rounds_left, start, count, used)
    # The fits run in units of the ground they have covered, whatever the scale of values.
    origin = min(envelope[0], first)
    scale = best - origin
    if math.isinf(scale):
        raise ValueError("offers must be finite numbers whose differences are finite too")
    noise = max(increment / 2 / scale, jitter, 1e-9 * (abs(best) / scale + 1))
    fits = _fit_without_odd_move(columns, [(y - origin) / scale for y in envelope], at, noise)
    if fits is None:
        return NoEstimate("their offers have not moved toward you")
    fits[unbounded:] = [None if fit is None else fit._replace(limit=math.inf)
                        for fit in fits[unbounded:]]
    plausible, sigma = _plausible(fits, noise, spread)
    value, low, high = (origin + scale * x for x in _interval(fits, plausible, spread * sigma))
    time_left = rounds_left != 0
    patient = plausible[-1] == len(fits) - 1
    if patient or (time_left and _smallest_steps(envelope, increment)):
        # The family's most patient member still fits, or every step is one increment (the
        # smallest move there is: a unit-at-a-time conceder looks the same whatever its
        # limit): nothing short of the bound is ruled out.
        high = ceiling
    if paused and time_left:
        # They have paused with time left: waiting for you looks the same as having
        # arrived, so nothing between their best offer and the bound is ruled out.
        low, high = floor, ceiling
    if low >= ceiling:
        # Every plausible curve runs past the bound, which they cannot pass: the curves do
        # not describe them, and nothing between their best offer and the bound is ruled out.
        low = floor
    value, low, high = (min(max(x, floor), ceiling) for x in (value, low, high))
    if math.isinf(high):
        return NoEstimate(
            "their concessions show no sign of slowing and nothing bounds how far they could"
            " go; give a bound"
        )
    # Unbounded, the far end is the curves' word alone, and a nearly patient shape's word
    # grows without limit as the time left grows: past `reach` times a steady pace's whole
    # way, no offer supports it.
    whole = scale if not rounds_left else scale * (count + rounds_left) / count
    if math.isinf(ceiling) and high - floor > reach * whole:
        pace = "their pace so far would cover by their deadline" if rounds_left else \
            "they have covered"
        return NoEstimate(
            f"their concessions so far are too small to say how far they could go (the curves"
            f" that fit them reach past {reach:g} times the ground {pace}); give a bound"
        )
    # An interval spanning most of what is possible says the offers tell little: the best
    # guess then moves from the best fit toward the interval's middle, in that proportion.
    value += (high - low) / (ceiling - floor) * ((low + high) / 2 - value)
    low, high = min(low, value), max(high, value)
    if toward_you == -1:
        low, high = high, low
    return LimitEstimate(
        _back(value, toward_you), _back(low, toward_you), _back(high, toward_you), method,
        used,
    )


def _check(
    offers: Sequence[float], toward_you: int, rounds_left: int | None, window: int
) -> None:
    """Raise ValueError, saying what arrived, for arguments outside the contract."""
    if toward_you not in (1, -1):
        raise ValueError(f"toward_you must be 1 or -1, got {toward_you!r}")
    if rounds_left is not None and rounds_left < 0:
        raise ValueError(f"rounds_left must be 0 or more, got {rounds_left!r}")
    if window < 3:
        raise ValueError(f"window must be 3 or more, got {window!r}")
    # The sum is a fast check; only a sum that overflowed needs the offers one by one.
    if not math.isfinite(sum(offers)) and not all(map(math.isfinite, offers)):
        raise ValueError("offers must be finite numbers")


@functools.lru_cache(maxsize=16)  # a column is at most `window` floats: 16 stay small
def _family(
    rounds_left: int | None, start: int, count: int, used: int
) -> tuple[str, float, tuple[_Column, ...], int]:
    """The curve family for offers ``start`` to ``start + used`` of ``count``: its name, the
    ``x`` at which a curve reaches the limit, one column of ``x`` per shape, and the index
    from which the shapes point past any limit. Cached: a negotiation asks for the same
    family again with every answer until a new offer arrives."""
    if rounds_left is None:
        # -r**j rises toward 0 as the steps shrink: the limit is the curve at 0. The power
        # curves of the time family, read against their own pace, head for a deadline
        # nobody knows: they point as far as the bound.
        steps = [[-(ratio**j) for j in range(used)] for ratio in STEP_RATIOS]
        powers = [[((start + j + 1) / count) ** shape for j in range(used)]
                  for shape in TIME_SHAPES[::2]]
        return ("slowing steps", 0.0, tuple(_column(xs, 0.0) for xs in steps + powers),
                len(steps))
    times = [(start + j + 1) / (count + rounds_left) for j in range(used)]
    columns = tuple(_column([t**shape for t in times], 1.0) for shape in TIME_SHAPES)
    return "time curve", 1.0, columns, len(columns)


def _fit_without_odd_move(
    columns: Sequence[_Column], ys: list[float], at: float, noise: float
) -> list[_Fit | None] | None:
    """Fits of every shape, after setting aside one odd move when that fits better: an
    offer far off the best curve (dropped) or a concession far out of line with it (set to
    the size the curve expects; later offers, and the limit they point to, move by the
    difference). None when no shape can be fitted."""
    fits = _fit_all(columns, ys, at)
    usable = [fit for fit in fits if fit is not None]
    if not usable:
        return None
    best = min(usable, key=_by_sse)
    shape = columns[fits.index(best)].xs
    options: list[tuple[Sequence[_Column], list[float], float]] = []
    odd = _odd_point(shape, ys, best, noise)
    if odd is not None:
        kept = [j for j in range(len(ys)) if j != odd]
        options.append(
            ([_column([column.xs[j] for j in kept], at) for column in columns],
             [ys[j] for j in kept], 0.0))
    odd, excess = _odd_step(shape, ys, best, noise)
    if odd is not None:
        options.append((columns, [y - excess if j >= odd else y for j, y in enumerate(ys)],
                        excess))
    for option_columns, option_ys, shift in options:
        option_fits = _fit_all(option_columns, option_ys, at, shift)
        option_best = min((fit for fit in option_fits if fit is not None), key=_by_sse,
                          default=None)
        if option_best is not None and option_best.sse < best.sse:
            fits, best = option_fits, option_best
    return fits


def _plausible(fits: list[_Fit | None], noise: float, spread: float) -> tuple[list[int], float]:
    """The shapes whose fit is not clearly worse than the best one (within ``spread``
    standard errors of the residual spread), and that spread."""
    usable = [fit for fit in fits if fit is not None]
    points = usable[0].points
    best_sse = min(map(_by_sse, usable))
    variance = max(best_sse / max(points - 3, 1), noise**2)
    plausible = [
        index for index, fit in enumerate(fits)
        if fit is not None and fit.sse <= best_sse + spread**2 * variance
    ]
    return plausible, math.sqrt(variance)


def _interval(
    fits: list[_Fit | None], plausible: list[int], width: float
) -> tuple[float, float, float]:
    """The best plausible fit's limit, and the lowest and highest limit of the plausible
    shapes (and their neighbours: the true shape may lie between two tried ones), each
    widened by ``width`` standard errors' worth of residual spread."""
    chosen = min(plausible, key=lambda index: fits[index].sse)  # type: ignore[union-attr]
    near = {j for i in plausible for j in (i - 1, i, i + 1)}
    reach = [fit for j, fit in enumerate(fits) if j in near and fit is not None]
    low = min(fit.limit - width * fit.spread for fit in reach)
    high = max(fit.limit + width * fit.spread for fit in reach)
    return fits[chosen].limit, low, high  # type: ignore[union-attr]


def _smallest_steps(envelope: list[float], increment: float) -> bool:
    """Whether every step of the running best is at most one increment (a known one)."""
    return increment > 0 and all(
        later - earlier <= increment * (1 + 1e-9)
        for earlier, later in itertools.pairwise(envelope))


def _back(value: float, toward_you: int) -> float:
    """A working value in the caller's terms, rounded for stable output."""
    return round(toward_you * value, 6) + 0.0


def _envelope(values: list[float], before: float | None) -> list[float]:
    """The running best of ``values`` (higher is better), after a best of ``before``."""
    running = values[0] if before is None else before
    envelope = []
    for value in values:
        running = max(running, value)
        envelope.append(running)
    return envelope


_by_sse = operator.itemgetter(2)
"""A fit's ``sse`` (its third field), as a sort key."""


def _fit_all(
    columns: Sequence[_Column], ys: list[float], at: float, shift: float = 0.0
) -> list[_Fit | None]:
    """For each column of ``xs``: least squares ``y = a + b·x`` (``b >= 0``) read at ``x = at``
    (plus ``shift``), with its standard error per unit of residual spread, or None when
    ``xs`` barely vary."""
    n = len(ys)
    mean_y = sum(ys) / n
    centred = [y - mean_y for y in ys]
    syy = sum(map(operator.mul, centred, centred))
    fits: list[_Fit | None] = []
    for xs, mean_x, sxx, spread in columns:
        if spread != spread:  # NaN: the xs barely vary
            fits.append(None)
            continue
        slope = sum(map(operator.mul, xs, centred)) / sxx
        if slope > 0.0:
            sse = syy - slope * slope * sxx
            if sse < 0.0:
                sse = 0.0
        else:
            slope, sse = 0.0, syy
        limit = mean_y + slope * (at - mean_x) + shift
        fits.append(_Fit(limit, spread, sse, mean_y - slope * mean_x, slope, n))
    return fits


def _odd_point(xs: Sequence[float], ys: list[float], fit: _Fit, noise: float) -> int | None:
    """The index of the one point far off the fitted line (beyond four times the typical
    distance and twice the noise), if there is one and five points or more."""
    if len(ys) < 5:
        return None
    off = [abs(y - fit.intercept - fit.slope * x) for x, y in zip(xs, ys, strict=True)]
    worst = max(range(len(off)), key=off.__getitem__)
    typical = sorted(off)[len(off) // 2]
    return worst if off[worst] > max(4 * typical, 2 * noise) else None


def _odd_step(
    xs: Sequence[float], ys: list[float], fit: _Fit, noise: float
) -> tuple[int | None, float]:
    """The index of the one step far out of line with the fitted curve (beyond four times
    the typical step's distance and twice the noise) and how far, if there are five points
    or more."""
    if len(ys) < 5:
        return None, 0.0
    off = [
        (ys[j] - ys[j - 1]) - fit.slope * (xs[j] - xs[j - 1]) for j in range(1, len(ys))
    ]
    worst = max(range(len(off)), key=lambda j: abs(off[j]))
    typical = sorted(map(abs, off))[len(off) // 2]
    if abs(off[worst]) > max(4 * typical, 2 * noise):
        return worst + 1, off[worst]
    return None, 0.0
