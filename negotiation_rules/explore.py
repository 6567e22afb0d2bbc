"""What if and replay: the engine re-run on a changed situation or on each move of one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .amounts import format_amount
from .assessment import Assessment, assess
from .changes import apply_changes
from .knowledge import KnowledgeBase
from .loading import situation_from_dict, situation_to_dict
from .record import Record
from .situation import Move, Plan, Situation


@attrs.frozen(eq=False, repr=False)
class Comparison(Record):
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
    after = assess(changed, knowledge=knowledge)
    if levers:
        from .levers import with_levers  # levers explore further, from the changed situation

        after = with_levers(changed, after, knowledge)
    return Comparison(pairs, assess(situation, knowledge=knowledge), after)


@attrs.frozen(eq=False, repr=False)
class Step(Record):
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


REPLAY_ALL = 200
"""A history of up to this many moves is replayed move by move."""
REPLAY_LAST = 25
"""Of a longer history, this many last moves are replayed move by move, after one step that
sums up the earlier ones."""


def replay(situation: Situation, knowledge: KnowledgeBase | None = None) -> tuple[Step, ...]:
    """Assess the situation before any move, after each move, and finally with the plan.

    Each point is a full assessment of the history so far, which costs time in proportion
    to its length; so a history longer than `REPLAY_ALL` moves is replayed move by move only
    for its last `REPLAY_LAST`, after one step for all the moves before them (its label
    says so). The total time then grows linearly with the history.
    """
    unit = situation.negotiation.unit
    moves = situation.moves
    first = 0 if len(moves) <= REPLAY_ALL else len(moves) - REPLAY_LAST
    points: list[tuple[int | None, str, int | None]] = [(None, "start", 0)]
    if first:
        points.append((first - 1, f"moves 1 to {first:,} at once (long history)", first))
    points += [(i, _move_label(i, moves[i], unit), i + 1) for i in range(first, len(moves))]
    if situation.plan is not None:
        points.append((None, _plan_label(situation.plan, unit), None))
    steps: list[Step] = []
    before: tuple[str, ...] = ()
    for index, label, count in points:
        partial = situation if count is None else attrs.evolve(situation, moves=moves[:count],
                                                               plan=None)
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
