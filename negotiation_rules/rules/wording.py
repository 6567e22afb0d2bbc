"""Phrases more than one rule module uses."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def packages(money: Callable[[float], str], number: float, issues: Sequence[str],
             plain_number: float) -> str:
    """Two or three offers made together: your number with one of the issues you rank
    lower than they do given away, or a number better for them with nothing else."""
    options = [f"{money(number)}, and you give way on {issue}" for issue in issues[:2]]
    options.append(f"{money(plain_number)} with nothing else")
    listed = "; ".join(f"({chr(ord('a') + i)}) {text}" for i, text in enumerate(options))
    return (f"Put {len(options)} packages on the table at once and let them choose: {listed}. "
            "Adjust them until you would be equally happy with any; their choice tells you "
            "what they value.")
