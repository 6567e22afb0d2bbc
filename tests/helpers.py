"""Quick ways to build and assess situations in tests."""

from __future__ import annotations

from pathlib import Path

from negotiation_rules import Assessment, assess, loads_situation

ROOT = Path(__file__).parent.parent
"""The repository's root."""
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
"""Every example situation file, by name."""


def assess_toml(text: str) -> Assessment:
    """Assess a situation written as TOML."""
    return assess(loads_situation(text))


def fired(assessment: Assessment) -> set[str]:
    """Codes of the rules that fired; a judge rule (which always runs) counts as fired
    when its verdict holds."""
    held = {verdict.rule for verdict in assessment.verdicts if verdict.holds}
    return {entry.rule for entry in assessment.trace if entry.layer != "judge"} | held
