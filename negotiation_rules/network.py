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
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from ._experta import (
    NOT,
    TEST,
    ConflictSetNode,
    Fact,
    FieldConstraint,
    L,
    NotNode,
    OrdinaryMatchNode,
    P,
    ReteMatcher,
    SameContextCheck,
    W,
    WhereCheck,
    WhereNode,
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


class FastMatcher(ReteMatcher):  # type: ignore[misc]
    """experta's RETE matcher with a direct path for conjunctive rules."""

    @staticmethod
    def prepare_ruleset(engine: Any) -> set[Any]:
        return {_prepare(rule) for rule in engine.get_rules()}

    @staticmethod
    def build_beta_part(ruleset: set[Any], alpha_terminals: dict[Any, Any]) -> None:
        for rule in ruleset:
            if is_conjunction(rule):
                _wire_conjunction(rule, alpha_terminals)
            else:
                ReteMatcher.build_beta_part({rule}, alpha_terminals)
