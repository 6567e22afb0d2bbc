"""The experta fact types the rules match on, layer by layer, and the pattern helpers rules use.

Measured facts (`Thresholds`, `Position`, `Table`, `Proposal`, `Trades`, `Planned`) hold
numbers and the user's own words, never a verdict. The judge rules turn them into one
`Verdicts` fact; the advise rules read verdicts and declare the `Headline`; the propose
rules build one `Candidate` next move, which the guard rules may revise. Custom rules
may match on these types: their field names are part of the public contract. ``AS``,
``MATCH``, ``NOT``, ``TEST``, ``L`` and ``P`` are experta's, re-exported so that custom
rules need not import experta themselves.
"""

from __future__ import annotations

from typing import ClassVar, Self

from ._experta import AS, MATCH, NOT, TEST, Fact, L, P

__all__ = ["AS", "MATCH", "NOT", "TEST", "Candidate", "Headline", "L", "P", "Planned",
           "Position", "Proposal", "Table", "Thresholds", "Trades", "Verdicts"]


class _PlainFact(Fact):  # type: ignore[misc]
    """A fact built from already hashable values."""

    FIELDS: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def of(cls, **fields: object) -> Self:
        """Build the fact without experta's per-field ``freeze()``, which costs ~1.5 us a
        field and is a no-op for the scalars and tuples the engine declares."""
        fact = cls()
        dict.update(fact, fields)
        return fact


def _fields(doc: str) -> frozenset[str]:
    """The ``name`` words of a fact type's docstring: its fields, documented once."""
    import re

    return frozenset(re.findall(r"``([a-z_]+)``", doc.partition("Fields:")[2]))


class Thresholds(_PlainFact):
    """The settings the judge rules compare numbers with, so explanations can cite them.

    Fields: ``extreme_margin``, ``unreciprocated_limit``, ``jump_factor``,
    ``equal_step_tolerance``, ``stall_rounds``, ``endgame_rounds``, ``plan_steps``.
    """


class Position(_PlainFact):
    """Your standing before any number is said.

    Fields: ``side``, ``direction`` (+1 seller, -1 buyer), ``unit``, ``increment``, ``grid``
    (the step proposed numbers are rounded to: the increment, or one from the situation's
    own numbers), ``stage``, ``confidence``, ``known`` (both ends of the range given),
    ``low``, ``high``, ``near_end`` and ``far_end`` (the ends of the range on their side and
    on yours), ``target``, ``reservation``, ``floor`` (your limit: the walk-away point, or a
    firm alternative if better), ``need``, ``batna`` (status), ``batna_value`` (the
    alternative's value once it is firm: in hand or likely), ``reservation_margin`` (walk-
    away point minus alternative, as a score), ``leverage`` (yours | theirs | balanced |
    unknown), ``their_reservation``, ``their_reservation_margin`` (their stated limit
    against yours), ``their_information`` (more | same | less | unknown), ``deadline``
    (theirs_sooner | yours_sooner | same | unknown), ``your_deadline``, ``their_deadline``,
    ``rounds_left`` (rounds, or days as rounds), ``rounds_known`` (rounds left as the
    situation counts them, when it does), ``scale`` (the largest amount given: the magnitude
    numbers are written at).
    """


class Table(_PlainFact):
    """What is on the table: the offers so far and how they compare with your numbers.

    Margins are scores: positive is better for you. Fields: ``you_offered``,
    ``they_offered``, ``your_latest``, ``their_latest``, ``their_first``, ``their_type``
    (offer | final_offer), ``gap``, ``over_target``, ``over_floor``, ``over_reservation``,
    ``over_batna``, ``over_any_alternative`` (against an alternative of any status, for
    whether walking would gain anything), ``yours_over_floor``, ``anchor_pull`` (how far
    their first offer lies outside the range on their side), ``unchanged`` (rounds in a row
    neither side's offer changed), ``unanswered`` (your concessions since their last),
    ``threatened`` (you threatened to walk), ``their_steps`` and ``your_steps`` (concession
    sizes), ``their_limit``, ``their_limit_low``, ``their_limit_high``, ``their_limit_best``
    (the end of that interval best for you), ``limit_margin`` (that end against your limit)
    and ``limit_reason`` (why there is no estimate).
    """


class Proposal(_PlainFact):
    """The numbers a next move can use, none worse than your limit.

    Fields: ``open_from`` and ``open_to`` (the opening range), ``open_value`` (a precise
    figure in it), ``open_figures`` (its significant figures), ``open_round`` (whether
    it is round all the same: a range too narrow for a precise one), ``open_bolster``
    (the far end of a range offer from it), ``extreme_limit``, ``open_margin`` (the
    extreme opening against your limit), ``open_limit`` (your limit on the grid),
    ``hold_value``, ``accept_value``, ``next_offer``,
    ``steps`` (the next offers), ``concession_end``, ``end_reason``, ``room``, ``pace``
    (the least step that reaches the end by a known deadline).
    """


class Trades(_PlainFact):
    """Terms besides the number. Fields: ``give`` (terms you rank lower than they do:
    cheap for you, dear to them) and ``ask`` (terms you rank higher than they do)."""


class Planned(_PlainFact):
    """The move you are about to make, measured against your numbers.

    Fields: ``move``, ``value`` (the offer, or their offer when you plan to accept),
    ``in_exchange_for``, ``first_offer``, ``concession`` (its size, when it moves toward
    them), ``previous_size``, ``asks_return``, ``over_floor``, ``over_reservation``,
    ``over_batna``, ``over_modest``, ``modest_floor``, ``past_extreme``, ``far_end``,
    ``extreme_limit``, ``figures`` (significant figures of a first offer),
    ``grid_figures`` (the figures it has written to the situation's increment; none
    without one).
    """


class Verdicts(_PlainFact):
    """The judge layer's conclusions: one boolean field per verdict the knowledge base
    judges (`KnowledgeBase.verdicts`); a verdict no rule could judge is false."""


class Headline(_PlainFact):
    """Declared by the one headline rule that fires. Fields: ``tool``, ``rule``."""

    FIELDS: ClassVar[frozenset[str]] = frozenset({"tool", "rule"})


class Candidate(_PlainFact):
    """The next move the propose rules built, as the guard rules may revise it.

    Fields: ``action``, ``value``, ``low``, ``high``, ``give``, ``ask_for``,
    ``packages``, ``steps``, ``rules``.
    """


for _type in (Thresholds, Position, Table, Proposal, Trades, Planned, Candidate):
    _type.FIELDS = _fields(_type.__doc__ or "")
