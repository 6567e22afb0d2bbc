"""Concession: moving toward a deal by trading, never by caving."""

from __future__ import annotations

from typing import Any

from .._experta import AS
from ..facts import Headline, Planned, Position, Table, Trades
from ..knowledge import rule


class ConcessionRules:
    """Rules about giving ground (codes CO)."""

    @rule("CO01", "concede.hold_unanswered",
          AS.table << Table(one_sided=True),
          principle="concede.pressure", tool="hold", priority=4)
    def hold_unanswered(self: Any, table: Any) -> None:
        """Hold: your recent concessions went unanswered; wait for them to move.

        Moving again now would confirm that pressure works; the next step is theirs.
        """
        self.advise(
            f"Hold at {self.money(table['your_latest'])}: your last {table['unanswered']} "
            "concessions got nothing back. Do not move again until they do.",
            unanswered=table["unanswered"], your_latest=table["your_latest"],
        )

    @rule("CO02", "concede.trade",
          AS.table << Table(you_offered=True, they_offered=True, crossed=False),
          principle="concede.trade", tool="concede", priority=7)
    def trade(self: Any, table: Any) -> None:
        """Concede by trading: both numbers are on the table with a gap between them.

        Someone has to move for a deal to happen; make every step you take buy a
        step from them.
        """
        self.advise(
            f"Close the gap of {self.money(table['gap'])} (you {self.money(table['your_latest'])}"
            f", they {self.money(table['their_latest'])}) by trading: each move you make should "
            "come with something you ask for in return.",
            gap=table["gap"], your_latest=table["your_latest"],
            their_latest=table["their_latest"],
        )

    @rule("CO03", "concede.wait_for_them",
          AS.table << Table(you_offered=True, they_offered=False),
          principle="concede.pressure", tool="hold", priority=8)
    def wait_for_them(self: Any, table: Any) -> None:
        """Hold: you have named a number and they have not answered with one.

        Improving your own offer before they make one is negotiating against
        yourself.
        """
        self.advise(
            f"Your offer of {self.money(table['your_latest'])} stands and they have not put a "
            "number on the table; ask for their counter-offer instead of improving yours.",
            your_latest=table["your_latest"],
        )

    @rule("CO04", "concede.caving",
          AS.planned << Planned(concession=True, asks_return=False),
          principle="concede.trade", risk="caving", severity="high")
    def caving(self: Any, planned: Any) -> None:
        """Warn when your planned concession asks for nothing in return.

        A free concession is a retreat: it teaches the other side to keep pushing
        and it buys you nothing.
        """
        self.advise(
            f"You plan to give {self.money(planned['size'])} (to {self.money(planned['value'])}) "
            "and ask nothing back; name what you want in exchange before you move.",
            size=planned["size"], planned=planned["value"],
        )

    @rule("CO05", "concede.one_sided",
          AS.table << Table(one_sided=True),
          principle="concede.pressure", risk="one_sided_concessions", severity="high")
    def one_sided(self: Any, table: Any) -> None:
        """Warn when your concessions in a row went unreciprocated.

        One-sided retreat teaches the other side that waiting you out works.
        """
        self.advise(
            f"Your last {table['unanswered']} concessions went unanswered; the pattern tells "
            "them pressure works.",
            unanswered=table["unanswered"],
        )

    @rule("CO06", "concede.escalating",
          AS.planned << Planned(escalating=True),
          principle="concede.pressure", risk="escalating_concessions", severity="medium")
    def escalating(self: Any, planned: Any) -> None:
        """Warn when your planned concession is larger than your previous one.

        Growing steps signal that there is much more room; shrinking steps signal
        you are near your limit.
        """
        self.advise(
            f"Your planned step of {self.money(planned['size'])} is larger than your previous "
            f"one ({self.money(planned['previous_size'])}); growing steps invite them to wait "
            "for more. Make each step smaller than the last.",
            size=planned["size"], previous_size=planned["previous_size"],
        )

    @rule("CO07", "concede.stalled",
          AS.table << Table(stalled=True),
          principle="concede.move", risk="stalled", severity="medium")
    def stalled(self: Any, table: Any) -> None:
        """Warn when neither side's number moved in the last round.

        With no give on either side talks stall; change what is on the table
        (terms, package, timing) rather than repeating the same number.
        """
        self.advise(
            f"Neither side moved in the last round (you {self.money(table['your_latest'])}, they "
            f"{self.money(table['their_latest'])}); repeating the same numbers will not close "
            "the gap. Change what is on the table, or turn to your alternative.",
            your_latest=table["your_latest"], their_latest=table["their_latest"],
        )

    @rule("CO08", "concede.past_reservation",
          AS.planned << Planned(past_reservation=True),
          AS.position << Position(),
          principle="walk.foundation", risk="past_reservation", severity="high")
    def past_reservation(self: Any, planned: Any, position: Any) -> None:
        """Warn when your planned offer is worse than your own walk-away point.

        Your walk-away point was set before the pressure of the room; an offer past
        it is a deal you decided in advance not to make.
        """
        self.advise(
            f"Your planned offer of {self.money(planned['value'])} is worse than your "
            f"walk-away point of {self.money(position['reservation'])}.",
            planned=planned["value"], reservation=position["reservation"],
        )

    @rule("CO09", "concede.ask_in_exchange",
          Headline(tool="concede"),
          AS.trades << Trades(),
          principle="concede.trade", tool="concede")
    def ask_in_exchange(self: Any, trades: Any) -> None:
        """Suggest what to ask for in exchange: terms you value less than they do.

        The cheapest trades give away what matters little to you and much to them.
        """
        names = ", ".join(trades["issues"])
        self.advise(
            f"For your next move, ask in return for: {names}. You rank these lower than they "
            "do, so they cost you little and are worth a lot to them.",
            issues=list(trades["issues"]),
        )
