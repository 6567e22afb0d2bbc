"""Every rule fires where it should and stays silent where it should not."""

from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path
from typing import NamedTuple

import attrs
import pytest

from negotiation_rules import (
    RISKS,
    TOOLS,
    Assessment,
    KnowledgeBase,
    Situation,
    assess,
    loads_situation,
    situation_from_dict,
)
from negotiation_rules.principles import PRINCIPLES
from negotiation_rules.proposals import Grid
from negotiation_rules.render import next_move_lines

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


def _mirror(doc: dict) -> tuple[dict, float]:
    """Swap seller and buyer, reflecting every number about a pivot; returns the new
    document and the pivot (a number ``x`` becomes ``pivot - x``).

    The pivot is the sum of the smallest and the largest number, so the mirror spans
    the same numbers: its scale, and the grid and precision that follow from it, stay
    the same. The extreme margin is a fraction of the range's far end, so it is
    mirrored too: the reflected threshold must land on the reflected far end's margin.
    """
    data = copy.deepcopy(doc)
    side = data["negotiation"]["side"]
    data["negotiation"]["side"] = {"seller": "buyer", "buyer": "seller"}[side]
    value = data.get("value", {})
    you, them = data.get("you", {}), data.get("them", {})
    numbers = [*(value.get(k) for k in ("low", "high")), you.get("target"),
               you.get("reservation"), them.get("reservation"), you.get("batna", {}).get("value"),
               *(item.get("value") for item in [*data.get("moves", []), data.get("plan", {})])]
    known = [n for n in numbers if n is not None]
    pivot = min(known, default=0) + max(known, default=0)

    def reflect(table: dict, key: str) -> None:
        if key in table:
            table[key] = pivot - table[key]

    if "low" in value and "high" in value:
        far_end = value["high"] if side == "seller" else value["low"]
        settings = data.setdefault("settings", {})
        margin = settings.get("extreme_margin", 0.2)
        settings["extreme_margin"] = margin * far_end / (pivot - far_end)
        value["low"], value["high"] = pivot - value["high"], pivot - value["low"]
    for key in ("target", "reservation"):
        reflect(you, key)
    reflect(them, "reservation")
    reflect(you.get("batna", {}), "value")
    for item in [*data.get("moves", []), data.get("plan", {})]:
        reflect(item, "value")
    return data, pivot


_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_SIDE_WORDS = {"raise": "lower"}
"""The side-dependent words the messages use, each with its mirror image."""
_SWAPS = {**_SIDE_WORDS, **{b: a for a, b in _SIDE_WORDS.items()}}
_DISTANCES = frozenset({"gap", "size", "previous_size", "last_step", "previous_step",
                        "your_steps"})
"""Evidence that holds distances (a gap, a step): the same on both sides, not reflected."""
_MARKER_UNIT = "¤"
"""The unit a situation without one is given, so that its amounts can be told apart
from counts and days."""


def _texts(assessment: Assessment) -> list[str]:
    """Every message of an answer: the advice (the headline's among it), then the next
    move. AN12 reads the digits of a number (is it round?), which reflection does not keep."""
    return [*(a.message for a in assessment.advice if a.rule != "AN12"),
            "\n".join(next_move_lines(assessment, width=10_000)).strip()]


class _Reflection(NamedTuple):
    """How the amounts of an answer read in its mirror image.

    Attributes:
        unit: The unit amounts are written with.
        pivot: Positions (offers, limits, ranges) are reflected about it.
        distances: The original's distances (gaps, steps), which are not reflected.
        precise: The original's opening figures. The figure is nudged your way by a
            share of itself, and the range's ends go onto the grid's finest step
            (``fine``), neither of which reflection keeps: each may be one ``fine`` step
            from the reflection.
        fine: That step.
    """

    unit: str
    pivot: float
    distances: tuple[float, ...]
    precise: tuple[float, ...]
    fine: float

    @classmethod
    def of(cls, original: Assessment, situation: Situation, pivot: float) -> _Reflection:
        evidence = [a.evidence.get(key) for a in original.advice for key in _DISTANCES]
        distances = [v for item in evidence for v in (item if isinstance(item, list) else [item])
                     if v is not None]
        proposal = original.fields_of("Proposal")
        precise = [proposal[k] for k in ("open_value", "open_bolster", "open_from", "open_to")
                   if proposal.get(k)]
        assert original.unit is not None
        return cls(original.unit, pivot, tuple(distances), tuple(precise),
                   Grid.of(situation).fine)

    def suffix(self) -> str:
        """A pattern for the unit as the answer writes it after an amount."""
        return re.escape("%" if self.unit == "%" else f" {self.unit}")

    def amount(self) -> str:
        """A pattern for an amount as the answer writes it, with the unit."""
        return _NUMBER + self.suffix()

    def numbers(self, text: str) -> tuple[str, list[tuple[float, float, bool]]]:
        """The text with its numbers taken out, and each number: its value, half a unit of
        its last written digit, and whether it is an amount."""
        found: list[tuple[float, float, bool]] = []

        def take(match: re.Match[str]) -> str:
            number = match["amount"] or match["other"]
            found.append((float(number.replace(",", "")),
                          0.5 * 10.0 ** -len(number.partition(".")[2]),
                          match["amount"] is not None))
            return "<amount>" if match["amount"] else "<number>"

        pattern = f"(?P<amount>{_NUMBER})(?={self.suffix()})|(?P<other>{_NUMBER})"
        return re.sub(pattern, take, text), found

    def read_back(self, text: str) -> str:
        """A mirrored message in the original side's words: side words swapped, and ranges
        (written low to high, so reflection turns them end for end) put back in order."""
        amount = self.amount()
        text = re.sub(rf"\b({amount}) to ({amount})", r"\2 to \1", text)
        text = re.sub(rf"between ({amount}) and ({amount})", r"between \2 and \1", text)

        def swap(match: re.Match[str]) -> str:
            word = _SWAPS[match[0].lower()]
            return word.capitalize() if match[0][0].isupper() else word

        return re.sub(r"\b(?:" + "|".join(_SWAPS) + r")\b", swap, text, flags=re.IGNORECASE)

    def reads_the_same(self, original: str, mirrored: str) -> bool:
        """Whether a mirrored message says what the original says, from the other side:
        the same words once side words are swapped, each position reflected, each distance
        and every other number (a count, days) the same, within the precision written."""
        template, numbers = self.numbers(original)
        other, mirrored_numbers = self.numbers(self.read_back(mirrored))
        if other != template:
            return False
        for (a, a_half, amount), (b, b_half, _) in zip(numbers, mirrored_numbers,
                                                        strict=True):
            written = a_half + b_half + 1e-9
            if not amount or any(abs(a - d) < written for d in self.distances):
                if abs(a - b) >= written:
                    return False
                continue
            slack = self.fine if any(abs(a - p) < written for p in self.precise) else 0
            if abs(a - (self.pivot - b)) >= written + slack:
                return False
        return True


def _assert_mirrored(text: str) -> None:
    """The situation seen from the other side fires the same rules, gives the same
    headline and risks, and says the same things in the same words."""
    doc = tomllib.loads(text)
    doc["negotiation"].setdefault("unit", _MARKER_UNIT)
    mirrored_doc, pivot = _mirror(doc)
    situation = situation_from_dict(doc)
    original, mirrored = assess(situation), assess(situation_from_dict(mirrored_doc))
    assert mirrored.headline.tool == original.headline.tool
    assert mirrored.risks == original.risks
    assert [a.rule for a in mirrored.advice if a.rule != "AN12"] == \
        [a.rule for a in original.advice if a.rule != "AN12"]
    reflection = _Reflection.of(original, situation, pivot)
    for said, mirror_said in zip(_texts(original), _texts(mirrored), strict=True):
        assert reflection.reads_the_same(said, mirror_said), \
            f"\n  original: {said}\n  mirrored: {mirror_said}\n  pivot: {pivot}"


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_mirrored_situation_gets_the_same_advice(case: dict) -> None:
    """A situation mirrored to the other side gives the same tools, risks and rules, and
    messages that read the same with numbers reflected and side words swapped (AN12,
    which reads a number's digits, aside)."""
    _assert_mirrored(case["situation"])


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_mirrored_example_gets_the_same_advice(path) -> None:
    """Every example, seen from the other side, reads the same, as above."""
    _assert_mirrored(path.read_text())
