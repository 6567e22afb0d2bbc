"""Writing numbers the way the user wrote them: thousands separators and their unit."""

from __future__ import annotations


def format_amount(value: float, unit: str | None = None) -> str:
    """``125000, "USD"`` -> ``"125,000 USD"``; at most two decimals, none when whole."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    return f"{text} {unit}" if unit else text
