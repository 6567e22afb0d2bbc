"""What if, levers and replay: the engine re-run on changed or partial situations."""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

import attrs

from .amounts import format_amount
from .assessment import Assessment, Lever, assess
from .errors import Problem, SituationError
from .knowledge import KnowledgeBase
from .loading import situation_from_dict, situation_to_dict
from .situation import Move, Plan, Situation

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def parse_assignment(text: str) -> tuple[str, object]:
    """``"plan.value=150000"`` -> ``("plan.value", 150000)``; the value is read as TOML,
    and taken as a plain string when it is not TOML (``in_hand``)."""
    path, sep, raw = text.partition("=")
    if not sep or not path.strip():
        raise SituationError([Problem("", f"--set expects PATH=VALUE, got {text!r}")])
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    return path.strip(), value


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    position = 0
    for match in _STEP.finditer(path):
        gap = path[position:match.start()]
        if gap not in ("", ".") or (gap == "." and not steps):
            break
        steps.append(match.group(1) if match.group(1) else int(match.group(2)))
        position = match.end()
    if position != len(path) or not steps or not isinstance(steps[0], str):
        raise SituationError([Problem(path, "is not a path like you.batna.status or "
                                            "moves[2].value")])
    return steps


def apply_changes(document: Mapping[str, Any],
                  changes: Iterable[tuple[str, object]]) -> dict[str, Any]:
    """A copy of a situation document with each ``path = value`` set (tables created)."""
    result = copy.deepcopy(dict(document))
    for path, value in changes:
        steps = _steps(path)
        node: Any = result
        for done, step in enumerate(steps[:-1]):
            nxt = steps[done + 1]
            if isinstance(step, int):
                if not isinstance(node, list) or step >= len(node):
                    size = len(node) if isinstance(node, list) else 0
                    raise SituationError([Problem(path, f"has no item [{step}] "
                                                        f"(there are {size})")])
                node = node[step]
            else:
                if not isinstance(node, dict):
                    raise SituationError([Problem(path, f"cannot set inside {step!r}")])
                node = node.setdefault(step, [] if isinstance(nxt, int) else {})
        last = steps[-1]
        if isinstance(last, int):
            if not isinstance(node, list) or last >= len(node):
                raise SituationError([Problem(path, f"has no item [{last}]")])
        elif not isinstance(node, dict):
            raise SituationError([Problem(path, "cannot set a key inside a value")])
        node[last] = value
    return result


@attrs.frozen
class Comparison:
    """A situation assessed before and after some changes.

    Attributes:
        changes: The ``(path, value)`` changes applied.
        before: The original assessment.
        after: The assessment of the changed situation.
    """

    changes: tuple[tuple[str, object], ...]
    before: Assessment
    after: Assessment

    @property
    def risks_added(self) -> tuple[str, ...]:
        return tuple(r for r in self.after.risks if r not in self.before.risks)

    @property
    def risks_removed(self) -> tuple[str, ...]:
        return tuple(r for r in self.before.risks if r not in self.after.risks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "changes": [{"path": p, "value": v} for p, v in self.changes],
            "headline": {"before": self.before.headline.tool, "after": self.after.headline.tool},
            "risks_added": list(self.risks_added),
            "risks_removed": list(self.risks_removed),
        }


def what_if(situation: Situation, changes: Mapping[str, object] | Iterable[tuple[str, object]],
            knowledge: KnowledgeBase | None = None, levers: bool = False) -> Comparison:
    """Assess the situation with the changes applied; bad paths or values raise SituationError.

    With ``levers`` the changed situation's assessment lists its levers too.
    """
    pairs = tuple(changes.items() if isinstance(changes, Mapping) else changes)
    changed = situation_from_dict(apply_changes(situation_to_dict(situation), pairs))
    return Comparison(pairs, assess(situation, knowledge=knowledge),
                      assess(changed, knowledge=knowledge, levers=levers))


class LeverSpec(NamedTuple):
    """A change a person can actually make, in the levers catalogue.

    Attributes:
        id: Stable id.
        action: What to do, in words; ``{path}`` shows the value the lever sets there.
        changes: From the situation and its assessment, the changes this lever makes,
            or None when it does not apply.
    """

    id: str
    action: str
    changes: Callable[[Situation, Assessment], dict[str, object] | None]


def _ask_in_exchange(situation: Situation, assessment: Assessment) -> dict[str, object] | None:
    planned = assessment.fields_of("Planned")
    if not planned.get("concession") or planned["asks_return"]:
        return None
    return {"plan.in_exchange_for": "something in return"}


def _opening(situation: Situation, assessment: Assessment) -> dict[str, object] | None:
    planned, position = assessment.fields_of("Planned"), assessment.fields_of("Position")
    if not (planned.get("extreme") or planned.get("modest")):
        return None
    far, limit, target = position["far_end"], position["extreme_limit"], position["target"]
    d = situation.direction
    start = far if target is None else max(far, target, key=lambda a: d * a)
    return {"plan.value": min(start, limit, key=lambda a: d * a)}


LEVERS: tuple[LeverSpec, ...] = (
    LeverSpec("secure_alternative", "Secure your alternative in hand (signed, not hoped for)",
              lambda s, a: None if s.you.batna_status == "in_hand"
              else {"you.batna.status": "in_hand"}),
    LeverSpec("gather_evidence", "Gather market evidence until you are sure of the range",
              lambda s, a: None if a.metrics.informed or not s.value.known
              else {"value.confidence": "high"}),
    LeverSpec("ask_in_exchange", "Ask for something in exchange for your move", _ask_in_exchange),
    LeverSpec("wait_for_them", "Wait for their move instead of making yours",
              lambda s, a: None if s.plan is None or s.plan.move == "wait"
              else {"plan": {"move": "wait"}}),
    LeverSpec("open_within_range", "Open at {plan.value} instead, within the credible range",
              _opening),
)
"""The levers catalogue: realistic single changes, tried in this order."""


def find_levers(situation: Situation, assessment: Assessment,
                knowledge: KnowledgeBase | None = None) -> tuple[Lever, ...]:
    """The catalogued changes that would change the headline or clear a high-severity risk."""
    high = {a.risk for a in assessment.advice if a.risk and a.severity == "high"}
    document = situation_to_dict(situation)
    found = []
    for spec in LEVERS:
        changes = spec.changes(situation, assessment)
        if changes is None:
            continue
        changed = situation_from_dict(apply_changes(document, changes.items()))
        after = assess(changed, knowledge=knowledge)
        cleared = tuple(r for r in assessment.risks if r not in after.risks)
        if after.headline.tool == assessment.headline.tool and not high & set(cleared):
            continue
        action = spec.action
        for path, value in changes.items():
            shown = format_amount(value, situation.negotiation.unit) \
                if isinstance(value, int | float) else str(value)
            action = action.replace(f"{{{path}}}", shown)
        found.append(Lever(
            id=spec.id,
            action=action,
            changes=dict(changes),
            headline=after.headline.tool,
            cleared=cleared,
            added=tuple(r for r in after.risks if r not in assessment.risks),
        ))
    return tuple(found)


@attrs.frozen
class Step:
    """One point of a replay.

    Attributes:
        index: The move's index in the history; None for the start and for the plan.
        label: What happened, in words.
        headline: The tool that was the headline at this point.
        rule: The headline rule.
        added: Risks this step introduced.
        cleared: Risks this step cleared.
        notes: The messages of the advice behind the risks it introduced.
    """

    index: int | None
    label: str
    headline: str
    rule: str
    added: tuple[str, ...]
    cleared: tuple[str, ...]
    notes: tuple[str, ...]


def _move_label(index: int, move: Move, unit: str | None) -> str:
    value = "" if move.value is None else f" {format_amount(move.value, unit)}"
    return f"move {index + 1}, {move.by}: {move.type.replace('_', ' ')}{value}"


def _plan_label(plan: Plan, unit: str | None) -> str:
    value = "" if plan.value is None else f" {format_amount(plan.value, unit)}"
    return f"plan: {plan.move.replace('_', ' ')}{value}"


def replay(situation: Situation, knowledge: KnowledgeBase | None = None) -> tuple[Step, ...]:
    """Assess the situation before any move, after each move, and finally with the plan."""
    unit = situation.negotiation.unit
    points: list[tuple[int | None, str, Situation]] = [
        (None, "start", attrs.evolve(situation, moves=(), plan=None))]
    points += [(i, _move_label(i, move, unit),
                attrs.evolve(situation, moves=situation.moves[:i + 1], plan=None))
               for i, move in enumerate(situation.moves)]
    if situation.plan is not None:
        points.append((None, _plan_label(situation.plan, unit), situation))
    steps: list[Step] = []
    before: tuple[str, ...] = ()
    for index, label, partial in points:
        answer = assess(partial, knowledge=knowledge)
        added = tuple(r for r in answer.risks if r not in before)
        steps.append(Step(
            index=index,
            label=label,
            headline=answer.headline.tool,
            rule=answer.headline.rule,
            added=added,
            cleared=tuple(r for r in before if r not in answer.risks),
            notes=tuple(dict.fromkeys(a.message for a in answer.advice if a.risk in added)),
        ))
        before = answer.risks
    return tuple(steps)
