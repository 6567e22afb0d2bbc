"""NegMAS inside: a negotiator that acts on the rules' next move, and a trace read back.

`RulesNegotiator` plays single-issue negotiations over a number in NegMAS's stacked
alternating offers protocol (SAO). Each time it must speak it writes down what it
knows as a situation (its side and limits from its utility function, the offers so
far, the rounds left, the issue's grid, and what it was told of the market and its
alternative), calls `assess`, and does what ``next_move`` says:

==========  ===================================================================
``offer``   propose ``value``
``hold``    propose ``value`` (your standing offer) again
``accept``  accept their offer
``walk``    end the negotiation
``wait``    (let them open) propose your standing offer, or your ideal when
            you have none: the protocol gives no way to stay silent
``prepare`` (build your alternative first) the same as ``wait``: at the table
            there is nothing left to prepare
==========  ===================================================================

It reads nothing else of the answer. `situation_from_trace` turns a finished
negotiation into a situation, so `negotiation_rules.replay` can coach it move by move;
`trace_toml` writes it as a situation file for ``nrules replay``.

Needs the ``[negmas]`` extra: ``pip install 'negotiation-rules[negmas]'``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import attrs
from negmas.outcomes import ContiguousIssue
from negmas.sao import ResponseType, SAOCallNegotiator, SAOResponse, SAOState

from ..assessment import Assessment, NextMove, assess
from ..knowledge import KnowledgeBase
from ..loading import situation_from_dict
from ..settings import Settings
from ..situation import Situation

__all__ = ["Background", "RulesNegotiator", "Scale", "Turn", "read_scale",
           "situation_from_trace", "trace_toml"]

Side = Literal["seller", "buyer"]


@attrs.frozen
class Scale:
    """The one numeric issue, as its owner's utility function ranks it.

    Attributes:
        side: ``seller`` when a higher number is better for you, else ``buyer``.
        low: The issue's smallest value.
        high: The issue's largest value.
        increment: The grid of values (1 for an integer issue), or None when continuous.
        reservation: The worst value whose utility still reaches the reserved value (the
            utility of no agreement); None when the utility function has none.
    """

    side: Side
    low: float
    high: float
    increment: float | None
    reservation: float | None

    @property
    def ideal(self) -> float:
        """The best value on the issue for you."""
        return self.high if self.side == "seller" else self.low

    def snap(self, value: float) -> float:
        """The value on the grid and inside the issue, rounded toward you (never worse)."""
        if self.increment is not None:
            steps = (value - self.low) / self.increment
            # The tolerance keeps 400.0000001 at 400 rather than moving it a whole step.
            steps = math.ceil(steps - 1e-9) if self.side == "seller" else math.floor(steps + 1e-9)
            value = self.low + steps * self.increment
        value = min(max(value, self.low), self.high)
        return int(value) if self.increment is not None and float(value).is_integer() else value


@attrs.frozen
class Background:
    """What a person at the table would know beyond the offers: the situation's other fields.

    Attributes:
        market: The credible range of the value (low, high), or None.
        confidence: How well that range is known: high | medium | low | none (None: the
            loader's default).
        alternative: The worth of your alternative on the issue's scale, or None.
        alternative_status: How real that alternative is: in_hand | likely | possible | none.
        need: How much you need this deal: low | medium | high | critical.
        title: A title for the situation.
    """

    market: tuple[float, float] | None = None
    confidence: str | None = None
    alternative: float | None = None
    alternative_status: str = "in_hand"
    need: str = "medium"
    title: str | None = None


@attrs.frozen
class Turn:
    """One decision of a `RulesNegotiator`.

    Attributes:
        step: The mechanism's step when it decided.
        rounds_left: The exchanges left after this one before the deadline (None: unknown).
        their_offer: The offer on the table from them, if any.
        assessment: What `assess` answered.
        response: What the negotiator did: ``offer``, ``accept`` or ``end``.
        value: The number it proposed (for ``offer``).
    """

    step: int
    rounds_left: int | None
    their_offer: float | None
    assessment: Assessment
    response: Literal["offer", "accept", "end"]
    value: float | None = None

    @property
    def move(self) -> NextMove:
        """The next move it acted on."""
        move = self.assessment.next_move
        assert move is not None  # the negotiator refuses to act without one
        return move


def read_scale(ufun: Any) -> Scale:
    """The side, bounds, grid and reservation a NegMAS utility function implies.

    The outcome space must hold one numeric issue, a range of whole numbers or a
    continuous one, and the utility must be monotone on it (linear utilities are).
    Raise ValueError otherwise.
    """
    space = getattr(ufun, "outcome_space", None)
    issues = getattr(space, "issues", None)
    if issues is None or len(issues) != 1 or not issues[0].is_numeric():
        raise ValueError("RulesNegotiator negotiates one numeric issue; the utility "
                         f"function's outcome space has {_count(issues)}")
    issue = issues[0]
    if not issue.is_continuous() and not isinstance(issue, ContiguousIssue):
        raise ValueError("RulesNegotiator needs a range of numbers (whole or not); this issue "
                         f"lists its values: {_count(issues)}")
    low, high = float(issue.min_value), float(issue.max_value)
    worst, best = float(ufun((issue.min_value,))), float(ufun((issue.max_value,)))
    if worst == best:
        raise ValueError("the utility function does not prefer either end of the issue")
    side: Side = "seller" if best > worst else "buyer"
    increment = None if issue.is_continuous() else 1.0
    return Scale(side, low, high, increment,
                 _reservation(ufun, side, low, high, increment is not None))


def _count(issues: Sequence[Any] | None) -> str:
    if issues is None:
        return "no issue list"
    if len(issues) == 1:
        return f"one issue of type {type(issues[0]).__name__}"
    return f"{len(issues)} issues"


def _reservation(ufun: Any, side: Side, low: float, high: float, integer: bool) -> float | None:
    """The worst value whose utility still reaches the reserved value, found by bisection."""
    reserved = getattr(ufun, "reserved_value", None)
    if reserved is None or math.isnan(reserved) or math.isinf(reserved):
        return None
    floor = float(reserved)

    def good(value: float) -> bool:
        return float(ufun((int(value) if integer else value,))) >= floor

    worst_end, best_end = (low, high) if side == "seller" else (high, low)
    if good(worst_end):
        return worst_end
    if not good(best_end):
        return best_end  # no agreement is worth more than any deal: the limit is the ideal
    bad, ok = worst_end, best_end
    while abs(ok - bad) > (1 if integer else 1e-6 * (high - low)):
        middle = (bad + ok) / 2
        if integer:
            middle = math.floor(middle) if side == "seller" else math.ceil(middle)
            if middle in (bad, ok):
                break
        if good(middle):
            ok = middle
        else:
            bad = middle
    return ok


def _situation_doc(scale: Scale, moves: Iterable[tuple[str, float]], background: Background,
                   rounds_left: int | None) -> dict[str, Any]:
    """A situation document in the schema of DESIGN.md, whole numbers written as such."""
    negotiation: dict[str, Any] = {"side": scale.side}
    if background.title is not None:
        negotiation["title"] = background.title
    if scale.increment is not None:
        negotiation["increment"] = _whole(scale.increment)
    if rounds_left is not None:
        negotiation["rounds_left"] = rounds_left
    doc: dict[str, Any] = {"negotiation": negotiation}
    if background.market is not None:
        low, high = background.market
        doc["value"] = {"low": _whole(low), "high": _whole(high)}
        if background.confidence is not None:
            doc["value"]["confidence"] = background.confidence
    you: dict[str, Any] = {"target": _whole(scale.ideal), "need": background.need}
    if scale.reservation is not None:
        you["reservation"] = _whole(scale.reservation)
    if background.alternative is not None:
        you["batna"] = {"status": background.alternative_status,
                        "value": _whole(background.alternative)}
    doc["you"] = you
    doc["moves"] = [{"by": by, "type": "offer", "value": _whole(value)} for by, value in moves]
    return doc


def _whole(value: float) -> float:
    """2.0 as 2, so a situation file reads as a person would write it."""
    return int(value) if float(value).is_integer() else float(value)


def _moves(trace: Iterable[tuple[int, str, Any]], me: str) -> list[tuple[str, float]]:
    """The offers of an SAO extended trace, oldest first, as (by, value)."""
    return [("you" if negotiator == me else "them", outcome[0])
            for _, negotiator, outcome in trace if outcome is not None]


def situation_from_trace(trace: Iterable[tuple[int, str, Any]], me: str, ufun: Any,
                         background: Background | None = None) -> Situation:
    """A recorded SAO negotiation as a situation seen by negotiator ``me``.

    ``trace`` is a mechanism's ``extended_trace`` (step, negotiator id, outcome);
    ``ufun`` is that negotiator's utility function. Pass the result to
    `negotiation_rules.replay` to see what the rules would have said after each move.
    """
    scale = read_scale(ufun)
    return situation_from_dict(_situation_doc(scale, _moves(trace, me),
                                              background or Background(), None))


def trace_toml(trace: Iterable[tuple[int, str, Any]], me: str, ufun: Any,
               background: Background | None = None) -> str:
    """`situation_from_trace` as a situation file, for ``nrules replay FILE``."""
    doc = _situation_doc(read_scale(ufun), _moves(trace, me), background or Background(),
                         None)
    situation_from_dict(doc)  # what is written must load
    return _toml(doc)


def _toml(doc: dict[str, Any], path: str = "") -> str:
    """A situation document as TOML: its scalars, then its tables and arrays of tables."""
    lines = [f"{key} = {_toml_value(value)}" for key, value in doc.items()
             if not isinstance(value, dict | list)]
    text = "".join(line + "\n" for line in lines)
    for key, value in doc.items():
        name = f"{path}.{key}" if path else key
        if isinstance(value, dict):
            text += f"\n[{name}]\n" + _toml(value, name)
        elif isinstance(value, list):
            text += "".join(f"\n[[{name}]]\n" + _toml(item, name) for item in value)
    return text


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


class RulesNegotiator(SAOCallNegotiator):  # type: ignore[misc]  # negmas ships no types
    """A NegMAS negotiator for one numeric issue that does what ``next_move`` says.

    Give it what a person would know (a `Background`: the market range and how well it
    is known, the alternative, the need), and optionally `Settings` and a custom
    `KnowledgeBase`. Every decision is kept in ``turns``.
    """

    def __init__(self, *args: Any, background: Background | None = None,
                 settings: Settings | None = None, knowledge: KnowledgeBase | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.background = background or Background()
        self.settings = settings
        self.knowledge = knowledge
        self.turns: list[Turn] = []
        self._scale: Scale | None = None

    def on_preferences_changed(self, changes: Any) -> None:
        """Re-read the side and limits on the next decision."""
        self._scale = None
        super().on_preferences_changed(changes)

    @property
    def scale(self) -> Scale:
        """The issue as this negotiator's utility function ranks it."""
        if self._scale is None:
            self._scale = read_scale(self.ufun)
        return self._scale

    def rounds_left(self, state: SAOState) -> int | None:
        """The exchanges left after this one before the mechanism's deadline."""
        n_steps = self.nmi.n_steps
        if n_steps is not None:
            return max(int(n_steps) - int(state.step) - 1, 0)
        if 0 < state.relative_time < 1:
            # With only a time limit, extrapolate from the pace so far.
            return int(int(state.step) * (1 - state.relative_time) / state.relative_time)
        return None

    def situation(self, state: SAOState) -> Situation:
        """What this negotiator knows now, as a situation."""
        trace = self.nmi.extended_trace
        moves = _moves(trace, self.id)
        # The mechanism records an offer once its step is over: when they spoke earlier in
        # this step, their offer on the table is not in the trace yet.
        theirs = self._their_offer(state)
        if theirs is not None and (not trace or trace[-1][1] == self.id):
            moves.append(("them", theirs))
        return situation_from_dict(_situation_doc(self.scale, moves, self.background,
                                                  self.rounds_left(state)))

    def _their_offer(self, state: SAOState) -> float | None:
        offer = state.current_offer
        if offer is None or state.current_proposer == self.id:
            return None
        return offer[0]  # type: ignore[no-any-return]

    def __call__(self, state: SAOState, dest: str | None = None) -> SAOResponse:
        """Assess the situation and act on its next move alone."""
        answer = assess(self.situation(state), settings=self.settings, knowledge=self.knowledge)
        move = answer.next_move
        if move is None:
            raise ValueError("the knowledge base proposed no next move (it lacks the "
                             "propose rules); RulesNegotiator acts on nothing else")
        theirs = self._their_offer(state)
        turn = Turn(state.step, self.rounds_left(state), theirs, answer, "offer")
        if move.action == "walk":
            self.turns.append(attrs.evolve(turn, response="end"))
            return SAOResponse(ResponseType.END_NEGOTIATION, None)
        if move.action == "accept" and theirs is not None:
            self.turns.append(attrs.evolve(turn, response="accept"))
            return SAOResponse(ResponseType.ACCEPT_OFFER, state.current_offer)
        value = self.scale.snap(self._value(move))
        self.turns.append(attrs.evolve(turn, value=value))
        return SAOResponse(ResponseType.REJECT_OFFER, (value,))

    def _value(self, move: Any) -> float:
        """The number to propose: the move's own, else the standing offer, else the ideal."""
        if move.action in ("offer", "hold") and move.value is not None:
            return float(move.value)
        standing = [turn.value for turn in self.turns if turn.value is not None]
        return standing[-1] if standing else self.scale.ideal
