"""Every rule fires where it should and stays silent where it should not."""

from __future__ import annotations

import tomllib
from pathlib import Path

import attrs
import pytest

from negotiation_rules import (
    RISKS,
    TOOLS,
    KnowledgeBase,
    assess,
    loads_situation,
    situation_from_dict,
)
from negotiation_rules.principles import PRINCIPLES

from .helpers import EXAMPLES, assess_toml, fired

CASES = tomllib.loads((Path(__file__).parent / "rule_cases.toml").read_text())["case"]
RULES = KnowledgeBase.default().rules()
BACKSTOPS = {info.code for info in RULES if info.layer == "guard" or info.priority == 99}
CASED = [info for info in RULES if info.code not in BACKSTOPS]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_rule_case(case: dict) -> None:
    """The listed rules fire, the listed near misses stay silent, the headline is right."""
    assessment = assess_toml(case["situation"])
    codes = fired(assessment)
    assert set(case["fires"]) <= codes, f"did not fire: {set(case['fires']) - codes}"
    assert not set(case["silent"]) & codes, f"fired: {set(case['silent']) & codes}"
    if "headline" in case:
        assert assessment.headline.tool == case["headline"]


class TestCatalogue:
    """The knowledge base as a whole."""

    @pytest.mark.parametrize("info", CASED, ids=[info.code for info in CASED])
    def test_every_rule_has_fire_and_silent_cases(self, info) -> None:
        """A rule without a case proving it fires and one proving it stays silent fails
        (a judge rule fires when its verdict holds). The backstops, which the built-in
        rules never need, are proven in test_next_move.py."""
        assert any(info.code in case["fires"] for case in CASES), f"{info.code} never fires"
        assert any(info.code in case["silent"] for case in CASES), f"{info.code} never silent"

    @pytest.mark.parametrize("info", RULES, ids=[info.code for info in RULES])
    def test_metadata_uses_the_stable_vocabulary(self, info) -> None:
        """Built-in rules cite catalogued principles, tools and risk codes, and explain why."""
        assert info.principle in PRINCIPLES
        assert info.tool is None or info.tool in TOOLS
        assert info.risk is None or info.risk in RISKS
        assert info.description and info.why

    def test_every_tool_and_risk_has_a_rule(self) -> None:
        """The knowledge base can produce every headline tool and every risk code."""
        assert {info.tool for info in RULES if info.headline} == set(TOOLS)
        assert {info.risk for info in RULES if info.risk} == set(RISKS)

    def test_codes_and_names_are_unique(self) -> None:
        assert len({info.code for info in RULES}) == len(RULES)
        assert len({info.name for info in RULES}) == len(RULES)


class TestEngine:
    """Advice comes from the engine's rules and nowhere else."""

    def test_removing_a_rule_removes_its_advice(self) -> None:
        """Without CO04 the caving warning is gone; everything else stays."""
        case = next(c for c in CASES if c["id"] == "conceding with nothing asked in return")
        situation = loads_situation(case["situation"])
        full = assess(situation)
        reduced = assess(situation, knowledge=KnowledgeBase.default().without("CO04"))
        assert "caving" in full.risks
        assert "caving" not in reduced.risks
        assert [a.rule for a in reduced.advice] == [a.rule for a in full.advice if a.rule != "CO04"]

    def test_removing_the_headline_rule_lets_the_next_one_win(self) -> None:
        """First match wins: without the accept rule the next tool in priority order answers."""
        case = next(c for c in CASES if c["id"] == "their offer meets your target")
        situation = loads_situation(case["situation"])
        reduced = assess(situation, knowledge=KnowledgeBase.default().without("TK01"))
        assert reduced.headline.tool == "concede"

    def test_trace_lists_every_firing_with_its_facts(self) -> None:
        """Each advice item has a firing; each firing names facts the engine held."""
        assessment = assess_toml(CASES[0]["situation"])
        fact_ids = {fact.id for fact in assessment.facts}
        advised = {a.rule for a in assessment.advice}
        advising = [t.rule for t in assessment.trace if t.rule in advised]
        assert advising == [a.rule for a in assessment.advice]
        for entry in assessment.trace:
            assert set(entry.facts) <= fact_ids
            assert set(entry.bindings.values()) <= set(entry.facts)

    def test_the_engine_holds_every_catalogued_rule(self) -> None:
        """No rule is hidden when the rule classes are mixed into one engine."""
        engine = KnowledgeBase.default().engine()
        assert len(engine.get_rules()) == len(RULES)

    def test_judges_then_the_headline_fire_first(self) -> None:
        """Every verdict is judged before any advice, and the headline is the first advice."""
        assessment = assess_toml(CASES[0]["situation"])
        layers = [t.layer for t in assessment.trace]
        judged = layers.count("judge")
        assert set(layers[:judged]) == {"judge"}
        assert assessment.trace[judged].rule == assessment.headline.rule

    def test_settings_change_the_thresholds(self) -> None:
        """A wider extreme margin clears anchor_too_extreme; a limit of 3 clears the hold."""
        extreme = next(c for c in CASES if c["id"].startswith("an extreme buyer anchor"))
        situation = loads_situation(extreme["situation"])
        wide = attrs.evolve(situation.settings, extreme_margin=0.5)
        assert "anchor_too_extreme" in assess(situation).risks
        assert "anchor_too_extreme" not in assess(situation, settings=wide).risks
        hold = next(c for c in CASES if c["id"] == "two unanswered concessions: hold")
        patient = loads_situation(hold["situation"] + "[settings]\nunreciprocated_limit = 3\n")
        assert assess(patient).headline.tool == "concede"


def _mirror(text: str) -> dict:
    """Swap seller and buyer, reflecting every number around a point beyond them all.

    The extreme margin is a fraction of the range's far end, so it is mirrored
    too: the reflected threshold must land on the reflected far end's margin.
    """
    data = tomllib.loads(text)
    side = data["negotiation"]["side"]
    data["negotiation"]["side"] = {"seller": "buyer", "buyer": "seller"}[side]
    value = data.get("value", {})
    you, them = data.get("you", {}), data.get("them", {})
    numbers = [*(value.get(k) for k in ("low", "high")), you.get("target"),
               you.get("reservation"), them.get("reservation"), you.get("batna", {}).get("value"),
               *(item.get("value") for item in [*data.get("moves", []), data.get("plan", {})])]
    pivot = 2 * max([n for n in numbers if n is not None], default=0) + 10

    def reflect(table: dict, key: str) -> None:
        if key in table:
            table[key] = pivot - table[key]

    if "low" in value and "high" in value:
        far_end = value["high"] if side == "seller" else value["low"]
        data["settings"] = {"extreme_margin": 0.2 * far_end / (pivot - far_end)}
        value["low"], value["high"] = pivot - value["high"], pivot - value["low"]
    for key in ("target", "reservation"):
        reflect(you, key)
    reflect(them, "reservation")
    reflect(you.get("batna", {}), "value")
    for item in [*data.get("moves", []), data.get("plan", {})]:
        reflect(item, "value")
    return data


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_mirrored_situation_gets_the_same_advice(case: dict) -> None:
    """A seller's situation mirrored into a buyer's gives the same tools and risks."""
    original = assess_toml(case["situation"])
    mirrored = assess(situation_from_dict(_mirror(case["situation"])))
    assert mirrored.headline.tool == original.headline.tool
    assert mirrored.risks == original.risks
    # AN12 reads the digits of a number (is it round?), which reflection does not keep.
    assert [a.rule for a in mirrored.advice if a.rule != "AN12"] == \
        [a.rule for a in original.advice if a.rule != "AN12"]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_mirrored_example_gets_the_same_advice(path) -> None:
    """Every example, seen from the other side, fires the same rules and gives the same
    headline and risks (the precise-figure notes aside, as above)."""
    text = path.read_text()
    original = assess_toml(text)
    mirrored = assess(situation_from_dict(_mirror(text)))
    assert mirrored.headline.tool == original.headline.tool
    assert mirrored.risks == original.risks
    assert [a.rule for a in mirrored.advice if a.rule != "AN12"] == \
        [a.rule for a in original.advice if a.rule != "AN12"]
