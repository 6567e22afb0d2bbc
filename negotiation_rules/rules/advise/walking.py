"""Walking away: your alternative, your leverage, and never bluffing."""

from __future__ import annotations

from typing import Any

from ..._experta import AS, NOT, P
from ...facts import Headline, Planned, Position, Table, Verdicts
from ...knowledge import rule
from ..words import rounds


def not_in_hand(status: object) -> bool:
    return status != "in_hand"


def still_talking(tool: object) -> bool:
    """Whether the headline keeps the negotiation going (neither walk nor accept)."""
    return tool not in ("walk_away", "accept")


class WalkingRules:
    """Rules about your alternative and the power to say no (codes WA)."""

    @rule("WA01", "walk.final_below_batna",
          AS.table << Table(their_type="final_offer"), AS.position << Position(),
          Verdicts(below_alternative=True, walk_credible=True),
          principle="walk.foundation", tool="walk_away", priority=2)
    def final_below_batna(self: Any, table: Any, position: Any) -> None:
        """Walk away: their final offer is worse than an alternative you can really take.

        Saying yes to less than you can get elsewhere is a loss you chose; your
        alternative exists for exactly this moment.
        """
        self.advise(
            f"Walk away: your alternative, worth {self.money(position['batna_value'])}, beats "
            f"their final offer of {self.money(table['their_latest'])}, and you can take it.",
            batna_value=position["batna_value"], their_latest=table["their_latest"],
        )

    @rule("WA02", "walk.stalled_below_batna",
          AS.table << Table(), AS.position << Position(),
          Verdicts(below_alternative=True, walk_credible=True, stall_decides=True),
          principle="walk.foundation", tool="walk_away", priority=2)
    def stalled_below_batna(self: Any, table: Any, position: Any) -> None:
        """Walk away: talks have stalled long enough to be their answer, worse than an
        alternative you can really take.

        One unchanged round is patience; a stall that lasts, with their number worse
        than your alternative, is their answer, and a real no may be what moves them.
        """
        self.advise(
            f"Walk away: neither side has moved for {rounds(table['unchanged'])} and their "
            f"offer of {self.money(table['their_latest'])} is worse than your alternative, "
            f"worth {self.money(position['batna_value'])}, which you can take.",
            batna_value=position["batna_value"], their_latest=table["their_latest"],
            unchanged=table["unchanged"],
        )

    @rule("WA19", "walk.deadline_below_batna",
          AS.table << Table(), AS.position << Position(),
          Verdicts(below_alternative=True, walk_credible=True, time_short=True,
                   room_left=False, stalled=True),
          principle="walk.foundation", tool="walk_away", priority=2)
    def deadline_below_batna(self: Any, table: Any, position: Any) -> None:
        """Walk away: the deadline is here, the talks have stalled at your limit and their
        offer is still worse than an alternative you can really take.

        A stall at the deadline is a decision: there is no more time for them to improve;
        take the better option. While your own offer is short of your limit, one last
        offer at your limit costs nothing the walk would keep, and while they are still
        moving they may yet take it: until then the advice is to make it, or hold it.
        """
        self.advise(
            f"Walk away: time is up ({rounds(position['rounds_left'])} left), neither side "
            f"moved in the last round and their offer "
            f"of {self.money(table['their_latest'])} is still worse than your alternative, "
            f"worth {self.money(position['batna_value'])}, which you can take.",
            batna_value=position["batna_value"], their_latest=table["their_latest"],
            rounds_left=position["rounds_left"],
        )

    @rule("WA03", "walk.final_below_reservation",
          AS.table << Table(their_type="final_offer"), AS.position << Position(),
          Verdicts(below_reservation=True, walk_credible=True),
          principle="walk.foundation", tool="walk_away", priority=2)
    def final_below_reservation(self: Any, table: Any, position: Any) -> None:
        """Walk away: their final offer is worse than your walk-away point and you can leave.

        Your reservation is the line you set with a clear head; crossing it under
        pressure at the end is the mistake it exists to prevent.
        """
        self.advise(
            f"Walk away: their final offer of {self.money(table['their_latest'])} is worse than "
            f"your walk-away point of {self.money(position['reservation'])}, and your "
            f"alternative ('{position['batna']}') makes leaving a real option.",
            reservation=position["reservation"], their_latest=table["their_latest"],
        )

    @rule("WA04", "walk.build_alternative",
          AS.position << Position(stage="preparation"), Verdicts(alternative_firm=False),
          principle="toolkit.prepare", tool="prepare_batna", priority=3)
    def build_alternative(self: Any, position: Any) -> None:
        """Build your alternative first: you are preparing and have no firm one.

        A genuine alternative is worth more than any opening number: it is what
        makes your no believable and keeps your concessions small.
        """
        self.advise(
            f"Before you choose an opening number, build your alternative: it is now "
            f"'{position['batna']}'. Line up another buyer, seller, offer or plan you would "
            "really take if this deal fails.",
            batna=position["batna"],
        )

    @rule("WA05", "walk.trapped",
          AS.position << Position(stage="preparation", need="critical"),
          principle="walk.foundation", tool="prepare_batna", priority=3)
    def trapped(self: Any, position: Any) -> None:
        """Build an alternative first: you cannot afford to walk away.

        A negotiation you cannot leave is a request; the other side will sense it.
        Time spent creating any way out changes every later move.
        """
        self.advise(
            "You have said you cannot walk away from this deal. Before talks start, create "
            "some way out, even a partial one, so that you are negotiating rather than asking.",
            need=position["need"],
        )

    @rule("WA06", "walk.no_batna",
          Position(batna="none"),
          principle="walk.foundation", risk="no_batna", severity="high")
    def no_batna(self: Any) -> None:
        """Warn when you have no alternative at all.

        Without an alternative the other side sets the terms, and your anchors
        and refusals carry little weight.
        """
        self.advise("You have no alternative if this deal fails, so the other side holds the "
                    "power to say no and you do not.")

    @rule("WA07", "walk.cannot_walk",
          Position(need="critical"),
          principle="walk.least_need", risk="cannot_walk", severity="high")
    def cannot_walk(self: Any) -> None:
        """Warn when your need is critical: you cannot walk away.

        The side that needs the deal most has the least power; hide the need and
        work on reducing it.
        """
        self.advise("You need this deal at any price; keep that out of view and avoid moves "
                    "that only work if you are willing to leave.")

    @rule("WA08", "walk.bluff_planned",
          Planned(move="threaten_walk"),
          AS.position << Position(), Verdicts(walk_credible=False),
          principle="walk.no_bluff", risk="bluffed_walk", severity="high")
    def bluff_planned(self: Any, position: Any) -> None:
        """Warn when you plan to threaten a walk you could not take.

        If they call it you must stay, and from then on none of your limits is
        believed.
        """
        self.advise(
            f"You plan to threaten to walk, but you could not follow through (alternative "
            f"'{position['batna']}', need {position['need']}); if they call it, your leverage "
            "is gone.",
            batna=position["batna"], need=position["need"],
        )

    @rule("WA20", "walk.walk_planned_nowhere",
          Planned(move="walk"),
          AS.position << Position(), Verdicts(walk_credible=False),
          principle="walk.no_bluff", risk="bluffed_walk", severity="high")
    def walk_planned_nowhere(self: Any, position: Any) -> None:
        """Warn when you plan to walk away without an alternative you could take.

        Leaving with nothing better to go to turns a bad deal into no deal at all;
        walk only toward something.
        """
        self.advise(
            f"You plan to walk away, but your alternative ('{position['batna']}') and your "
            f"need ({position['need']}) leave you nothing better to go to; firm up an "
            "alternative first, or keep trading.",
            batna=position["batna"], need=position["need"],
        )

    @rule("WA21", "walk.walk_planned",
          Planned(move="walk"),
          AS.table << Table(), AS.position << Position(), Verdicts(walk_credible=True),
          principle="walk.foundation", kind="note")
    def walk_planned(self: Any, table: Any, position: Any) -> None:
        """Note that a planned walk is one you can take, and what it leaves behind.

        A credible walk is a real option; weigh it against the deal on the table.
        """
        value = position["batna_value"]
        worth = "" if value is None else f", worth {self.money(value)}"
        offer = "" if table["their_latest"] is None \
            else f" over their offer of {self.money(table['their_latest'])}"
        self.advise(
            f"You can take the walk you plan: your alternative ('{position['batna']}'{worth}) "
            f"is there to go to{offer}.",
            batna_value=value, their_latest=table["their_latest"],
        )

    @rule("WA09", "walk.bluff_made",
          AS.position << Position(), Verdicts(bluffed=True),
          principle="walk.no_bluff", risk="bluffed_walk", severity="medium")
    def bluff_made(self: Any, position: Any) -> None:
        """Warn when you already threatened a walk you cannot take.

        An unbacked threat still on the table can be called at any moment; firm
        up the alternative or stop relying on the threat.
        """
        self.advise(
            "You have threatened to walk, but you could not follow through today (alternative "
            f"'{position['batna']}', need {position['need']}); firm up your alternative before "
            "they test it.",
            batna=position["batna"], need=position["need"],
        )

    @rule("WA10", "walk.accept_below_batna",
          AS.planned << Planned(move="accept"), AS.position << Position(),
          Verdicts(plan_below_batna=True),
          principle="walk.foundation", risk="below_batna", severity="high")
    def accept_below_batna(self: Any, planned: Any, position: Any) -> None:
        """Warn when you plan to accept less than your alternative is worth.

        An agreement worse than your alternative leaves you poorer than no deal.
        """
        self.advise(
            f"You plan to accept {self.money(planned['value'])}, but your alternative, "
            f"worth {self.money(position['batna_value'])}, is better.",
            their_latest=planned["value"], batna_value=position["batna_value"],
        )

    @rule("WA11", "walk.offer_below_batna",
          AS.planned << Planned(move="offer"), AS.position << Position(),
          Verdicts(plan_below_batna=True),
          principle="walk.foundation", risk="below_batna", severity="high")
    def offer_below_batna(self: Any, planned: Any, position: Any) -> None:
        """Warn when you plan to offer something worse than your alternative.

        If they accept, you are bound to a deal you would have been better off
        refusing.
        """
        self.advise(
            f"Your planned offer of {self.money(planned['value'])} is worse than your "
            f"alternative, worth {self.money(position['batna_value'])}; if they accept, you lose.",
            planned=planned["value"], batna_value=position["batna_value"],
        )

    @rule("WA12", "walk.reservation_below_batna",
          AS.position << Position(), Verdicts(reservation_below_batna=True),
          principle="walk.foundation", risk="reservation_below_batna", severity="medium")
    def reservation_below_batna(self: Any, position: Any) -> None:
        """Warn when your walk-away point is worse than your alternative.

        Your walk-away point should never be worse than what you can get
        elsewhere; move it to at least what the alternative is worth.
        """
        self.advise(
            f"Your walk-away point, {self.money(position['reservation'])}, is worse than your "
            f"alternative, worth {self.money(position['batna_value'])}; "
            f"{'raise' if position['direction'] > 0 else 'lower'} it to "
            f"{self.money(position['batna_value'])}, since no deal should leave you worse off "
            "than the alternative.",
            reservation=position["reservation"], batna_value=position["batna_value"],
        )

    @rule("WA13", "walk.no_zopa",
          AS.position << Position(), Verdicts(no_zopa=True),
          principle="walk.foundation", risk="no_zopa", severity="medium")
    def no_zopa(self: Any, position: Any) -> None:
        """Warn when their limit, as you estimate it or as their offers point, is worse than
        yours.

        With no overlap between the two limits there is no deal on the number alone:
        widen the deal, check the estimate, or prepare to leave.
        """
        self.advise(
            "No deal is likely on the number alone: by your estimate or by where their "
            f"offers point, their limit is worse for you than your own of "
            f"{self.money(position['floor'])}. Widen what is negotiated, test the estimate, "
            "or prepare to leave; the next move stops at your limit.",
            floor=position["floor"],
        )

    @rule("WA23", "walk.market_past_limit",
          AS.position << Position(), Verdicts(market_past_limit=True),
          principle="walk.foundation", risk="no_zopa", severity="high")
    def market_past_limit(self: Any, position: Any) -> None:
        """Warn when your limit lies beyond any opening the market range can justify.

        If even an extreme opening is worse than your walk-away point, a deal inside
        your limits needs more than the number: reconsider the limit or the deal.
        """
        self.advise(
            f"Your limit of {self.money(position['floor'])} lies beyond anything the credible "
            f"range ({self.money(position['low'])} to {self.money(position['high'])}) can "
            "justify: a deal inside your limits is unlikely. The next move opens at your "
            "limit; check the range, or the limit.",
            floor=position["floor"], low=position["low"], high=position["high"],
        )

    @rule("WA14", "walk.firm_up_alternative",
          AS.position << Position(batna=P(not_in_hand)),
          NOT(Headline(tool="prepare_batna")),
          principle="walk.prepare", kind="preparation")
    def firm_up_alternative(self: Any, position: Any) -> None:
        """Prepare: turn your alternative into something in hand (unless that is the headline).

        Leverage is built before the conversation; an alternative that is only
        likely or possible is worth less than one you can sign.
        """
        self.advise(
            f"Strengthen your alternative (now '{position['batna']}'): get another offer, "
            "quote or plan to the point where you could sign it.",
            batna=position["batna"],
        )

    @rule("WA15", "walk.leverage_yours",
          Position(leverage="yours"), Verdicts(walk_credible=True),
          Headline(tool=P(still_talking)),
          principle="walk.least_need", kind="note")
    def leverage_yours(self: Any) -> None:
        """Note that you need the deal less than they do, and can show it.

        The side that needs the deal least sets the pace: you can afford small
        concessions and patience.
        """
        self.advise("You appear to need this deal less than they do: set the pace, keep your "
                    "concessions small and let silence work.")

    @rule("WA16", "walk.leverage_theirs",
          Position(leverage="theirs"),
          Headline(tool=P(still_talking)),
          principle="walk.least_need", kind="note")
    def leverage_theirs(self: Any) -> None:
        """Note that they need the deal less than you do.

        The side with less need sets the pace; improving your alternative is the
        surest way to shift that balance.
        """
        self.advise("They appear to need this deal less than you do: expect them to set the "
                    "pace, and spend effort on your alternative rather than on clever numbers.")

    @rule("WA17", "walk.your_clock",
          AS.position << Position(deadline="yours_sooner"),
          Headline(tool=P(still_talking)),
          principle="walk.least_need", kind="note", source="Carnevale & Lawler 1986")
    def your_clock(self: Any, position: Any) -> None:
        """Note that your deadline comes first, so waiting costs you more than them.

        Time pressure makes a side concede faster (Carnevale & Lawler 1986); keep
        your deadline to yourself and decide in advance when you will walk.
        """
        self.advise(
            f"Your deadline ({position['your_deadline']} days) comes before theirs "
            f"({position['their_deadline']} days): do not reveal it, and set the day you will "
            "turn to your alternative.",
            your_deadline=position["your_deadline"], their_deadline=position["their_deadline"],
        )

    @rule("WA18", "walk.their_clock",
          AS.position << Position(deadline="theirs_sooner"),
          Headline(tool=P(still_talking)),
          principle="walk.least_need", kind="note", source="Carnevale & Lawler 1986")
    def their_clock(self: Any, position: Any) -> None:
        """Note that their deadline comes first, so waiting costs them more than you.

        The side with the nearer deadline feels time pressure first (Carnevale &
        Lawler 1986, Journal of Conflict Resolution): patience is on your side.
        """
        self.advise(
            f"Their deadline ({position['their_deadline']} days) comes before yours "
            f"({position['your_deadline']} days): waiting costs them more than you, so small "
            "steps and patience favour you.",
            their_deadline=position["their_deadline"], your_deadline=position["your_deadline"],
        )
