"""The worked cases of issue 2, as a user would check them."""

from __future__ import annotations

import pytest

from .helpers import assess_toml

SELLER_ANCHOR = """
[negotiation]
side = "seller"
unit = "USD"
stage = "opening"
[value]
low = 120000
high = 140000
confidence = "high"
sources = ["survey", "recruiter", "peer"]
[you]
target = 145000
reservation = 128000
[you.batna]
status = "in_hand"
value = 125000
[plan]
move = "offer"
value = 148000
"""

BUYER_UNINFORMED = """
[negotiation]
side = "buyer"
stage = "opening"
[plan]
move = "offer"
value = 8000
"""

SELLER_CAVING = """
[negotiation]
side = "seller"
unit = "USD/h"
[[moves]]
by = "you"
type = "offer"
value = 100
[[moves]]
by = "them"
type = "offer"
value = 70
[plan]
move = "offer"
value = 90
"""

SELLER_ONE_SIDED = "[negotiation]\nside = \"seller\"\n" + "".join(
    f'[[moves]]\nby = "{by}"\ntype = "offer"\nvalue = {value}\n'
    for by, value in [("you", 500000), ("them", 430000), ("you", 490000), ("them", 430000),
                      ("you", 480000)])

SELLER_FINAL_BELOW_BATNA = """
[negotiation]
side = "seller"
unit = "USD"
[you.batna]
status = "in_hand"
value = 80000
[[moves]]
by = "them"
type = "final_offer"
value = 70000
[plan]
move = "accept"
"""


@pytest.mark.parametrize(("text", "tool", "risk"), [
    (SELLER_ANCHOR, "anchor", None),
    (BUYER_UNINFORMED, "let_them_open", "uninformed_anchor"),
    (SELLER_CAVING, "concede", "caving"),
    (SELLER_ONE_SIDED, "hold", "one_sided_concessions"),
    (SELLER_FINAL_BELOW_BATNA, "walk_away", "below_batna"),
], ids=["informed anchor", "uninformed opening", "caving", "one-sided", "final below batna"])
def test_worked_case(text: str, tool: str, risk: str | None) -> None:
    assessment = assess_toml(text)
    assert assessment.headline.tool == tool
    if risk is None:
        assert assessment.risks == ()
    else:
        assert risk in assessment.risks


def test_messages_use_the_unit_and_numbers() -> None:
    assessment = assess_toml(SELLER_FINAL_BELOW_BATNA)
    assert assessment.headline.message == (
        "Walk away: your alternative, worth 80,000 USD, beats their final offer of 70,000 USD, "
        "and you can take it.")


def test_anchor_suggests_an_opening_range_within_the_margin() -> None:
    """Opening range: from the more ambitious of target and range end, up to 20 % past it."""
    answer = assess_toml(SELLER_ANCHOR)
    advice = next(a for a in answer.advice if a.rule == "PR01")
    assert (advice.evidence["low"], advice.evidence["high"]) == (145000, 168000)
    assert answer.next_move.range == (145000, 168000)
    assert 145000 < answer.next_move.value < 168000  # a precise figure inside the range
