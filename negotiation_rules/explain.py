"""Why not: read a rule's own conditions back against the facts of an assessment.

Nothing here is written per rule: the conditions come from each rule's left-hand
side (`RuleInfo.conditions`), their meanings from the fact glossary
(`facts.MEANINGS`), and the values from the facts the engine held.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Sequence
from typing import Any, Literal

import attrs

from .assessment import Assessment, FactRecord, HeadlineAdvice
from .errors import did_you_mean
from .knowledge import Condition, KnowledgeBase, RuleInfo
from .record import Record
from .vocabulary import TOOLS


@attrs.frozen(eq=False, repr=False)
class ConditionCheck(Record):
    """One condition of a rule, tested against the facts.

    Attributes:
        condition: The condition as the rule states it.
        meaning: What it means, in words.
        holds: Whether it held; None for a custom test that cannot be replayed.
        needed: The value the rule needs.
        actual: The value the fact held (None when there was no such fact).
        context: Related values that explain ``actual``.
    """

    condition: str
    meaning: str
    holds: bool | None
    needed: object
    actual: object
    context: dict[str, object]


@attrs.frozen(eq=False, repr=False)
class RuleCheck(Record):
    """A rule that could have produced the asked-for tool or risk.

    Attributes:
        rule: Its code.
        name: Its dotted name.
        priority: Its headline priority, if it is a headline rule.
        fired: Whether it fired in the assessment.
        checks: Its conditions, tested.
    """

    rule: str
    name: str
    priority: int | None
    fired: bool
    checks: tuple[ConditionCheck, ...]

    @property
    def matched(self) -> bool:
        """Whether every condition that can be tested held."""
        return all(check.holds is not False for check in self.checks)


@attrs.frozen(eq=False, repr=False)
class WhyNot(Record):
    """Why a tool was not the headline, or a risk was not raised.

    Attributes:
        target: The tool or risk asked about.
        kind: ``tool`` or ``risk``.
        produced: Whether it was produced after all.
        headline: The headline that was chosen.
        candidates: The rules that could have produced it.
        preempting: For a tool, the headline rules tried before it, in priority order.
    """

    target: str
    kind: Literal["tool", "risk"]
    produced: bool
    headline: HeadlineAdvice
    candidates: tuple[RuleCheck, ...]
    preempting: tuple[RuleCheck, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return typing.cast(dict[str, Any], json.loads(json.dumps(attrs.asdict(self))))


MEANINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Position.stage": ("the stage", ()),
    "Position.need": ("how much you need the deal", ()),
    "Position.batna": ("your alternative", ("batna_value",)),
    "Position.leverage": ("who needs the deal less", ()),
    "Position.their_information": ("how much they know of the value, against you", ()),
    "Position.deadline": ("whose deadline comes first", ("your_deadline", "their_deadline")),
    "Table.you_offered": ("you have made an offer", ("your_latest",)),
    "Table.they_offered": ("they have made an offer", ("their_latest",)),
    "Table.their_type": ("the kind of their latest offer", ("their_latest",)),
    "Planned.move": ("the planned move", ()),
    "Planned.first_offer": ("the plan is your first offer", ("value",)),
    "Planned.asks_return": ("the plan asks for something in return", ("in_exchange_for",)),
    "Headline.tool": ("the headline tool", ()),
    "Trades.give": ("terms you rank lower than they do", ("ask",)),
    "Proposal.next_offer": ("your next offer on the schedule", ("concession_end", "room")),
    "Proposal.hold_value": ("the offer you stand on", ()),
    "Candidate.action": ("the next move's action", ("value",)),
}
"""``Fact.field`` -> what a measured field means in words, and the fields that explain its
value; a verdict's meaning is its judge rule's description. A test keeps every measured
field a built-in rule tests in here."""


def _check(condition: Condition, facts: dict[str, FactRecord],
           verdicts: dict[str, tuple[str, str]]) -> ConditionCheck:
    key = f"{condition.fact}.{condition.field}"
    if condition.fact == "Verdicts" and condition.field in verdicts:
        meaning, because = verdicts[condition.field]
        fact = facts.get("Verdicts")
        actual = None if fact is None else fact.fields.get(condition.field)
        return ConditionCheck(str(condition), meaning, (actual == condition.value)
                              != condition.negated, condition.value, actual,
                              {"because": because})
    meaning, related = MEANINGS.get(key, (key, ()))
    fact = facts.get(condition.fact)
    if condition.fact == "TEST" or not condition.literal:
        return ConditionCheck(str(condition), str(condition), None, condition.value, None, {})
    if condition.field is None:
        present = fact is not None
        meaning = f"a {condition.fact} fact exists"
        holds = present != condition.negated
        return ConditionCheck(str(condition), meaning, holds, not condition.negated, present, {})
    actual = None if fact is None else fact.fields.get(condition.field)
    context = {} if fact is None else {name: fact.fields.get(name) for name in related}
    matches = fact is not None and actual == condition.value
    return ConditionCheck(str(condition), meaning, matches != condition.negated,
                          condition.value, actual, context)


def _verdict_meaning(info: RuleInfo) -> str:
    """A judge rule's description as the claim it tests: "you know the value: ..."."""
    text = info.description.removesuffix(".")
    return text.removeprefix("Judge whether ") if text.startswith("Judge whether ") else text


def _rule_check(info: RuleInfo, facts: dict[str, FactRecord], fired: set[str],
                verdicts: dict[str, tuple[str, str]]) -> RuleCheck:
    return RuleCheck(info.code, info.name, info.priority, info.code in fired,
                     tuple(_check(c, facts, verdicts) for c in info.conditions))


def targets(knowledge: KnowledgeBase) -> tuple[str, ...]:
    """Everything `why_not` can be asked about: the tools, then the knowledge base's risks."""
    risks = sorted({info.risk for info in knowledge.rules() if info.risk})
    return (*TOOLS, *risks)


def why_not(assessment: Assessment, target: str,
            knowledge: KnowledgeBase | None = None) -> WhyNot:
    """Explain why ``target`` (a tool or a risk code) is not in the assessment.

    Raises ValueError for a name that is neither a tool nor a risk of the knowledge base.
    """
    knowledge = knowledge or KnowledgeBase.default()
    known = targets(knowledge)
    if target not in known:
        raise ValueError(f"{target!r} is neither a tool nor a risk{did_you_mean(target, known)} "
                         f"(expected one of {', '.join(known)})")
    rules = knowledge.rules()
    facts = {fact.type: fact for fact in assessment.facts}
    fired = {entry.rule for entry in assessment.trace}
    judged = {record.name: record.because for record in assessment.verdicts}
    verdicts = {info.verdict: (_verdict_meaning(info), judged.get(info.verdict, "not judged"))
                for info in rules if info.verdict}
    kind: Literal["tool", "risk"] = "tool" if target in TOOLS else "risk"
    if kind == "tool":
        candidates: Sequence[RuleInfo] = [i for i in rules if i.headline and i.tool == target]
        first = min(i.priority for i in candidates if i.priority is not None)
        preempting = sorted((i for i in rules if i.headline and i.priority is not None
                             and i.priority < first),
                            key=lambda i: (i.priority, i.code))
        produced = assessment.headline.tool == target
    else:
        candidates = [i for i in rules if i.risk == target]
        preempting = []
        produced = target in assessment.risks
    return WhyNot(
        target=target,
        kind=kind,
        produced=produced,
        headline=assessment.headline,
        candidates=tuple(_rule_check(i, facts, fired, verdicts) for i in candidates),
        preempting=tuple(_rule_check(i, facts, fired, verdicts) for i in preempting),
    )
