"""experta's RETE network, built faster for rules that are already in its prepared shape.

experta prepares every rule before wiring it: it rewrites the left-hand side to
disjunctive normal form until nothing changes (each pass re-wraps the rule and
re-reads its signature), then wires it with a dispatcher it creates afresh per
rule. For a rule that is a plain conjunction — facts matched by literals,
predicates or wildcards, `TEST`s, `NOT`s of such facts, starting with a fact —
both steps leave the conditions as they are. `FastMatcher` recognises that shape,
keeps the conditions and wires them directly, into the very nodes experta would
build; any other rule goes through experta's own code. Building the 51 built-in
rules drops from about 20 ms to a few.

Matching: experta's alpha nodes copy the token they receive before testing it,
though most tests only pass or stop it, and each test parses its field path and
logs. `LeanTester` copies only when its test binds a variable and compares
``field = literal`` directly: a warm assessment takes about two thirds of the time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from itertools import chain, pairwise
from typing import Any

from ._experta import (
    NOT,
    TEST,
    ConflictSetNode,
    Fact,
    FactCapture,
    FeatureCheck,
    FeatureTesterNode,
    FieldConstraint,
    InitialFact,
    L,
    NotNode,
    OrdinaryMatchNode,
    P,
    ReteMatcher,
    Rule,
    SameContextCheck,
    TypeCheck,
    W,
    WhereCheck,
    WhereNode,
    extract_facts,
    generate_checks,
    prepare_rule,
)

_PLAIN_CONSTRAINTS = (L, P, W)


def _plain_fact(condition: object) -> bool:
    return isinstance(condition, Fact) and all(
        not isinstance(value, FieldConstraint) or type(value) in _PLAIN_CONSTRAINTS
        for value in condition.values())


def is_conjunction(rule: Any) -> bool:
    """Whether experta's preparation leaves ``rule``'s conditions unchanged."""
    return (len(rule) > 0 and _plain_fact(rule[0]) and all(
        _plain_fact(condition) or isinstance(condition, TEST)
        or (isinstance(condition, NOT) and len(condition) == 1 and _plain_fact(condition[0]))
        for condition in rule))


def _prepare(rule: Any) -> Any:
    # A copy, as experta's preparation returns: unbound from the engine instance.
    return rule.new_conditions(*rule) if is_conjunction(rule) else prepare_rule(rule)


def _terminal(condition: Any, alpha_terminals: dict[Any, Any]) -> Any:
    return alpha_terminals[condition[0] if isinstance(condition, NOT) else condition]


def _wire_conjunction(rule: Any, alpha_terminals: dict[Any, Any]) -> None:
    """experta's wiring of an AND, pair by pair, for a prepared conjunction."""
    last: Any = alpha_terminals[rule[0]] if len(rule) == 1 else None
    for first, second in pairwise(rule):
        left = _terminal(first, alpha_terminals) if last is None else last
        if isinstance(second, TEST):
            last = WhereNode(WhereCheck(second[0]))
            left.add_child(last, last.activate)
        else:
            last = (NotNode if isinstance(second, NOT) else OrdinaryMatchNode)(SameContextCheck())
            left.add_child(last, last.activate_left)
            _terminal(second, alpha_terminals).add_child(last, last.activate_right)
    conflict_set = ConflictSetNode(rule)
    last.add_child(conflict_set, conflict_set.activate)


def _field_equals(field: str, value: object) -> Any:
    def test(fact: Any) -> bool:
        try:
            return bool(value == fact[field])
        except KeyError:
            return False

    return test


def fast_test(check: Any) -> Any:
    """The check itself, or for ``field=literal`` (most of them) the same comparison
    without experta's path parsing and per-call logging."""
    if (isinstance(check, FeatureCheck) and type(check.how) is L and check.how.__bind__ is None
            and isinstance(check.what, str) and check.what.isidentifier()
            and "__" not in check.what):
        return _field_equals(check.what, check.how.value)
    return check


_ABSENT = object()


class LeanTester(FeatureTesterNode):  # type: ignore[misc]
    """experta's feature tester, copying the token only to add the bindings of its test.

    Every node downstream copies a token on arrival before changing it, so a test
    that only passes or stops the token can hand on the one it received.
    """

    def __init__(self, check: Any) -> None:
        super().__init__(check)
        self.test = fast_test(check)

    def activate(self, token: Any) -> None:
        (fact,) = token.data
        match = self.test(fact)
        if not match:
            return
        if isinstance(match, Mapping):
            context = token.context
            for key, value in match.items():
                if isinstance(key, tuple):  # a negated binding
                    if context.get(key[1], _ABSENT) == value:
                        return
                elif context.get(key, value) != value or context.get((False, key),
                                                                      _ABSENT) == value:
                    return
            token = token.copy()
            token.context.update(match)
        for child in self.children:
            child.callback(token)


def _check_order(rank: Counter[Any]) -> Any:
    """experta's order of tests in an alpha branch: type first, capture last, then the
    tests most rules share."""
    def key(check: Any) -> tuple[float, int]:
        if isinstance(check, TypeCheck):
            return (float("inf"), hash(check))
        if isinstance(check, FactCapture):
            return (float("-inf"), hash(check))
        return (rank[check], hash(check))

    return key


def _child(parent: Any, check: Any) -> LeanTester:
    node = LeanTester(check)
    parent.add_child(node, node.activate)
    return node


class FastMatcher(ReteMatcher):  # type: ignore[misc]
    """experta's RETE matcher with a direct path for conjunctive rules and lean testers."""

    @staticmethod
    def prepare_ruleset(engine: Any) -> set[Any]:
        return {_prepare(rule) for rule in engine.get_rules()}

    @staticmethod
    def build_alpha_part(ruleset: set[Any], root_node: Any) -> dict[Any, Any]:
        """experta's alpha network, node for node, made of `LeanTester` nodes."""
        rule_facts = {rule: extract_facts(rule) for rule in (*ruleset, Rule(InitialFact()))}
        fact_checks = {fact: set(generate_checks(fact))
                       for fact in chain.from_iterable(rule_facts.values())}
        rank = Counter(chain.from_iterable(fact_checks.values()))
        order = _check_order(rank)

        def rule_weight(rule: Any) -> float:
            facts = rule_facts[rule]
            return sum(rank[check] for fact in facts for check in fact_checks[fact]) / len(facts)

        terminals = {}
        for rule in sorted(rule_facts, key=rule_weight, reverse=True):
            for fact in rule_facts[rule]:
                node = root_node
                for check in sorted(fact_checks[fact], key=order, reverse=True):
                    node = next((c.node for c in node.children if c.node.matcher is check),
                                None) or _child(node, check)
                terminals[fact] = node
        return terminals

    @staticmethod
    def build_beta_part(ruleset: set[Any], alpha_terminals: dict[Any, Any]) -> None:
        for rule in ruleset:
            if is_conjunction(rule):
                _wire_conjunction(rule, alpha_terminals)
            else:
                ReteMatcher.build_beta_part({rule}, alpha_terminals)
