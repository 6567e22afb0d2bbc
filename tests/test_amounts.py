"""Numbers as a person writes them: one precision policy for text, the number line and JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation_rules import SituationError, assess, situation_from_dict
from negotiation_rules.amounts import AMOUNT_FIELDS, format_amount, round_amounts
from negotiation_rules.numberline import draw, number_line
from negotiation_rules.render import answer_data, precision, render_text

from .helpers import assess_toml
from .strategies import documents

MORTGAGE = """
[negotiation]
title = "Mortgage rate"
side = "buyer"
unit = "%"
[value]
low = 3.9
high = 4.6
confidence = "high"
[you]
target = 4.05
reservation = 4.4
[[moves]]
by = "them"
type = "offer"
value = 4.55
"""


class TestFormatAmount:
    """format_amount: precision from the increment, the scale or the number itself."""

    @pytest.mark.parametrize(("args", "options", "expected"), [
        ((125000, "USD"), {}, "125,000 USD"),
        ((36045.91, "USD"), {"scale": 40000}, "36,046 USD"),
        ((36045.91, "USD"), {}, "36,046 USD"),
        ((0.09999999999999964,), {}, "0.1"),
        ((4.375, "%"), {"scale": 4.6}, "4.375%"),
        ((4.3751, "%"), {"scale": 4.6}, "4.375%"),
        ((110.2, "USD/h"), {"scale": 110}, "110.2 USD/h"),
        ((0.0004, "%"), {"scale": 4.6}, "0.0004%"),
        ((0.004, "%"), {}, "0.004%"),
        ((0.004, "%"), {"scale": 4.6}, "0.004%"),
        ((12.5, "USD"), {"increment": 0.01}, "12.50 USD"),
        ((150000, "USD"), {"increment": 0.01}, "150,000 USD"),
        ((1234.5,), {"increment": 1}, "1,235"),
        ((1.0005,), {}, "1.001"),
        ((-0.0,), {}, "0"),
        ((-0.0001,), {"scale": 10}, "-0.0001"),
        ((0.37, "USD/h"), {"scale": 110}, "0.4 USD/h"),
        ((3,), {"increment": 0.125}, "3"),
        ((3.25,), {"increment": 0.125}, "3.250"),
    ], ids=["whole", "truck", "truck-no-scale", "float-noise", "percent", "percent-noise",
            "precise-rate", "tiniest-percent", "tiny-percent", "tiny-step-on-scale", "cents",
            "whole-on-cents", "round-half-up", "as-written", "minus-zero", "small-negative",
            "small-step", "whole-on-eighths", "eighths"])
    def test_written_as_a_person_would(self, args: tuple[float, ...], options: dict[str, float],
                                       expected: str) -> None:
        assert format_amount(*args, **options) == expected  # type: ignore[arg-type]

    @given(st.floats(-1e12, 1e12).filter(lambda v: v == 0 or abs(v) >= 1e-6),
           st.one_of(st.none(), st.floats(1e-3, 1e9)),
           st.sampled_from([None, 1, 0.01, 0.5, 0.125, 1000]))
    def test_never_a_trailing_point_nor_a_false_zero(self, value: float, scale: float | None,
                                                     increment: float | None) -> None:
        text = format_amount(value, scale=scale, increment=increment)
        assert not text.endswith(".") and ". " not in text
        if value:
            assert text.strip("0.,-") != "", text  # a non-zero number never shows as 0
        assert "." not in text or len(text.split(".")[1]) <= 6


class TestNumberLine:
    def test_ends_are_the_true_range(self) -> None:
        """A 3.9-4.6 % market is drawn from 3.9 to 4.6, not from 4 to 5."""
        line = number_line(assess_toml(MORTGAGE))
        assert line is not None
        axis = draw(line, 60)[1].strip()
        assert axis.startswith("3.9 [") and axis.endswith("] 4.6")
        assert "[=] market 3.9-4.6" in "\n".join(draw(line, 60))

    def test_percent_text_reads_as_percent(self) -> None:
        text = render_text(assess_toml(MORTGAGE))
        assert "4.55%" in text and "4.55 %" not in text


class TestJsonRounding:
    """round_amounts: JSON numbers at the precision the text shows."""

    def test_amounts_at_the_text_precision_other_floats_lose_only_noise(self) -> None:
        data = {"gap": 11.123456, "metrics": {"you": {"offers": [93.4, 88.0]}},
                "fit_ratio": 0.8333333333333334, "noise": 0.09999999999999964,
                "count": 3, "flag": True, "label": "x"}
        assert round_amounts(data, scale=110) == {
            "gap": 11.1, "metrics": {"you": {"offers": [93.4, 88.0]}},
            "fit_ratio": 0.833333333333, "noise": 0.1, "count": 3, "flag": True, "label": "x"}

    def test_the_increment_wins_over_the_scale(self) -> None:
        assert round_amounts({"value": 93.456}, increment=0.01, scale=110) == {"value": 93.46}

    def test_answer_data_matches_the_text(self) -> None:
        """An amount in the JSON answer has the digits the text shows."""
        answer = assess_toml(MORTGAGE + "[[moves]]\nby = 'you'\ntype = 'offer'\n"
                                        "value = 3.951234\n")
        data = answer_data(answer)
        assert data["metrics"]["gap"] == 0.599  # 4.55 - 3.951234 at 4 significant figures
        assert data["metrics"]["you"]["offers"] == [3.951]
        assert "gap: 0.599%" in render_text(answer)

    def test_whole_answers_are_unchanged(self) -> None:
        """Situations in whole numbers keep the JSON they had."""
        from negotiation_rules import load_situation

        from .helpers import ROOT

        answer = assess(load_situation(ROOT / "examples" / "job-offer.toml"))
        assert answer_data(answer) == json.loads(json.dumps(answer.to_dict()))


def _pairs(rounded: Any, original: Any, amount: bool = False) -> Iterator[tuple[Any, Any]]:
    """The amounts of two parallel JSON documents, side by side."""
    if isinstance(original, dict):
        for key in original:
            yield from _pairs(rounded[key], original[key], amount or key in AMOUNT_FIELDS)
    elif isinstance(original, list):
        for r, o in zip(rounded, original, strict=True):
            yield from _pairs(r, o, amount)
    elif amount and isinstance(original, float):
        yield rounded, original


@given(documents(), st.sampled_from([None, 1.0, 0.01, 0.5]))
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_json_amounts_read_as_the_text_writes_them(doc: dict[str, Any],
                                                  increment: float | None) -> None:
    """Every amount of the JSON answer, once rounded, is written exactly as the text
    writes the unrounded number: JSON and text show the same digits."""
    if increment is not None:
        doc["negotiation"]["increment"] = increment
    try:
        answer = assess(situation_from_dict(doc))
    except SituationError:  # numbers off the increment's grid
        return
    options = precision(answer)
    for rounded, original in _pairs(answer_data(answer), answer.to_dict()):
        assert format_amount(rounded, **options) == format_amount(original, **options)
        # and it is stable (read as an amount: a bare float is rounded to 12 figures)
        assert round_amounts({"value": rounded}, **options) == {"value": rounded}
