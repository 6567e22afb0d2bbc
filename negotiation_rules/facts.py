"""The experta fact types the rules match on, and the pattern helpers rules use.

Python derives these from a situation (see `derive`); rules only read them.
Every field holds a hashable value; booleans are the conditions rules test,
numbers are there for the messages and the evidence. Custom rules may match
on these types: their field names are part of the public contract. ``AS``,
``NOT``, ``TEST``, ``L`` and ``P`` are experta's, re-exported so that custom
rules need not import experta themselves.
"""

from __future__ import annotations

from typing import ClassVar, Self

from ._experta import AS, NOT, TEST, Fact, L, P

__all__ = ["AS", "MEANINGS", "NOT", "TEST", "Headline", "L", "P", "Planned", "Position", "Table",
           "Trades"]


class _Derived(Fact):  # type: ignore[misc]
    """A fact built from already hashable values."""

    @classmethod
    def of(cls, **fields: object) -> Self:
        """Build the fact without experta's per-field ``freeze()``, which costs ~1.5 us a
        field and is a no-op for the scalars and tuples `derive` produces."""
        fact = cls()
        dict.update(fact, fields)
        return fact


class Position(_Derived):
    """Your standing before any number is said.

    Fields: ``side``, ``direction`` (+1 seller, -1 buyer), ``unit``, ``stage``,
    ``informed``, ``confidence``,
    ``low``, ``high``, ``far_end`` (the end of the range that favours you),
    ``extreme_limit`` (how far past it an opening may go), ``target``,
    ``reservation``, ``need``, ``batna`` (status), ``batna_firm`` (in hand or
    likely), ``batna_in_hand``, ``batna_value``,
    ``walk_credible``, ``leverage`` (yours | theirs | balanced | unknown),
    ``their_reservation``, ``reservation_below_batna``, ``no_zopa``,
    ``their_information`` (more | same | less | unknown), ``deadline``
    (theirs_sooner | yours_sooner | same | unknown), ``your_deadline``,
    ``their_deadline``, ``open_from`` (the ambitious end to open from; the range runs
    to ``extreme_limit``),
    ``open_precise`` (a precise opening figure), ``bolster_to`` (the far end of a
    range offer that starts there).
    """

    FIELDS: ClassVar[frozenset[str]] = frozenset({
        "batna", "batna_firm", "batna_in_hand", "batna_value", "bolster_to", "confidence",
        "deadline", "direction", "extreme_limit", "far_end", "high", "informed", "leverage",
        "low", "need", "no_zopa", "open_from", "open_precise", "reservation",
        "reservation_below_batna", "side", "stage", "target", "their_deadline",
        "their_information", "their_reservation", "unit", "walk_credible", "your_deadline"})


class Table(_Derived):
    """What is on the table: the offers so far and what they add up to.

    Fields: ``you_offered``, ``they_offered``, ``your_latest``,
    ``their_latest``, ``their_first``, ``gap``, ``crossed``,
    ``they_meet_target``, ``their_final``, ``final_acceptable``,
    ``final_below_reservation``, ``below_credible_batna``, ``stalled``,
    ``unanswered`` (your concessions since their last), ``one_sided``,
    ``their_anchor_outside``, ``you_bluffed``, ``their_steps`` and ``your_steps``
    (concession sizes), ``their_shrinking``, ``their_limit`` and ``fit_ratio`` (where
    their shrinking steps point), ``their_jump`` (their last step far larger than the one before),
    ``equal_steps`` (your last two steps about equal), ``room`` (distance from your
    latest offer to your walk-away point), ``step_plan`` (shrinking steps within it) and
    ``has_step_plan``.
    """

    FIELDS: ClassVar[frozenset[str]] = frozenset({
        "below_credible_batna", "crossed", "equal_steps", "final_acceptable",
        "final_below_reservation", "fit_ratio", "gap", "has_step_plan", "one_sided", "room",
        "stalled", "step_plan", "their_anchor_outside", "their_final", "their_first",
        "their_jump", "their_latest", "their_limit", "their_shrinking", "their_steps",
        "they_meet_target", "they_offered", "unanswered", "you_bluffed", "you_offered",
        "your_latest", "your_steps"})


class Planned(_Derived):
    """The move you are about to make, and what it amounts to.

    Fields: ``move``, ``value``, ``first_offer``, ``concession``, ``size``,
    ``previous_size``, ``asks_return``, ``escalating``, ``past_reservation``,
    ``offer_below_batna``, ``accept_below_batna``, ``modest``, ``modest_floor``,
    ``extreme``, ``in_exchange_for``, ``round_number`` (a first offer with three
    significant figures or fewer), ``precise_value`` (a precise figure near it).
    """

    FIELDS: ClassVar[frozenset[str]] = frozenset({
        "accept_below_batna", "asks_return", "concession", "escalating", "extreme", "first_offer",
        "in_exchange_for", "modest", "modest_floor", "move", "offer_below_batna",
        "past_reservation", "precise_value", "previous_size", "round_number", "size", "value"})


class Trades(_Derived):
    """Terms you rank lower than they do: what to ask for in exchange. Field: ``issues``."""

    FIELDS: ClassVar[frozenset[str]] = frozenset({"issues"})


class Headline(Fact):  # type: ignore[misc]
    """Declared by the one headline rule that fires. Field: ``tool``."""

    FIELDS: ClassVar[frozenset[str]] = frozenset({"tool"})


MEANINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Position.stage": ("the stage", ()),
    "Position.informed": ("you know the value well enough", ("confidence", "low", "high")),
    "Position.need": ("how much you need the deal", ()),
    "Position.batna": ("your alternative", ("batna_value",)),
    "Position.batna_firm": ("your alternative is in hand or likely", ("batna",)),
    "Position.batna_in_hand": ("your alternative is in hand", ("batna",)),
    "Position.walk_credible": ("you could really walk away",
                               ("need", "batna", "batna_value")),
    "Position.leverage": ("who needs the deal less", ()),
    "Position.reservation_below_batna": ("your walk-away point is worse than your alternative",
                                         ("reservation", "batna_value")),
    "Position.no_zopa": ("their estimated limit is worse than yours",
                         ("their_reservation", "reservation")),
    "Table.you_offered": ("you have made an offer", ("your_latest",)),
    "Table.they_offered": ("they have made an offer", ("their_latest",)),
    "Table.crossed": ("their offer meets your own latest", ("their_latest", "your_latest")),
    "Table.they_meet_target": ("their offer meets your target", ("their_latest",)),
    "Table.their_final": ("their latest offer is final", ("their_latest",)),
    "Table.final_acceptable": ("their final offer is as good as your limits",
                               ("their_latest", "their_final")),
    "Table.final_below_reservation": ("their final offer is worse than your walk-away point",
                                      ("their_latest", "their_final")),
    "Table.below_credible_batna": ("their offer is worse than an alternative you can take",
                                   ("their_latest",)),
    "Table.stalled": ("neither side moved in the last round", ("your_latest", "their_latest")),
    "Table.one_sided": ("your recent concessions went unanswered", ("unanswered",)),
    "Table.their_anchor_outside": ("their opening lies outside the credible range",
                                   ("their_first",)),
    "Table.you_bluffed": ("you threatened a walk you cannot take", ()),
    "Planned.move": ("the planned move", ()),
    "Planned.first_offer": ("the plan is your first offer", ("value",)),
    "Planned.concession": ("the plan is a concession", ("value", "size")),
    "Planned.asks_return": ("the plan asks for something in return", ("in_exchange_for",)),
    "Planned.escalating": ("the planned step is larger than your last",
                           ("size", "previous_size")),
    "Planned.modest": ("the planned opening is less ambitious than it should be",
                       ("value", "modest_floor")),
    "Planned.extreme": ("the planned opening is beyond the extreme margin", ("value",)),
    "Planned.past_reservation": ("the planned offer is worse than your walk-away point",
                                 ("value",)),
    "Planned.offer_below_batna": ("the planned offer is worse than your alternative",
                                  ("value",)),
    "Planned.accept_below_batna": ("accepting now gets less than your alternative", ()),
    "Headline.tool": ("the headline tool", ()),
    "Position.their_information": ("how much they know of the value, against you", ()),
    "Position.deadline": ("whose deadline comes first", ("your_deadline", "their_deadline")),
    "Table.their_jump": ("their last step is far larger than the one before",
                         ("their_steps",)),
    "Table.equal_steps": ("your last two steps were about equal", ("your_steps",)),
    "Table.their_shrinking": ("their concessions are shrinking", ("their_steps",)),
    "Table.has_step_plan": ("there is room left before your walk-away point", ("room",)),
    "Planned.round_number": ("the planned opening is a round number", ("value",)),
}
"""``Fact.field`` -> what it means in words, and the fields that explain its value.

`why_not` reads conditions back to the user with these; a test keeps every field a
built-in rule tests in here.
"""
