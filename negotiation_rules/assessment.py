"""The answer: which tool now, what could go wrong, and the rules behind it."""

from __future__ import annotations

from typing import Any

import attrs
import cattrs

from .engine import Emitted, Firing, Run
from .errors import NoHeadlineRule
from .knowledge import KnowledgeBase
from .measure import Measured, Metrics, measure
from .principles import PRINCIPLES
from .record import Record
from .settings import Settings
from .situation import Situation
from .vocabulary import Action, Kind, Severity, Tool

SCHEMA_VERSION = 1
"""Version of the JSON answer; see the CHANGELOG for when it changes."""


@attrs.frozen(eq=False, repr=False)
class Advice(Record):
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


@attrs.frozen(eq=False, repr=False)
class HeadlineAdvice(Record):
    """The single tool to reach for now.

    Attributes:
        tool: One of the seven tools.
        rule: Code of the headline rule that chose it.
        message: Why, in words.
    """

    tool: Tool
    rule: str
    message: str


@attrs.frozen(eq=False, repr=False)
class FactRecord(Record):
    """A fact the engine held, for the trace.

    Attributes:
        id: The engine's fact id.
        type: The fact type (``Table``).
        fields: The fact's fields.
    """

    id: int
    type: str
    fields: dict[str, object]


@attrs.frozen(eq=False, repr=False)
class TraceEntry(Record):
    """One firing, in engine order.

    Attributes:
        rule: Code of the rule that fired.
        name: Its dotted name.
        principle: Id of the principle it encodes.
        bindings: Variable -> id of the fact bound to it.
        facts: Ids of the facts it matched.
        conditions: Its literal tests, as text.
        layer: ``judge``, ``advise``, ``propose`` or ``guard``.
    """

    rule: str
    name: str
    principle: str
    bindings: dict[str, int]
    facts: tuple[int, ...]
    conditions: tuple[str, ...]
    layer: str = "advise"


@attrs.frozen(eq=False, repr=False)
class Lever(Record):
    """A realistic change that would change the headline or clear a high-severity risk.

    Attributes:
        id: The lever's id in the catalogue.
        principle: Id of the principle it applies.
        action: What to do, in words.
        changes: The situation paths it changes, with their new values.
        headline: The headline tool after the change.
        cleared: Risks the change clears.
        added: Risks the change introduces.
    """

    id: str
    principle: str
    action: str
    changes: dict[str, object]
    headline: Tool
    cleared: tuple[str, ...]
    added: tuple[str, ...]


@attrs.frozen(eq=False, repr=False)
class Package(Record):
    """One of several offers made at once, each worth the same to you.

    Attributes:
        value: The number.
        give: The terms you give with it.
    """

    value: float
    give: tuple[str, ...] = ()


@attrs.frozen(eq=False, repr=False)
class NextMove(Record):
    """The one move the answer proposes; every number in the advice agrees with it.

    Attributes:
        action: ``offer``, ``hold``, ``accept``, ``walk``, ``prepare`` or ``wait``.
        value: The number to say: the offer, the standing offer you hold at, or their
            offer you accept; None for the other actions.
        range: When opening, the range the offer lies in (low, high).
        give: Terms to give: cheap for you, dear to them.
        ask_for: Terms to ask for: worth more to you than to them.
        packages: Equivalent offers to put on the table at once.
        steps: The offers planned after this one, each a step toward them, none past
            your limit.
        rules: The codes of the rules that shaped it, headline first.
    """

    action: Action
    value: float | None = None
    range: tuple[float, float] | None = None
    give: tuple[str, ...] = ()
    ask_for: tuple[str, ...] = ()
    packages: tuple[Package, ...] = ()
    steps: tuple[float, ...] = ()
    rules: tuple[str, ...] = ()


@attrs.frozen(eq=False, repr=False)
class VerdictRecord(Record):
    """One verdict of the judge layer.

    Attributes:
        name: The verdict (``stalled``).
        holds: Whether it holds.
        rule: Code of the judge rule.
        because: The values and the threshold compared, in words.
    """

    name: str
    holds: bool
    rule: str
    because: str


@attrs.frozen(eq=False, repr=False)
class Assessment(Record):
    """What `assess` returns.

    Attributes:
        headline: The tool to reach for now.
        next_move: The one move proposed, which every number in the advice agrees with.
        advice: Every piece of advice, in the order the rules fired.
        verdicts: What the judge rules concluded, and why.
        metrics: Numbers measured from the situation.
        facts: The facts the rules matched on.
        trace: Every firing, in engine order.
        title: The negotiation's title, if given.
        unit: The unit of its numbers, if given.
        levers: The changes that would help, when the exploring layer added them
            (`negotiation_rules.levers`); None when not computed.
    """

    headline: HeadlineAdvice
    next_move: NextMove | None
    advice: tuple[Advice, ...]
    verdicts: tuple[VerdictRecord, ...]
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
    fields = {str(k): _plain(v) if isinstance(v, tuple) else v
              for k, v in fact.items() if k != "__factid__"}
    return FactRecord(fact["__factid__"], type(fact).__name__, fields)


def _plain(value: object) -> object:
    """Tuples, however nested, as lists: what JSON gives back."""
    return [_plain(item) for item in value] if isinstance(value, tuple) else value


def _evidence(emitted: Emitted) -> dict[str, object]:
    return {**emitted.rule.evidence, **{k: _plain(v) for k, v in emitted.values.items()}}


def assess(
    situation: Situation,
    settings: Settings | None = None,
    knowledge: KnowledgeBase | None = None,
) -> Assessment:
    """Assess a situation: the tool to reach for now, the next move, the risks, and why.

    ``settings`` replaces the situation's own ``[settings]`` when given;
    ``knowledge`` defaults to the built-in knowledge base.
    """
    if settings is not None:
        situation = attrs.evolve(situation, settings=settings)
    measured = measure(situation)
    engine = (knowledge or KnowledgeBase.default()).engine()
    run = engine.evaluate(measured.facts, situation.negotiation.unit,
                          increment=situation.negotiation.increment, scale=measured.scale)
    facts = tuple(_record(fact) for _, fact in sorted(engine.facts.items()))
    advice = tuple(
        Advice(
            rule=e.rule.code, name=e.rule.name, kind=e.rule.kind, tool=e.rule.tool,
            risk=e.rule.risk, severity=e.rule.severity, message=e.message,
            principle=e.rule.principle, evidence=_evidence(e),
        )
        for e in run.emitted
    )
    top = next((a for a, e in zip(advice, run.emitted, strict=True) if e.rule.headline), None)
    if top is None or top.tool is None:
        raise NoHeadlineRule("no headline rule fired: the knowledge base has none that "
                             "covers this situation")
    return Assessment(
        headline=HeadlineAdvice(top.tool, top.rule, top.message),
        next_move=_next_move(run, top.rule),
        advice=advice,
        verdicts=tuple(VerdictRecord(name, v.holds, v.rule, v.because)
                       for name, v in sorted(run.verdicts.items())),
        metrics=_metrics(measured, run),
        facts=facts,
        trace=tuple(_trace(f) for f in run.firings),
        title=situation.negotiation.title,
        unit=situation.negotiation.unit,
    )


def _holds(run: Run, name: str) -> bool:
    verdict = run.verdicts.get(name)
    return verdict is not None and verdict.holds


def _metrics(measured: Measured, run: Run) -> Metrics:
    return Metrics(
        informed=_holds(run, "informed"), walk_credible=_holds(run, "walk_credible"),
        leverage=measured.leverage, gap=measured.gap, zopa=measured.zopa,
        stalled=_holds(run, "stalled"), unanswered=measured.unanswered,
        you=measured.you, them=measured.them, their_limit=measured.their_limit,
        rounds_left=measured.rounds_left,
    )


def _next_move(run: Run, headline: str) -> NextMove | None:
    candidate = run.candidate
    if candidate is None:
        return None
    low, high = candidate["low"], candidate["high"]
    return NextMove(
        action=candidate["action"], value=candidate["value"],
        range=None if low is None or high is None else (low, high),
        give=tuple(candidate["give"]), ask_for=tuple(candidate["ask_for"]),
        packages=tuple(Package(value, tuple(give)) for value, give in candidate["packages"]),
        steps=tuple(candidate["steps"]),
        rules=(headline, *candidate["rules"]),
    )


def _trace(firing: Firing) -> TraceEntry:
    info = firing.rule
    return TraceEntry(info.code, info.name, info.principle, firing.bindings, firing.facts,
                      info.tests, info.layer)
