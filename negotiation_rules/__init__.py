"""A rule-based expert system for negotiation: which tool to reach for now, and why."""

from typing import Any

from .assessment import (
    SCHEMA_VERSION,
    Advice,
    Assessment,
    FactRecord,
    HeadlineAdvice,
    Lever,
    TraceEntry,
    assess,
)
from .derive import Concession, Ledger, Metrics
from .errors import NegotiationRulesError, Problem, SituationError
from .explain import ConditionCheck, RuleCheck, WhyNot, why_not
from .explore import Comparison, Step, replay, what_if
from .knowledge import Condition, KnowledgeBase, RuleInfo, rule
from .loading import load_situation, loads_situation, situation_from_dict
from .principles import PRINCIPLES
from .settings import Settings
from .situation import Batna, Issue, Move, Negotiation, Plan, Situation, Them, Value, You
from .vocabulary import RISKS, TOOLS


def __getattr__(name: str) -> Any:
    # importlib.metadata costs tens of milliseconds: load it only when asked.
    if name == "__version__":
        from importlib.metadata import version

        return version("negotiation-rules")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "PRINCIPLES",
    "RISKS",
    "SCHEMA_VERSION",
    "TOOLS",
    "Advice",
    "Assessment",
    "Batna",
    "Comparison",
    "Concession",
    "Condition",
    "ConditionCheck",
    "FactRecord",
    "HeadlineAdvice",
    "Issue",
    "KnowledgeBase",
    "Ledger",
    "Lever",
    "Metrics",
    "Move",
    "Negotiation",
    "NegotiationRulesError",
    "Plan",
    "Problem",
    "RuleCheck",
    "RuleInfo",
    "Settings",
    "Situation",
    "SituationError",
    "Step",
    "Them",
    "TraceEntry",
    "Value",
    "WhyNot",
    "You",
    "__version__",
    "assess",
    "load_situation",
    "loads_situation",
    "replay",
    "rule",
    "situation_from_dict",
    "what_if",
    "why_not",
]
