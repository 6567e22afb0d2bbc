"""Field tests more than one layer's rules use (`P(known)`); their names show in the
conditions the trace and `--explain` print."""

from __future__ import annotations


def known(amount: object) -> bool:
    """Whether a number is given."""
    return amount is not None


def a_move_of_yours(tool: object) -> bool:
    """Whether the headline asks you to move: open or concede."""
    return tool in ("anchor", "concede")
