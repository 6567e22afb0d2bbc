"""The matcher the engine runs on: experta's matching semantics, without the RETE tokens.

experta finds activations with a RETE network: every fact that reaches a join makes
a token, and every rule wires its own joins, so a warm assessment spends most of its
time copying tokens for rules that cannot fire. Here working memory is small (one
fact of each kind, a dozen in all), so `DirectMatcher` keeps only what RETE keeps in
its alpha part: for each fact pattern, the facts that pass its tests. When a change
reaches a pattern's memory, the rules using it are matched again by joining those
memories in the rule's own order, with experta's own checks (`SameContextCheck`,
`WhereCheck`) and the same activations as a result; a rule none of whose patterns
changed keeps the activations it had. A fact that fails a pattern's tests costs no
join at all.

It takes the rules that are plain conjunctions (facts matched by literals,
predicates or wildcards, `NOT`s of such facts, `TEST`s; every built-in rule is one).
Any other rule (an `OR`, a leading `NOT`) goes to experta's own `ReteMatcher`, built
for those rules alone; both see every change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Any

from experta import NOT, TEST, Fact, L, P, Rule, W
from experta.abstract import Matcher
from experta.activation import Activation
from experta.fieldconstraint import FieldConstraint
from experta.matchers.rete import ReteMatcher
from experta.matchers.rete.check import FeatureCheck, WhereCheck
from experta.matchers.rete.nodes import ConflictSetNode
from experta.matchers.rete.utils import prepare_rule

_PLAIN_CONSTRAINTS = (L, P, W)
_FACT_ID = itemgetter("__factid__")


def _plain_fact(condition: object) -> bool:
    return isinstance(condition, Fact) and all(
        not isinstance(value, FieldConstraint) or type(value) in _PLAIN_CONSTRAINTS
        for value in condition.values())


def is_conjunction(rule: Any) -> bool:
    """Whether ``rule`` is a plain conjunction starting with a fact (`DirectMatcher`'s)."""
    return (len(rule) > 0 and _plain_fact(rule[0]) and all(
        _plain_fact(condition) or isinstance(condition, TEST)
        or (isinstance(condition, NOT) and len(condition) == 1 and _plain_fact(condition[0]))
        for condition in rule))


def _plain_field(what: object) -> bool:
    """Whether a check reads a field by its name (not a position or a nested path)."""
    return isinstance(what, str) and what.isidentifier() and "__" not in what


def _test_order(check: Any) -> tuple[int, str]:
    """Wildcards before predicates (a predicate then sees only facts whose literal fields
    matched)."""
    return (0 if type(getattr(check, "how", None)) is W else 1, str(check))


class Pattern:
    """One fact pattern, shared by the rules that use it, and the facts that pass it.

    Attributes:
        fact_type: The class a fact must be exactly (experta's type check).
        fields, literals: The ``field=literal`` tests, compared in one go (``literal ==
            value`` as experta compares); a fact without such a field fails.
        tests: experta's other checks: wildcards and predicates.
        capture: The variable the whole fact is bound to (experta names one for every
            pattern), bound last.
        memory: Fact id -> (fact, the variables its tests bound).
        rules: The rules to match again when ``memory`` changes, by id.
        needed_by: The rules that need a fact here (it is not under a `NOT`), by id.
    """

    def __init__(self, pattern: Fact) -> None:
        # experta's `generate_checks`, without a check object for a plain literal field.
        self.fact_type = type(pattern)
        self.capture = f"__pattern_{id(pattern)}__"  # experta's name when none is given
        literal: list[tuple[str, object]] = []
        tests: list[Any] = []
        for key, value in pattern.items():
            if key == "__bind__":
                self.capture = value
            elif not isinstance(value, FieldConstraint) and _plain_field(key):
                literal.append((key, value))
            elif type(value) is L and value.__bind__ is None and _plain_field(key):
                literal.append((key, value.value))
            else:
                tests.append(FeatureCheck(key, value))
        literal.sort(key=itemgetter(0))
        self.fields = itemgetter(*(key for key, _ in literal)) if literal else None
        values = tuple(value for _, value in literal)
        self.literals = values[0] if len(values) == 1 else values
        tests.sort(key=_test_order)
        self.tests = tuple((c.what if _plain_field(c.what) else None, c) for c in tests)
        self.names = frozenset({c.how.__bind__ for c in tests if c.how.__bind__ is not None}
                               | {self.capture})
        """The variables every fact that passes binds (plain constraints bind no negation)."""
        self.memory: dict[int, tuple[Any, dict[Any, Any]]] = {}
        self.rules: dict[int, _Plan] = {}
        self.needed_by: dict[int, _Plan] = {}

    def test(self, fact: Any) -> dict[Any, Any] | None:
        """The variables ``fact`` binds, or None if it fails a test (experta's feature
        tester: a variable bound twice must agree)."""
        if self.fields is not None:
            try:
                if self.literals != self.fields(fact):
                    return None
            except KeyError:
                return None
        if not self.tests:  # most patterns: literals only
            return {self.capture: fact}
        context: dict[Any, Any] = {}
        for what, test in self.tests:
            if what is None:
                match = test(fact)
            else:
                try:
                    match = test.check(fact[what], test.expected)
                except KeyError:
                    return None
            if not match or (isinstance(match, Mapping) and not _bind(context, match)):
                return None
        if not _bind(context, {self.capture: fact}):
            return None
        return context


def _bind(context: dict[Any, Any], match: Mapping[Any, Any]) -> bool:
    """Add a test's bindings to ``context``, unless one contradicts it."""
    for key, value in match.items():
        if context.get(key, value) != value:
            return False
    context.update(match)
    return True


class _Plan:
    """A conjunctive rule as steps over shared patterns, and its current activations.

    Each step after the first carries the variables it shares with the steps before it,
    the only ones experta's `SameContextCheck` can find differing: plain constraints
    bind no negation, and every fact that passes a pattern binds the same names.
    """

    def __init__(self, rule: Any, patterns: dict[Any, Pattern]) -> None:
        self.rule = rule
        self.steps: list[tuple[str, Any, tuple[str, ...]]] = []
        bound: set[str] = set()
        for condition in rule:
            if isinstance(condition, TEST):
                self.steps.append(("test", WhereCheck(condition[0]), ()))
                continue
            negated = isinstance(condition, NOT)
            kind, fact = ("not", condition[0]) if negated else ("fact", condition)
            pattern = patterns.get(fact)
            if pattern is None:
                pattern = patterns[fact] = Pattern(fact)
            pattern.rules[id(self)] = self
            self.steps.append((kind, pattern, tuple(sorted(pattern.names & bound))))
            if not negated:
                bound |= pattern.names
        self.needs = {id(step): step for kind, step, _ in self.steps if kind == "fact"}
        for pattern in self.needs.values():
            pattern.needed_by[id(self)] = self
        self.waiting = len(self.needs)
        """How many of the patterns it needs have no fact: it cannot match until none."""
        self.first, self.rest = self.steps[0][1], self.steps[1:]
        self.public = tuple(sorted(name for name in bound if not name.startswith("__")))
        """The variables the right-hand side may be called with (experta passes none
        named with dunders); every match binds them all."""
        captures = {step.capture for step in self.needs.values()}
        self.captured = tuple(name for name in self.public if name in captures)
        """Those of them bound to a whole fact."""
        taken = rule._wrapped_args
        self.passed = tuple(name for name in self.public if not taken or name in taken)
        """Those of them the right-hand side takes (experta passes no others)."""
        self.activations: dict[tuple[int, ...], Any] = {}

    def matches(self) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
        """Every way the facts in memory meet the conditions: (facts, variables)."""
        partial: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
            ((fact,), context) for fact, context in self.first.memory.values()]
        for kind, step, shared in self.rest:
            if not partial:
                break
            if kind == "fact":
                partial = [((*facts, fact), {**left, **right})
                           for facts, left in partial
                           for fact, right in step.memory.values()
                           if not shared or _agree(left, right, shared)]
            elif kind == "not" and not shared:
                if step.memory:  # a fact there rules out every match so far
                    partial = []
            elif kind == "not":
                partial = [(facts, left) for facts, left in partial
                           if not any(_agree(left, right, shared)
                                      for _, right in step.memory.values())]
            else:
                partial = [(facts, left) for facts, left in partial if step(left)]
        return partial

    def update(self) -> tuple[list[Any], list[Any]]:
        """Match again; the activations gained and lost since the last time."""
        old, new = self.activations, {}
        for facts, variables in self.matches():
            # The facts, in step order, tell activations apart as experta's key (facts and
            # variables) does: each pattern binds its fact to a variable of its own.
            ids = tuple(map(_FACT_ID, facts))
            new[ids] = old[ids] if ids in old else _Activation(self, facts, ids, variables)
        self.activations = new
        if not old:
            return list(new.values()), []
        return ([a for key, a in new.items() if key not in old],
                [a for key, a in old.items() if key not in new])


class _Activation(Activation):  # type: ignore[misc]
    """experta's activation, its facts kept in match order (experta's set of them hashes
    every field of every fact), with its `firing` worked out from the rule's variables."""

    def __init__(self, plan: _Plan, facts: tuple[Any, ...], ids: tuple[int, ...],
                 context: dict[str, Any]) -> None:
        self.rule, self.facts, self.context, self.key = plan.rule, facts, context, None
        self.ids = tuple(sorted(ids))
        self.arguments = {name: context[name] for name in plan.passed}
        self.bindings = {name: context[name]["__factid__"] for name in plan.captured}


def firing(activation: Any) -> tuple[dict[str, int], tuple[int, ...]]:
    """What an activation's firing binds: the ids of the facts bound to its variables (by
    name, sorted; experta's variables named with dunders aside), and the ids of the facts
    it matched, ascending."""
    if isinstance(activation, _Activation):
        return activation.bindings, activation.ids
    bindings = {name: value["__factid__"] for name, value in sorted(activation.context.items())
                if isinstance(value, Fact) and not name.startswith("__")}
    return bindings, tuple(sorted(map(_FACT_ID, activation.facts)))


def fire(activation: Any, engine: Any) -> None:
    """Call an activation's right-hand side with its variables, as experta's run loop does
    (but for the rule's bookkeeping: the copies here are bound to no engine)."""
    if isinstance(activation, _Activation):
        activation.rule._wrapped(engine, **activation.arguments)
    else:
        activation.rule(engine, **{k: v for k, v in activation.context.items()
                                   if not k.startswith("__")})


def _agree(left: dict[str, Any], right: dict[str, Any], shared: tuple[str, ...]) -> bool:
    """Whether two contexts agree on the variables they share (experta compares with !=)."""
    return not any(left[name] != right[name] for name in shared)


def _unbound(rule: Any) -> Any:
    """A copy of ``rule`` bound to no engine, as experta's preparation makes (its
    ``__get__`` binds the one rule object to whichever engine read it last), without
    re-reading the function's signature."""
    copy = Rule.__new__(type(rule), *rule, salience=rule.salience)
    copy.__dict__.update(rule.__dict__)
    copy._wrapped_self = None
    return copy


class _ReteForTheRest(ReteMatcher):  # type: ignore[misc]
    """experta's own RETE matcher, for the rules `DirectMatcher` does not take."""

    @staticmethod
    def prepare_ruleset(engine: Any) -> set[Any]:
        return {prepare_rule(rule) for rule in engine.get_rules() if not is_conjunction(rule)}

    def reset(self) -> None:
        """experta's reset, which also forgets activations a pass that raised left."""
        seen: set[int] = set()
        stack = [self.root_node]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            node._reset()
            if isinstance(node, ConflictSetNode):
                node.added, node.removed = set(), set()
            stack.extend(child.node for child in node.children)


class DirectMatcher(Matcher):  # type: ignore[misc]
    """experta's matcher interface over pattern memories; see the module docstring."""

    def __init__(self, engine: Any) -> None:
        super().__init__(engine)
        rules = engine.get_rules()
        direct = [is_conjunction(rule) for rule in rules]
        self._patterns: dict[Any, Pattern] = {}
        self._plans = [_Plan(_unbound(rule), self._patterns)
                       for rule, plain in zip(rules, direct, strict=True) if plain]
        self._by_type: dict[type, list[Pattern]] = {}
        for pattern in self._patterns.values():
            self._by_type.setdefault(pattern.fact_type, []).append(pattern)
        self._rest = None if all(direct) else _ReteForTheRest(engine)

    def changes(self, adding: Iterable[Any] | None = None,
                deleting: Iterable[Any] | None = None) -> tuple[list[Any], list[Any]]:
        """Take the facts added and deleted; return the activations gained and lost."""
        adding, deleting = list(adding or ()), list(deleting or ())  # read by both matchers
        touched: dict[int, _Plan] = {}
        for fact in deleting:
            for pattern in self._by_type.get(type(fact), ()):
                if pattern.memory.pop(fact["__factid__"], None) is not None:
                    touched.update(pattern.rules)
                    if not pattern.memory:
                        for plan in pattern.needed_by.values():
                            plan.waiting += 1
        for fact in adding:
            for pattern in self._by_type.get(type(fact), ()):
                context = pattern.test(fact)
                if context is not None:
                    if not pattern.memory:
                        for plan in pattern.needed_by.values():
                            plan.waiting -= 1
                    pattern.memory[fact["__factid__"]] = (fact, context)
                    touched.update(pattern.rules)
        added: list[Any] = []
        removed: list[Any] = []
        for plan in touched.values():
            if plan.waiting and not plan.activations:
                continue  # nothing to lose, and a pattern no fact meets yet
            gained, lost = plan.update()
            added += gained
            removed += lost
        if self._rest is not None:
            gained, lost = self._rest.changes(adding, deleting)
            added += gained
            removed += lost
        return added, removed

    def reset(self) -> None:
        """Forget every fact and activation."""
        for pattern in self._patterns.values():
            pattern.memory.clear()
        for plan in self._plans:
            plan.activations, plan.waiting = {}, len(plan.needs)
        if self._rest is not None:
            self._rest.reset()
