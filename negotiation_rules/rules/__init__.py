"""The built-in knowledge base, layer by layer: judge, advise (one module per tool), propose."""

from .advise.anchoring import AnchoringRules
from .advise.concession import ConcessionRules
from .advise.toolkit import ToolkitRules
from .advise.walking import WalkingRules
from .judge import JudgeRules
from .propose import ProposeRules

BUILTIN_RULESETS: tuple[type, ...] = (JudgeRules, ToolkitRules, WalkingRules, ConcessionRules,
                                      AnchoringRules, ProposeRules)

__all__ = ["BUILTIN_RULESETS", "AnchoringRules", "ConcessionRules", "JudgeRules",
           "ProposeRules", "ToolkitRules", "WalkingRules"]
