"""Concession: moving toward a deal by trading, never by caving."""

from __future__ import annotations

from typing import Any

from ..._experta import AS, P
from ...facts import Headline, Planned, Position, Proposal, Table, Verdicts
from ...knowledge import rule
from ..predicates import a_move_of_yours, known
from ..words import rounds

TEXTBOOK = "Lewicki, Barry & Saunders, Negotiation (textbook), on concession patterns"


def talks_on(tool: object) -> bool:
    return tool in ("concede", "hold", "anchor")


def concede_or_hold(tool: object) -> bool:
    return tool in ("concede", "hold")


class ConcessionRules:
    """Rules about giving ground (codes CO)."""

    @rule("CO17", "concede.hold_at_limit",
          AS.table << Table(), AS.position << Position(),
          Verdicts(crossed=True, acceptable=False),
          principle="walk.foundation", tool="hold", priority=4)
    def hold_at_limit(self: Any, table: Any, position: Any) -> None:
        """Hold: their offer meets your own latest, but both are worse than your limit.

        Closing a gap you created by crossing your own line is still a deal you
        decided in advance not to make.
        """
        self.advise(
            f"Do not accept: their offer of {self.money(table['their_latest'])} meets your "
            f"own latest offer, but both are worse than your limit of "
            f"{self.money(position['floor'])}. Go back to your limit, with a reason they "
            "can accept, such as a change in terms.",
            their_latest=table["their_latest"], floor=position["floor"],
        )

    @rule("CO01", "concede.hold_unanswered",
          AS.table << Table(), AS.proposal << Proposal(),
          Verdicts(one_sided=True, stall_lasted=False, closing=False),
          principle="concede.pressure", tool="hold", priority=4)
    def hold_unanswered(self: Any, table: Any, proposal: Any) -> None:
        """Hold: your recent concessions went unanswered; wait for them to move.

        Moving again now would confirm that pressure works; the next step is theirs.
        Once holding has stalled the talks for `stall_rounds`, it has done what it can;
        in the last `plan_steps` rounds there is no time left for it to work, and the
        schedule must reach your limit by the deadline.
        """
        self.advise(
            f"Hold at {self.money(proposal['hold_value'])}: your last {table['unanswered']} "
            "concessions got nothing back. Do not move again until they do.",
            unanswered=table["unanswered"], value=proposal["hold_value"],
        )

    @rule("CO02", "concede.trade",
          AS.table << Table(you_offered=True, they_offered=True),
          Verdicts(crossed=False, room_left=True),
          principle="concede.trade", tool="concede", priority=8)
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

    @rule("CO21", "concede.hold_no_room",
          AS.table << Table(you_offered=True, they_offered=True), AS.proposal << Proposal(),
          Verdicts(crossed=False, room_left=False),
          principle="walk.foundation", tool="hold", priority=8)
    def hold_no_room(self: Any, table: Any, proposal: Any) -> None:
        """Hold: there is a gap, but no room left to concede before your limit.

        At your limit the only trades left are on other terms; a further step on the
        number crosses the line you drew.
        """
        self.advise(
            f"Hold at {self.money(proposal['hold_value'])}: the gap to their "
            f"{self.money(table['their_latest'])} is {self.money(table['gap'])}, but there is "
            f"no room left to concede before {proposal['end_reason'] or 'your limit'}. Trade "
            "on other terms, or prepare to leave.",
            value=proposal["hold_value"], their_latest=table["their_latest"], gap=table["gap"],
        )

    @rule("CO22", "concede.break_the_stall",
          Headline(tool="concede"), AS.table << Table(),
          Verdicts(one_sided=True, stall_lasted=True),
          principle="concede.move", kind="recommendation")
    def break_the_stall(self: Any, table: Any) -> None:
        """Break a stall your hold has made with one traded step.

        Deals close only when someone moves: holding has shown them that pressure does
        not work, and a long stall now costs both sides the time left.
        """
        self.advise(
            f"Holding has kept both numbers still for {rounds(table['unchanged'])}: it has "
            "made its point. Make the step in the next move, and name what you want for it.",
            unchanged=table["unchanged"])

    @rule("CO03", "concede.wait_for_them",
          AS.table << Table(you_offered=True, they_offered=False),
          principle="concede.pressure", tool="hold", priority=9)
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
          AS.planned << Planned(asks_return=False), Verdicts(plan_concedes=True),
          principle="concede.trade", risk="caving", severity="high")
    def caving(self: Any, planned: Any) -> None:
        """Warn when your planned concession asks for nothing in return.

        A free concession is a retreat: it teaches the other side to keep pushing
        and it buys you nothing.
        """
        self.advise(
            f"You plan to give {self.money(planned['concession'])} (to "
            f"{self.money(planned['value'])}) and ask nothing back; name what you want in "
            "exchange before you move.",
            size=planned["concession"], planned=planned["value"],
        )

    @rule("CO05", "concede.one_sided",
          AS.table << Table(), Verdicts(one_sided=True),
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
          AS.planned << Planned(), Verdicts(plan_escalates=True),
          principle="concede.pressure", risk="escalating_concessions", severity="medium")
    def escalating(self: Any, planned: Any) -> None:
        """Warn when your planned concession is larger than your previous one.

        Growing steps signal that there is much more room; shrinking steps signal
        you are near your limit.
        """
        self.advise(
            f"Your planned step of {self.money(planned['concession'])} is larger than your "
            f"previous one ({self.money(planned['previous_size'])}); growing steps invite them "
            "to wait for more. Make each step smaller than the last.",
            size=planned["concession"], previous_size=planned["previous_size"],
        )

    @rule("CO07", "concede.stalled",
          AS.table << Table(), AS.position << Position(), Verdicts(stalled=True),
          principle="concede.move", risk="stalled", severity="medium")
    def stalled(self: Any, table: Any, position: Any) -> None:
        """Warn when neither side's number moved in the last round.

        With no give on either side talks stall; change what is on the table
        (terms, package, timing) rather than repeating the same number.
        """
        unchanged = table["unchanged"]
        self.advise(
            f"Neither side has moved for {rounds(unchanged)} (you "
            f"{self.money(table['your_latest'])}, they {self.money(table['their_latest'])}); "
            "repeating the same numbers will not close the gap. Change what is on the table "
            "(terms, a package, timing)"
            + ("." if position["batna"] == "none" else ", or turn to your alternative."),
            your_latest=table["your_latest"], their_latest=table["their_latest"],
            unchanged=unchanged,
        )

    @rule("CO08", "concede.past_reservation",
          AS.planned << Planned(), AS.position << Position(),
          Verdicts(plan_past_reservation=True),
          principle="walk.foundation", risk="past_reservation", severity="high")
    def past_reservation(self: Any, planned: Any, position: Any) -> None:
        """Warn when your plan commits you to a number worse than your own walk-away point.

        Your walk-away point was set before the pressure of the room; an offer or an
        acceptance past it is a deal you decided in advance not to make.
        """
        verb = "accept" if planned["move"] == "accept" else "offer"
        self.advise(
            f"You plan to {verb} {self.money(planned['value'])}, which is worse than your "
            f"walk-away point of {self.money(position['reservation'])}.",
            planned=planned["value"], reservation=position["reservation"],
        )

    @rule("CO18", "concede.own_offer_past_limit",
          AS.table << Table(), AS.position << Position(), Verdicts(yours_past_limit=True),
          principle="walk.foundation", risk="past_reservation", severity="high")
    def own_offer_past_limit(self: Any, table: Any, position: Any) -> None:
        """Warn when your own latest offer already crossed your limit.

        An offer on the table can be accepted; one past your limit binds you to a
        deal you decided not to make.
        """
        self.advise(
            f"Your latest offer, {self.money(table['your_latest'])}, is already worse than "
            f"your limit of {self.money(position['floor'])}; if they accept it you lose. "
            "Withdraw it, or take it back to your limit with a reason they can accept.",
            your_latest=table["your_latest"], floor=position["floor"],
        )

    @rule("CO10", "concede.read_their_steps",
          Headline(tool=P(concede_or_hold)),
          AS.table << Table(), Verdicts(limit_estimated=True),
          principle="concede.move", kind="note", source=TEXTBOOK)
    def read_their_steps(self: Any, table: Any) -> None:
        """Read their concessions for where their limit lies.

        Steps that get smaller signal a side approaching its limit (a pattern the
        negotiation textbooks describe); the estimate fits the path of their offers.
        """
        low, high = sorted((table["their_limit_low"], table["their_limit_high"]))
        self.advise(
            f"Their offers point to a limit near {self.money(table['their_limit'])} (between "
            f"{self.money(low)} and {self.money(high)}); the next move stops short of "
            "conceding past it.",
            their_limit=table["their_limit"], low=low, high=high,
        )

    @rule("CO12", "concede.pause_after_jump",
          AS.table << Table(), Verdicts(their_jump=True),
          principle="concede.pressure", kind="recommendation", source=TEXTBOOK)
    def pause_after_jump(self: Any, table: Any) -> None:
        """Pause after a sudden large step of theirs instead of matching it.

        A big jump after small steps often buys a big step back; pausing to ask what
        changed keeps the exchange even and shows you are not matched automatically.
        """
        last, before = table["their_steps"][-1], table["their_steps"][-2]
        self.advise(
            f"Their last step ({self.money(last)}) was far larger than the one before "
            f"({self.money(before)}). Ask what changed rather than matching it with a large "
            "step of your own.",
            last_step=last, previous_step=before,
        )

    @rule("CO13", "concede.equal_steps",
          AS.table << Table(), Verdicts(equal_steps=True),
          principle="concede.pressure", kind="recommendation", source=TEXTBOOK)
    def equal_steps(self: Any, table: Any) -> None:
        """Warn that equal-sized concessions teach them each push is worth the same again.

        Steps of one size promise another of that size; shrinking steps signal you
        are nearing your limit.
        """
        self.advise(
            f"Your last steps were the same size "
            f"({', '.join(self.money(step) for step in table['your_steps'][-2:])}): "
            "that tells them every push is worth the same again. Make each step smaller "
            "than the last.",
            your_steps=list(table["your_steps"]),
        )

    @rule("CO19", "concede.wait_planned",
          Planned(move="wait"),
          AS.headline << Headline(tool=P(a_move_of_yours)),
          principle="concede.move", kind="recommendation")
    def wait_planned(self: Any, headline: Any) -> None:
        """Critique a planned wait when the moment calls for a move of yours.

        Deals close only when someone moves; waiting when the next move is yours
        stalls the talks.
        """
        self.advise(
            f"You plan to wait, but the move is yours now ({headline['tool']}): waiting "
            "here reads as a stall. Make the move in the next-move line, in exchange for "
            "something.", headline=headline["tool"])

    @rule("CO23", "concede.accept_while_talking",
          AS.planned << Planned(move="accept"), AS.headline << Headline(tool=P(talks_on)),
          AS.table << Table(), Verdicts(acceptable=True),
          principle="toolkit.moment", kind="recommendation")
    def accept_while_talking(self: Any, planned: Any, headline: Any, table: Any) -> None:
        """Critique a planned acceptance inside your limits when the advice is to go on.

        An offer inside your limits is a deal you may take; accepting it early gives up
        what the next moves could still win.
        """
        gap = "" if table["gap"] is None else \
            f", and {self.money(table['gap'])} still separates it from your own offer"
        self.advise(
            f"You plan to accept {self.money(planned['value'])}. It is inside your limits, "
            f"so you can take it; but the advice now is to {headline['tool']}{gap}.",
            planned=planned["value"], headline=headline["tool"], gap=table["gap"])

    @rule("CO20", "concede.offer_while_holding",
          AS.planned << Planned(move="offer"), Headline(tool="hold"),
          AS.proposal << Proposal(hold_value=P(known)),
          principle="concede.pressure", kind="recommendation")
    def offer_while_holding(self: Any, planned: Any, proposal: Any) -> None:
        """Critique a planned offer when the advice is to hold.

        Moving while the next step is theirs teaches them that waiting pays.
        """
        self.advise(
            f"You plan to offer {self.money(planned['value'])}, but the next step is theirs: "
            f"hold at {self.money(proposal['hold_value'])} until they move.",
            planned=planned["value"], value=proposal["hold_value"],
        )
