"""From a situation to the facts the rules match on, and the metrics the answer reports.

All comparisons run on a *score*: the number times +1 for a seller and -1 for
a buyer, so "better for you" is always "higher score". One pass over the moves
builds both sides' ledgers; nothing here decides advice.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import attrs

from .estimates import LimitEstimate, fit_limit, is_round, precise, step_plan
from .facts import Planned, Position, Table, Trades
from .situation import Situation

Leverage = Literal["yours", "theirs", "balanced", "unknown"]

_NEED = {"low": 0, "medium": 1, "high": 2, "critical": 3}
_YOUR_BATNA_WEAKNESS = {"in_hand": 0, "likely": 1, "possible": 2, "none": 3}
_THEIR_BATNA_WEAKNESS = {"strong": 0, "moderate": 1, "weak": 2, "none": 3}
_PRIORITY = {"low": 0, "medium": 1, "high": 2}


@attrs.frozen
class Concession:
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


@attrs.frozen
class Ledger:
    """One side's offers and concessions, oldest first.

    Attributes:
        offers: Every offer's value.
        concessions: The offers that moved toward the other side.
    """

    offers: tuple[float, ...] = ()
    concessions: tuple[Concession, ...] = ()


@attrs.frozen
class Metrics:
    """Numbers derived from the situation that the answer reports.

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
        their_limit: Where their shrinking concessions point, when they do.
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


class Derived(NamedTuple):
    """What `derive` returns: the facts to declare and the metrics to report."""

    facts: tuple[object, ...]
    metrics: Metrics


def _ledgers(situation: Situation) -> tuple[Ledger, Ledger, int, str | None, bool]:
    """Both ledgers in one pass, your unanswered streak, their latest offer's type, and
    whether you have threatened to walk."""
    d = situation.direction
    offers: dict[str, list[float]] = {"you": [], "them": []}
    concessions: dict[str, list[Concession]] = {"you": [], "them": []}
    # Whether the *other* side conceded since this side's previous concession.
    answered = {"you": False, "them": False}
    unanswered = 0
    their_type: str | None = None
    bluffed = False
    for index, move in enumerate(situation.moves):
        if move.type == "walk_threat" and move.by == "you":
            bluffed = True
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
    you = Ledger(tuple(offers["you"]), tuple(concessions["you"]))
    them = Ledger(tuple(offers["them"]), tuple(concessions["them"]))
    return you, them, unanswered, their_type, bluffed


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


class _Scale(NamedTuple):
    """Comparisons from your side: +1 when higher is better for you (seller), -1 when lower."""

    direction: int

    def worse(self, a: float | None, b: float | None) -> bool:
        """Whether both are known and a is worse for you than b."""
        return a is not None and b is not None and self.direction * (a - b) < 0

    def at_least(self, a: float | None, b: float | None) -> bool:
        """Whether both are known and a is at least as good for you as b."""
        return a is not None and b is not None and self.direction * (a - b) >= 0

    def best(self, *amounts: float | None) -> float | None:
        """The best known amount for you, if any."""
        known = [a for a in amounts if a is not None]
        return max(known, key=lambda a: self.direction * a) if known else None


def derive(situation: Situation) -> Derived:
    """Derive the facts and metrics of a situation (linear in the number of moves)."""
    scale = _Scale(situation.direction)
    d = situation.direction
    value, you, them = situation.value, situation.you, situation.them

    yours, theirs, unanswered, their_type, threatened = _ledgers(situation)
    your_latest = yours.offers[-1] if yours.offers else None
    their_latest = theirs.offers[-1] if theirs.offers else None
    their_first = theirs.offers[0] if theirs.offers else None

    informed = value.known and value.effective_confidence in ("high", "medium")
    batna_value = you.batna_value
    walk_credible = (
        you.need != "critical"
        and (you.batna_status == "in_hand" or you.need == "low")
        and not scale.at_least(their_latest, batna_value)
    )
    stalled = all(len(ledger.offers) >= 2 and ledger.offers[-1] == ledger.offers[-2]
                  for ledger in (yours, theirs))
    gap = None
    if your_latest is not None and their_latest is not None:
        gap = d * (your_latest - their_latest)
    zopa = None
    if them.reservation is not None and you.reservation is not None \
            and scale.at_least(them.reservation, you.reservation):
        zopa = (min(you.reservation, them.reservation), max(you.reservation, them.reservation))
    their_final = their_type == "final_offer"
    near_end = value.low if d > 0 else value.high  # the end of the range on their side
    far_end = value.high if d > 0 else value.low
    settings = situation.settings
    extreme_limit = open_from = open_precise = bolster_to = None
    if far_end is not None:
        extreme_limit = far_end * (1 + d * settings.extreme_margin)
        # The ambitious end: your target if it is beyond the range, never past the limit.
        open_from = scale.best(far_end, you.target)
        if scale.worse(extreme_limit, open_from):
            open_from = extreme_limit
        assert open_from is not None
        open_precise = precise(open_from, d)
        bolster_to = precise(open_precise * (1 + d * settings.bolster_width), d)
    their_steps = [c.size for c in theirs.concessions]
    your_steps = [c.size for c in yours.concessions]
    limit = fit_limit(their_steps, their_latest, d) if their_latest is not None else None
    room = None
    if your_latest is not None and you.reservation is not None:
        room = max(d * (your_latest - you.reservation), 0)
    plan = () if room is None else step_plan(room, your_steps[-1] if your_steps else None,
                                             settings.plan_steps)

    position = Position.of(
        side=situation.negotiation.side,
        direction=d,
        unit=situation.negotiation.unit,
        stage=situation.stage,
        informed=informed,
        confidence=value.effective_confidence,
        low=value.low,
        high=value.high,
        far_end=far_end,
        extreme_limit=extreme_limit,
        target=you.target,
        reservation=you.reservation,
        need=you.need,
        batna=you.batna_status,
        batna_firm=you.batna_status in ("in_hand", "likely"),
        batna_in_hand=you.batna_status == "in_hand",
        batna_value=batna_value,
        walk_credible=walk_credible,
        leverage=_leverage(situation),
        their_reservation=them.reservation,
        reservation_below_batna=scale.worse(you.reservation, batna_value),
        no_zopa=scale.worse(them.reservation, you.reservation),
        their_information=them.information,
        deadline=_deadline(you.deadline_days, them.deadline_days),
        your_deadline=you.deadline_days,
        their_deadline=them.deadline_days,
        open_from=open_from,
        open_precise=open_precise,
        bolster_to=bolster_to,
    )
    table = Table.of(
        you_offered=your_latest is not None,
        they_offered=their_latest is not None,
        your_latest=your_latest,
        their_latest=their_latest,
        their_first=their_first,
        gap=gap,
        crossed=scale.at_least(their_latest, your_latest),
        they_meet_target=scale.at_least(their_latest, you.target),
        their_final=their_final,
        final_acceptable=their_final
        and (you.reservation is not None or batna_value is not None)
        and not scale.worse(their_latest, you.reservation)
        and not scale.worse(their_latest, batna_value),
        final_below_reservation=their_final and scale.worse(their_latest, you.reservation),
        below_credible_batna=walk_credible and scale.worse(their_latest, batna_value),
        stalled=stalled,
        unanswered=unanswered,
        one_sided=unanswered >= settings.unreciprocated_limit,
        their_anchor_outside=value.known and scale.worse(their_first, near_end),
        you_bluffed=threatened and not walk_credible,
        their_steps=tuple(their_steps),
        their_shrinking=limit is not None,
        their_limit=None if limit is None else limit.value,
        fit_ratio=None if limit is None else limit.ratio,
        their_jump=len(their_steps) >= 2
        and their_steps[-1] >= settings.jump_factor * their_steps[-2],
        equal_steps=len(your_steps) >= 2
        and abs(your_steps[-1] - your_steps[-2])
        <= settings.equal_step_tolerance * max(your_steps[-2:]),
        your_steps=tuple(your_steps),
        room=room,
        step_plan=plan,
        has_step_plan=bool(plan),
    )
    facts: list[object] = [position, table]
    if situation.plan is not None:
        facts.append(_planned(situation, scale, yours, their_latest, extreme_limit))
    tradeable = sorted(
        (issue for issue in situation.issues
         if _PRIORITY[issue.your_priority] < _PRIORITY[issue.their_priority]),
        key=lambda issue: _PRIORITY[issue.your_priority] - _PRIORITY[issue.their_priority],
    )
    if tradeable:
        facts.append(Trades.of(issues=tuple(issue.name for issue in tradeable)))

    metrics = Metrics(
        their_limit=limit,
        informed=informed,
        walk_credible=walk_credible,
        leverage=position["leverage"],
        gap=gap,
        zopa=zopa,
        stalled=stalled,
        unanswered=unanswered,
        you=yours,
        them=theirs,
    )
    return Derived(tuple(facts), metrics)


def _planned(situation: Situation, scale: _Scale, yours: Ledger, their_latest: float | None,
             extreme_limit: float | None) -> Planned:
    """What the planned move amounts to: first offer or concession, and how it compares."""
    plan, you, value = situation.plan, situation.you, situation.value
    assert plan is not None
    offer = plan.value if plan.move == "offer" else None
    your_latest = yours.offers[-1] if yours.offers else None
    first_offer = offer is not None and your_latest is None
    concession = scale.worse(offer, your_latest)
    size = abs(offer - your_latest) if offer is not None and your_latest is not None else None
    previous_size = yours.concessions[-1].size if yours.concessions else None
    modest_floor = None
    if first_offer:
        modest_floor = scale.best(you.target, value.midpoint)
    return Planned.of(
        move=plan.move,
        value=offer,
        in_exchange_for=plan.in_exchange_for,
        first_offer=first_offer,
        concession=concession,
        size=size if concession else None,
        previous_size=previous_size,
        asks_return=bool(plan.in_exchange_for and plan.in_exchange_for.strip()),
        escalating=concession and size is not None and previous_size is not None
        and size > previous_size,
        past_reservation=scale.worse(offer, you.reservation),
        offer_below_batna=scale.worse(offer, you.batna_value),
        accept_below_batna=plan.move == "accept" and scale.worse(their_latest, you.batna_value),
        modest=first_offer and scale.worse(offer, modest_floor),
        modest_floor=modest_floor,
        extreme=first_offer and scale.worse(extreme_limit, offer),
        round_number=first_offer and offer is not None and is_round(offer),
        precise_value=None if offer is None else precise(offer, situation.direction),
    )
