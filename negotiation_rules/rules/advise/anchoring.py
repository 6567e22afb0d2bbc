"""Anchoring: when to name the first number, and what a planned opening gets wrong."""

from __future__ import annotations

from typing import Any

from ..._experta import AS
from ...facts import Headline, Planned, Position, Table, Verdicts
from ...knowledge import rule


class AnchoringRules:
    """Rules about the opening number (codes AN)."""

    @rule("AN13", "anchor.going_first_hurts",
          Verdicts(informed=True),
          Position(leverage="theirs", their_information="more"),
          Table(you_offered=False, they_offered=False),
          principle="anchor.uninformed", tool="let_them_open", priority=5,
          source="Loschelder, Trötschel, Swaab, Friese & Galinsky 2016")
    def going_first_hurts(self: Any) -> None:
        """Let them open: they know the value better than you and need the deal less.

        Moving first anchors the other side, but it also tells them where you stand;
        when they know more than you, that can cost more than the anchor gains
        (Loschelder et al. 2016, Journal of Applied Psychology).
        """
        self.advise(
            "Let them name the first number. You know the range, but they know the value "
            "better and need the deal less, so opening first would show your hand for "
            "little gain; hear their number, then answer from your evidence.")

    @rule("AN01", "anchor.open_informed",
          AS.position << Position(), Verdicts(informed=True),
          Table(you_offered=False, they_offered=False),
          principle="anchor.informed", tool="anchor", priority=6)
    def open_informed(self: Any, position: Any) -> None:
        """Open first: nobody has named a number and you know the value.

        The first credible number frames the whole negotiation. When your range
        rests on evidence, going first lets you choose where the talk starts.
        """
        self.advise(
            f"Name the first number. You know the range ({self.money(position['low'])} to "
            f"{self.money(position['high'])}, confidence {position['confidence']}), so your "
            "opening sets the frame both sides will argue around.",
            low=position["low"], high=position["high"],
        )

    @rule("AN02", "anchor.reanchor",
          AS.position << Position(), Verdicts(informed=True),
          AS.table << Table(you_offered=False, they_offered=True),
          principle="anchor.frame", tool="anchor", priority=6)
    def reanchor(self: Any, position: Any, table: Any) -> None:
        """Re-anchor: they opened, you have not answered, and you know the value.

        Counter-offers drift toward the first number on the table. Answering with
        your own evidence-based number resets the frame; nudging theirs accepts it.
        """
        self.advise(
            f"They opened at {self.money(table['their_latest'])}. Answer with your own number "
            f"built on the range you know ({self.money(position['low'])} to "
            f"{self.money(position['high'])}), not with a small step away from theirs.",
            their_first=table["their_first"], low=position["low"], high=position["high"],
        )

    @rule("AN03", "anchor.let_them_open",
          AS.position << Position(), Verdicts(informed=False),
          Table(you_offered=False, they_offered=False),
          principle="anchor.uninformed", tool="let_them_open", priority=7)
    def let_them_open(self: Any, position: Any) -> None:
        """Let them open: nobody has named a number and you do not know the value well.

        Without a grounded range an opening number is a guess that either leaves
        money behind or costs credibility; their first number tells you something.
        """
        self.advise(
            "Let them name the first number. Your view of the value is not solid "
            f"(confidence {position['confidence']}), so an opening from you would be a guess; "
            "ask what they have in mind and treat their answer as information.",
            confidence=position["confidence"],
        )

    @rule("AN04", "anchor.check_their_number",
          Verdicts(informed=False),
          AS.table << Table(you_offered=False, they_offered=True),
          principle="anchor.uninformed", tool="hold", priority=9)
    def check_their_number(self: Any, table: Any) -> None:
        """Hold your reply: they opened and you cannot yet judge their number.

        Countering a number you cannot place lets their frame set yours. Check the
        value first, then answer with a number you can defend.
        """
        self.advise(
            f"They opened at {self.money(table['their_latest'])} and you cannot yet tell "
            "whether that is generous or greedy. Do not counter until you have checked the "
            "value; ask them how they arrived at it.",
            their_first=table["their_first"],
        )

    @rule("AN05", "anchor.uninformed_anchor",
          AS.planned << Planned(first_offer=True),
          Table(they_offered=False),
          AS.position << Position(), Verdicts(informed=False),
          principle="anchor.uninformed", risk="uninformed_anchor", severity="high")
    def uninformed_anchor(self: Any, planned: Any, position: Any) -> None:
        """Warn when you plan to open first without knowing the value.

        An uninformed opening is a bet: too low and you forfeit value you never
        see again, too high and they stop taking your numbers seriously.
        """
        self.advise(
            f"You plan to open at {self.money(planned['value'])} without a grounded view of "
            f"the value (confidence {position['confidence']}); that number is a guess.",
            planned=planned["value"], confidence=position["confidence"],
        )

    @rule("AN06", "anchor.too_modest",
          AS.planned << Planned(), Verdicts(plan_modest=True),
          principle="anchor.frame", risk="anchor_too_modest", severity="medium")
    def too_modest(self: Any, planned: Any) -> None:
        """Warn when your first offer is less ambitious than your target or the mid-range.

        The opening caps what you can get: you will concede from it, rarely improve on it.
        """
        self.advise(
            f"Your opening of {self.money(planned['value'])} is less ambitious than "
            f"{self.money(planned['modest_floor'])} (the better of your target and the middle "
            "of the range); everything after it moves away from you.",
            planned=planned["value"], floor=planned["modest_floor"],
        )

    @rule("AN07", "anchor.too_extreme",
          AS.planned << Planned(), Verdicts(plan_extreme=True),
          principle="anchor.justify", risk="anchor_too_extreme", severity="high")
    def too_extreme(self: Any, planned: Any) -> None:
        """Warn when your first offer lies far beyond the credible range.

        A number the evidence cannot support stops framing the deal: the other
        side dismisses it, and you spend your first concession regaining credibility.
        """
        self.advise(
            f"Your opening of {self.money(planned['value'])} goes past "
            f"{self.money(planned['extreme_limit'])}, well beyond the credible range ending at "
            f"{self.money(planned['far_end'])}; expect it to be dismissed rather than answered.",
            planned=planned["value"], far_end=planned["far_end"],
            limit=planned["extreme_limit"],
        )

    @rule("AN08", "anchor.their_pull",
          AS.table << Table(), AS.position << Position(),
          Verdicts(their_anchor_outside=True),
          principle="anchor.frame", risk="their_anchor_pull", severity="medium")
    def their_pull(self: Any, table: Any, position: Any) -> None:
        """Warn when their opening lies outside the credible range, on their side.

        An extreme first number drags counter-offers toward it even when everyone
        knows it is extreme; answer from the range, not from their number.
        """
        self.advise(
            f"Their opening of {self.money(table['their_first'])} lies outside the credible "
            f"range ({self.money(position['low'])} to {self.money(position['high'])}); do not "
            "let it become the reference point.",
            their_first=table["their_first"], low=position["low"], high=position["high"],
        )

    @rule("AN12", "anchor.round_number",
          Headline(tool="anchor"),
          AS.planned << Planned(), Verdicts(plan_round=True),
          principle="anchor.justify", kind="note",
          source="Mason, Lee, Wiley & Ames 2013")
    def round_number(self: Any, planned: Any) -> None:
        """Note that a planned opening is a round number (only when opening is the advice).

        Round numbers look like guesses and invite round counter-offers; a precise
        figure looks researched and is adjusted less (Mason et al. 2013).
        """
        self.advise(
            f"Your planned opening of {self.money(planned['value'])} is a round number; "
            "a more precise figure, like the one in the next move, tends to draw smaller "
            "counter-moves.",
            planned=planned["value"],
        )

    @rule("AN15", "anchor.opening_not_advised",
          Headline(tool="let_them_open"),
          AS.planned << Planned(first_offer=True), Verdicts(informed=True),
          principle="anchor.uninformed", tool="let_them_open")
    def opening_not_advised(self: Any, planned: Any) -> None:
        """Critique a planned opening when the advice is to let them open.

        A plan the user wrote is weighed, not silently replaced: say why waiting
        for their number serves better than the opening planned.
        """
        self.advise(
            f"You plan to open at {self.money(planned['value'])}; here their first number is "
            "worth more to you than your own, so hold it back until they have named one.",
            planned=planned["value"],
        )

    @rule("AN10", "anchor.gather_evidence",
          AS.position << Position(), Verdicts(informed=False),
          principle="anchor.justify", kind="preparation")
    def gather_evidence(self: Any, position: Any) -> None:
        """Prepare: collect evidence of the real value.

        Information is what turns an opening number from a bet into a frame.
        """
        self.advise(
            "Pin down the real value: find comparable deals, published figures or people "
            "who have recently done the same deal, until you can state a range and defend it.",
            confidence=position["confidence"], low=position["low"], high=position["high"],
        )
