"""Concession: moving toward a deal by trading, never by caving."""

from __future__ import annotations

from typing import Any

from .._experta import AS
from ..amounts import format_amount
from ..estimates import precise
from ..facts import Headline, Planned, Position, Table, Trades
from ..knowledge import rule
from .wording import packages

TEXTBOOK = "Lewicki, Barry & Saunders, Negotiation (textbook), on concession patterns"


def _steps(steps: Any) -> str:
    """Step sizes as a list in words."""
    return ", ".join(format_amount(step) for step in steps)


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

    @rule("CO10", "concede.read_their_steps",
          Headline(tool="concede"),
          AS.table << Table(their_shrinking=True),
          principle="concede.move", tool="concede", source=TEXTBOOK)
    def read_their_steps(self: Any, table: Any) -> None:
        """Read their shrinking concessions as a sign of where their limit lies.

        Steps that get smaller signal a side approaching its limit (a pattern the
        negotiation textbooks describe). Our estimate fits a geometric decay to the
        steps and adds up the steps still to come.
        """
        self.advise(
            f"Their steps are shrinking ({_steps(table['their_steps'])}): fitted as a "
            f"geometric decay (each step about {table['fit_ratio']:.0%} of the one before), "
            f"they would stop near {self.money(table['their_limit'])}. Trade toward that, "
            "not past it.",
            their_steps=list(table["their_steps"]), ratio=table["fit_ratio"],
            their_limit=table["their_limit"],
        )

    @rule("CO11", "concede.hold_near_their_limit",
          Headline(tool="hold"),
          AS.table << Table(their_shrinking=True),
          principle="concede.pressure", tool="hold", source=TEXTBOOK)
    def hold_near_their_limit(self: Any, table: Any) -> None:
        """While holding, read their shrinking steps for where they will stop.

        Shrinking steps say they are nearing their limit; knowing roughly where it
        is tells you whether waiting can still gain anything.
        """
        self.advise(
            f"While you hold: their steps are shrinking ({_steps(table['their_steps'])}), "
            f"which points to a limit near {self.money(table['their_limit'])} (a geometric "
            "decay fitted to the steps).",
            their_steps=list(table["their_steps"]), their_limit=table["their_limit"],
        )

    @rule("CO12", "concede.pause_after_jump",
          AS.table << Table(their_jump=True),
          principle="concede.pressure", kind="recommendation", source=TEXTBOOK)
    def pause_after_jump(self: Any, table: Any) -> None:
        """Pause after a sudden large step of theirs instead of matching it.

        A big jump after small steps often buys a big step back; pausing to ask what
        changed keeps the exchange even and shows you are not matched automatically.
        """
        last, before = table["their_steps"][-1], table["their_steps"][-2]
        self.advise(
            f"Their last step ({self.money(last)}) was far larger than the one before "
            f"({self.money(before)}). Pause and ask what changed rather than matching it "
            "with a large step of your own.",
            last_step=last, previous_step=before,
        )

    @rule("CO13", "concede.equal_steps",
          AS.table << Table(equal_steps=True),
          principle="concede.pressure", kind="recommendation", source=TEXTBOOK)
    def equal_steps(self: Any, table: Any) -> None:
        """Warn that equal-sized concessions teach them each push is worth the same again.

        Steps of one size promise another of that size; shrinking steps signal you
        are nearing your limit.
        """
        self.advise(
            f"Your last steps were the same size ({_steps(table['your_steps'][-2:])}): "
            "that tells them every push is worth the same again. Make each step smaller "
            "than the last.",
            your_steps=list(table["your_steps"]),
        )

    @rule("CO14", "concede.step_plan",
          Headline(tool="concede"),
          AS.table << Table(has_step_plan=True),
          principle="concede.trade", tool="concede", source=TEXTBOOK)
    def step_plan(self: Any, table: Any) -> None:
        """Plan shrinking steps that stay within the room left to your walk-away point.

        Deciding the sizes in advance keeps each concession smaller than the last and
        keeps the total short of your walk-away point, whatever the pressure.
        """
        steps = table["step_plan"]
        plan = " then ".join(self.money(step) for step in steps)
        self.advise(
            f"Plan your next steps now: {plan} ({self.money(sum(steps))} in all, within the "
            f"{self.money(table['room'])} left before your walk-away point), each one "
            "traded for something.",
            step_plan=list(steps), room=table["room"],
        )

    @rule("CO15", "concede.packages",
          Headline(tool="concede"),
          AS.table << Table(),
          AS.position << Position(),
          AS.trades << Trades(),
          principle="concede.trade", tool="concede",
          source="Leonardelli, Gu, McRuer, Medvec & Galinsky 2019")
    def move_with_packages(self: Any, table: Any, position: Any, trades: Any) -> None:
        """Suggest moving with two or three equivalent packages rather than one number.

        Offers made together that are worth the same to you let them reveal what
        they value, instead of trading one issue at a time (Leonardelli et al. 2019).
        """
        number, direction = table["your_latest"], position["direction"]
        plain = precise(number - direction * (table["gap"] / 4), direction)
        self.advise(packages(self.money, number, trades["issues"], plain),
                    number=number, plain_number=plain, issues=list(trades["issues"]))

    @rule("CO16", "concede.their_clock",
          Headline(tool="hold"),
          AS.position << Position(deadline="theirs_sooner"),
          principle="walk.least_need", kind="note",
          source="Carnevale & Lawler 1986")
    def hold_on_their_clock(self: Any, position: Any) -> None:
        """Note that their deadline comes first, so holding costs them more than you.

        Time pressure makes a side concede faster (Carnevale & Lawler 1986, Journal
        of Conflict Resolution); the side with the nearer deadline feels it first.
        """
        self.advise(
            f"Their deadline ({position['their_deadline']} days) comes before yours "
            f"({position['your_deadline']} days): waiting costs them more than you.",
            their_deadline=position["their_deadline"], your_deadline=position["your_deadline"],
        )
