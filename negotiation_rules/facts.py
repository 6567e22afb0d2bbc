"""The experta fact types the rules match on, and the pattern helpers rules use.

Python derives these from a situation (see `derive`); rules only read them.
Every field holds a hashable value; booleans are the conditions rules test,
numbers are there for the messages and the evidence. Custom rules may match
on these types: their field names are part of the public contract. ``AS``,
``NOT``, ``TEST``, ``L`` and ``P`` are experta's, re-exported so that custom
rules need not import experta themselves.
"""

from __future__ import annotations

from ._experta import AS, NOT, TEST, Fact, L, P

__all__ = ["AS", "NOT", "TEST", "Headline", "L", "P", "Planned", "Position", "Table", "Trades"]


class Position(Fact):  # type: ignore[misc]
    """Your standing before any number is said.

    Fields: ``side``, ``unit``, ``stage``, ``informed``, ``confidence``,
    ``low``, ``high``, ``far_end`` (the end of the range that favours you),
    ``extreme_limit`` (how far past it an opening may go), ``target``,
    ``reservation``, ``need``, ``batna`` (status), ``batna_firm`` (in hand or
    likely), ``batna_in_hand``, ``batna_value``,
    ``walk_credible``, ``leverage`` (yours | theirs | balanced | unknown),
    ``their_reservation``, ``reservation_below_batna``, ``no_zopa``.
    """


class Table(Fact):  # type: ignore[misc]
    """What is on the table: the offers so far and what they add up to.

    Fields: ``you_offered``, ``they_offered``, ``your_latest``,
    ``their_latest``, ``their_first``, ``gap``, ``crossed``,
    ``they_meet_target``, ``their_final``, ``final_acceptable``,
    ``final_below_reservation``, ``below_credible_batna``, ``stalled``,
    ``unanswered`` (your concessions since their last), ``one_sided``,
    ``their_anchor_outside``, ``you_bluffed``.
    """


class Planned(Fact):  # type: ignore[misc]
    """The move you are about to make, and what it amounts to.

    Fields: ``move``, ``value``, ``first_offer``, ``concession``, ``size``,
    ``previous_size``, ``asks_return``, ``escalating``, ``past_reservation``,
    ``offer_below_batna``, ``accept_below_batna``, ``modest``, ``modest_floor``,
    ``extreme``, ``in_exchange_for``.
    """


class Trades(Fact):  # type: ignore[misc]
    """Terms you rank lower than they do: what to ask for in exchange. Field: ``issues``."""


class Headline(Fact):  # type: ignore[misc]
    """Declared by the one headline rule that fires. Field: ``tool``."""
