"""Rules as documented units: the `rule` decorator, rule metadata and the knowledge base."""

from __future__ import annotations

import functools
import inspect
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ._experta import NOT, TEST, Fact, FieldConstraint, Rule, make_rule
from .errors import (
    KnowledgeBaseError,
    NoHeadlineRule,
    RuleClash,
    UndeclaredRule,
    UnknownFactField,
    did_you_mean,
)
from .facts import Verdicts
from .principles import PRINCIPLES
from .record import Record
from .vocabulary import TOOLS, Kind, Severity, Tool

if TYPE_CHECKING:
    from .engine import NegotiationEngine

_CODE = re.compile(r"[A-Z]{2,4}[0-9]{2,3}")
Layer = Literal["judge", "advise", "propose", "guard"]
LAYERS: tuple[Layer, ...] = ("judge", "advise", "propose", "guard")
JUDGE_SALIENCE = 3000
"""Judge rules fire first; their verdicts are declared together when the last has fired."""
HEADLINE_SALIENCE = 1000
"""Headline rules fire next, in priority order (1 first); the first wins."""
PROPOSE_SALIENCE = -1000
"""Propose rules fire after all advice; their parts become one `Candidate` next move."""
GUARD_SALIENCE = -2000
"""Guard rules fire last, on the candidate, and revise it where it breaks a constraint."""
_SALIENCE = {"judge": JUDGE_SALIENCE, "propose": PROPOSE_SALIENCE, "guard": GUARD_SALIENCE}


@attrs.frozen(eq=False, repr=False)
class Condition(Record):
    """One test in a rule's left-hand side.

    Attributes:
        fact: The fact type tested (``Table``), or ``TEST`` for a test on bound variables.
        field: The field tested, or None when the test is the fact's presence.
        value: The value the field must hold; for a non-literal test, its description.
        negated: Whether the rule requires that no such fact exists.
        literal: Whether ``value`` is a plain value the field must equal.
    """

    fact: str
    field: str | None
    value: object
    negated: bool = False
    literal: bool = True

    def __str__(self) -> str:
        if self.fact == "TEST":
            return f"test {self.value}"
        if self.field is None:
            return f"no {self.fact} fact" if self.negated else f"a {self.fact} fact"
        shown = json.dumps(self.value) if self.literal else f"passes {self.value}"
        test = f"{self.field} = {shown}" if self.literal else f"{self.field} {shown}"
        if self.negated:
            return f"no {self.fact} fact with {test}"
        return f"{self.fact.lower()}.{test}"


@attrs.frozen(eq=False, repr=False)
class RuleInfo(Record):
    """Everything known about one rule, declared next to it.

    Attributes:
        code: Stable short code, never reused (``AN01``).
        name: Readable dotted name (``anchor.open_informed``).
        principle: Id of the principle in the catalogue it encodes.
        kind: The kind of advice it gives.
        tool: The tool it recommends, if any.
        risk: The risk code it warns of, if any.
        severity: How much its advice matters.
        priority: For a headline rule, its place in first-match-wins order.
        description: One line: what it does.
        why: Why it matters.
        conditions: The literal tests of its left-hand side.
        source: The research it rests on (author, year), where it rests on a study.
        layer: ``judge`` (asserts a verdict), ``advise`` (headline, risks and advice on
            verdicts), ``propose`` (builds the next move) or ``guard`` (revises it).
        verdict: For a judge rule, the name of the verdict it judges.
    """

    code: str
    name: str
    principle: str
    kind: Kind
    tool: Tool | None
    risk: str | None
    severity: Severity
    priority: int | None
    description: str
    why: str
    conditions: tuple[Condition, ...]
    source: str | None = None
    layer: Layer = "advise"
    verdict: str | None = None

    @property
    def headline(self) -> bool:
        return self.priority is not None

    @functools.cached_property
    def tests(self) -> tuple[str, ...]:
        """The conditions as text, as the trace shows them."""
        return tuple(str(c) for c in self.conditions)

    @functools.cached_property
    def evidence(self) -> dict[str, object]:
        """The literal conditions as ``fact.field: value``: what a firing proves."""
        return {f"{c.fact.lower()}.{c.field}": c.value for c in self.conditions
                if c.field is not None and c.literal and not c.negated}


def _shown(constraint: FieldConstraint) -> str:
    """A field constraint in words that are the same in every process: a predicate by
    its function's name, anything else by its repr without memory addresses."""
    match = getattr(constraint, "match", None)
    if callable(match):
        return f"{type(constraint).__name__}({getattr(match, '__name__', 'test')})"
    return re.sub(r" at 0x[0-9a-f]+", "", repr(constraint))


def _conditions(patterns: Iterable[object], negated: bool = False) -> Iterator[Condition]:
    for pattern in patterns:
        if isinstance(pattern, Fact):
            fields = [(str(k), v) for k, v in pattern.items() if not Fact.is_special(k)]
            kind = type(pattern).__name__
            if negated and len(fields) > 1:
                raise ValueError("a negated pattern may test at most one field")
            if not fields:
                yield Condition(kind, None, None, negated)
            for key, value in fields:
                if isinstance(value, FieldConstraint):
                    yield Condition(kind, key, _shown(value), negated, literal=False)
                else:
                    yield Condition(kind, key, value, negated)
        elif isinstance(pattern, TEST):
            test = pattern[0]
            yield Condition("TEST", None, getattr(test, "__name__", repr(test)), literal=False)
        elif isinstance(pattern, NOT):
            yield from _conditions(pattern, negated=True)
        elif isinstance(pattern, tuple):
            yield from _conditions(pattern, negated)


def rule(
    code: str,
    name: str,
    *patterns: object,
    principle: str,
    kind: Kind | None = None,
    tool: Tool | None = None,
    risk: str | None = None,
    severity: Severity = "info",
    priority: int | None = None,
    source: str | None = None,
    layer: Layer = "advise",
    verdict: str | None = None,
) -> Callable[[Callable[..., None]], Any]:
    """Declare an experta rule together with its metadata.

    The function's docstring gives the one-line description and, after a blank
    line, why the rule matters. A rule with a ``priority`` is a headline rule:
    it needs a ``tool``; headline rules fire before all others in priority order,
    and the first to fire is the headline (the engine's conflict resolution then
    drops the other headline activations). A rule with a ``risk`` is a warning.
    A ``judge`` rule names the ``verdict`` it judges and calls ``self.judge``; a
    ``propose`` rule calls ``self.propose``; a ``guard`` rule calls ``self.revise``.
    """
    if not _CODE.fullmatch(code):
        raise ValueError(f"rule code {code!r} must look like AN01: 2-4 capitals, 2-3 digits")
    if principle not in PRINCIPLES:
        raise ValueError(f"rule {code}: unknown principle {principle!r}")
    if tool is not None and tool not in TOOLS:
        raise ValueError(f"rule {code}: unknown tool {tool!r}; expected one of {TOOLS}")
    if priority is not None and tool is None:
        raise ValueError(f"rule {code}: a headline rule (priority) needs a tool")
    if layer not in LAYERS:
        raise ValueError(f"rule {code}: unknown layer {layer!r}; expected one of {LAYERS}")
    if (layer == "judge") != (verdict is not None):
        raise ValueError(f"rule {code}: a judge rule, and only one, names its verdict")
    if priority is not None and layer != "advise":
        raise ValueError(f"rule {code}: headline rules belong to the advise layer")

    def decorate(function: Callable[..., None]) -> Any:
        doc = inspect.getdoc(function) or ""
        description, _, why = doc.partition("\n\n")
        if not description:
            raise ValueError(f"rule {code}: the docstring's first line describes the rule")
        function.__rule_info__ = RuleInfo(  # type: ignore[attr-defined]
            code=code,
            name=name,
            principle=principle,
            kind=kind or ("warning" if risk else "note" if layer in ("judge", "guard")
                          else "recommendation"),
            tool=tool,
            risk=risk,
            severity=severity,
            priority=priority,
            description=" ".join(description.split()),
            why=" ".join(why.split()),
            conditions=tuple(_conditions(patterns)),
            source=source,
            layer=layer,
            verdict=verdict,
        )
        salience = HEADLINE_SALIENCE - priority if priority is not None \
            else _SALIENCE.get(layer, 0)
        return make_rule(patterns, salience, function)

    return decorate


def rule_info(obj: object) -> RuleInfo | None:
    """The metadata of an experta rule made by `rule`, else None."""
    return getattr(obj, "__rule_info__", None)


def _prefix(code: str) -> str:
    return code.rstrip("0123456789")


_ALWAYS_DECLARED = frozenset({"Thresholds", "Position", "Table", "Proposal", "Trades"})


def _catch_all(info: RuleInfo) -> bool:
    """Whether a rule's conditions hold in every situation: facts always declared, no
    field tested."""
    return all(c.fact in _ALWAYS_DECLARED and c.field is None and not c.negated
               for c in info.conditions)


@functools.cache
def _members(ruleset: type) -> tuple[tuple[str, RuleInfo], ...]:
    """The ``@rule`` methods of a rule class, by attribute name (read once per class)."""
    return tuple((attribute, info) for attribute, value in inspect.getmembers(ruleset)
                 if isinstance(value, Rule) and (info := rule_info(value)) is not None)


def _patterns(condition: object) -> Iterator[Fact]:
    """The fact patterns of a rule's left-hand side, however nested."""
    if isinstance(condition, Fact):
        yield condition
    elif isinstance(condition, tuple) and not isinstance(condition, TEST):
        for part in condition:
            yield from _patterns(part)


def _checked_members(ruleset: type, custom: bool,
                     verdicts: frozenset[str]) -> Iterator[tuple[str, RuleInfo]]:
    """The rules of a class, refusing experta rules made without `rule` and patterns
    that test a field their fact type lacks (a rule that could never match).

    A fact type lists its fields in ``FIELDS``; a custom rule may only match fact types
    that do, while a built-in rule may also match a type without the list.
    """
    if not isinstance(ruleset, type):
        raise UndeclaredRule(f"{ruleset!r} is not a class of rules")
    for attribute, value in inspect.getmembers(ruleset, lambda v: isinstance(v, Rule)):
        info = rule_info(value)
        if info is None:
            raise UndeclaredRule(
                f"{ruleset.__name__}.{attribute} is an experta rule; declare it with "
                f"negotiation_rules.rule, which gives it a code and its metadata")
        for pattern in _patterns(value):
            kind = type(pattern)
            fields: frozenset[str] | None = verdicts if kind is Verdicts \
                else getattr(kind, "FIELDS", None)
            if fields is None:
                if custom:
                    raise UnknownFactField(
                        f"{ruleset.__name__}.{attribute} ({info.code}) matches "
                        f"{kind.__name__}, which lists no FIELDS; give the fact type a "
                        f"FIELDS class attribute")
                continue
            for key in pattern:
                if not Fact.is_special(key) and key not in fields:
                    raise UnknownFactField(
                        f"{ruleset.__name__}.{attribute} ({info.code}) tests "
                        f"{kind.__name__}.{key}, which is not a field of {kind.__name__}"
                        f"{did_you_mean(str(key), fields)}")
        yield attribute, info


@functools.cache
def _engine_attributes() -> frozenset[str]:
    """Names the engine itself uses, its methods and the attributes an instance sets: a
    rule method may not take one."""
    from .engine import NegotiationEngine

    # An engine without rules shows the instance attributes: every argument left empty.
    needed = [p for p in inspect.signature(NegotiationEngine).parameters.values()
              if p.default is inspect.Parameter.empty]
    return frozenset({*dir(NegotiationEngine), *vars(NegotiationEngine(*[()] * len(needed)))})


@attrs.frozen(eq=False)
class KnowledgeBase:
    """A set of rule classes, less any disabled rule codes; builds one engine per thread.

    Attributes:
        rulesets: Classes whose ``@rule`` methods make up the knowledge base.
        disabled: Codes of rules left out.
    """

    rulesets: tuple[type, ...]
    disabled: frozenset[str] = frozenset()
    _local: threading.local = attrs.field(factory=threading.local, init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        from .rules import BUILTIN_RULESETS

        # The rule classes are mixed into one engine class: a method name used twice
        # would silently hide one of the rules, one the engine uses would break it.
        engine_names = _engine_attributes()
        verdicts = frozenset(info.verdict for ruleset in self.rulesets
                             for _, info in _members(ruleset) if info.verdict)
        owners: dict[str, type] = {}
        for ruleset in self.rulesets:
            for attribute, info in _checked_members(ruleset, ruleset not in BUILTIN_RULESETS,
                                                    verdicts):
                if attribute in engine_names:
                    raise RuleClash(
                        f"{ruleset.__name__}.{attribute} ({info.code}) has the name of an engine "
                        f"attribute; rename the method")
                other = owners.setdefault(attribute, ruleset)
                if other is not ruleset:
                    raise RuleClash(
                        f"{ruleset.__name__}.{attribute} ({info.code}) has the same name as a "
                        f"rule of {other.__name__}; rule methods need distinct names")
        headlines = [info for info in self.rules() if info.headline]
        if headlines and not any(_catch_all(info) for info in headlines):
            raise NoHeadlineRule(
                "the headline rules do not cover every situation: keep a catch-all headline "
                "rule (one that tests no field, such as TK99 toolkit.hold_fallback), so that "
                "every answer names exactly one tool")

    @classmethod
    def default(cls) -> KnowledgeBase:
        """The built-in knowledge base (one shared instance)."""
        return _default()

    @functools.cached_property
    def verdicts(self) -> tuple[str, ...]:
        """The names of the verdicts the active judge rules assert, sorted."""
        return tuple(sorted({info.verdict for info in self.rules() if info.verdict}))

    def rules(self) -> tuple[RuleInfo, ...]:
        """Metadata of every active rule, ordered by code."""
        return self._rules

    @functools.cached_property
    def _rules(self) -> tuple[RuleInfo, ...]:
        infos = (info for ruleset in self.rulesets for _, info in _members(ruleset))
        return tuple(sorted((i for i in infos if i.code not in self.disabled),
                            key=lambda info: info.code))

    def extend(self, *rulesets: type) -> KnowledgeBase:
        """A knowledge base with more rule classes.

        Their codes must be new and must not use a built-in prefix (AN, WA, CO,
        TK), so that later built-in rules can never collide with them.
        """
        from .rules import BUILTIN_RULESETS

        reserved = {_prefix(info.code) for r in BUILTIN_RULESETS for _, info in _members(r)}
        known = {info.code for ruleset in self.rulesets for _, info in _members(ruleset)}
        for ruleset in rulesets:
            infos = [info for _, info in _members(ruleset)]
            if not infos:
                raise UndeclaredRule(f"{ruleset.__name__} declares no @rule")
            for info in infos:
                if info.code in known:
                    raise RuleClash(f"rule code {info.code} of {ruleset.__name__} is taken")
                if _prefix(info.code) in reserved:
                    raise RuleClash(
                        f"rule code {info.code} of {ruleset.__name__} uses the built-in prefix "
                        f"{_prefix(info.code)}; choose a prefix of your own")
                known.add(info.code)
        return KnowledgeBase((*self.rulesets, *rulesets), self.disabled)

    def without(self, *codes: str) -> KnowledgeBase:
        """A knowledge base with the given rule codes disabled."""
        known = {info.code for info in self.rules()}
        unknown = sorted(set(codes) - known)
        if unknown:
            raise KnowledgeBaseError(f"no active rule has the code {', '.join(unknown)}")
        disabled = self.disabled | frozenset(codes)
        if not any(info.headline for info in self.rules() if info.code not in disabled):
            raise NoHeadlineRule(f"without {', '.join(sorted(codes))} no headline rule is left, "
                                 f"so no answer could name a tool")
        return KnowledgeBase(self.rulesets, disabled)  # checks that a catch-all remains

    def engine(self) -> NegotiationEngine:
        """This thread's engine for the knowledge base, built on first use."""
        engine: NegotiationEngine | None = getattr(self._local, "engine", None)
        if engine is None:
            engine = self._local.engine = self._build()
        return engine

    def _build(self) -> NegotiationEngine:
        from .engine import NegotiationEngine

        shadow = {attribute: None for ruleset in self.rulesets
                  for attribute, info in _members(ruleset) if info.code in self.disabled}
        engine_class = type("KnowledgeEngine", (*self.rulesets, NegotiationEngine), shadow)
        return engine_class(self.rules(), self.verdicts)  # type: ignore[no-any-return]


@functools.cache
def _default() -> KnowledgeBase:
    from .rules import BUILTIN_RULESETS

    return KnowledgeBase(BUILTIN_RULESETS)
