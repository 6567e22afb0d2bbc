"""Issue 11: one reasoning chain that ends in one sound next move.

One test per defect the issue lists, each on the situation that showed it; every one
failed before the change.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from negotiation_rules import Assessment, assess, situation_from_dict
from negotiation_rules.levers import with_levers
from negotiation_rules.proposals import precise_on_grid
from negotiation_rules.render import render_text


def answer(doc: dict) -> Assessment:
    return assess(situation_from_dict(doc))


def rules(result: Assessment) -> set[str]:
    return {a.rule for a in result.advice}


def doc_past_range() -> dict:
    """A seller whose limit (130) lies past anything the range (80 to 100) justifies."""
    return {"negotiation": {"side": "seller", "stage": "opening"},
            "value": {"low": 80, "high": 100, "confidence": "high"},
            "you": {"reservation": 130}}


def moves(*pairs: tuple[str, float], final: bool = False) -> list[dict]:
    history = [{"by": by, "type": "offer", "value": value} for by, value in pairs]
    if final:
        history[-1]["type"] = "final_offer"
    return history


class TestItCrossesTheUsersLine:
    def test_a_buyer_is_never_told_to_open_above_the_reservation(self) -> None:
        result = answer({"negotiation": {"side": "buyer", "stage": "opening"},
                         "value": {"low": 100, "high": 120, "confidence": "high"},
                         "you": {"reservation": 80, "batna": {"status": "in_hand"}}})
        move = result.next_move
        assert move.action == "offer" and move.value <= 80 and max(move.range or [0]) <= 80

    def test_packages_never_cross_the_reservation(self) -> None:
        result = answer({"negotiation": {"side": "seller"}, "you": {"reservation": 100},
                         "issues": [{"name": "delivery", "your_priority": "low",
                                     "their_priority": "high"}],
                         "moves": moves(("you", 120), ("them", 80))})
        assert result.next_move.packages
        assert all(p.value >= 100 for p in result.next_move.packages)

    def test_no_accept_when_your_own_offer_already_crossed_your_line(self) -> None:
        result = answer({"negotiation": {"side": "seller"}, "you": {"reservation": 100},
                         "moves": moves(("you", 110), ("them", 90), ("you", 95),
                                        ("them", 96))})
        assert result.headline.tool == "hold" and result.next_move.value == 100
        assert "past_reservation" in result.risks

    def test_a_planned_acceptance_below_the_reservation_is_warned_of(self) -> None:
        result = answer({"negotiation": {"side": "seller"}, "you": {"reservation": 100},
                         "moves": moves(("you", 120), ("them", 90)),
                         "plan": {"move": "accept"}})
        assert "past_reservation" in result.risks

    def test_no_walk_to_an_alternative_that_does_not_exist(self) -> None:
        result = answer({"negotiation": {"side": "seller"},
                         "you": {"reservation": 100, "need": "low",
                                 "batna": {"status": "none", "value": 150}},
                         "moves": moves(("them", 90), final=True)})
        assert result.headline.tool != "walk_away" and result.next_move.action != "walk"


class TestTheTradeRule:
    def test_give_what_is_cheap_for_you_ask_for_what_you_value_more(self) -> None:
        result = answer({"negotiation": {"side": "seller"},
                         "issues": [{"name": "start date", "your_priority": "low",
                                     "their_priority": "high"},
                                    {"name": "remote days", "your_priority": "high",
                                     "their_priority": "low"}],
                         "moves": moves(("you", 120), ("them", 80))})
        move = result.next_move
        assert (move.give, move.ask_for) == (("start date",), ("remote days",))
        trade = next(a for a in result.advice if a.rule == "PR06")
        assert "give start date" in trade.message and "ask for remote days" in trade.message
        assert all(p.give in ((), ("start date",)) for p in move.packages)


class TestItNeverContradictsItself:
    JOB: ClassVar[dict[str, Any]] = {"negotiation": {"side": "seller", "stage": "opening"},
           "value": {"low": 150000, "high": 185000, "confidence": "high"},
           "you": {"target": 195000, "reservation": 165000,
                   "batna": {"status": "in_hand"}},
           "issues": [{"name": "start date", "your_priority": "low",
                       "their_priority": "high"}]}

    def test_the_precise_figure_and_packages_lie_in_the_opening_range(self) -> None:
        move = answer(self.JOB).next_move
        low, high = move.range
        assert low <= move.value <= high
        assert all(low <= p.value <= high for p in move.packages)

    def test_an_opening_called_precise_is_precise_on_the_grid(self) -> None:
        """A buyer on a grid of 1 was told "Open at 90: a precise figure", a number
        AN12 calls round in a plan of theirs."""
        doc = {"negotiation": {"side": "buyer", "stage": "opening", "increment": 1},
               "value": {"low": 100, "high": 120, "confidence": "high"},
               "you": {"reservation": 130, "batna": {"status": "in_hand"}}}
        result = answer(doc)
        opening = next(a.message for a in result.advice if a.rule == "PR01")
        assert result.next_move.value == 89
        assert opening.startswith("Open at 89: a precise figure inside what you can justify")
        planned = answer({**doc, "plan": {"move": "offer", "value": 89}})
        assert "AN12" not in rules(planned)

    def test_a_narrow_opening_range_opens_short_of_your_limit(self) -> None:
        """A buyer with an alternative of 1,010 in hand and an opening range of 1,000 to
        1,010 was told to open at 1,010: their own limit, nothing left to concede."""
        result = answer({"negotiation": {"side": "buyer", "stage": "opening", "increment": 10},
                         "value": {"low": 1250, "high": 1500, "confidence": "high"},
                         "you": {"reservation": 1300,
                                 "batna": {"status": "in_hand", "value": 1010}}})
        opening = next(a.message for a in result.advice if a.rule == "PR01")
        assert result.next_move.value == 1000 and result.next_move.range == (1000, 1010)
        assert opening.startswith("Open at 1,000 inside")  # round, and not called precise

    def test_an_opening_past_what_the_range_justifies_says_so(self) -> None:
        """A seller whose limit lies past anything the range justifies was told "Open at
        130 inside what you can justify (130 to 130)", and with a term to give, offered
        "130 alone, or 130 and the term" as packages worth the same."""
        result = answer(doc_past_range())
        assert {"WA23", "PR13"} <= rules(result) and "PR01" not in rules(result)
        assert result.next_move.value == 130 and result.next_move.range is None
        assert "justify" not in next(a.message for a in result.advice if a.rule == "PR13")
        with_a_term = answer({**doc_past_range(), "issues": [
            {"name": "start date", "your_priority": "low", "their_priority": "high"}]})
        assert with_a_term.next_move.packages == ()  # no "130, or 130 and a term given"

    def test_a_range_narrower_than_the_shown_precision_is_one_figure(self) -> None:
        """Without an increment, an alternative of 800.1 in hand and an extreme opening of
        800 made an opening range of 800 to 800.1, shown as "(800 USD to 800 USD)"."""
        result = answer({"negotiation": {"side": "buyer", "stage": "opening", "unit": "USD"},
                         "value": {"low": 1000, "high": 1200, "confidence": "high"},
                         "you": {"reservation": 1100,
                                 "batna": {"status": "in_hand", "value": 800.1}}})
        assert result.next_move.value == 800 and result.next_move.range is None
        said = next(a.message for a in result.advice if a.rule == "PR13")
        assert said.startswith("Open at 800 USD, your limit: ") and "PR01" not in rules(result)

    @pytest.mark.parametrize(("value", "side", "step", "low", "high", "precise"), [
        (110, 1, 5, 100, 120, 115), (110, -1, 5, 100, 120, 105),
        (195_000, -1, 0.01, 190_000, 200_000, 194_900), (90, -1, 1, 80, 100, 89),
        (110, 1, 5, 110, 112, 110),  # the range leaves no other grid value
        (115, 1, 5, 100, 120, 115), (1_000, -1, 1, 999, 1_000, 999),
        # Below a power of ten the fourth figure is a finer one: a buyer never moves up
        # across it, and the nearer figure wins (10,010 only when 9,999 is out of range).
        (10_000, -1, 1, 9_600, 10_400, 9_999), (10_000, 1, 1, 9_600, 10_400, 9_999),
        (10_000, 1, 1, 10_000, 10_400, 10_010),
        (100, -1, 0.01, 96, 104, 99.99), (1_000_000, -1, 100, 960_000, 1_040_000, 999_900)])
    def test_a_round_opening_moves_one_unit_inside_its_range(
            self, value: float, side: int, step: float, low: float, high: float,
            precise: float) -> None:
        assert precise_on_grid(value, side, step, low, high) == precise

    def test_a_round_opening_moves_toward_the_middle_of_its_range(self) -> None:
        """Halfway into 65 to 80 is 72.5: on a grid of 5 a buyer's 70 is round, and 75 is
        nearer halfway than 65, the extreme end of the range."""
        assert precise_on_grid(70, -1, 5, 65, 80, aim=72.5) == 75

    def test_letting_them_open_is_a_headline_not_a_caveat_to_anchoring(self) -> None:
        doc = {**self.JOB, "them": {"need": "low", "batna": "strong", "information": "more"},
               "you": {**self.JOB["you"], "need": "high",
                       "batna": {"status": "possible"}}}
        result = answer(doc)
        assert result.headline.tool == "let_them_open" and result.next_move.action == "wait"
        assert not {"PR01", "PR02"} & rules(result)

    def test_no_polishing_an_opening_when_the_advice_is_to_let_them_open(self) -> None:
        result = answer({"negotiation": {"side": "buyer", "stage": "opening"},
                         "plan": {"move": "offer", "value": 8000}})
        assert result.headline.tool == "let_them_open" and "AN12" not in rules(result)

    def test_a_lever_never_changes_the_headline_to_itself(self) -> None:
        situation = situation_from_dict({
            "negotiation": {"side": "seller"}, "moves": moves(("you", 100), ("them", 70)),
            "plan": {"move": "offer", "value": 90}})
        text = render_text(with_levers(situation))
        assert "concede -> concede" not in text and "headline concede;" not in text

    def test_walk_credible_never_sits_beside_no_alternative(self) -> None:
        result = answer({"negotiation": {"side": "seller"}, "you": {"need": "low"},
                         "moves": moves(("you", 100), ("them", 70))})
        assert not (result.metrics.walk_credible and "no_batna" in result.risks)

    def test_the_plan_stops_where_their_limit_points(self) -> None:
        result = answer({"negotiation": {"side": "seller"}, "you": {"reservation": 80},
                         "moves": moves(("you", 100), ("them", 60), ("you", 95),
                                        ("them", 70), ("you", 92), ("them", 75))})
        limit = result.metrics.their_limit
        assert limit is not None
        end = max(80, limit.value)
        assert min([result.next_move.value, *result.next_move.steps]) >= end - 1


class TestPlansAreRead:
    def test_a_walk_with_no_alternative_and_high_need_is_warned_of(self) -> None:
        result = answer({"negotiation": {"side": "seller"}, "you": {"need": "high"},
                         "moves": moves(("you", 100), ("them", 80)),
                         "plan": {"move": "walk"}})
        assert "bluffed_walk" in result.risks


class TestTime:
    BELOW_ALTERNATIVE: ClassVar[dict[str, Any]] = {"negotiation": {"side": "seller"},
                         "you": {"need": "low",
                                 "batna": {"status": "in_hand", "value": 90}}}

    def stall(self, rounds: int, **negotiation: int) -> Assessment:
        history = [("you", 100), ("them", 80)] * (rounds + 1)
        doc = {**self.BELOW_ALTERNATIVE,
               "negotiation": {"side": "seller", **negotiation}, "moves": moves(*history)}
        return answer(doc)

    def test_a_short_stall_with_time_left_is_patience_a_long_one_at_the_end_a_walk(
            self) -> None:
        assert self.stall(1, rounds_left=100).headline.tool != "walk_away"
        assert self.stall(3, rounds_left=1).headline.tool == "walk_away"

    def test_deadline_notes_come_with_any_headline_that_keeps_talking(self) -> None:
        result = answer({"negotiation": {"side": "seller"},
                         "you": {"deadline_days": 30}, "them": {"deadline_days": 5},
                         "moves": moves(("you", 100), ("them", 70))})
        assert result.headline.tool == "concede" and "WA18" in rules(result)

    def test_two_rounds_left_reach_the_limit_in_two_steps(self) -> None:
        result = answer({"negotiation": {"side": "seller", "rounds_left": 2},
                         "you": {"reservation": 200},
                         "moves": moves(("you", 325), ("them", 150), ("you", 320))})
        move = result.next_move
        assert [move.value, *move.steps][-1] == 200 and len(move.steps) == 1

    def test_no_deal_likely_is_said_and_the_plan_stops_at_the_limit(self) -> None:
        result = answer({"negotiation": {"side": "seller"}, "you": {"reservation": 100},
                         "them": {"reservation": 80},
                         "moves": moves(("you", 130), ("them", 70))})
        assert "no_zopa" in result.risks
        assert min([result.next_move.value, *result.next_move.steps]) >= 100

    def test_the_schedule_reaches_the_limit_by_the_deadline(self) -> None:
        """Followed round after round against a side that barely moves, the plan gets to
        the limit by the deadline (it used to stop near half the room)."""
        history = [("you", 200.0), ("them", 100.0)]
        for left in range(12, 0, -1):
            result = answer({"negotiation": {"side": "seller", "increment": 1,
                                             "rounds_left": left},
                             "you": {"reservation": 150},
                             "moves": moves(*history)})
            if result.next_move.action != "offer":
                break
            history += [("you", result.next_move.value), ("them", history[-1][1] + 1)]
        assert history[-2][1] == 150


class TestTheirLimit:
    def test_estimated_from_three_offers_and_never_impossible(self) -> None:
        result = answer({"negotiation": {"side": "seller"},
                         "value": {"low": 500, "high": 1000},
                         "moves": moves(("them", 0), ("you", 1000), ("them", 31),
                                        ("you", 990), ("them", 1), ("you", 980),
                                        ("them", 31))})
        limit = result.metrics.their_limit
        assert limit is not None and 31 <= limit.low <= limit.value <= limit.high <= 1000


def test_a_term_listed_on_both_sides_is_neither_given_nor_asked() -> None:
    result = answer({"negotiation": {"side": "seller"},
                     "issues": [{"name": "term", "your_priority": "low",
                                 "their_priority": "high"},
                                {"name": "term", "your_priority": "high",
                                 "their_priority": "low"}],
                     "moves": moves(("you", 102), ("them", 100))})
    assert "term" not in result.next_move.give + result.next_move.ask_for


def test_an_opening_on_a_coarse_grid_is_not_called_too_extreme() -> None:
    """Between the extreme margin (200.8) and the limit (201) a grid of 5 has no value:
    the opening is 200, and planning exactly that draws no `anchor_too_extreme`."""
    doc = {"negotiation": {"side": "buyer", "increment": 5},
           "value": {"low": 251, "high": 251, "confidence": "high"},
           "you": {"batna": {"status": "in_hand", "value": 201}}}
    opening = answer(doc).next_move
    assert opening.value == 200
    planned = answer({**doc, "plan": {"move": "offer", "value": opening.value}})
    assert "anchor_too_extreme" not in planned.risks
    further = answer({**doc, "plan": {"move": "offer", "value": 195}})
    assert "anchor_too_extreme" in further.risks


def test_an_opening_that_uses_every_digit_of_its_grid_is_not_called_round() -> None:
    """On a grid of 5 the next move opens at 195 (halfway into 180 to 215 is 197.5; on
    the grid your way, 200, round, so one step to the side nearer halfway); planning
    exactly that draws no AN12 ("a round number"), while a plan of 200 still does."""
    doc = {"negotiation": {"side": "seller", "increment": 5},
           "value": {"low": 120, "high": 180, "confidence": "high"},
           "you": {"reservation": 130},
           "moves": moves(("them", 110))}
    opening = answer(doc).next_move
    assert opening.action == "offer" and opening.value == 195
    for plan, round_ in ((195, False), (200, True)):
        planned = answer({**doc, "plan": {"move": "offer", "value": plan}})
        assert ("AN12" in {a.rule for a in planned.advice}) is round_


def test_planning_a_pinned_opening_is_not_called_round() -> None:
    """With the range at 100 and 120 in hand the opening is pinned at 120: planning it
    draws no AN12 ("round; a more precise figure, like the one in the next move"), and
    the verdict says what it compared. Nor does 130, no rounder than that opening."""
    doc = {"negotiation": {"side": "seller"},
           "value": {"low": 100, "high": 100, "confidence": "high"},
           "you": {"batna": {"status": "in_hand", "value": 120}}}
    opening = answer(doc).next_move
    assert opening.action == "offer" and opening.value == 120 and opening.rules[-1] == "PR13"
    for plan, because in ((120, "120 is the proposed opening"),
                          (130, "the proposed opening of 120 has 2")):
        planned = answer({**doc, "plan": {"move": "offer", "value": plan}})
        assert "AN12" not in rules(planned)
        verdict = next(v for v in planned.verdicts if v.name == "plan_round")
        assert not verdict.holds and verdict.because.endswith(because)


def test_a_plan_rounder_than_the_proposed_opening_is_called_round() -> None:
    """An alternative of 123.45 in hand pins the opening at it, on the finest step shown
    (123.5): a plan of 130 is rounder, and AN12 points to the more precise opening."""
    doc = {"negotiation": {"side": "seller"},
           "value": {"low": 100, "high": 100, "confidence": "high"},
           "you": {"batna": {"status": "in_hand", "value": 123.45}},
           "plan": {"move": "offer", "value": 130}}
    result = answer(doc)
    assert result.next_move.value == 123.5
    assert "AN12" in rules(result)
