"""Measure: from a situation to the numbers the rules judge, and the metrics the answer reports.

Numbers only: ledgers, gaps, margins, time left, the estimate of their limit and the
candidate numbers of a next move. Nothing here compares a number with a threshold or
decides advice; the judge rules do (`rules.judge`). Margins are *scores*: the
difference times +1 for a seller and -1 for a buyer, so a positive margin is always
good for you and the same situation seen from the other side measures the same.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import attrs

from .amounts import scale_of
from .facts import Planned, Position, Proposal, Table, Thresholds, Trades
from .limits import LimitEstimate, estimate_limit
from .proposals import (
    Grid,
    concession_offers,
    grid_figures,
    is_round,
    opening,
    significant_figures,
)
from .record import Record
from .situation import Situation

Leverage = Literal["yours", "theirs", "balanced", "unknown"]

_NEED = {"low": 0, "medium": 1, "high": 2, "critical": 3}
_YOUR_BATNA_WEAKNESS = {"in_hand": 0, "likely": 1, "possible": 2, "none": 3}
_THEIR_BATNA_WEAKNESS = {"strong": 0, "moderate": 1, "weak": 2, "none": 3}
_PRIORITY = {"low": 0, "medium": 1, "high": 2}


@attrs.frozen(eq=False, repr=False)
class Concession(Record):
    """An offer that moved toward the other side.

    Attributes:
        move: Index of the move in the history.
        size: How far it moved.
        reciprocated: Whether the other side conceded since this side's previous
            concession, or the move records what it got.
    """

    move: int
    size: float
    reciprocated: bool


@attrs.frozen(eq=False, repr=False)
class Ledger(Record):
    """One side's offers and concessions, oldest first.

    Attributes:
        offers: Every offer's value.
        concessions: The offers that moved toward the other side.
    """

    offers: tuple[float, ...] = ()
    concessions: tuple[Concession, ...] = ()


@attrs.frozen(eq=False, repr=False)
class Metrics(Record):
    """Numbers measured from the situation, and the verdicts the answer reports.

    Attributes:
        informed: Whether the value range is known with medium or high confidence.
        walk_credible: Whether you could really walk away now.
        leverage: Who needs the deal less: ``yours``, ``theirs``, ``balanced`` or ``unknown``.
        gap: How far apart the latest offers are (negative once they have crossed).
        zopa: The zone of possible agreement between the two reservations, if known and not empty.
        stalled: Whether neither side's offer changed in the last round.
        unanswered: Your concessions since their last one.
        you: Your ledger.
        them: Their ledger.
        their_limit: Where their concessions point, with an interval, when they have made
            enough offers to tell.
        rounds_left: Exchanges left before the deadline, when known.
    """

    informed: bool
    walk_credible: bool
    leverage: Leverage
    gap: float | None
    zopa: tuple[float, float] | None
    stalled: bool
    unanswered: int
    you: Ledger
    them: Ledger
    their_limit: LimitEstimate | None = None
    rounds_left: int | None = None


class Measured(NamedTuple):
    """What `measure` returns: the facts to declare and the numbers the metrics need."""

    facts: tuple[object, ...]
    leverage: Leverage
    gap: float | None
    zopa: tuple[float, float] | None
    unanswered: int
    you: Ledger
    them: Ledger
    their_limit: LimitEstimate | None
    rounds_left: int | None
    scale: float | None


class _History(NamedTuple):
    you: Ledger
    them: Ledger
    unanswered: int
    their_type: str | None
    threatened: bool


def _ledgers(situation: Situation) -> _History:
    """Both ledgers in one pass, your unanswered streak, their latest offer's type, and
    whether you have threatened to walk."""
    d = situation.direction
    offers: dict[str, list[float]] = {"you": [], "them": []}
    concessions: dict[str, list[Concession]] = {"you": [], "them": []}
    # Whether the *other* side conceded since this side's previous concession.
    answered = {"you": False, "them": False}
    unanswered = 0
    their_type: str | None = None
    threatened = False
    for index, move in enumerate(situation.moves):
        if move.type == "walk_threat" and move.by == "you":
            threatened = True
        if move.value is None or not move.is_offer:
            continue
        other = "them" if move.by == "you" else "you"
        own = offers[move.by]
        toward = -1 if move.by == "you" else 1  # the score change of a concession
        if own and (move.value - own[-1]) * d * toward > 0:
            reciprocated = answered[move.by] or move.got is not None
            concessions[move.by].append(Concession(index, abs(move.value - own[-1]), reciprocated))
            answered[move.by] = False
            answered[other] = True
            if move.by == "you":
                unanswered = 0 if reciprocated else unanswered + 1
            else:
                unanswered = 0
        own.append(move.value)
        if move.by == "them":
            their_type = move.type
    return _History(Ledger(tuple(offers["you"]), tuple(concessions["you"])),
                    Ledger(tuple(offers["them"]), tuple(concessions["them"])),
                    unanswered, their_type, threatened)


def _repeats(offers: tuple[float, ...]) -> int:
    """How many times in a row the latest offer repeats the one before."""
    count = 0
    for later, earlier in zip(reversed(offers), reversed(offers[:-1]), strict=False):
        if later != earlier:
            break
        count += 1
    return count


def _deadline(yours: int | None, theirs: int | None) -> str:
    """Whose deadline comes first: theirs_sooner, yours_sooner, same or unknown."""
    if yours is None or theirs is None:
        return "unknown"
    if yours == theirs:
        return "same"
    return "theirs_sooner" if theirs < yours else "yours_sooner"


def _leverage(situation: Situation) -> Leverage:
    them, you = situation.them, situation.you
    if them.need == "unknown" and them.batna == "unknown":
        return "unknown"
    yours = _NEED[you.need] + _YOUR_BATNA_WEAKNESS[you.batna_status]
    theirs = _NEED.get(them.need, 1) + _THEIR_BATNA_WEAKNESS.get(them.batna, 1)
    if you.deadline_days is not None and them.deadline_days is not None:
        yours += you.deadline_days < them.deadline_days
        theirs += them.deadline_days < you.deadline_days
    if yours == theirs:
        return "balanced"
    return "yours" if yours < theirs else "theirs"


def _margin(d: int, a: float | None, b: float | None) -> float | None:
    """How much better a is than b for you (negative: worse), when both are known."""
    return None if a is None or b is None else d * (a - b)


def _best(d: int, *amounts: float | None) -> float | None:
    known = [a for a in amounts if a is not None]
    return max(known, key=lambda a: d * a) if known else None


def measure(situation: Situation) -> Measured:
    """Measure a situation (linear in the number of moves)."""
    d = situation.direction
    negotiation, value, you, them = (situation.negotiation, situation.value, situation.you,
                                     situation.them)
    settings = situation.settings
    history = _ledgers(situation)
    yours, theirs = history.you, history.them
    your_latest = yours.offers[-1] if yours.offers else None
    their_latest = theirs.offers[-1] if theirs.offers else None
    their_first = theirs.offers[0] if theirs.offers else None

    # An alternative counts at its value once it is firm (in hand or likely); a merely
    # possible one is a hope, and "none" is nothing to go to.
    batna_value = you.batna_value if you.batna_status in ("in_hand", "likely") else None
    # Your limit: the walk-away point, or a firm alternative if that is better.
    floor = _best(d, you.reservation, batna_value)
    near_end = far_end = None  # the ends of the range on their side and on yours
    if value.known:
        near_end, far_end = (value.low, value.high) if d > 0 else (value.high, value.low)
    rounds_left = negotiation.rounds_left if negotiation.rounds_left is not None \
        else you.deadline_days
    grid = Grid.of(situation)
    unchanged = min(_repeats(yours.offers), _repeats(theirs.offers))

    # Their limit lies no further your way than your own offer or the range's far end,
    # unless they have already offered more.
    ceiling = [a for a in (far_end, your_latest) if a is not None]
    bound = _best(d, min(ceiling, key=lambda a: d * a), their_latest) if ceiling else None
    limit = estimate_limit(theirs.offers, d, bound=bound, rounds_left=rounds_left,
                           increment=grid.step) if theirs.offers else None
    estimate = limit if isinstance(limit, LimitEstimate) else None
    best_end = None if estimate is None else _best(d, estimate.low, estimate.high)
    gap = _margin(d, your_latest, their_latest)
    zopa = None
    if them.reservation is not None and you.reservation is not None \
            and d * (them.reservation - you.reservation) >= 0:
        zopa = (min(you.reservation, them.reservation), max(you.reservation, them.reservation))

    open_numbers = opening(d, far_end, you.target, floor, settings, grid)
    offers = concession_offers(
        d=d, your_latest=your_latest, their_latest=their_latest, floor=floor,
        their_limit=None if estimate is None else estimate.value,
        their_last_step=theirs.concessions[-1].size if theirs.concessions else None,
        your_last_step=yours.concessions[-1].size if yours.concessions else None,
        rounds_left=rounds_left, settings=settings, grid=grid)
    your_steps = tuple(c.size for c in yours.concessions)
    their_steps = tuple(c.size for c in theirs.concessions)
    leverage = _leverage(situation)
    # The magnitude every number is written at (see `amounts.format_amount`).
    scale = scale_of([value.low, value.high, you.target, you.reservation, batna_value,
                      *yours.offers, *theirs.offers])

    position = Position.of(
        side=negotiation.side, direction=d, unit=negotiation.unit,
        increment=negotiation.increment, grid=grid.step, stage=situation.stage,
        confidence=value.effective_confidence, known=value.known,
        low=value.low, high=value.high, near_end=near_end, far_end=far_end,
        target=you.target, reservation=you.reservation, floor=floor,
        need=you.need, batna=you.batna_status, batna_value=batna_value,
        reservation_margin=_margin(d, you.reservation, batna_value),
        leverage=leverage, their_reservation=them.reservation,
        their_reservation_margin=_margin(d, them.reservation, floor),
        their_information=them.information,
        deadline=_deadline(you.deadline_days, them.deadline_days),
        your_deadline=you.deadline_days, their_deadline=them.deadline_days,
        rounds_left=rounds_left, rounds_known=negotiation.rounds_left, scale=scale,
    )
    table = Table.of(
        you_offered=your_latest is not None, they_offered=their_latest is not None,
        your_latest=your_latest, their_latest=their_latest, their_first=their_first,
        their_type=history.their_type, gap=gap,
        over_target=_margin(d, their_latest, you.target),
        over_floor=_margin(d, their_latest, floor),
        over_reservation=_margin(d, their_latest, you.reservation),
        over_batna=_margin(d, their_latest, batna_value),
        over_any_alternative=_margin(
            d, their_latest, you.batna_value if you.batna_status != "none" else None),
        yours_over_floor=_margin(d, your_latest, floor),
        anchor_pull=_margin(d, near_end, their_first),
        unchanged=unchanged, unanswered=history.unanswered,
        threatened=history.threatened,
        their_steps=their_steps, your_steps=your_steps,
        their_limit=None if estimate is None else estimate.value,
        their_limit_low=None if estimate is None else estimate.low,
        their_limit_high=None if estimate is None else estimate.high,
        their_limit_best=best_end, limit_margin=_margin(d, best_end, floor),
        limit_reason=getattr(limit, "reason", None),
    )
    proposal = Proposal.of(
        open_from=open_numbers.start, open_to=open_numbers.end,
        open_value=open_numbers.value, open_bolster=open_numbers.bolster,
        open_figures=significant_figures(open_numbers.value) if open_numbers.value else None,
        open_round=open_numbers.value is not None and is_round(open_numbers.value, grid.fine),
        open_limit=open_numbers.limit,
        extreme_limit=open_numbers.extreme, open_margin=open_numbers.margin,
        hold_value=_hold_value(d, your_latest, floor, grid), accept_value=their_latest,
        next_offer=offers.values[0] if offers.values else None,
        steps=offers.values, concession_end=offers.end, end_reason=offers.end_reason,
        room=offers.room, pace=offers.pace,
    )
    facts: list[object] = [Thresholds.of(**{
        name: getattr(settings, name)
        for name in ("extreme_margin", "unreciprocated_limit", "jump_factor",
                     "equal_step_tolerance", "stall_rounds", "endgame_rounds", "plan_steps")}),
        position, table, proposal, _trades(situation)]
    if situation.plan is not None:
        facts.append(_planned(situation, yours, their_latest, floor, batna_value, far_end,
                              open_numbers.extreme, grid))
    return Measured(tuple(facts), leverage, gap, zopa, history.unanswered, yours, theirs,
                    estimate, rounds_left, scale)


def _hold_value(d: int, your_latest: float | None, floor: float | None,
                grid: Grid) -> float | None:
    """Where to stand: your latest offer, or your limit if that offer already crossed it."""
    if your_latest is not None and floor is not None and d * (your_latest - floor) < 0:
        return grid.snap(floor)
    return your_latest


def _trades(situation: Situation) -> Trades:
    """What to give (cheap for you, dear to them) and what to ask for (the reverse)."""
    def ranked(sign: int) -> tuple[str, ...]:
        gaps = [(sign * (_PRIORITY[i.their_priority] - _PRIORITY[i.your_priority]), index, i.name)
                for index, i in enumerate(situation.issues)]
        return tuple(name for gap, _, name in sorted(gaps, key=lambda g: (-g[0], g[1]))
                     if gap > 0)

    give, ask = ranked(1), ranked(-1)
    # A term listed twice, once on each side, is neither given nor asked for.
    both = set(give) & set(ask)
    return Trades.of(give=tuple(n for n in give if n not in both),
                     ask=tuple(n for n in ask if n not in both))


def _planned(situation: Situation, yours: Ledger, their_latest: float | None,
             floor: float | None, batna_value: float | None, far_end: float | None,
             extreme: float | None, grid: Grid) -> Planned:
    """What the planned move commits you to, measured against your numbers."""
    plan, you, value, d = situation.plan, situation.you, situation.value, situation.direction
    assert plan is not None
    if extreme is not None and grid.explicit:
        # On the situation's own grid the margin counts to the nearest value it allows
        # (an opening one step past 200.8 on a grid of 5 is 200, not a stretch).
        extreme = grid.snap(extreme)
    your_latest = yours.offers[-1] if yours.offers else None
    # The number the plan commits to: the offer, or their offer when you accept it.
    amount = plan.value if plan.move == "offer" else their_latest if plan.move == "accept" \
        else None
    offer = plan.value if plan.move == "offer" else None
    first_offer = offer is not None and your_latest is None
    moved = _margin(d, your_latest, offer)  # > 0: a concession of that size
    modest_floor = None
    if first_offer:  # the better of target and mid-range, but no further than credible
        modest_floor = _best(d, you.target, value.midpoint)
        if modest_floor is not None and extreme is not None and d * (modest_floor - extreme) > 0:
            modest_floor = extreme
    return Planned.of(
        move=plan.move, value=amount, in_exchange_for=plan.in_exchange_for,
        first_offer=first_offer,
        concession=moved if moved is not None and moved > 0 else None,
        previous_size=yours.concessions[-1].size if yours.concessions else None,
        asks_return=bool(plan.in_exchange_for and plan.in_exchange_for.strip()),
        over_floor=_margin(d, amount, floor),
        over_reservation=_margin(d, amount, you.reservation),
        over_batna=_margin(d, amount, batna_value),
        over_modest=_margin(d, offer, modest_floor) if first_offer else None,
        modest_floor=modest_floor,
        past_extreme=_margin(d, offer, extreme) if first_offer else None,
        far_end=far_end, extreme_limit=extreme,
        figures=significant_figures(offer) if first_offer and offer else None,
        grid_figures=grid_figures(offer, grid.step)
        if first_offer and offer and grid.explicit else None,
    )
