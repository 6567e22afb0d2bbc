"""A rule-based expert system for negotiation: which tool to reach for now, and why."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from .errors import (
        KnowledgeBaseError,
        NegotiationRulesError,
        NoHeadlineRule,
        Problem,
        RuleClash,
        RuleFailure,
        SituationError,
        UndeclaredRule,
        UnknownFactField,
    )
    from .explain import ConditionCheck, RuleCheck, WhyNot, why_not
    from .explore import Comparison, Step, replay, what_if
    from .knowledge import Condition, KnowledgeBase, RuleInfo, rule
    from .loading import load_situation, loads_situation, situation_from_dict
    from .measure import Concession, Ledger, Metrics
    from .principles import PRINCIPLES
    from .render import render_comparison, render_why_not
    from .settings import Settings
    from .situation import Batna, Issue, Move, Negotiation, Plan, Situation, Them, Value, You
    from .vocabulary import RISKS, TOOLS

_HOMES = {
    "assessment": ("SCHEMA_VERSION", "Advice", "Assessment", "FactRecord", "HeadlineAdvice",
                   "Lever", "TraceEntry", "assess"),
    "measure": ("Concession", "Ledger", "Metrics"),
    "errors": ("KnowledgeBaseError", "NegotiationRulesError", "NoHeadlineRule", "Problem",
               "RuleClash", "RuleFailure", "SituationError", "UndeclaredRule",
               "UnknownFactField"),
    "explain": ("ConditionCheck", "RuleCheck", "WhyNot", "why_not"),
    "explore": ("Comparison", "Step", "replay", "what_if"),
    "knowledge": ("Condition", "KnowledgeBase", "RuleInfo", "rule"),
    "loading": ("load_situation", "loads_situation", "situation_from_dict"),
    "principles": ("PRINCIPLES",),
    "render": ("render_comparison", "render_why_not"),
    "settings": ("Settings",),
    "situation": ("Batna", "Issue", "Move", "Negotiation", "Plan", "Situation", "Them", "Value",
                  "You"),
    "vocabulary": ("RISKS", "TOOLS"),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    # Names load with their module on first use, so a command imports only what it runs
    # (and importlib.metadata, tens of milliseconds, only when the version is asked).
    if name == "__version__":
        from importlib.metadata import version

        return version("negotiation-rules")
    if name in _HOME:
        import importlib

        value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
    "KnowledgeBaseError",
    "Ledger",
    "Lever",
    "Metrics",
    "Move",
    "Negotiation",
    "NegotiationRulesError",
    "NoHeadlineRule",
    "Plan",
    "Problem",
    "RuleCheck",
    "RuleClash",
    "RuleFailure",
    "RuleInfo",
    "Settings",
    "Situation",
    "SituationError",
    "Step",
    "Them",
    "TraceEntry",
    "UndeclaredRule",
    "UnknownFactField",
    "Value",
    "WhyNot",
    "You",
    "__version__",
    "assess",
    "load_situation",
    "loads_situation",
    "render_comparison",
    "render_why_not",
    "replay",
    "rule",
    "situation_from_dict",
    "what_if",
    "why_not",
]
