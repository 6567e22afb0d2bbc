"""The direct matcher finds exactly the activations experta's own RETE matcher finds."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from negotiation_rules import TOOLS, KnowledgeBase, load_situation, rule, situation_from_dict
from negotiation_rules._experta import AS, NOT, TEST, L, W
from negotiation_rules._experta.matcher import DirectMatcher, ReteMatcher, is_conjunction
from negotiation_rules.engine import NegotiationEngine
from negotiation_rules.facts import Headline, Position, Table
from negotiation_rules.measure import measure

from .helpers import EXAMPLES
from .strategies import documents

CASES = tomllib.loads((Path(__file__).parent / "rule_cases.toml").read_text())["case"]


def _even(low: float) -> bool:
    return int(low) % 2 == 0


class Shapes:
    """Rules of every shape experta accepts, some of which the direct matcher hands to
    experta's RETE."""

    @rule("SH01", "shape.or", Position(known=True) | Table(you_offered=True),
          principle="toolkit.moment", kind="note")
    def either(self: Any) -> None:
        """An OR of two facts."""
        self.advise("either")

    @rule("SH02", "shape.or_field", Position(confidence=L("high") | L("medium")),
          principle="toolkit.moment", kind="note")
    def or_field(self: Any) -> None:
        """An OR inside a field."""
        self.advise("or field")

    @rule("SH03", "shape.leading_not", NOT(Table(you_offered=True)),
          principle="toolkit.moment", kind="note")
    def leading_not(self: Any) -> None:
        """Starts with a NOT."""
        self.advise("leading not")

    @rule("SH04", "shape.test", Position(low=W("low")), TEST(_even),
          principle="toolkit.moment", kind="note")
    def test(self: Any) -> None:
        """A TEST on a bound variable."""
        self.advise("test")

    @rule("SH05", "shape.negated_field", AS.table << Table(you_offered=~L(True)),
          Position(known=True), principle="toolkit.moment", kind="note")
    def negated_field(self: Any, table: Any) -> None:
        """A negated field constraint."""
        self.advise("negated field")

    @rule("SH06", "shape.same_variable", Position(low=W("v"), high=W("v")),
          principle="toolkit.moment", kind="note")
    def same_variable(self: Any) -> None:
        """One variable bound twice in a fact: its values must agree."""
        self.advise("same variable")

    @rule("SH07", "shape.join", Position(low=W("v")), Table(their_latest=W("v")),
          NOT(Headline(tool="walk_away")), principle="toolkit.moment", kind="note")
    def join(self: Any) -> None:
        """A variable shared by two facts, and a NOT after them."""
        self.advise("join")


def _engine(knowledge: KnowledgeBase, matcher: type) -> Any:
    engine_class = type("Engine", (*knowledge.rulesets, NegotiationEngine),
                        {"__matcher__": matcher})
    return engine_class(knowledge.rules(), knowledge.verdicts)


def _run(engine: Any, facts: list[Any], unit: str | None = None) -> list[tuple[object, ...]]:
    """Every firing, in order, with the facts it matched and what it said."""
    run = engine.evaluate(facts, unit)
    said = {e.rule.code: e.message for e in run.emitted}
    return [(f.rule.code, f.bindings, f.facts, said.get(f.rule.code)) for f in run.firings]


BUILT_IN = KnowledgeBase.default()
OURS, EXPERTAS = _engine(BUILT_IN, DirectMatcher), _engine(BUILT_IN, ReteMatcher)


def _same_run(facts: list[Any], unit: str | None) -> None:
    assert _run(OURS, facts, unit) == _run(EXPERTAS, facts, unit)


def test_every_built_in_rule_is_matched_directly() -> None:
    assert all(is_conjunction(r) for r in BUILT_IN.engine().get_rules())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_fires_as_with_expertas_matcher(path: Path) -> None:
    situation = load_situation(path)
    _same_run(list(measure(situation).facts), situation.negotiation.unit)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_every_rule_case_fires_as_with_expertas_matcher(case: dict[str, Any]) -> None:
    situation = situation_from_dict(tomllib.loads(case["situation"]))
    _same_run(list(measure(situation).facts), situation.negotiation.unit)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_situations_fire_as_with_expertas_matcher(doc: dict[str, Any]) -> None:
    situation = situation_from_dict(doc)
    _same_run(list(measure(situation).facts), situation.negotiation.unit)


@pytest.mark.parametrize(("low", "high", "latest"), [
    (40.0, 40.0, 40.0), (40.0, 50.0, 40.0), (41.0, 50.0, 12.0), (40.0, 40.0, None)])
def test_rules_of_every_shape_fire_as_with_expertas_matcher(
        low: float, high: float, latest: float | None) -> None:
    knowledge = KnowledgeBase((Shapes,))
    facts = [Position(known=True, low=low, high=high, confidence="high"),
             Table(you_offered=False, their_latest=latest)]
    ours = _run(_engine(knowledge, DirectMatcher), facts)
    assert ours == _run(_engine(knowledge, ReteMatcher), facts)
    assert {code for code, *_ in ours} >= {"SH01", "SH02", "SH03", "SH05"}


def test_a_pattern_passes_the_facts_expertas_checks_pass() -> None:
    """The literal fields a pattern compares in one go agree with experta's checks (the
    type check is the matcher's dispatch: a pattern sees facts of its own class only)."""
    from experta.matchers.rete.utils import generate_checks  # after our import shim

    facts = [f for path in EXAMPLES for f in measure(load_situation(path)).facts]
    facts += [Headline(tool=tool) for tool in TOOLS]
    patterns = OURS.matcher._patterns
    assert any(p.fields is not None for p in patterns.values())
    for fact_pattern, pattern in patterns.items():
        checks = list(generate_checks(fact_pattern))
        for fact in (f for f in facts if type(f) is pattern.fact_type):
            assert (pattern.test(fact) is not None) == all(check(fact) for check in checks), \
                (fact_pattern, fact)
