"""The built-in knowledge base, one module per tool."""

from .anchoring import AnchoringRules
from .concession import ConcessionRules
from .toolkit import ToolkitRules
from .walking import WalkingRules

BUILTIN_RULESETS: tuple[type, ...] = (ToolkitRules, WalkingRules, ConcessionRules,
                                      AnchoringRules)

__all__ = ["BUILTIN_RULESETS", "AnchoringRules", "ConcessionRules", "ToolkitRules",
           "WalkingRules"]
