"""The numbers of a next move: an opening and a concession schedule, on the situation's grid.

Numbers only, measured once per assessment: the propose rules choose among them and
every message quotes them, so what the answer says and what it proposes agree. No
number here is worse for you than your limit (the walk-away point, or an alternative
in hand if that is better).
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .settings import Settings
    from .situation import Situation


def significant_figures(value: float) -> int:
    """``150000`` -> 2, ``148650`` -> 5, ``89.5`` -> 3."""
    digits = f"{abs(value):.10f}".replace(".", "").strip("0")
    return max(len(digits), 1)


def grid_figures(value: float, step: float) -> int:
    """The significant figures ``value`` has when written to the last digit of ``step``:
    195 on a grid of 5 -> 3, 148,500 on a grid of 500 -> 4."""
    return max(math.floor(math.log10(abs(value))) - _exponent(step) + 1, 1)


def is_round(value: float, step: float) -> bool:
    """Whether ``value`` reads as a guess on a grid of ``step``: three significant
    figures or fewer, and fewer than the grid allows (JU26's test). 110 and 195,000 are
    round on a grid of 1; 115 is not on a grid of 5, nor 110 on a grid of 10; 0 is."""
    if not value:
        return True
    figures = significant_figures(value)
    return figures <= 3 and figures < grid_figures(value, step)


def _exponent(amount: float) -> int:
    """The power of ten of an amount's last significant digit: 1,500 -> 2, 4.25 -> -2."""
    if float(amount).is_integer() and abs(amount) < 1e15:
        whole, zeros = int(amount), 0
        while whole and whole % 10 == 0:
            whole, zeros = whole // 10, zeros + 1
        return zeros
    exponent = Decimal(repr(float(amount))).normalize().as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def _decimals(step: float) -> int:
    return max(0, min(15, 3 - math.floor(math.log10(step))))


def _on_step(amount: float, step: float) -> float:
    """``amount`` (a multiple of ``step``) without float noise, whole numbers as ints."""
    result = float(round(amount, _decimals(step)))
    return int(result) if result.is_integer() else result


class Grid(NamedTuple):
    """Where proposed numbers may lie: multiples of ``step``.

    Attributes:
        direction: +1 when higher is better for you, -1 when lower is.
        step: The situation's increment, or a step of three significant figures of
            its scale when it gives none.
        explicit: Whether the step is the situation's own increment.
        fine: The finest step an answer shows: the increment, or else four significant
            figures of the scale. Openings lie on it.
    """

    direction: int
    step: float
    explicit: bool
    fine: float

    @classmethod
    def of(cls, situation: Situation) -> Grid:
        increment = situation.negotiation.increment
        if increment is not None:
            return cls(situation.direction, increment, True, increment)
        you, value = situation.you, situation.value
        amounts = [a for a in (you.target, you.reservation, you.batna_value, value.low,
                               value.high, *(m.value for m in situation.moves))
                   if a is not None and a > 0]
        magnitude = math.floor(math.log10(max(amounts, default=1.0)))
        # Three significant figures of the scale, or finer when the user's own numbers are,
        # but never finer than the four significant figures an answer shows.
        exponent = magnitude - 2
        for amount in amounts:
            if exponent <= magnitude - 3:  # finer than `fine` is never used: stop looking
                break
            exponent = min(exponent, _exponent(amount))
        fine = 10.0 ** max(magnitude - 3, -6)
        return cls(situation.direction, max(10.0 ** max(exponent, -6), fine), False, fine)

    def snap(self, amount: float, toward_you: bool = True) -> float:
        """The nearest grid value on your side of ``amount`` (or on theirs), never below 0."""
        units = amount / self.step
        up = toward_you == (self.direction > 0)
        near = round(units)
        if abs(units - near) < 1e-9:
            units = near
        else:
            units = math.ceil(units) if up else math.floor(units)
        return _on_step(max(units, 0) * self.step, self.step)


def _better(d: int, a: float, b: float) -> bool:
    return d * (a - b) > 0


def precise(value: float, direction: int, unit: float) -> float:
    """A precise figure near ``value``, nudged a little your way (0.15 %) and rounded to
    ``unit`` (four significant figures of the scale), its last digit not zero:
    195,000 -> 195,300 for a seller, 8,000 -> 7,988 for a buyer."""
    if value <= 0:
        return value
    nudged = value * (1 + direction * 0.0015)
    steps = round(nudged / unit)
    if steps % 10 == 0:
        steps += direction
    return _on_step(steps * unit, unit)


def precise_on_grid(value: float, direction: int, step: float, low: float, high: float,
                    aim: float | None = None) -> float:
    """``value``, or when it is round (`is_round`) the grid value one unit from it on
    either side, whichever lies from ``low`` to ``high``, is not round and is nearer
    ``aim`` (your way on a tie): 110 -> 115 for a seller on a grid of 5; 10,000 -> 9,999
    for a buyer on a grid of 1. The unit is the fourth significant figure of the numbers
    on that side of ``value``, or the grid's step when that is coarser."""
    if value <= 0 or not is_round(value, step):
        return value
    aim = value if aim is None else aim
    usable = [candidate for way in (direction, -direction)
              if low <= (candidate := _on_step(value + way * precision_unit(value, step, way),
                                               step)) <= high
              and not is_round(candidate, step)]
    return min(usable, key=lambda candidate: abs(candidate - aim)) if usable else value


def precision_unit(value: float, step: float, way: int) -> float:
    """A multiple of ``step``, at least the fourth significant figure of the numbers just
    above ``value`` (``way`` +1) or just below it (-1): below 10,000 that is 1, not 10."""
    magnitude = math.floor(math.log10(value))
    if way < 0 and math.isclose(value, 10.0**magnitude):
        magnitude -= 1
    return step * max(math.ceil(10.0 ** (magnitude - 3) / step - 1e-9), 1)


class Opening(NamedTuple):
    """Where to open, between the ambitious end of the evidence and the extreme margin.

    Attributes:
        start: The near end of the opening range (the better of the range's far end and
            your target, never worse than your limit).
        end: The far end: the extreme margin, or your limit if that lies beyond it.
        value: A precise figure halfway into the range, the number to say.
        bolster: The far end of a range offer that starts at ``value``.
        extreme: Where an opening turns extreme (the far end plus the margin).
        margin: How far the extreme opening is better than your limit (negative: even
            the most ambitious credible opening is worse than your limit).
        limit: Your limit on the grid (on your side of it), when you have one.
    """

    start: float | None = None
    end: float | None = None
    value: float | None = None
    bolster: float | None = None
    extreme: float | None = None
    margin: float | None = None
    limit: float | None = None


def opening(d: int, far_end: float | None, target: float | None, floor: float | None,
            settings: Settings, grid: Grid) -> Opening:
    """The opening numbers, or none without a credible range."""
    if far_end is None:
        return Opening()
    extreme = round(max(far_end * (1 + d * settings.extreme_margin), 0.0), 9)
    start = far_end if target is None or not _better(d, target, far_end) else target
    if _better(d, start, extreme):
        start = extreme
    margin = None if floor is None else d * (extreme - floor)
    end = extreme
    if floor is not None:
        start = floor if _better(d, floor, start) else start
        end = floor if _better(d, floor, end) else end
    snap = grid._replace(step=grid.fine).snap  # the increment, or the finest step shown
    limit = None if floor is None else snap(floor)
    # On the grid, inside the extreme margin where your limit allows, never worse than it.
    inside = snap(start, toward_you=False)
    start = snap(start) if floor is not None and _better(d, floor, inside) else inside
    end = snap(end, toward_you=False)
    if _better(d, start, end):
        end = start
    # Halfway between the ambitious end of the evidence and the extreme margin: room to
    # concede without giving up your target, short of a number you could not defend.
    middle = (start + end) / 2
    value = middle if grid.explicit else precise(middle, d, grid.fine)
    value = snap(min(max(value, min(start, end)), max(start, end)))
    if _better(d, value, end):
        value = start
    if grid.explicit:  # as precise as the grid allows, in the range, short of your limit
        near = start + d * grid.step if start == limit else start
        if not _better(d, near, end):
            value = precise_on_grid(value, d, grid.step, min(near, end), max(near, end),
                                    aim=middle)
    bolster = value + settings.bolster_width * (end - start)
    bolster = snap(bolster if grid.explicit else precise(bolster, -d, grid.fine),
                   toward_you=False)
    if _better(d, bolster, end):
        bolster = end
    if _better(d, value, bolster):
        bolster = value
    return Opening(start, end, value, bolster, extreme, margin, limit)


class Offers(NamedTuple):
    """Your next offers toward where your concessions should stop.

    Attributes:
        values: The next offers, in order; each moves toward them, none past ``end``.
        end: Where your concessions stop.
        end_reason: What ``end`` is: ``your limit``, ``their estimated limit``,
            ``their offer`` or ``half the gap``.
        room: How far ``end`` lies from your latest offer.
        pace: The least step that reaches ``end`` by a known deadline (0 without one).
    """

    values: tuple[float, ...] = ()
    end: float | None = None
    end_reason: str | None = None
    room: float | None = None
    pace: float = 0.0


def concession_offers(*, d: int, your_latest: float | None, their_latest: float | None,
                      floor: float | None, their_limit: float | None,
                      their_last_step: float | None, your_last_step: float | None,
                      rounds_left: int | None,
                      settings: Settings, grid: Grid) -> Offers:
    """Your schedule from your latest offer: each step a share of the room left,
    spread over the rounds left (or `Settings.plan_steps` when no deadline is known)
    with the shape `Settings.concession_curve`, each step no larger than the one before.

    Trade, don't cave: until the last `Settings.plan_steps` rounds before a known
    deadline, the first step is also no larger than their last one nor your own last
    one, unless that is less than the pace that reaches the end by the deadline. Within
    them the schedule alone sets the pace, so it reaches its end by the deadline; and at
    the deadline (`Settings.endgame_rounds`) the end is your limit, not where you
    estimate theirs.
    """
    if your_latest is None or their_latest is None:
        return Offers()
    short = rounds_left is not None and rounds_left <= settings.endgame_rounds
    closing = rounds_left is not None and rounds_left <= settings.plan_steps
    if floor is not None:
        end, reason = floor, "your limit"
    else:
        end, reason = (your_latest + their_latest) / 2, "half the gap"
    if their_limit is not None and _better(d, their_limit, end) and not short:
        end, reason = their_limit, "their estimated limit"
    if _better(d, their_latest, end):
        end, reason = their_latest, "their offer"
    end = grid.snap(end)
    room = max(d * (your_latest - end), 0.0)
    rounds = max(rounds_left if rounds_left is not None else settings.plan_steps, 1)
    values: list[float] = []
    # The least step that still reaches the end by a known deadline: reciprocity may
    # slow the schedule down to it, never below (a 1-unit echo would never arrive).
    pace = room / rounds if rounds_left is not None else 0.0
    previous = math.inf
    if not closing:
        previous = max(min(step for step in (their_last_step, your_last_step, math.inf)
                           if step is not None), pace)
    current = your_latest
    for k in range(min(rounds, settings.plan_steps)):
        left = d * (current - end)
        if left <= 0:
            break
        step = left * (1 / (rounds - k)) ** (1 / settings.concession_curve)
        step = min(max(step, grid.step), max(previous, grid.step), left)
        following = grid.snap(current - d * step)
        if following == current:
            following = grid.snap(current - d * step, toward_you=False)
        if _better(d, end, following):
            following = end
        if following == current:
            break
        values.append(following)
        previous, current = d * (current - following), following
    return Offers(tuple(values), end, reason, room, pace)
