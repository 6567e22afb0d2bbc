"""The experta engine the knowledge base runs on: stable conflict resolution,
a run loop that records every firing and recovers from errors, and advice collection."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from ._experta import (
    DirectMatcher,
    Fact,
    KnowledgeEngine,
    StableStrategy,
    fire,
    firing,
    fresh_memory,
)
from .amounts import format_amount
from .errors import RuleFailure, UndeclaredRule
from .facts import Candidate, Headline, Verdicts
from .knowledge import JUDGE_SALIENCE, PROPOSE_SALIENCE, RuleInfo, rule_info

EMPTY_CANDIDATE: dict[str, object] = {
    "action": None, "value": None, "low": None, "high": None, "give": (), "ask_for": (),
    "packages": (), "steps": (), "rules": ()}
"""Every field of a `Candidate`, as the propose rules start from."""


class Firing(NamedTuple):
    """One rule firing as the engine ran it.

    Attributes:
        rule: The rule's metadata.
        bindings: Variable name -> id of the fact bound to it.
        facts: Ids of the facts the activation matched, ascending.
    """

    rule: RuleInfo
    bindings: dict[str, int]
    facts: tuple[int, ...]


class Emitted(NamedTuple):
    """Advice as a rule's right-hand side emitted it."""

    rule: RuleInfo
    message: str
    values: dict[str, object]


class Verdict(NamedTuple):
    """One judge rule's conclusion.

    Attributes:
        holds: Whether the verdict holds.
        rule: Code of the judge rule.
        because: The values and the threshold it compared, in words.
    """

    holds: bool
    rule: str
    because: str


class Run(NamedTuple):
    """What one evaluation produced."""

    firings: list[Firing]
    emitted: list[Emitted]
    verdicts: dict[str, Verdict]
    candidate: Fact | None


class NegotiationEngine(KnowledgeEngine):  # type: ignore[misc]
    """A reusable knowledge engine; `KnowledgeBase` mixes the rule classes in."""

    __matcher__ = DirectMatcher
    __strategy__ = StableStrategy

    def __init__(self, rules: tuple[RuleInfo, ...], verdicts: tuple[str, ...]) -> None:
        super().__init__()
        self.strategy.rank = {info.code: rank for rank, info in enumerate(rules)}
        self._deffacts: list[Any] = self.get_deffacts()  # inspect.getmembers: look once
        self._verdict_names = verdicts
        self.unit: str | None = None
        self._precision: dict[str, float | None] = {}
        self.firings: list[Firing] = []
        self.emitted: list[Emitted] = []
        self.verdicts: dict[str, Verdict] = {}
        self._proposed: dict[str, Any] = {}
        self._open_layers: list[int] = []
        self._current: RuleInfo | None = None

    def evaluate(self, facts: Iterable[Fact], unit: str | None, *,
                 increment: float | None = None, scale: float | None = None) -> Run:
        """Reset, declare the facts, run to quiescence; return what the rules concluded.

        experta's ``reset()`` declares the initial facts in a matcher pass of their
        own; here they go in with the situation's facts, in a single pass. Everything a
        previous call left is wiped first, even if it stopped half-way on an error.
        """
        self.unit, self._precision = unit, {"increment": increment, "scale": scale}
        self.firings, self.emitted, self.verdicts, self._proposed = [], [], {}, {}
        self._open_layers = [JUDGE_SALIENCE, PROPOSE_SALIENCE]
        fresh_memory(self)
        for fact in (*(f for deffacts in self._deffacts for f in deffacts()), *facts):
            self.facts.declare(fact)
        self.strategy.update_agenda(self.agenda, *self.get_activations())
        self.run()
        candidate = next((f for f in self.facts.values() if isinstance(f, Candidate)), None)
        return Run(self.firings, self.emitted, self.verdicts, candidate)

    def _close_layer(self, salience: float) -> bool:
        """Declare what a finished layer concluded, once, before any lower rule fires:
        the judge layer's `Verdicts`, the propose layer's `Candidate`. True if declared."""
        while self._open_layers and salience < self._open_layers[0]:
            layer = self._open_layers.pop(0)
            if layer == JUDGE_SALIENCE:
                self.facts.declare(Verdicts.of(**{name: self.verdicts[name].holds
                                                  if name in self.verdicts else False
                                                  for name in self._verdict_names}))
                return True
            if self._proposed:
                self.facts.declare(Candidate.of(**{**EMPTY_CANDIDATE, **self._proposed}))
                return True
        return False

    def run(self, steps: float = float("inf")) -> None:
        """experta's run loop, recording each firing and never left ``running``.

        The matcher is asked for new activations only when a rule changed the facts:
        most rules here only advise.
        """
        self.running = True
        try:
            while steps > 0 and self.running:
                if self.facts.added or self.facts.removed:
                    added, removed = self.get_activations()
                    self.strategy.update_agenda(self.agenda, added, removed)
                activations = self.agenda.activations
                head = activations[-1].rule.salience if activations else float("-inf")
                if self._close_layer(head):
                    continue
                if not activations:
                    break
                activation = activations.pop()
                steps -= 1
                info = rule_info(activation.rule)
                if info is None:  # KnowledgeBase refuses these; a hand-made engine may not
                    raise UndeclaredRule(f"{activation.rule} is not declared with "
                                         f"negotiation_rules.rule")
                self.firings.append(Firing(info, *firing(activation)))
                self._current = info
                before = len(self.emitted)
                fire(activation, self)
                if info.headline and len(self.emitted) - before > 1:
                    raise RuleFailure(f"headline rule {info.code} advised more than once; a "
                                      f"headline rule calls advise() once")
        finally:
            self.running = False
            self._current = None

    def _firing(self, action: str) -> RuleInfo:
        if self._current is None:
            raise RuntimeError(f"{action}() is called from a rule's right-hand side")
        return self._current

    def judge(self, holds: bool, because: str) -> None:
        """Record the firing judge rule's verdict: whether it holds, and the values and
        threshold it compared (``because``)."""
        info = self._firing("judge")
        if info.verdict is None:
            raise RuleFailure(f"{info.code} calls judge() but names no verdict")
        self.verdicts[info.verdict] = Verdict(bool(holds), info.code, because)

    def advise(self, message: str, **values: object) -> None:
        """Emit the firing rule's advice.

        A headline rule's advice is the headline: it declares the `Headline` fact
        for other rules to chain on, and conflict resolution drops every other
        headline activation from the agenda (first match wins).
        """
        info = self._firing("advise")
        self.emitted.append(Emitted(info, message, values))
        if info.headline:
            self.agenda.activations = [a for a in self.agenda.activations
                                       if not a.rule.__rule_info__.headline]
            self.facts.declare(Headline.of(tool=info.tool, rule=info.code))

    def propose(self, **fields: object) -> None:
        """Add the firing propose rule's part to the next move (``action``, ``value``,
        ``low``, ``high``, ``give``, ``ask_for``, ``packages``, ``steps``)."""
        info = self._firing("propose")
        self._proposed.update(fields)
        self._proposed["rules"] = (*self._proposed.get("rules", ()), info.code)

    def revise(self, candidate: Fact, **changes: object) -> None:
        """Replace the next move's fields (a guard rule enforcing a constraint)."""
        info = self._firing("revise")
        self.modify(candidate, **changes, rules=(*candidate["rules"], info.code))

    def money(self, amount: float) -> str:
        """An amount in the situation's unit and precision: ``125,000 USD``."""
        return format_amount(amount, self.unit, **self._precision)
