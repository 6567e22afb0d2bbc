"""The negotiation on a number line: where every number of an assessment sits."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from .amounts import format_amount
from .assessment import Assessment


class Mark(NamedTuple):
    """One number on the line.

    Attributes:
        letter: Its marker on the drawing.
        label: What it is, in words.
        value: Where it sits.
        side: Whose number it is: ``you``, ``them`` or ``market``.
    """

    letter: str
    label: str
    value: float
    side: str


class NumberLine(NamedTuple):
    """The numbers of an assessment, ready to draw.

    Attributes:
        marks: The numbers, ascending.
        market: The credible range, when known.
        zopa: The zone of possible agreement, when known.
        higher_is_better: Whether a higher number is better for you (a seller).
        unit: The unit of every number.
        increment: The grid of meaningful values, when the situation gives one.
    """

    marks: tuple[Mark, ...]
    market: tuple[float, float] | None
    zopa: tuple[float, float] | None
    higher_is_better: bool
    unit: str | None
    increment: float | None = None

    @property
    def span(self) -> tuple[float, float]:
        values = [m.value for m in self.marks]
        values += [*(self.market or ()), *(self.zopa or ())]
        return min(values), max(values)

    def amount(self, value: float) -> str:
        """A number of the line as the rest of the answer writes it (without the unit)."""
        low, high = self.span
        return format_amount(value, increment=self.increment, scale=max(abs(low), abs(high)))


def number_line(assessment: Assessment) -> NumberLine | None:
    """The assessment's numbers, or None when it has none to place."""
    position, planned = assessment.fields_of("Position"), assessment.fields_of("Planned")
    metrics = assessment.metrics
    candidates = [
        ("T", "your target", position.get("target"), "you"),
        ("R", "your walk-away", position.get("reservation"), "you"),
        ("A", "your alternative", position.get("batna_value"), "you"),
        ("Y", "your latest offer", metrics.you.offers[-1] if metrics.you.offers else None, "you"),
        ("P", "you plan to accept" if planned.get("move") == "accept" else "your planned offer",
         planned.get("value"), "you"),
        ("E", "their limit (your estimate)", position.get("their_reservation"), "them"),
        ("O", "their latest offer",
         metrics.them.offers[-1] if metrics.them.offers else None, "them"),
    ]
    marks = sorted((Mark(letter, label, value, side)
                    for letter, label, value, side in candidates if value is not None),
                   key=lambda m: (m.value, m.letter))
    low, high = position.get("low"), position.get("high")
    market = (low, high) if low is not None and high is not None else None
    if not marks and market is None:
        return None
    return NumberLine(tuple(marks), market, metrics.zopa, position.get("side") == "seller",
                      assessment.unit, position.get("increment"))


_STYLES = {"you": {"fg": "green", "bold": True}, "them": {"fg": "red", "bold": True},
           "market": {"fg": "cyan"}, "zopa": {"fg": "yellow"}}


def draw(line: NumberLine, width: int = 80, color: bool = False) -> list[str]:
    """The number line as text lines that fit ``width`` columns."""
    import click

    def paint(text: str, kind: str) -> str:
        return click.style(text, **_STYLES[kind]) if color else text  # type: ignore[arg-type]

    low, high = line.span
    left, right = f"{line.amount(low)} ", f" {line.amount(high)}"
    inner = max(width - 2 - len(left) - len(right), 10)
    scale: Callable[[float], int] = (lambda v: 0) if high == low else \
        (lambda v: round((v - low) / (high - low) * (inner - 1)))

    axis = ["-"] * inner
    if line.market is not None:
        start, end = scale(line.market[0]), scale(line.market[1])
        axis[start:end + 1] = ["="] * (end - start + 1)
        axis[start], axis[end] = "[", "]"
    markers = [" "] * inner
    taken = -1
    for mark in line.marks:
        column = min(max(scale(mark.value), taken + 1), inner - 1)
        markers[column] = paint(mark.letter, mark.side)
        taken = column
    rows = [left + paint("".join(axis), "market") + right,
            " " * len(left) + "".join(markers).rstrip()]
    if line.zopa is not None:
        start, end = scale(line.zopa[0]), scale(line.zopa[1])
        zone = "<" + "~" * max(end - start - 1, 0) + ">" if end > start else "^"
        label = " ZOPA" if end - start < 8 else ""
        column = len(left) + start
        if label and column + len(zone) + len(label) > width - 2:  # no room on the right
            rows.append(" " * (column - len(label)) + label.strip() + " " + paint(zone, "zopa"))
        else:
            rows.append(" " * column + paint(zone, "zopa") + label)

    better = "higher" if line.higher_is_better else "lower"
    unit = f"{line.unit}; " if line.unit else ""
    legend = [(f"{m.letter} {m.label} {line.amount(m.value)}",
               f"{paint(m.letter, m.side)} {m.label} {line.amount(m.value)}")
              for m in line.marks]
    if line.market is not None:
        text = f"market {line.amount(line.market[0])}-{line.amount(line.market[1])}"
        legend.append((f"[=] {text}", f"{paint('[=]', 'market')} {text}"))
    if line.zopa is not None:
        text = f"zone of agreement {line.amount(line.zopa[0])}-{line.amount(line.zopa[1])}"
        legend.append((f"<~> {text}", f"{paint('<~>', 'zopa')} {text}"))
    import textwrap  # a long unit must not push the heading past the width

    heading = textwrap.wrap(f"Number line ({unit}{better} is better for you):", width,
                            subsequent_indent="  ", break_on_hyphens=False)
    return [*heading, *(f"  {row}" for row in rows), *_wrap(legend, width - 2)]


def _wrap(items: list[tuple[str, str]], width: int) -> list[str]:
    """Legend items joined by " · ", never broken inside an item; widths from plain text."""
    lines, plain, painted = [], "", ""
    for text, styled in items:
        if plain and len(plain) + 3 + len(text) > width:
            lines.append(f"  {painted}")
            plain, painted = "", ""
        plain += (" · " if plain else "") + text
        painted += (" · " if painted else "") + styled
    return [*lines, f"  {painted}"] if plain else lines
