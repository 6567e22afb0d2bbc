"""The fast network builder wires exactly the network experta's own builder wires."""

from __future__ import annotations

from typing import Any

import pytest

from negotiation_rules import TOOLS, KnowledgeBase, load_situation, rule
from negotiation_rules._experta import AS, NOT, TEST, L, ReteMatcher, W
from negotiation_rules.engine import NegotiationEngine, _network_nodes
from negotiation_rules.facts import Headline, Position, Table
from negotiation_rules.measure import measure
from negotiation_rules.network import FastMatcher, LeanTester, is_conjunction

from .helpers import EXAMPLES


def _label(check: Any) -> object:
    kind = type(check).__name__
    if kind == "FeatureCheck":
        return (kind, check.what, repr(check.how))
    if kind == "TypeCheck":
        return (kind, check.fact_type.__name__)
    if kind == "FactCapture":  # an unbound pattern is named after its object's id
        return (kind, "__pattern__" if check.bind.startswith("__pattern_") else check.bind)
    if kind == "WhereCheck":
        return (kind, check.test.__qualname__)
    return kind


def describe(node: Any) -> tuple[object, ...]:
    """The network below ``node`` as nested tuples, independent of object identity."""
    if type(node).__name__ == "ConflictSetNode":
        own: object = (node.rule._wrapped.__qualname__, node.rule.salience, len(node.rule))
    else:
        own = _label(getattr(node, "matcher", None))
    children = sorted((child.callback.__name__, describe(child.node)) for child in node.children)
    kind = "FeatureTesterNode" if isinstance(node, LeanTester) else type(node).__name__
    return (kind, own, tuple(children))


def networks(knowledge: KnowledgeBase) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """The network as we build it and as experta builds it, for the same rules."""
    def build(matcher: type) -> Any:
        engine_class = type("Engine", (*knowledge.rulesets, NegotiationEngine),
                            {"__matcher__": matcher})
        return describe(engine_class(knowledge.rules(), knowledge.verdicts).matcher.root_node)

    return build(FastMatcher), build(ReteMatcher)


def _even(low: float) -> bool:
    return int(low) % 2 == 0


class Shapes:
    """Rules of every shape experta accepts, most of which need its own preparation."""

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


def test_every_built_in_rule_takes_the_direct_path_to_the_same_network() -> None:
    knowledge = KnowledgeBase.default()
    engine = knowledge.engine()
    assert all(is_conjunction(r) for r in engine.get_rules())
    ours, experta = networks(knowledge)
    assert ours == experta


def test_rules_of_other_shapes_are_wired_as_experta_wires_them() -> None:
    knowledge = KnowledgeBase((Shapes,))
    ours, experta = networks(knowledge)
    assert ours == experta


def _fired(matcher: type, facts: list[Any]) -> list[str]:
    engine_class = type("Engine", (Shapes, NegotiationEngine), {"__matcher__": matcher})
    knowledge = KnowledgeBase((Shapes,))
    run = engine_class(knowledge.rules(), knowledge.verdicts).evaluate(facts, None)
    return sorted(f.rule.code for f in run.firings)


@pytest.mark.parametrize(("high", "expected"), [
    (40.0, ["SH01", "SH02", "SH03", "SH04", "SH05", "SH06"]),
    (50.0, ["SH01", "SH02", "SH03", "SH04", "SH05"]),
])
def test_rules_of_other_shapes_fire_as_with_experta_builder(high: float,
                                                            expected: list[str]) -> None:
    facts = [Position(known=True, low=40.0, high=high, confidence="high"),
             Table(you_offered=False)]
    assert _fired(FastMatcher, facts) == _fired(ReteMatcher, facts) == expected


def test_shortcut_tests_agree_with_experta_checks_on_every_example_fact() -> None:
    facts = [f for path in EXAMPLES for f in measure(load_situation(path)).facts]
    facts += [Headline(tool=tool) for tool in TOOLS]
    root = KnowledgeBase.default().engine().matcher.root_node
    testers = [node for node in _network_nodes(root) if isinstance(node, LeanTester)]
    shortcuts = [t for t in testers if t.test is not t.matcher]
    assert shortcuts
    for tester in shortcuts:
        assert [tester.test(f) for f in facts] == [tester.matcher(f) for f in facts], \
            tester.matcher
