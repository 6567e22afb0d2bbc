"""Thresholds the knowledge base uses and limits the loader enforces, with their defaults."""

from __future__ import annotations

from typing import Any

import attrs

from .errors import InconsistentField
from .record import Record


def _bounded(default: float, low: float, high: float) -> Any:
    """A field that must lie in [low, high]; the bounds also go into its JSON Schema."""

    def check(_: object, attribute: attrs.Attribute[Any], value: float) -> None:
        if not low <= value <= high:
            raise InconsistentField(attribute.name, f"must be from {low} to {high}, got {value}")

    return attrs.field(default=default, validator=check,
                       metadata={"minimum": low, "maximum": high})


@attrs.frozen(eq=False, repr=False)
class Settings(Record):
    """Tunable thresholds and input limits; override from the API or a ``[settings]`` table.

    Attributes:
        extreme_margin: How far past the far end of the credible range a first
            offer may go, as a fraction of that end (0.20 = 20 %), before it
            counts as extreme. The suggested opening range stops there too.
        unreciprocated_limit: How many of your concessions in a row may go
            unanswered before the advice is to hold.
        jump_factor: How many times their previous step a concession of theirs must be
            to count as a sudden large step.
        equal_step_tolerance: How close (as a fraction of the larger) two of your steps
            must be to count as equal.
        stall_rounds: How many rounds in a row neither side's offer may stay unchanged
            before a stall below your alternative means "walk" (sooner when time is short).
        endgame_rounds: How few rounds left count as the end: time is short, a stall is a
            decision and an offer inside your limits is taken.
        concession_curve: The shape of your concession schedule toward your limit: 1 is
            even steps, below 1 holds firm and gives late (Boulware), above 1 gives early
            in shrinking steps (Conceder).
        plan_steps: How many steps of the concession plan to show, and the steps it
            spreads your room over when no deadline is known.
        bolster_width: How far a suggested range offer reaches past its opening figure, as
            a fraction of the opening range (the way from the range's far end to the
            extreme margin), so that it reads the same for buyer and seller.
        max_file_bytes: The largest situation file or stream the loader reads.
        max_moves: The most moves a situation may list.
        max_string_length: The longest text any field may hold, in characters.
        max_issues: The most issues a situation may list.

    The four limits guard the loader; they are the caller's to set (pass
    ``Settings`` to `load_situation`), and a situation file cannot raise them.
    """

    extreme_margin: float = _bounded(0.20, 0.001, 10.0)
    unreciprocated_limit: int = _bounded(2, 1, 1000)
    jump_factor: float = _bounded(2.0, 1.1, 100.0)
    equal_step_tolerance: float = _bounded(0.1, 0.0, 0.5)
    stall_rounds: int = _bounded(2, 1, 1000)
    endgame_rounds: int = _bounded(1, 0, 1000)
    concession_curve: float = _bounded(1.0, 0.05, 20.0)
    plan_steps: int = _bounded(3, 1, 10)
    bolster_width: float = _bounded(0.25, 0.001, 1.0)
    max_file_bytes: int = _bounded(1 << 20, 1, 1 << 30)
    max_moves: int = _bounded(10_000, 1, 10_000_000)
    max_string_length: int = _bounded(2_000, 1, 1 << 20)
    max_issues: int = _bounded(1_000, 1, 1_000_000)


LIMITS = ("max_file_bytes", "max_moves", "max_string_length", "max_issues")
"""Settings a situation file may not set."""
