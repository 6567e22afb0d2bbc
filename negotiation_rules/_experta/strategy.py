"""Conflict resolution for the engine: the order in which activations fire."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from operator import attrgetter, itemgetter
from typing import Any

from experta.abstract import Strategy


class StableStrategy(Strategy):  # type: ignore[misc]
    """Depth-first conflict resolution with a total, process-independent order.

    experta's `DepthStrategy` breaks salience ties by fact ids alone, so two
    rules matching the same facts fire in an order that varies between
    processes. Here ties go to the lower rule code, then to newer facts.
    """

    def __init__(self) -> None:
        super().__init__()
        self.rank: dict[str, int] = {}

    def key(self, activation: Any) -> tuple[int, int, tuple[int, ...]]:
        code = activation.rule.__rule_info__.code
        facts = tuple(sorted(map(_FACT_ID, activation.facts), reverse=True))
        return (activation.rule.salience, -self.rank[code], facts)

    def _update_agenda(self, agenda: Any, added: Iterable[Any], removed: Iterable[Any]) -> None:
        activations = agenda.activations
        for activation in removed:
            activation.key = self.key(activation)
            index = bisect.bisect_left(activations, activation)
            if index < len(activations) and activations[index] == activation:
                del activations[index]
            elif activation in activations:
                activations.remove(activation)
        added = list(added)
        if added:  # one sort of the lot: a pass often adds dozens
            for activation in added:
                activation.key = self.key(activation)
            activations += added
            activations.sort(key=_KEY)


_KEY = attrgetter("key")
_FACT_ID = itemgetter("__factid__")
