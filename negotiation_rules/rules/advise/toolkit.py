"""The toolkit as a whole: knowing when the negotiation is done, and what the clock changes."""

from __future__ import annotations

from typing import Any

from ..._experta import AS
from ...facts import Position, Proposal, Table, Verdicts
from ...knowledge import rule
from ..words import rounds


class ToolkitRules:
    """Rules about the moment to close (codes TK)."""

    @rule("TK01", "toolkit.accept_target",
          AS.table << Table(), AS.position << Position(),
          Verdicts(meets_target=True, acceptable=True),
          principle="toolkit.moment", tool="accept", priority=1)
    def accept_target(self: Any, table: Any, position: Any) -> None:
        """Accept: their latest offer meets your target and stays inside your limits.

        Pushing past a number you set as your goal risks the deal for little; the
        moment calls for closing.
        """
        self.advise(
            f"Accept: their offer of {self.money(table['their_latest'])} meets your target of "
            f"{self.money(position['target'])}.",
            their_latest=table["their_latest"], target=position["target"],
        )

    @rule("TK02", "toolkit.accept_crossed",
          AS.table << Table(), Verdicts(crossed=True, acceptable=True),
          principle="toolkit.moment", tool="accept", priority=1)
    def accept_crossed(self: Any, table: Any) -> None:
        """Accept: their latest offer meets your own latest offer and stays inside your limits.

        When the two numbers have met, more bargaining only risks what is already
        agreed.
        """
        self.advise(
            f"Accept: their offer of {self.money(table['their_latest'])} meets your own latest "
            f"offer of {self.money(table['your_latest'])}; the gap is closed.",
            their_latest=table["their_latest"], your_latest=table["your_latest"],
        )

    @rule("TK06", "toolkit.accept_next",
          AS.table << Table(), AS.proposal << Proposal(),
          Verdicts(meets_next=True, acceptable=True),
          principle="toolkit.moment", tool="accept", priority=1)
    def accept_next(self: Any, table: Any, proposal: Any) -> None:
        """Accept: their latest offer is at least as good as your own next offer would be,
        and stays inside your limits.

        A counter-offer worse for you than the offer on the table gives value away and
        risks the deal; take what you were about to ask for, or better.
        """
        self.advise(
            f"Accept: their offer of {self.money(table['their_latest'])} is at least as good "
            f"as your own next offer would be ({self.money(proposal['next_offer'])}).",
            their_latest=table["their_latest"], next_offer=proposal["next_offer"],
        )

    @rule("TK03", "toolkit.accept_final",
          AS.table << Table(their_type="final_offer"), AS.position << Position(),
          Verdicts(acceptable=True, below_alternative=False, has_limit=True),
          principle="walk.foundation", tool="accept", priority=1)
    def accept_final(self: Any, table: Any, position: Any) -> None:
        """Accept: their final offer is at least as good as your walk-away point and alternative.

        A final offer you would not walk away from is the deal; refusing it only
        trades a sure result for your alternative, which is no better.
        """
        self.advise(
            f"Accept: their final offer of {self.money(table['their_latest'])} is at least as "
            "good as your walk-away point and your alternative.",
            their_latest=table["their_latest"], reservation=position["reservation"],
            batna_value=position["batna_value"],
        )

    @rule("TK04", "toolkit.accept_at_deadline",
          AS.table << Table(), AS.position << Position(),
          Verdicts(time_short=True, acceptable=True, below_alternative=False, has_limit=True),
          principle="toolkit.moment", tool="accept", priority=1)
    def accept_at_deadline(self: Any, table: Any, position: Any) -> None:
        """Accept at the deadline: their offer is inside your limits and time has run out.

        At the end a stall is a decision: an offer you would not walk away from beats
        the no-deal the clock is about to bring.
        """
        self.advise(
            f"Accept: the deadline is here ({rounds(position['rounds_left'])} left) and their "
            f"offer of {self.money(table['their_latest'])} is inside your limits; one more "
            "round of bargaining risks ending with nothing.",
            their_latest=table["their_latest"], rounds_left=position["rounds_left"],
        )

    @rule("TK05", "toolkit.deadline_at_hand",
          AS.position << Position(), Verdicts(time_short=True),
          principle="toolkit.moment", kind="note")
    def deadline_at_hand(self: Any, position: Any) -> None:
        """Note that the deadline is at hand, so this move may be the last.

        A stall early on is patience; at the deadline every move is a decision.
        """
        self.advise(
            f"The deadline is at hand ({rounds(position['rounds_left'])} left): treat this "
            "move as possibly the last, and compare the deal on the table with your "
            "alternative, not with the deal you hoped for.",
            rounds_left=position["rounds_left"],
        )

    @rule("TK99", "toolkit.hold_fallback",
          Position(),
          principle="toolkit.moment", tool="hold", priority=99)
    def hold_fallback(self: Any) -> None:
        """Hold: no other headline rule covers this situation.

        Every situation gets one headline; when none of the specific rules apply
        (a knowledge base with rules left out, say), keep your position and look again.
        """
        self.advise("Hold your position: nothing here calls for a move yet. Look again once "
                    "something changes on the table.")
