"""The negotiation situation (schema 1) as frozen attrs classes.

The loader checks types and reports problems with field paths; the validators
here hold a situation built in Python to the same rules (enums, finite and
bounded numbers, consistency across fields), so `assess` can trust any
`Situation` it is given.
"""

from __future__ import annotations

import math
from typing import Any, Literal, NewType, get_args

import attrs

from .errors import InconsistentField
from .record import Record
from .settings import Settings

Amount = NewType("Amount", float)
"""A finite, non-negative number on the negotiation's scale, at most `MAX_AMOUNT`."""

MAX_AMOUNT = 10**15
"""The largest number a situation may hold (keeps arithmetic and JSON finite)."""
MIN_AMOUNT = 1e-9
"""The smallest non-zero number a situation may hold (smaller ones underflow arithmetic)."""

Side = Literal["seller", "buyer"]
Stage = Literal["preparation", "opening", "bargaining", "closing"]
Confidence = Literal["high", "medium", "low", "none"]
Need = Literal["low", "medium", "high", "critical"]
TheirNeed = Literal["low", "medium", "high", "critical", "unknown"]
BatnaStatus = Literal["in_hand", "likely", "possible", "none"]
TheirBatna = Literal["strong", "moderate", "weak", "none", "unknown"]
TheirInformation = Literal["more", "same", "less", "unknown"]
Priority = Literal["low", "medium", "high"]
Actor = Literal["you", "them"]
MoveType = Literal["offer", "final_offer", "walk_threat", "accept", "reject"]
PlanMove = Literal["offer", "threaten_walk", "walk", "accept", "wait",
                   "anchor", "counter", "concede"]
"""Planned moves; the last three are aliases that `Plan` turns into ``offer``."""

PLAN_ALIASES = {"anchor": "offer", "counter": "offer", "concede": "offer"}
OFFER_TYPES = frozenset({"offer", "final_offer"})


def _unalias(move: str) -> str:
    return PLAN_ALIASES.get(move, move)


def _one_of(kind: Any) -> Any:
    return attrs.validators.in_(get_args(kind))


def _check_number(_: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{attribute.name} must be a number, got {value!r}")
    if not (math.isfinite(value) and 0 <= value <= MAX_AMOUNT):
        raise ValueError(f"{attribute.name} must be finite, from 0 to {MAX_AMOUNT}, got {value}")


def _amount() -> Any:
    return attrs.field(default=None, validator=_check_number)


def _check_increment(instance: object, attribute: attrs.Attribute[Any],
                     value: float | None) -> None:
    _check_number(instance, attribute, value)
    if value is not None and value <= 0:
        raise InconsistentField(attribute.name, f"must be above 0, got {value}")


def _check_named(_: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """A name the advice can say: "ask for delivery", never "ask for ' '"."""
    if isinstance(value, str) and not value.strip():
        raise InconsistentField(attribute.name, "must not be blank")


@attrs.frozen(eq=False, repr=False)
class Negotiation(Record):
    """What is negotiated and from which side.

    Attributes:
        side: ``seller`` when a higher number is better for you, ``buyer`` when lower is.
        title: A name for the negotiation.
        unit: The label of every number (``USD``, ``USD/h``).
        stage: Where you are; when absent it is inferred from the moves.
        increment: The smallest meaningful step (1 for whole prices, 0.01 for cents);
            every number the advice proposes lies on this grid.
        rounds_left: Exchanges left before a hard deadline, when known (an automated
            negotiator's rounds); without it, `You.deadline_days` counts as rounds.
    """

    side: Side = attrs.field(validator=_one_of(Side))
    title: str | None = None
    unit: str | None = None
    stage: Stage | None = attrs.field(default=None,
                                      validator=attrs.validators.optional(_one_of(Stage)))
    increment: Amount | None = attrs.field(default=None, validator=_check_increment,
                                           metadata={"exclusiveMinimum": 0})
    rounds_left: int | None = _amount()


@attrs.frozen(eq=False, repr=False)
class Value(Record):
    """What you know of the real value.

    Attributes:
        low: Bottom of the credible market range.
        high: Top of the credible market range.
        confidence: How sure you are; defaults from the range and sources.
        sources: Where the range comes from.
    """

    low: Amount | None = _amount()
    high: Amount | None = _amount()
    confidence: Confidence | None = attrs.field(
        default=None, validator=attrs.validators.optional(_one_of(Confidence)))
    sources: tuple[str, ...] = ()

    @high.validator
    def _high_not_below_low(self, _: object, high: Amount | None) -> None:
        if high is not None and self.low is not None and high < self.low:
            raise InconsistentField("high", f"must be at least low ({self.low}), got {high}")

    @property
    def known(self) -> bool:
        """Whether both ends of the range are given."""
        return self.low is not None and self.high is not None

    @property
    def midpoint(self) -> float | None:
        """The middle of the range, when both ends are given."""
        if self.low is None or self.high is None:
            return None
        return (self.low + self.high) / 2

    @property
    def effective_confidence(self) -> Confidence:
        """The stated confidence, or medium for a sourced range, else none."""
        if self.confidence is not None:
            return self.confidence
        return "medium" if self.known and self.sources else "none"


@attrs.frozen(eq=False, repr=False)
class Batna(Record):
    """Your best alternative to a negotiated agreement.

    Attributes:
        status: How real it is: ``in_hand`` (signed), ``likely``, ``possible`` or ``none``.
        description: What it is.
        value: Its worth on the negotiation's scale.
    """

    status: BatnaStatus = attrs.field(validator=_one_of(BatnaStatus))
    description: str | None = None
    value: Amount | None = _amount()


@attrs.frozen(eq=False, repr=False)
class You(Record):
    """Your own position.

    Attributes:
        target: What you aspire to.
        reservation: Your walk-away point.
        need: How much you need this deal; ``critical`` means you cannot walk away.
        deadline_days: Days until you must conclude.
        batna: Your alternative; absent means you have none.
    """

    target: Amount | None = _amount()
    reservation: Amount | None = _amount()
    need: Need = attrs.field(default="medium", validator=_one_of(Need))
    deadline_days: int | None = _amount()
    batna: Batna | None = None

    @property
    def batna_status(self) -> BatnaStatus:
        return self.batna.status if self.batna is not None else "none"

    @property
    def batna_value(self) -> Amount | None:
        return self.batna.value if self.batna is not None else None


@attrs.frozen(eq=False, repr=False)
class Them(Record):
    """Your read of the other side.

    Attributes:
        reservation: Your estimate of their walk-away point.
        need: How much they need the deal.
        batna: How strong their alternative looks.
        deadline_days: Days until they must conclude.
        information: How much they know of the real value, compared with you.
    """

    reservation: Amount | None = _amount()
    need: TheirNeed = attrs.field(default="unknown", validator=_one_of(TheirNeed))
    batna: TheirBatna = attrs.field(default="unknown", validator=_one_of(TheirBatna))
    deadline_days: int | None = _amount()
    information: TheirInformation = attrs.field(default="unknown",
                                                validator=_one_of(TheirInformation))


@attrs.frozen(eq=False, repr=False)
class Issue(Record):
    """A term other than the number that can be traded.

    Attributes:
        name: What it is.
        your_priority: How much it matters to you.
        their_priority: How much you believe it matters to them.
    """

    name: str = attrs.field(validator=_check_named)
    your_priority: Priority = attrs.field(default="medium", validator=_one_of(Priority))
    their_priority: Priority = attrs.field(default="medium", validator=_one_of(Priority))


@attrs.frozen(eq=False, repr=False)
class Move(Record):
    """One thing that happened, oldest first.

    Attributes:
        by: Who moved.
        type: What kind of move.
        value: The number offered (required for offers).
        got: What the move bought in return.
        note: Free text.
    """

    by: Actor = attrs.field(validator=_one_of(Actor))
    type: MoveType = attrs.field(validator=_one_of(MoveType))
    value: Amount | None = _amount()
    got: str | None = None
    note: str | None = None

    @value.validator
    def _offers_have_value(self, _: object, value: Amount | None) -> None:
        if value is None and self.type in OFFER_TYPES:
            raise InconsistentField("value", f"is required for a move of type {self.type!r}")

    @property
    def is_offer(self) -> bool:
        return self.type in OFFER_TYPES


@attrs.frozen(eq=False, repr=False)
class Plan(Record):
    """The move you are about to make; the rules critique it.

    Attributes:
        move: ``offer`` (``anchor``, ``counter`` and ``concede`` are aliases),
            ``threaten_walk``, ``walk``, ``accept`` or ``wait``.
        value: The number, for an offer.
        in_exchange_for: What you ask in return.
    """

    move: PlanMove = attrs.field(converter=_unalias, validator=_one_of(PlanMove))
    value: Amount | None = _amount()
    in_exchange_for: str | None = None

    @value.validator
    def _offer_has_value(self, _: object, value: Amount | None) -> None:
        if value is None and self.move == "offer":
            raise InconsistentField("value", "is required when the planned move is an offer")


def _direction(side: Side) -> int:
    return 1 if side == "seller" else -1


@attrs.frozen(eq=False, repr=False)
class Situation(Record):
    """A whole negotiation situation, as read from a schema-1 file.

    Attributes:
        negotiation: What is negotiated and from which side.
        schema: The file format's version; only 1 exists.
        value: What you know of the real value.
        you: Your position.
        them: Your read of the other side.
        issues: Other terms that can be traded.
        moves: What has happened, oldest first.
        plan: The move you are about to make.
        settings: Thresholds for this situation.
    """

    negotiation: Negotiation
    schema: Literal[1] = 1
    value: Value = Value()
    you: You = attrs.field(default=You())
    them: Them = Them()
    issues: tuple[Issue, ...] = ()
    moves: tuple[Move, ...] = ()
    plan: Plan | None = None
    settings: Settings = Settings()

    @you.validator
    def _target_not_worse_than_reservation(self, _: object, you: You) -> None:
        if you.target is None or you.reservation is None:
            return
        if _direction(self.negotiation.side) * (you.target - you.reservation) < 0:
            relation = "below" if self.negotiation.side == "seller" else "above"
            raise InconsistentField(
                "you.target",
                f"a {self.negotiation.side}'s target ({you.target}) cannot be {relation} "
                f"their reservation ({you.reservation})",
            )

    @property
    def direction(self) -> int:
        """+1 when higher numbers are better for you (seller), -1 when lower are."""
        return _direction(self.negotiation.side)

    @property
    def stage(self) -> Stage:
        """The stated stage, else preparation before any move and bargaining after."""
        if self.negotiation.stage is not None:
            return self.negotiation.stage
        return "bargaining" if self.moves else "preparation"
