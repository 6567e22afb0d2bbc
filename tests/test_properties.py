"""Properties that hold for every situation, and input that must never crash us."""

from __future__ import annotations

import contextlib
import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from negotiation_rules import (
    TOOLS,
    KnowledgeBase,
    SituationError,
    assess,
    loads_situation,
    situation_from_dict,
)
from negotiation_rules.changes import apply_changes
from negotiation_rules.cli import main
from negotiation_rules.levers import with_levers

from .helpers import EXAMPLES
from .strategies import documents, hostile_documents

CODES = {info.code for info in KnowledgeBase.default().rules()}
BATNA_ORDER = ("none", "possible", "likely", "in_hand")


def risks_of(doc: dict[str, Any]) -> set[str]:
    return set(assess(situation_from_dict(doc)).risks)


class TestEverySituation:
    """Invariants of the answer's shape."""

    @given(documents())
    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    def test_one_headline_known_rules_json_round_trip(self, doc: dict[str, Any]) -> None:
        answer = assess(situation_from_dict(doc))
        assert answer.headline.tool in TOOLS
        assert sum(1 for a in answer.advice if a.rule == answer.headline.rule) == 1
        assert {a.rule for a in answer.advice} <= CODES
        data = answer.to_dict()
        assert json.loads(json.dumps(data, allow_nan=False)) == data

    @given(documents())
    @settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
    def test_every_lever_does_what_it_says(self, doc: dict[str, Any]) -> None:
        """`nrules assess` always lists levers: each must change the headline or clear a
        high-severity risk, and say what the changed situation would get."""
        situation = situation_from_dict(doc)
        answer = with_levers(situation)
        high = {a.risk for a in answer.advice if a.risk and a.severity == "high"}
        for lever in answer.levers or ():
            after = assess(situation_from_dict(apply_changes(doc, lever.changes.items())))
            assert lever.headline == after.headline.tool
            assert set(lever.cleared) == set(answer.risks) - set(after.risks)
            assert lever.headline != answer.headline.tool or high & set(lever.cleared)


def mirror(doc: dict[str, Any]) -> dict[str, Any]:
    """Swap the sides and reflect every number around a point beyond them all.

    The extreme margin is a fraction of the range's far end; it is carried over
    so that the reflected threshold lands on the reflected far end's margin.
    """
    doc = copy.deepcopy(doc)
    side = doc["negotiation"]["side"]
    doc["negotiation"]["side"] = "buyer" if side == "seller" else "seller"
    value, you, them = doc.get("value", {}), doc.get("you", {}), doc.get("them", {})
    batna, plan = you.get("batna", {}), doc.get("plan", {})
    holders = [(value, "low"), (value, "high"), (you, "target"), (you, "reservation"),
               (them, "reservation"), (batna, "value"), (plan, "value"),
               *((move, "value") for move in doc.get("moves", []))]
    pivot = 2 * max((t[k] for t, k in holders if k in t), default=0) + 10
    step = doc["negotiation"].get("increment")
    if step is not None:  # a pivot on the grid keeps the reflected grid the same
        pivot = step * math.ceil(pivot / step)
    if "low" in value:
        far_end = value["high"] if side == "seller" else value["low"]
        margin = doc.get("settings", {}).get("extreme_margin", 0.2)
        mirrored_margin = margin * far_end / (pivot - far_end)
        assume(mirrored_margin >= 0.001)
        if plan.get("value") is not None:
            limit = far_end * (1 + (margin if side == "seller" else -margin))
            assume(abs(plan["value"] - limit) > 1e-6 * pivot)  # float rounding at the boundary
        doc.setdefault("settings", {})["extreme_margin"] = mirrored_margin
        value["low"], value["high"] = value["high"], value["low"]
    for table, key in holders:
        if key in table:
            table[key] = pivot - table[key]
    return doc


class TestKnowledge:
    """Invariants of the negotiation knowledge itself."""

    @given(documents())
    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    def test_mirroring_seller_and_buyer_keeps_tools_and_risks(self, doc: dict[str, Any]) -> None:
        original = assess(situation_from_dict(doc))
        mirrored = assess(situation_from_dict(mirror(doc)))
        assert mirrored.headline.tool == original.headline.tool
        assert set(mirrored.risks) == set(original.risks)

    @given(documents(), st.integers(100, 10_000), st.text(min_size=1, max_size=20))
    def test_asking_in_exchange_never_adds_caving(self, doc: dict[str, Any], offer: int,
                                                  ask: str) -> None:
        assume(ask.strip())
        doc["plan"] = {"move": "offer", "value": offer}
        traded = copy.deepcopy(doc)
        traded["plan"]["in_exchange_for"] = ask
        assert "caving" not in risks_of(traded) - risks_of(doc)
        assert "caving" not in risks_of(traded)

    @given(documents())
    def test_a_firmer_alternative_never_adds_no_batna_or_bluffed_walk(
            self, doc: dict[str, Any]) -> None:
        you = doc.setdefault("you", {})
        value = you.get("batna", {}).get("value")
        previous: set[str] | None = None
        for status in BATNA_ORDER:
            you["batna"] = {"status": status} | ({} if value is None else {"value": value})
            found = risks_of(doc) & {"no_batna", "bluffed_walk"}
            if previous is not None:
                assert found <= previous, f"{status} added {found - previous}"
            previous = found

    @given(documents(), st.integers(0, 30_000), st.integers(1, 5_000))
    def test_a_bolder_first_offer_stays_extreme(self, doc: dict[str, Any], offer: int,
                                                step: int) -> None:
        doc.setdefault("value", {}).update(low=4_000, high=6_000)
        doc["moves"] = [move for move in doc.get("moves", []) if move["by"] == "them"]
        doc["plan"] = {"move": "offer", "value": offer}
        assume("anchor_too_extreme" in risks_of(doc))
        direction = 1 if doc["negotiation"]["side"] == "seller" else -1
        doc["plan"]["value"] = max(0, offer + direction * step)
        assert "anchor_too_extreme" in risks_of(doc)


class TestHostileInput:
    """Whatever arrives, only SituationError leaves the library, and the CLI exits 0 or 2."""

    @given(hostile_documents())
    @settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
    def test_mutated_documents(self, doc: Any) -> None:
        try:
            answer = assess(situation_from_dict(doc))
        except SituationError as error:
            assert error.problems
        else:
            json.dumps(answer.to_dict(), allow_nan=False)

    @given(st.text(max_size=200))
    def test_arbitrary_text(self, text: str) -> None:
        with contextlib.suppress(SituationError):
            assess(loads_situation(text))

    @given(st.sampled_from(EXAMPLES), st.data())
    @settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
    def test_cli_on_damaged_files(self, path: Path, data: st.DataObject) -> None:
        text = path.read_text()
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 40)))
        insert = data.draw(st.text(max_size=20))
        damaged = text[:start] + insert + text[end:]
        result = CliRunner().invoke(main, ["assess", "-", "--format", "json"], input=damaged)
        assert result.exit_code in (0, 2), result.output
        assert "Traceback" not in result.stderr
        if result.exit_code == 2:
            assert result.stdout == ""
            assert result.stderr.startswith("error: <stdin>: ")
        else:
            json.loads(result.stdout)


class TestLimits:
    """Size limits come back as clear errors, from the API and the CLI."""

    def test_too_many_moves(self) -> None:
        from negotiation_rules import Settings

        moves = [{"by": "you", "type": "reject"}] * 11
        with pytest.raises(SituationError, match="moves: has 11 moves; the limit is 10"):
            situation_from_dict({"negotiation": {"side": "buyer"}, "moves": moves},
                                limits=Settings(max_moves=10))

    def test_ten_thousand_moves_are_accepted(self) -> None:
        moves = [{"by": "you" if i % 2 else "them", "type": "offer", "value": 1000 + i % 7}
                 for i in range(10_000)]
        answer = assess(situation_from_dict({"negotiation": {"side": "buyer"}, "moves": moves}))
        assert answer.headline.tool in TOOLS

    def test_long_string(self) -> None:
        with pytest.raises(SituationError, match=r"negotiation\.title: text is 2001 characters"):
            situation_from_dict({"negotiation": {"side": "buyer", "title": "x" * 2001}})

    def test_file_size(self, tmp_path: Path) -> None:
        path = tmp_path / "big.toml"
        path.write_text('[negotiation]\nside = "buyer"\n' + "# padding\n" * 120_000)
        result = CliRunner().invoke(main, ["assess", str(path)])
        assert result.exit_code == 2
        assert "is larger than the limit of 1,048,576 bytes" in result.stderr

    def test_file_cannot_raise_the_limits(self) -> None:
        with pytest.raises(SituationError, match=r"settings\.max_moves: is a limit set by the"):
            loads_situation('[negotiation]\nside = "buyer"\n[settings]\nmax_moves = 99999999\n')

    def test_huge_and_surrogate_values(self) -> None:
        with pytest.raises(SituationError) as caught:
            situation_from_dict({"negotiation": {"side": "buyer", "title": "\ud800"},
                                 "you": {"target": 10**40}})
        assert [p.path for p in caught.value.problems] == ["negotiation.title", "you.target"]
        with pytest.raises(SituationError, match=r"you\.target: must be at most"):
            situation_from_dict({"negotiation": {"side": "buyer"}, "you": {"target": 10**40}})

    def test_deep_nesting(self) -> None:
        with pytest.raises(SituationError, match="nested too deeply"):
            loads_situation("a = " + "[" * 5000 + "]" * 5000)


def test_reading_never_runs_what_the_file_names(tmp_path: Path) -> None:
    """Names of modules, code and paths in a file stay text: nothing is imported or run."""
    import sys

    marker = tmp_path / "ran"
    before = set(sys.modules)
    code = f"__import__('os').system('touch {marker}')"
    text = (f'[negotiation]\nside = "seller"\ntitle = "{code}"\n'
            'unit = "!!python/object:os.system"\n[[issues]]\nname = "${touch x}"\n')
    answer = assess(loads_situation(text))
    assert answer.title is not None and "__import__" in answer.title
    assert not marker.exists()
    assert set(sys.modules) == before
