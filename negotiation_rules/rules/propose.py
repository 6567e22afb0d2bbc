"""Propose: the headline becomes one next move, and guards keep it inside your limits.

Each propose rule adds its part to the candidate (action and numbers, trades,
packages); its message quotes exactly those numbers, all measured once
(`proposals`), so the advice and the next move agree. The guard rules run last, on
the candidate: none fires on what the built-in rules propose (property tests check
that), they keep custom propose rules from breaking the same constraints.
"""

from __future__ import annotations

from typing import Any

from .._experta import AS, TEST, P
from ..facts import Candidate, Headline, Position, Proposal, Table, Trades, Verdicts
from ..knowledge import rule
from .predicates import a_move_of_yours, known


def _listed(names: tuple[str, ...]) -> str:
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


def _not_final(kind: object) -> bool:
    return kind != "final_offer"


def any_trade(trades: Any) -> bool:
    return bool(trades["give"] or trades["ask"])


def richer_figure(proposal: Any) -> bool:
    """Whether the opening range leaves a better figure than the opening itself, for a
    package that gives a term in return (at your limit, it does not)."""
    return bool(proposal["open_bolster"] != proposal["open_value"])


def _worse(d: int, amount: float | None, limit: float | None) -> bool:
    return amount is not None and limit is not None and d * (amount - limit) < 0


def crosses_limit(candidate: Any, position: Any) -> bool:
    """Whether any number of an offer or acceptance is worse than your limit."""
    d, floor = position["direction"], position["floor"]
    if floor is None or candidate["action"] not in ("offer", "accept"):
        return False
    numbers = (candidate["value"], *candidate["steps"], *(p[0] for p in candidate["packages"]))
    return any(_worse(d, n, floor) for n in numbers)


class ProposeRules:
    """Rules that build the next move (codes PR)."""

    @rule("PR01", "propose.opening",
          Headline(tool="anchor"), AS.proposal << Proposal(),
          Verdicts(opening_pinned=False),
          principle="anchor.justify", layer="propose", tool="anchor",
          source="Mason, Lee, Wiley & Ames 2013; Ames & Mason 2015")
    def propose_opening(self: Any, proposal: Any) -> None:
        """Propose the opening: a precise figure at the ambitious end of what you can justify.

        Opening at the end of the evidence that favours you claims the most you can
        still defend; a precise figure reads as researched and draws smaller
        counter-moves (Mason et al. 2013); a range that starts at it softens it
        without losing its pull (Ames & Mason 2015).
        """
        low, high = sorted((proposal["open_from"], proposal["open_to"]))
        value, bolster = proposal["open_value"], proposal["open_bolster"]
        ends = sorted((value, bolster))
        soften = "" if bolster == value else \
            f" To soften it, offer a range with it at one end: {self.money(ends[0])} to " \
            f"{self.money(ends[1])}."
        if low == high:  # the range is one figure: the most the evidence can justify
            self.propose(action="offer", value=value)
            justified = ", as far as the evidence can justify"
        else:
            self.propose(action="offer", value=value, low=low, high=high)
            precise = "" if proposal["open_round"] else ": a precise figure"
            justified = (f"{precise} inside what you can justify "
                         f"({self.money(low)} to {self.money(high)})")
        self.advise(f"Open at {self.money(value)}{justified}.{soften}",
                    value=value, low=low, high=high, bolster=bolster)

    @rule("PR13", "propose.opening_at_limit",
          Headline(tool="anchor"), AS.proposal << Proposal(), AS.position << Position(),
          Verdicts(opening_pinned=True),
          principle="anchor.justify", layer="propose", tool="anchor")
    def propose_opening_at_limit(self: Any, proposal: Any, position: Any) -> None:
        """Propose opening at your limit when no opening the evidence supports is better.

        The opening is then the limit itself (on the grid): it needs reasons of its own,
        and it leaves nothing to concede.
        """
        value, limit = self.money(proposal["open_value"]), self.money(position["floor"])
        named = "your limit" if value == limit else f"your limit of {limit} on the grid"
        self.propose(action="offer", value=proposal["open_value"])
        self.advise(
            f"Open at {value}, {named}: no opening the evidence supports is better, so give "
            f"your own reasons for it and expect to have nothing left to concede.",
            value=proposal["open_value"])

    @rule("PR02", "propose.opening_packages",
          Headline(tool="anchor"), AS.proposal << Proposal(),
          AS.trades << Trades(give=P(bool)), TEST(richer_figure),
          principle="concede.trade", layer="propose", tool="anchor",
          source="Leonardelli, Gu, McRuer, Medvec & Galinsky 2019")
    def propose_opening_packages(self: Any, proposal: Any, trades: Any) -> None:
        """Propose opening with equivalent packages: the figure alone, or a better figure
        with a term given that is cheap for you.

        Several offers at once, worth the same to you, let them reveal what they value
        (Leonardelli et al. 2019).
        """
        plain, richer = proposal["open_value"], proposal["open_bolster"]
        packages = ((plain, ()), *((richer, (name,)) for name in trades["give"][:2]))
        self.propose(packages=packages)
        self.advise(_packages_message(self.money, packages), packages=[
            {"value": value, "give": list(give)} for value, give in packages])

    @rule("PR03", "propose.concession",
          Headline(tool="concede"), AS.proposal << Proposal(next_offer=P(known)),
          Table(their_type=P(_not_final)),
          principle="concede.trade", layer="propose", tool="concede", source=(
              "Lewicki, Barry & Saunders, Negotiation (textbook), on concession patterns"))
    def propose_concession(self: Any, proposal: Any) -> None:
        """Propose your next offer from a schedule that reaches your limit by the deadline.

        Deciding the steps in advance keeps each one no larger than the last and the
        total within your limit, whatever the pressure; the first step is no larger
        than their last.
        """
        value, steps = proposal["next_offer"], proposal["steps"]
        self.propose(action="offer", value=value, steps=tuple(steps[1:]))
        then = "" if len(steps) < 2 else \
            f"; if they move again, {', then '.join(self.money(s) for s in steps[1:])}"
        self.advise(
            f"Offer {self.money(value)} next, traded for something of theirs{then}. Go no "
            f"further than {self.money(proposal['concession_end'])} "
            f"({proposal['end_reason']}).",
            value=value, steps=list(steps), end=proposal["concession_end"],
            end_reason=proposal["end_reason"])

    @rule("PR12", "propose.last_offer",
          Headline(tool="concede"), AS.proposal << Proposal(next_offer=P(known)),
          AS.table << Table(their_type="final_offer"),
          principle="walk.foundation", layer="propose", tool="concede")
    def propose_last_offer(self: Any, proposal: Any, table: Any) -> None:
        """Propose one last offer, at the end of your schedule, against their final offer.

        A final offer leaves no rounds to trade in: test it once with your own last
        number, then compare their offer with your alternative, not with this talk.
        """
        value = proposal["concession_end"]
        self.propose(action="offer", value=value, steps=())
        self.advise(
            f"They called {self.money(table['their_latest'])} final. Test it once: offer "
            f"{self.money(value)} ({proposal['end_reason']}), say it is your last, and ask for "
            "something with it. If they refuse, weigh their offer against your alternative, "
            "not against this negotiation.",
            value=value, their_latest=table["their_latest"])

    @rule("PR05", "propose.concession_packages",
          Headline(tool="concede"), AS.proposal << Proposal(next_offer=P(known)),
          AS.trades << Trades(give=P(bool)),
          principle="concede.trade", layer="propose", tool="concede",
          source="Leonardelli, Gu, McRuer, Medvec & Galinsky 2019")
    def propose_concession_packages(self: Any, proposal: Any, trades: Any) -> None:
        """Propose moving with equivalent packages: the next offer, or staying put on the
        number and giving a term that is cheap for you.

        Offers made together, worth the same to you, let them reveal what they value
        instead of trading one issue at a time (Leonardelli et al. 2019).
        """
        packages = ((proposal["next_offer"], ()),
                    *((proposal["hold_value"], (name,)) for name in trades["give"][:2]))
        self.propose(packages=packages)
        self.advise(_packages_message(self.money, packages), packages=[
            {"value": value, "give": list(give)} for value, give in packages])

    @rule("PR06", "propose.trades",
          Headline(tool=P(a_move_of_yours)), AS.trades << Trades(),
          TEST(any_trade),
          principle="concede.trade", layer="propose", kind="recommendation")
    def propose_trades(self: Any, trades: Any) -> None:
        """Propose what to give and what to ask for: give what is cheap for you and dear to
        them, ask for what you value more than they do.

        The cheapest trades give away what matters little to you and much to them.
        """
        give, ask = tuple(trades["give"]), tuple(trades["ask"])
        self.propose(give=give, ask_for=ask)
        parts = []
        if give:
            parts.append(f"give {_listed(give)} (worth less to you than to them)")
        if ask:
            parts.append(f"ask for {_listed(ask)} (worth more to you than to them)")
        self.advise(f"Trade on the other terms: {'; '.join(parts)}.",
                    give=list(give), ask_for=list(ask))

    @rule("PR07", "propose.hold",
          Headline(tool="hold"), AS.proposal << Proposal(),
          principle="concede.pressure", layer="propose", tool="hold")
    def propose_hold(self: Any, proposal: Any) -> None:
        """Propose holding: repeat your standing offer, if you have one, and wait for theirs.

        Repeating your standing offer keeps the next step theirs.
        """
        self.propose(action="hold", value=proposal["hold_value"])

    @rule("PR08", "propose.accept",
          Headline(tool="accept"), AS.proposal << Proposal(),
          principle="toolkit.moment", layer="propose", tool="accept")
    def propose_accept(self: Any, proposal: Any) -> None:
        """Propose accepting their latest offer.

        The number to accept is their latest offer, which the accept rules checked
        against your limits.
        """
        self.propose(action="accept", value=proposal["accept_value"])

    @rule("PR09", "propose.walk",
          Headline(tool="walk_away"),
          principle="walk.foundation", layer="propose", tool="walk_away")
    def propose_walk(self: Any) -> None:
        """Propose walking away to your alternative.

        The alternative the walk rules found better is where you go.
        """
        self.propose(action="walk")

    @rule("PR10", "propose.prepare",
          Headline(tool="prepare_batna"),
          principle="toolkit.prepare", layer="propose", tool="prepare_batna")
    def propose_prepare(self: Any) -> None:
        """Propose preparing: build the alternative before any number.

        No number is worth polishing before there is an alternative behind it.
        """
        self.propose(action="prepare")

    @rule("PR11", "propose.wait",
          Headline(tool="let_them_open"),
          principle="anchor.uninformed", layer="propose", tool="let_them_open")
    def propose_wait(self: Any) -> None:
        """Propose waiting for their first number.

        Their first number is information you would otherwise pay for.
        """
        self.propose(action="wait")

    @rule("PR50", "guard.within_limit",
          AS.candidate << Candidate(), AS.position << Position(),
          TEST(crosses_limit),
          principle="walk.foundation", layer="guard", kind="note")
    def propose_within_limit(self: Any, candidate: Any, position: Any) -> None:
        """Guard: no proposed number crosses your limit; an acceptance past it becomes a hold.

        Your limit was set before the pressure of the room; nothing this answer
        proposes may cross it.
        """
        d, floor = position["direction"], position["floor"]
        if candidate["action"] == "accept":
            self.revise(candidate, action="hold", value=None)
            return

        def inside(amount: float | None) -> float | None:
            return floor if _worse(d, amount, floor) else amount

        self.revise(
            candidate, value=inside(candidate["value"]), low=inside(candidate["low"]),
            high=inside(candidate["high"]),
            steps=tuple(s for s in candidate["steps"] if not _worse(d, s, floor)),
            packages=tuple(p for p in candidate["packages"] if not _worse(d, p[0], floor)))

    @rule("PR51", "guard.walk_somewhere",
          AS.candidate << Candidate(action="walk"), Position(batna="none"),
          principle="walk.no_bluff", layer="guard", kind="note")
    def propose_walk_somewhere(self: Any, candidate: Any) -> None:
        """Guard: never walk toward an alternative that does not exist; hold instead.

        A walk with nowhere to go is a bluff; holding keeps the talks alive.
        """
        self.revise(candidate, action="hold")


def _packages_message(money: Any, packages: tuple[tuple[float, tuple[str, ...]], ...]) -> str:
    options = [money(value) + (f" and you give {_listed(give)}" if give else " alone")
               for value, give in packages]
    listed = "; ".join(f"({chr(ord('a') + i)}) {text}" for i, text in enumerate(options))
    return (f"Or put {len(options)} packages on the table at once and let them choose: {listed}. "
            "Each is worth the same to you; their choice tells you what they value.")
