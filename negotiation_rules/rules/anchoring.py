"""Anchoring: when to name the first number, how far to push it, when to let them go first."""

from __future__ import annotations

from typing import Any

from .._experta import AS
from ..estimates import precise
from ..facts import Headline, Planned, Position, Table, Trades
from ..knowledge import rule
from .wording import packages


class AnchoringRules:
    """Rules about the opening number (codes AN)."""

    @rule("AN01", "anchor.open_informed",
          AS.position << Position(informed=True),
          AS.table << Table(you_offered=False, they_offered=False),
          principle="anchor.informed", tool="anchor", priority=5)
    def open_informed(self: Any, position: Any, table: Any) -> None:
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
          AS.position << Position(informed=True),
          AS.table << Table(you_offered=False, they_offered=True),
          principle="anchor.frame", tool="anchor", priority=5)
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
          AS.position << Position(informed=False),
          Table(you_offered=False, they_offered=False),
          principle="anchor.uninformed", tool="let_them_open", priority=6)
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
          Position(informed=False),
          AS.table << Table(you_offered=False, they_offered=True),
          principle="anchor.uninformed", tool="hold", priority=8)
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
          AS.position << Position(informed=False),
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
          AS.planned << Planned(modest=True),
          principle="anchor.frame", risk="anchor_too_modest", severity="medium")
    def too_modest(self: Any, planned: Any) -> None:
        """Warn when your first offer is less ambitious than your target or the mid-range.

        The opening caps what you can get: you will concede from it, rarely climb
        above it.
        """
        self.advise(
            f"Your opening of {self.money(planned['value'])} is less ambitious than "
            f"{self.money(planned['modest_floor'])} (the better of your target and the middle "
            "of the range); everything after it moves away from you.",
            planned=planned["value"], floor=planned["modest_floor"],
        )

    @rule("AN07", "anchor.too_extreme",
          AS.planned << Planned(extreme=True),
          AS.position << Position(),
          principle="anchor.justify", risk="anchor_too_extreme", severity="high")
    def too_extreme(self: Any, planned: Any, position: Any) -> None:
        """Warn when your first offer lies far beyond the credible range.

        A number the evidence cannot support stops framing the deal: the other
        side dismisses it, and you spend your first concession regaining credibility.
        """
        self.advise(
            f"Your opening of {self.money(planned['value'])} is past "
            f"{self.money(position['extreme_limit'])}, well beyond the credible range ending at "
            f"{self.money(position['far_end'])}; expect it to be dismissed rather than answered.",
            planned=planned["value"], far_end=position["far_end"],
            limit=position["extreme_limit"],
        )

    @rule("AN08", "anchor.their_pull",
          AS.table << Table(their_anchor_outside=True),
          AS.position << Position(),
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

    @rule("AN09", "anchor.opening_range",
          Headline(tool="anchor"),
          AS.position << Position(informed=True),
          principle="anchor.justify", tool="anchor")
    def opening_range(self: Any, position: Any) -> None:
        """Suggest where to open: the ambitious end of the range, short of extreme.

        Opening at the end of the evidence that favours you claims the most value
        you can still justify; past the extreme margin you lose credibility.
        """
        lowest, highest = sorted((position["open_from"], position["extreme_limit"]))
        self.advise(
            f"Open between {self.money(lowest)} and {self.money(highest)}: at or past the end "
            "of the range that favours you, but no further than a number you can still justify.",
            open_from=position["open_from"], open_to=position["extreme_limit"],
            far_end=position["far_end"], target=position["target"],
        )

    @rule("AN11", "anchor.precise_opening",
          Headline(tool="anchor"),
          AS.position << Position(informed=True),
          principle="anchor.justify", tool="anchor",
          source="Mason, Lee, Wiley & Ames 2013; Ames & Mason 2015")
    def precise_opening(self: Any, position: Any) -> None:
        """Suggest a precise opening figure, and a range offer that starts at it.

        Precise first offers read as researched and draw smaller counter-moves than
        round ones (Mason et al. 2013, Journal of Experimental Social Psychology). A
        range whose near end is the figure you want keeps its pull while sounding
        less abrupt (Ames & Mason 2015, Journal of Personality and Social Psychology).
        """
        figure, far = position["open_precise"], position["bolster_to"]
        self.advise(
            f"Name a precise figure such as {self.money(figure)} rather than a round one; "
            "it signals you have done the arithmetic. To soften it, give a range that starts "
            f"there: {self.money(figure)} to {self.money(far)}.",
            open_precise=figure, bolster_to=far,
        )

    @rule("AN12", "anchor.round_number",
          AS.planned << Planned(first_offer=True, round_number=True),
          principle="anchor.justify", kind="note",
          source="Mason, Lee, Wiley & Ames 2013")
    def round_number(self: Any, planned: Any) -> None:
        """Note that a planned opening is a round number, with a precise alternative.

        Round numbers look like guesses and invite round counter-offers; a precise
        figure looks researched and is adjusted less (Mason et al. 2013).
        """
        self.advise(
            f"Your planned opening of {self.money(planned['value'])} is a round number; "
            f"a precise figure such as {self.money(planned['precise_value'])} tends to draw "
            "smaller counter-moves.",
            planned=planned["value"], precise=planned["precise_value"],
        )

    @rule("AN13", "anchor.going_first_hurts",
          Headline(tool="anchor"),
          Position(leverage="theirs", their_information="more"),
          principle="anchor.uninformed", tool="let_them_open",
          source="Loschelder, Trötschel, Swaab, Friese & Galinsky 2016")
    def going_first_hurts(self: Any) -> None:
        """Weigh letting them open: they know more and need the deal less.

        Moving first anchors the other side, but it also tells them where you stand;
        when they know the value better than you, that information can cost more
        than the anchor gains (Loschelder et al. 2016, Journal of Applied Psychology).
        """
        self.advise(
            "They know the value better than you and need the deal less, so opening first "
            "also shows them your hand. Consider letting them open: you give up the anchor, "
            "but you learn what they know before you commit to a number.",
        )

    @rule("AN14", "anchor.packages",
          Headline(tool="anchor"),
          AS.position << Position(informed=True),
          AS.trades << Trades(),
          principle="concede.trade", tool="anchor",
          source="Leonardelli, Gu, McRuer, Medvec & Galinsky 2019")
    def open_with_packages(self: Any, position: Any, trades: Any) -> None:
        """Suggest opening with two or three equivalent packages rather than one number.

        Several offers at once that are worth the same to you let them reveal what
        they value, and tend to raise both the outcome and the goodwill
        (Leonardelli et al. 2019, Organizational Behavior and Human Decision Processes).
        """
        number, direction = position["open_precise"], position["direction"]
        plain = precise(number * (1 - 0.03 * direction), direction)
        self.advise(packages(self.money, number, trades["issues"], plain),
                    number=number, plain_number=plain, issues=list(trades["issues"]))

    @rule("AN10", "anchor.gather_evidence",
          AS.position << Position(informed=False),
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
