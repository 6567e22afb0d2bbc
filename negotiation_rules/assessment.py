"""The answer: which tool now, what could go wrong, and the rules behind it."""

from __future__ import annotations

from typing import Any

import attrs
import cattrs

from .derive import Metrics, derive
from .engine import Emitted, Firing
from .knowledge import KnowledgeBase
from .principles import PRINCIPLES
from .settings import Settings
from .situation import Situation
from .vocabulary import Kind, Severity, Tool

SCHEMA_VERSION = 1
"""Version of the JSON answer; see the CHANGELOG for when it changes."""


@attrs.frozen
class Advice:
    """One piece of advice, as a rule gave it.

    Attributes:
        rule: Code of the rule that gave it.
        name: The rule's dotted name.
        kind: recommendation, warning, preparation or note.
        tool: The tool it recommends, if any.
        risk: The risk it warns of, if any.
        severity: high, medium, low or info.
        message: The advice in words, with your numbers.
        principle: Id of the principle it rests on.
        evidence: The conditions the rule matched and the numbers it used.
    """

    rule: str
    name: str
    kind: Kind
    tool: Tool | None
    risk: str | None
    severity: Severity
    message: str
    principle: str
    evidence: dict[str, object]


@attrs.frozen
class HeadlineAdvice:
    """The single tool to reach for now.

    Attributes:
        tool: One of the seven tools.
        rule: Code of the headline rule that chose it.
        message: Why, in words.
    """

    tool: Tool
    rule: str
    message: str


@attrs.frozen
class FactRecord:
    """A fact the engine held, for the trace.

    Attributes:
        id: The engine's fact id.
        type: The fact type (``Table``).
        fields: The fact's fields.
    """

    id: int
    type: str
    fields: dict[str, object]


@attrs.frozen
class TraceEntry:
    """One firing, in engine order.

    Attributes:
        rule: Code of the rule that fired.
        name: Its dotted name.
        principle: Id of the principle it encodes.
        bindings: Variable -> id of the fact bound to it.
        facts: Ids of the facts it matched.
        conditions: Its literal tests, as text.
    """

    rule: str
    name: str
    principle: str
    bindings: dict[str, int]
    facts: tuple[int, ...]
    conditions: tuple[str, ...]


@attrs.frozen
class Lever:
    """A realistic change that would change the headline or clear a high-severity risk.

    Attributes:
        id: The lever's id in the catalogue.
        action: What to do, in words.
        changes: The situation paths it changes, with their new values.
        headline: The headline tool after the change.
        cleared: Risks the change clears.
        added: Risks the change introduces.
    """

    id: str
    action: str
    changes: dict[str, object]
    headline: Tool
    cleared: tuple[str, ...]
    added: tuple[str, ...]


@attrs.frozen
class Assessment:
    """What `assess` returns.

    Attributes:
        headline: The tool to reach for now.
        advice: Every piece of advice, in the order the rules fired.
        metrics: Numbers derived from the situation.
        facts: The facts the rules matched on.
        trace: Every firing, in engine order.
        title: The negotiation's title, if given.
        unit: The unit of its numbers, if given.
        levers: The changes that would help, when asked for (None when not computed).
    """

    headline: HeadlineAdvice
    advice: tuple[Advice, ...]
    metrics: Metrics
    facts: tuple[FactRecord, ...]
    trace: tuple[TraceEntry, ...]
    title: str | None = None
    unit: str | None = None
    levers: tuple[Lever, ...] | None = None

    def fields_of(self, kind: str) -> dict[str, Any]:
        """The fields of the engine's fact of that type (``Position``), or {} if none."""
        return next((fact.fields for fact in self.facts if fact.type == kind), {})

    @property
    def risks(self) -> tuple[str, ...]:
        """The distinct risk codes raised, in firing order."""
        return tuple(dict.fromkeys(a.risk for a in self.advice if a.risk is not None))

    def to_dict(self) -> dict[str, Any]:
        """The answer as versioned, JSON-ready data."""
        data: dict[str, Any] = plain_data(self)
        data["risks"] = list(self.risks)
        data["principles"] = {
            pid: PRINCIPLES[pid] for pid in sorted({a.principle for a in self.advice})
        }
        return {"schema_version": SCHEMA_VERSION, **data}


_OUTPUT = cattrs.Converter(unstruct_collection_overrides={tuple: list})
"""Unstructures answers into JSON's own types (cattrs generates the code: fast)."""


def plain_data(value: object) -> Any:
    """attrs objects (and lists of them) as JSON's own types; tuples become lists."""
    return _OUTPUT.unstructure(value)


def _record(fact: Any) -> FactRecord:
    # A declared fact's only special key is its id; values are scalars or tuples.
    fields = {str(k): list(v) if type(v) is tuple else v
              for k, v in fact.items() if k != "__factid__"}
    return FactRecord(fact["__factid__"], type(fact).__name__, fields)


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _evidence(emitted: Emitted) -> dict[str, object]:
    return {**emitted.rule.evidence, **{k: _plain(v) for k, v in emitted.values.items()}}


def assess(
    situation: Situation,
    settings: Settings | None = None,
    knowledge: KnowledgeBase | None = None,
    levers: bool = False,
) -> Assessment:
    """Assess a situation: the tool to reach for now, the risks, and why.

    ``settings`` replaces the situation's own ``[settings]`` when given;
    ``knowledge`` defaults to the built-in knowledge base. With ``levers`` the
    answer also lists the realistic changes that would help (each re-runs the
    engine, so it costs a few assessments more).
    """
    if settings is not None:
        situation = attrs.evolve(situation, settings=settings)
    derived = derive(situation)
    engine = (knowledge or KnowledgeBase.default()).engine()
    firings, emitted = engine.evaluate(derived.facts, situation.negotiation.unit)
    facts = tuple(_record(fact) for _, fact in sorted(engine.facts.items()))
    advice = tuple(
        Advice(
            rule=e.rule.code, name=e.rule.name, kind=e.rule.kind, tool=e.rule.tool,
            risk=e.rule.risk, severity=e.rule.severity, message=e.message,
            principle=e.rule.principle, evidence=_evidence(e),
        )
        for e in emitted
    )
    headlines = [a for a, e in zip(advice, emitted, strict=True) if e.rule.headline]
    if len(headlines) != 1:
        raise AssertionError(f"expected exactly one headline, the rules gave {len(headlines)}")
    top = headlines[0]
    assert top.tool is not None
    assessment = Assessment(
        headline=HeadlineAdvice(top.tool, top.rule, top.message),
        advice=advice,
        metrics=derived.metrics,
        facts=facts,
        trace=tuple(_trace(f) for f in firings),
        title=situation.negotiation.title,
        unit=situation.negotiation.unit,
    )
    if levers:
        from .levers import find_levers  # levers build on assess

        assessment = attrs.evolve(assessment, levers=find_levers(situation, assessment,
                                                                 knowledge))
    return assessment


def _trace(firing: Firing) -> TraceEntry:
    info = firing.rule
    return TraceEntry(info.code, info.name, info.principle, firing.bindings, firing.facts,
                      info.tests)
