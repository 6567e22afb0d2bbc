"""The toolkit as a whole: knowing when the negotiation is done."""

from __future__ import annotations

from typing import Any

from .._experta import AS
from ..facts import Position, Table
from ..knowledge import rule


class ToolkitRules:
    """Rules about the moment to close (codes TK)."""

    @rule("TK01", "toolkit.accept_target",
          AS.table << Table(they_meet_target=True),
          AS.position << Position(),
          principle="toolkit.moment", tool="accept", priority=1)
    def accept_target(self: Any, table: Any, position: Any) -> None:
        """Accept: their latest offer meets your target.

        Pushing past a number you set as your goal risks the deal for little; the
        moment calls for closing.
        """
        self.advise(
            f"Accept: their offer of {self.money(table['their_latest'])} meets your target of "
            f"{self.money(position['target'])}.",
            their_latest=table["their_latest"], target=position["target"],
        )

    @rule("TK02", "toolkit.accept_crossed",
          AS.table << Table(crossed=True),
          principle="toolkit.moment", tool="accept", priority=1)
    def accept_crossed(self: Any, table: Any) -> None:
        """Accept: their latest offer meets or beats your own latest offer.

        When the two numbers have met, more bargaining only risks what is already
        agreed.
        """
        self.advise(
            f"Accept: their offer of {self.money(table['their_latest'])} meets your own latest "
            f"offer of {self.money(table['your_latest'])}; the gap is closed.",
            their_latest=table["their_latest"], your_latest=table["your_latest"],
        )

    @rule("TK03", "toolkit.accept_final",
          AS.table << Table(final_acceptable=True),
          AS.position << Position(),
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
