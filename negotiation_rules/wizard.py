"""``nrules init``: a few questions, then a commented situation file that always validates."""

from __future__ import annotations

import attrs
import click

from .loading import loads_situation
from .record import Record


@attrs.frozen(eq=False, repr=False)
class Answers(Record):
    """What the user told `nrules init`; None where they did not know.

    Attributes:
        side: seller or buyer.
        title: What is negotiated.
        unit: The label of the numbers.
        low: Bottom of the market range.
        high: Top of the market range.
        confidence: How sure they are of the range.
        target: What they aim for.
        reservation: Their walk-away point.
        alternative: Their best alternative, in words.
        status: How firm the alternative is.
        alternative_value: What the alternative is worth.
    """

    side: str = "seller"
    title: str = "My negotiation"
    unit: str = "USD"
    low: float | None = None
    high: float | None = None
    confidence: str = "medium"
    target: float | None = None
    reservation: float | None = None
    alternative: str | None = None
    status: str = "none"
    alternative_value: float | None = None


def _parse_amount(value: str) -> float | None:
    """A non-negative number (``150,000`` is fine), or blank for "I don't know"."""
    text = value.strip().replace(",", "").replace("_", "")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a number (leave it blank if you don't know)") from None
    if not 0 <= number < float("inf"):
        raise click.BadParameter("the number must be zero or more")
    return int(number) if number.is_integer() else number


def _amount(prompt: str) -> float | None:
    value: float | None = click.prompt(prompt, default="", value_proc=_parse_amount,
                                       show_default=False)
    return value


def ask() -> Answers:
    """Ask the questions on the terminal, re-asking what does not make sense."""
    side = click.prompt("Are you the seller (a higher number is better for you) or the buyer",
                        type=click.Choice(["seller", "buyer"]), default="seller")
    title = click.prompt("What is being negotiated", default="My negotiation")
    unit = click.prompt("Unit of the numbers", default="USD")
    while True:
        low = _amount("Market value, low end (blank if you don't know)")
        high = _amount("Market value, high end (blank if you don't know)")
        if low is None or high is None or low <= high:
            break
        click.echo("The low end must not be above the high end.", err=True)
    confidence = "none"
    if low is not None and high is not None:
        confidence = click.prompt("How sure are you of that range",
                                  type=click.Choice(["high", "medium", "low"]), default="medium")
    better = 1 if side == "seller" else -1
    while True:
        target = _amount("Your target (blank to skip)")
        reservation = _amount("Your walk-away point (blank to skip)")
        if target is None or reservation is None or better * (target - reservation) >= 0:
            break
        click.echo(f"As the {side}, your target cannot be worse than your walk-away point.",
                   err=True)
    alternative = click.prompt("Your best alternative if there is no deal (blank if none)",
                               default="", show_default=False).strip() or None
    status, worth = "none", None
    if alternative:
        status = click.prompt("How firm is it", default="possible",
                              type=click.Choice(["in_hand", "likely", "possible"]))
        worth = _amount("What is it worth, in the same unit (blank if unsure)")
    return Answers(side, title, unit, low, high, confidence, target, reservation, alternative,
                   status, worth)


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = "".join(
        "\\" + char if char in '"\\' else
        f"\\u{ord(char):04x}" if ord(char) < 0x20 or ord(char) == 0x7F else char
        for char in text)
    return f'"{escaped}"'


def _line(key: str, value: object, comment: str, example: object = 0) -> str:
    """``key = value  # comment``; when the value is unknown, commented out with an
    ``example`` that is valid once uncommented."""
    shown = example if value is None else value
    if isinstance(shown, str):
        text = _toml_string(shown)
    else:
        text = f"{shown:_}" if isinstance(shown, int) else repr(shown)
    assignment = f"{'# ' if value is None else ''}{key} = {text}"
    return assignment.ljust(24) + f"  # {comment}"


def _known(value: float | None) -> float:
    """The example for an unknown amount paired with ``value``: equal to it, so that
    uncommenting the example never makes low exceed high or a target worse than the
    walk-away point."""
    return 0 if value is None else value


def situation_toml(answers: Answers) -> str:
    """The answers as a commented schema-1 file (checked: it always loads)."""
    a = answers
    lines = [
        "# A negotiation situation for negotiation_rules (schema 1).",
        "# Check it:  nrules validate FILE      Use it:  nrules assess FILE",
        "# Anything left commented out is unknown; fill it in when you learn it.",
        "schema = 1",
        "",
        "[negotiation]",
        _line("title", a.title, "what is negotiated"),
        _line("side", a.side, "seller: higher is better for you; buyer: lower is"),
        _line("unit", a.unit, "label printed with every number"),
        '# stage = "preparation"   # preparation | opening | bargaining | closing',
        "",
        "[value]                   # what it is really worth",
        _line("low", a.low, "bottom of the credible market range", _known(a.high)),
        _line("high", a.high, "top of the credible market range", _known(a.low)),
        _line("confidence", a.confidence if a.low is not None and a.high is not None else None,
              "high | medium | low | none", "medium"),
        '# sources = ["a salary survey"]',
        "",
        "[you]",
        _line("target", a.target, "what you aim for", _known(a.reservation)),
        _line("reservation", a.reservation, "your walk-away point", _known(a.target)),
        '# need = "medium"         # low | medium | high | critical (you cannot walk away)',
        "",
    ]
    if a.alternative is None:
        lines += ["# [you.batna]             # your best alternative if there is no deal",
                  '# status = "possible"     # in_hand | likely | possible | none',
                  "# value = 0               # what it is worth"]
    else:
        lines += ["[you.batna]               # your best alternative if there is no deal",
                  _line("description", a.alternative, "what it is"),
                  _line("status", a.status, "in_hand | likely | possible | none"),
                  _line("value", a.alternative_value, "what it is worth")]
    lines += [
        "",
        "# [them]                  # your read of the other side",
        "# reservation = 0         # their walk-away point, as you estimate it",
        '# need = "unknown"        # low | medium | high | critical | unknown',
        '# batna = "unknown"       # strong | moderate | weak | none | unknown',
        "",
        "# [[moves]]               # what has happened so far, oldest first",
        '# by = "them"             # you | them',
        '# type = "offer"          # offer | final_offer | walk_threat | accept | reject',
        "# value = 0",
        "",
        "# [plan]                  # the move you are about to make",
        '# move = "offer"          # offer | threaten_walk | walk | accept | wait',
        "# value = 0",
        '# in_exchange_for = "..." # what you ask in return',
    ]
    text = "\n".join(lines) + "\n"
    loads_situation(text)  # a file init writes always validates
    return text
