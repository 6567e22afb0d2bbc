"""A salary product adding its own rules to negotiation_rules, without forking it.

Run from the repository root: python examples/custom_rule.py
"""

from __future__ import annotations

from typing import Any

from negotiation_rules import Assessment, KnowledgeBase, load_situation, rule, what_if
from negotiation_rules.facts import AS, TEST, Headline, Planned, Position, Table, Verdicts


class SalaryRules:
    """Rules a compensation-advice product adds (codes SAL)."""

    @rule("SAL01", "salary.bonus_for_last_gap",
          Headline(tool="concede"),
          AS.table << Table(),
          TEST(lambda table: table["gap"] <= 0.05 * table["their_latest"]),
          principle="concede.trade", kind="recommendation", tool="concede")
    def bonus_for_last_gap(self: Any, table: Any) -> None:
        """Suggest closing a small last gap with a one-off signing bonus.

        Employers guard base salary, which compounds, more than one-off money;
        a small remaining gap is often cheaper for them to pay once.
        """
        self.advise(
            f"The remaining gap of {self.money(table['gap'])} is small: ask for it as a "
            "signing bonus rather than base salary.",
            gap=table["gap"], their_latest=table["their_latest"],
        )

    @rule("SAL02", "salary.below_market_floor",
          AS.planned << Planned(first_offer=True),
          AS.position << Position(), Verdicts(informed=True),
          TEST(lambda planned, position: planned["value"] < position["low"]),
          principle="anchor.frame", risk="below_market_ask", severity="high")
    def below_market_floor(self: Any, planned: Any, position: Any) -> None:
        """Warn when a planned salary ask is below the bottom of the market range.

        An ask under the market floor tells the employer you do not know your
        worth, and raises will start from there.
        """
        self.advise(
            f"Your ask of {self.money(planned['value'])} is under the market floor of "
            f"{self.money(position['low'])}.",
            planned=planned["value"], low=position["low"],
        )


SALARY = KnowledgeBase.default().extend(SalaryRules).without("WA15")


def show(case: str, answer: Assessment) -> None:
    """The headline, then the advice the salary rules added."""
    print(f"{case}: reach for {answer.headline.tool}")
    for advice in answer.advice:
        if advice.rule.startswith("SAL"):
            print(f"  {advice.rule} {advice.risk or advice.kind}: {advice.message}")


def main() -> None:
    offer = load_situation("examples/job-offer.toml")
    # Opening under the market range (150,000-185,000): SAL02 warns.
    show("Opening at 140,000", what_if(offer, {"plan.value": 140000}, knowledge=SALARY).after)
    # Later: they answered 192,000 to your 200,000; the last gap is small: SAL01 suggests
    # asking for it as a signing bonus.
    later = {"moves": [{"by": "you", "type": "offer", "value": 200000},
                       {"by": "them", "type": "offer", "value": 192000}],
             "plan.move": "wait", "negotiation.stage": "bargaining"}
    show("Their 192,000 against your 200,000", what_if(offer, later, knowledge=SALARY).after)


if __name__ == "__main__":
    main()
