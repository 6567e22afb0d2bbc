"""Levers: realistic single changes that would change the headline or clear a serious risk.

Levers belong to the exploring layer: they call `assess` on changed situations, and
`assess` never calls them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import attrs

from .amounts import format_amount
from .assessment import Assessment, Lever, assess
from .changes import apply_changes
from .knowledge import KnowledgeBase
from .loading import situation_from_dict, situation_to_dict
from .situation import Situation


class LeverSpec(NamedTuple):
    """A change a person can actually make, in the levers catalogue.

    Attributes:
        id: Stable id.
        principle: Id of the principle the lever applies.
        action: What to do, in words; ``{path}`` shows the value the lever sets there.
        changes: From the situation and its assessment, the changes this lever makes,
            or None when it does not apply.
    """

    id: str
    principle: str
    action: str
    changes: Callable[[Situation, Assessment], dict[str, object] | None]


def _ask_in_exchange(situation: Situation, assessment: Assessment) -> dict[str, object] | None:
    planned = assessment.fields_of("Planned")
    if planned.get("concession") is None or planned["asks_return"]:
        return None
    return {"plan.in_exchange_for": "something in return"}


def _opening(situation: Situation, assessment: Assessment) -> dict[str, object] | None:
    # The opening the propose layer measured; none without a credible range.
    verdicts, proposal = assessment.fields_of("Verdicts"), assessment.fields_of("Proposal")
    if not (verdicts.get("plan_extreme") or verdicts.get("plan_modest")) \
            or proposal.get("open_value") is None:
        return None
    return {"plan.value": proposal["open_value"]}


LEVERS: tuple[LeverSpec, ...] = (
    LeverSpec("secure_alternative", "walk.prepare",
              "Secure your alternative in hand (signed, not hoped for)",
              lambda s, a: None if s.you.batna_status == "in_hand"
              else {"you.batna.status": "in_hand"}),
    LeverSpec("gather_evidence", "anchor.informed",
              "Gather market evidence until you are sure of the range",
              lambda s, a: None if a.metrics.informed or not s.value.known
              else {"value.confidence": "high"}),
    LeverSpec("ask_in_exchange", "concede.trade", "Ask for something in exchange for your move",
              _ask_in_exchange),
    LeverSpec("wait_for_them", "concede.pressure", "Wait for their move instead of making yours",
              lambda s, a: None if s.plan is None or s.plan.move == "wait"
              or a.fields_of("Table").get("their_type") == "final_offer"  # nothing to wait for
              else {"plan": {"move": "wait"}}),
    LeverSpec("open_within_range", "anchor.justify",
              "Open at {plan.value} instead, within the credible range", _opening),
)
"""The levers catalogue: realistic single changes, tried in this order."""


def with_levers(situation: Situation, assessment: Assessment | None = None,
                knowledge: KnowledgeBase | None = None) -> Assessment:
    """The assessment of ``situation`` with its levers listed (assessed when not given)."""
    assessment = assessment or assess(situation, knowledge=knowledge)
    return attrs.evolve(assessment, levers=find_levers(situation, assessment, knowledge))


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
            principle=spec.principle,
            action=action,
            changes=dict(changes),
            headline=after.headline.tool,
            cleared=cleared,
            added=tuple(r for r in after.risks if r not in assessment.risks),
        ))
    return tuple(found)
