"""Working memory: experta's fact list, with duplicates found without hashing every fact."""

from __future__ import annotations

from typing import Any

from experta import Fact
from experta.agenda import Agenda
from experta.factlist import FactList


def _content(fact: Any) -> dict[Any, Any]:
    """A fact's fields, without experta's special keys (``__factid__``, ``__bind__``)."""
    return {k: v for k, v in fact.items() if not Fact.is_special(k)}


class WorkingMemory(FactList):  # type: ignore[misc]
    """experta's `FactList` with its semantics (a fact equal to one already declared is not
    declared again; ids count up from 0), finding such a fact among the facts of the same
    type instead of hashing every field of every fact declared: working memory here holds
    one fact of most types, so a declaration usually compares with nothing at all."""

    def __init__(self) -> None:
        super().__init__()
        self._by_type: dict[type, dict[int, Any]] = {}

    def declare(self, fact: Any) -> Any:
        """Declare ``fact``; the fact, or None if an equal one is already declared."""
        if not isinstance(fact, Fact):
            raise ValueError("The fact must descend the Fact class.")
        fact.validate()
        same = self._by_type.setdefault(type(fact), {})
        if same and not self.duplication:
            content = _content(fact)
            if any(_content(other) == content for other in same.values()):
                return None
        index = self.last_index
        fact.__factid__ = index
        self[index] = fact
        same[index] = fact
        self.last_index += 1
        self.added.append(fact)
        return fact

    def retract(self, idx_or_fact: Any) -> int:
        """Retract a declared fact, given it or its id; its id."""
        index = idx_or_fact if isinstance(idx_or_fact, int) else idx_or_fact.__factid__
        if index not in self:
            raise IndexError("Fact not found.")
        fact = self.pop(index)
        del self._by_type[type(fact)][index]
        self.removed.append(fact)
        return index


def fresh_memory(engine: Any) -> None:
    """Empty ``engine``'s facts, agenda and matcher, as experta's ``reset()`` does, without
    declaring its initial facts in a matcher pass of their own."""
    engine.agenda, engine.facts = Agenda(), WorkingMemory()
    engine.matcher.reset()
