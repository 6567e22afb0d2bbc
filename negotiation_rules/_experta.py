"""The one place that imports experta, made to work on Python >= 3.10.

experta 1.9.4 pins ``frozendict==1.2``, which reads ``collections.Mapping``
(removed in 3.10) at import time. We alias it for the duration of that first
import only, and take back the root-logger handler that experta's
``logging.basicConfig()`` installs, so importing us changes no global state.
"""

import collections
import collections.abc
import logging


def _import_experta() -> None:
    root = logging.getLogger()
    handlers = list(root.handlers)
    had_mapping = hasattr(collections, "Mapping")
    if not had_mapping:
        collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
    try:
        import experta  # noqa: F401
    finally:
        if not had_mapping:
            del collections.Mapping  # type: ignore[attr-defined]
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)


_import_experta()

from experta import AS, MATCH, NOT, TEST, Fact, KnowledgeEngine, L, P, Rule, W  # noqa: E402
from experta.abstract import Matcher, Strategy  # noqa: E402
from experta.activation import Activation  # noqa: E402
from experta.agenda import Agenda  # noqa: E402
from experta.factlist import FactList  # noqa: E402
from experta.fieldconstraint import FieldConstraint  # noqa: E402
from experta.matchers.rete import ReteMatcher  # noqa: E402
from experta.matchers.rete.check import (  # noqa: E402
    FactCapture,
    FeatureCheck,
    SameContextCheck,
    TypeCheck,
    WhereCheck,
)
from experta.matchers.rete.nodes import ConflictSetNode  # noqa: E402
from experta.matchers.rete.utils import generate_checks, prepare_rule  # noqa: E402

__all__ = ["AS", "MATCH", "NOT", "TEST", "Activation", "Agenda", "ConflictSetNode", "Fact",
           "FactCapture", "FactList", "FeatureCheck", "FieldConstraint", "KnowledgeEngine", "L",
           "Matcher", "P", "ReteMatcher", "Rule", "SameContextCheck", "Strategy", "TypeCheck", "W",
           "WhereCheck", "generate_checks", "prepare_rule"]
