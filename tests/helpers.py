"""Quick ways to build and assess situations in tests."""

from __future__ import annotations

from negotiation_rules import Assessment, assess, loads_situation


def assess_toml(text: str) -> Assessment:
    """Assess a situation written as TOML."""
    return assess(loads_situation(text))


def fired(assessment: Assessment) -> set[str]:
    """Codes of the rules that fired."""
    return {entry.rule for entry in assessment.trace}
