"""Phrases more than one layer's messages use."""

from __future__ import annotations


def rounds(count: int) -> str:
    """``1 round``, ``2 rounds``."""
    return f"{count} round{'' if count == 1 else 's'}"
