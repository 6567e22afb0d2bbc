"""The one adapter to experta: its import, made to work on Python >= 3.10, the names
rules use, how rules are made (`rules`) and what we put inside its engine (`matcher`,
`memory`, `strategy`).

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
from experta.fieldconstraint import FieldConstraint  # noqa: E402

from .matcher import DirectMatcher, fire, firing  # noqa: E402
from .memory import fresh_memory  # noqa: E402
from .rules import make_rule  # noqa: E402
from .strategy import StableStrategy  # noqa: E402

__all__ = ["AS", "MATCH", "NOT", "TEST", "DirectMatcher", "Fact", "FieldConstraint",
           "KnowledgeEngine", "L", "P", "Rule", "StableStrategy", "W", "fire", "firing",
           "fresh_memory", "make_rule"]
