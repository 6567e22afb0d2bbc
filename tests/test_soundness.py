"""Hard constraints on every answer, proven over generated situations on both sides.

The next move never crosses the user's limits, never walks to nothing, agrees with the
headline and with every number the advice states, stays on the grid, and reads the
same from the other side. CI runs thousands of examples per property.
"""

from __future__ import annotations

import copy
import itertools
import math
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation_rules import Assessment, Situation, assess, situation_from_dict
from negotiation_rules.proposals import is_round, precision_unit

from .strategies import documents, negotiations

SOUND = settings(max_examples=5_000 if os.environ.get("CI") else 400, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
situations = st.one_of(documents(max_moves=30), negotiations())

ACTION = {"anchor": "offer", "concede": "offer", "hold": "hold", "accept": "accept",
          "walk_away": "walk", "prepare_batna": "prepare", "let_them_open": "wait"}
"""The next move each headline tool proposes."""


def limit(situation: Situation) -> float | None:
    """The user's own line: the walk-away point, or a firm alternative (in hand or
    likely) if better."""
    you, d = situation.you, situation.direction
    firm = you.batna_status in ("in_hand", "likely")
    known = [a for a in (you.reservation, you.batna_value if firm else None)
             if a is not None]
    return max(known, key=lambda a: d * a) if known else None


def worse(situation: Situation, a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and situation.direction * (a - b) < 0


def numbers(answer: Assessment) -> list[float]:
    """Every number the next move proposes to say or accept."""
    move = answer.next_move
    assert move is not None
    found = [] if move.value is None else [move.value]
    found += list(move.steps) + [p.value for p in move.packages] + list(move.range or ())
    return found


class TestLimits:
    """Nothing proposed or endorsed crosses the user's line."""

    @SOUND
    @given(situations)
    def test_no_number_crosses_the_users_limit(self, doc: dict[str, Any]) -> None:
        situation = situation_from_dict(doc)
        answer = assess(situation)
        line = limit(situation)
        assert not any(worse(situation, n, line) for n in numbers(answer)), answer.next_move
        if answer.headline.tool == "accept":
            their = answer.metrics.them.offers[-1]
            assert not worse(situation, their, line)
            assert not worse(situation, their, situation.you.reservation)
        if answer.next_move is not None and answer.next_move.action == "walk":
            assert situation.you.batna_status != "none"
        # The guards are a backstop: the built-in rules never need them.
        assert not {"PR50", "PR51"} & {t.rule for t in answer.trace}


class TestAgreement:
    """The headline, the next move and the advice say one thing."""

    @SOUND
    @given(situations)
    def test_the_answer_agrees_with_itself(self, doc: dict[str, Any]) -> None:
        situation = situation_from_dict(doc)
        answer = assess(situation)
        move = answer.next_move
        assert move is not None
        assert move.action == ACTION[answer.headline.tool]
        assert move.rules[0] == answer.headline.rule
        d = situation.direction
        if move.range is not None:
            low, high = move.range
            assert low <= move.value <= high
        # Each planned step moves toward them, none larger than the one before.
        if move.steps:
            path = [move.value, *move.steps]
            sizes = [d * (a - b) for a, b in itertools.pairwise(path)]
            assert all(size > 0 for size in sizes)
            assert all(b <= a + 1e-9 for a, b in itertools.pairwise(sizes))
        assert not set(move.give) & set(move.ask_for)
        for package in move.packages:
            assert set(package.give) <= set(move.give)
        # Packages are worth the same to you: one that gives a term asks a better figure.
        plain = [p.value for p in move.packages if not p.give]
        assert all(d * (p.value - v) > 0 for p in move.packages if p.give for v in plain)
        # Every number a propose rule states is the next move's.
        for advice in answer.advice:
            if advice.rule in ("PR01", "PR03"):
                assert advice.evidence["value"] == move.value
            if advice.rule == "PR03":
                assert advice.evidence["steps"][1:] == list(move.steps)
        # Leverage and alternative texts never contradict the walk verdict.
        if answer.metrics.walk_credible:
            assert "no_batna" not in answer.risks and "cannot_walk" not in answer.risks
        assert "WA15" not in {a.rule for a in answer.advice} or answer.metrics.walk_credible

    @SOUND
    @given(situations)
    def test_following_the_next_move_draws_no_warning_about_it(self, doc: dict[str, Any]
                                                                ) -> None:
        """Planning exactly the proposed offer, in exchange for something, is not critiqued."""
        answer = assess(situation_from_dict(doc))
        move = answer.next_move
        if move is None or move.action != "offer":
            return
        planned = copy.deepcopy(doc)
        planned["plan"] = {"move": "offer", "value": move.value,
                           "in_exchange_for": (move.ask_for or ("a step of theirs",))[0]}
        critique = set(assess(situation_from_dict(planned)).risks) - set(answer.risks)
        if "WA23" in {a.rule for a in answer.advice}:
            # The answer already warns that even an extreme opening falls short of the
            # user's limit, so the opening it proposes is extreme by construction.
            critique.discard("anchor_too_extreme")
        assert not critique & {"caving", "escalating_concessions", "past_reservation",
                               "below_batna", "anchor_too_extreme", "uninformed_anchor"}

    @SOUND
    @given(situations)
    def test_planning_the_proposed_opening_is_not_called_round(self, doc: dict[str, Any]
                                                                ) -> None:
        """Planning exactly the next move's opening never draws AN12 ("a round number;
        a more precise figure, like the one in the next move, ...")."""
        answer = assess(situation_from_dict(doc))
        if answer.headline.tool != "anchor":
            return
        planned = copy.deepcopy(doc)
        planned["plan"] = {"move": "offer", "value": answer.next_move.value}
        assert "AN12" not in {a.rule for a in assess(situation_from_dict(planned)).advice}


class TestNumbers:
    """Numbers are on the grid, and estimates stay inside what is possible."""

    @SOUND
    @given(situations)
    def test_an_opening_is_round_only_when_its_range_leaves_no_choice(
            self, doc: dict[str, Any]) -> None:
        """On a grid, the proposed opening is not round by JU26's test (the test AN12
        applies to a plan) unless the grid values one unit either side of it are outside
        the opening range, at your limit (an opening there leaves nothing to concede) or
        round too; PR01 calls it a precise figure exactly when it is not round."""
        situation = situation_from_dict(doc)
        step = situation.negotiation.increment
        answer = assess(situation)
        said = next((a.message for a in answer.advice if a.rule == "PR01"), None)
        if step is None or said is None:
            return
        move = answer.next_move
        assert move is not None and move.value is not None
        low, high = move.range or (move.value, move.value)  # a range of one figure: none
        if is_round(move.value, step):
            line, d = limit(situation), situation.direction
            usable = [n for way in (-1, 1)
                      if low <= (n := move.value + way * precision_unit(move.value, step, way))
                      <= high and (line is None or d * (n - line) > step - 1e-9)]
            assert all(is_round(n, step) for n in usable), (move.value, low, high, step)
        assert ("a precise figure" in said) == (not is_round(move.value, step)
                                                and move.range is not None), said

    @SOUND
    @given(situations)
    def test_numbers_lie_on_the_grid(self, doc: dict[str, Any]) -> None:
        situation = situation_from_dict(doc)
        step = situation.negotiation.increment
        if step is None:
            return
        answer = assess(situation)
        # Holding at your own number or accepting theirs repeats it, on the grid or not.
        on_table = {*answer.metrics.you.offers[-1:], *answer.metrics.them.offers[-1:]}
        for number in numbers(answer):
            if number in on_table:
                continue
            units = number / step
            assert math.isclose(units, round(units), abs_tol=1e-6), (number, step)

    @SOUND
    @given(situations)
    def test_their_limit_is_possible(self, doc: dict[str, Any]) -> None:
        situation = situation_from_dict(doc)
        estimate = assess(situation).metrics.their_limit
        if estimate is None:
            return
        d, offers = situation.direction, assess(situation).metrics.them.offers
        best = max(offers, key=lambda offer: d * offer)
        assert estimate.low <= estimate.value <= estimate.high
        assert d * (estimate.value - best) >= -1e-9  # never short of what they offered
        value = situation.value
        if value.known:
            far_end = value.high if d > 0 else value.low
            assert d * (estimate.value - far_end) <= 1e-9 or estimate.value == best


def mirror(doc: dict[str, Any]) -> tuple[dict[str, Any], float]:
    """The same negotiation from the other side: side flipped, every number reflected
    about a pivot on the grid, the extreme margin mapped onto the reflected range."""
    data = copy.deepcopy(doc)
    negotiation, you = data["negotiation"], data["you"]
    step = negotiation.setdefault("increment", 1)
    values = [you.get("reservation"), you.get("target"), you.get("batna", {}).get("value"),
              *(m["value"] for m in data.get("moves", ())),
              *(data.get("value", {}).get(k) for k in ("low", "high"))]
    pivot = step * math.ceil((2 * max(v for v in values if v is not None) + 10) / step)
    side = negotiation["side"]
    negotiation["side"] = "buyer" if side == "seller" else "seller"
    for table, key in ((you, "reservation"), (you, "target"), (you.get("batna", {}), "value")):
        if key in table:
            table[key] = pivot - table[key]
    for move in data.get("moves", ()):
        move["value"] = pivot - move["value"]
    value = data.get("value")
    if value:
        far_end = value["high"] if side == "seller" else value["low"]
        data["settings"] = {"extreme_margin": 0.2 * far_end / (pivot - far_end)}
        doc.setdefault("settings", {})["extreme_margin"] = 0.2
        value["low"], value["high"] = pivot - value["high"], pivot - value["low"]
    doc["negotiation"].setdefault("increment", 1)
    return data, pivot


class TestMirror:
    """The same situation seen from the other side reads the same."""

    @SOUND
    @given(negotiations())
    def test_mirrored_situation_gets_the_same_answer(self, doc: dict[str, Any]) -> None:
        mirrored, pivot = mirror(doc)
        original = assess(situation_from_dict(doc))
        other = assess(situation_from_dict(mirrored))
        assert other.headline.tool == original.headline.tool
        assert other.risks == original.risks
        assert [a.rule for a in other.advice] == [a.rule for a in original.advice]
        first, second = original.next_move, other.next_move
        assert first is not None and second is not None
        assert second.action == first.action
        # A round opening moves one unit to a precise figure; reflection keeps no digits,
        # so either side's opening, and the range offer's far end that is measured from
        # it, may be that unit from the other's reflection.
        bolster = original.fields_of("Proposal")["open_bolster"]
        opening = (first.value, bolster) if "PR01" in first.rules else ()
        step = situation_from_dict(doc).negotiation.increment or 1

        def slack(number: float) -> float:
            if not any(math.isclose(pivot - number, figure) for figure in opening):
                return 1e-6
            return max(precision_unit(first.value, step, way) for way in (-1, 1)) + 1e-6

        reflected = sorted(pivot - n for n in numbers(original))
        assert all(abs(a - b) <= slack(b)
                   for a, b in zip(sorted(numbers(other)), reflected, strict=True)), \
            (numbers(other), reflected)
