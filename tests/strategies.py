"""Hypothesis strategies: valid situation documents across the schema, and hostile ones."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

SIDES = ("seller", "buyer")
STAGES = ("preparation", "opening", "bargaining", "closing")
NEEDS = ("low", "medium", "high", "critical")
BATNA_STATUSES = ("in_hand", "likely", "possible", "none")
PLAN_MOVES = ("offer", "threaten_walk", "walk", "accept", "wait", "anchor", "counter", "concede")

amounts = st.integers(min_value=100, max_value=10_000)


def _maybe(draw: st.DrawFn, strategy: st.SearchStrategy[Any]) -> Any:
    return draw(st.one_of(st.none(), strategy))


def _pair(draw: st.DrawFn, better_first: bool) -> tuple[int, int]:
    a, b = sorted((draw(amounts), draw(amounts)))
    return (b, a) if better_first else (a, b)


@st.composite
def documents(draw: st.DrawFn, max_moves: int = 60) -> dict[str, Any]:
    """A valid schema-1 document (as parsed TOML) exercising every optional part."""
    side = draw(st.sampled_from(SIDES))
    seller = side == "seller"
    doc: dict[str, Any] = {"negotiation": {"side": side}}
    negotiation = doc["negotiation"]
    if draw(st.booleans()):
        negotiation["stage"] = draw(st.sampled_from(STAGES))
    if draw(st.booleans()):
        negotiation["unit"] = draw(st.sampled_from(["USD", "EUR/h", "kr", "£"]))
    if draw(st.booleans()):
        negotiation["title"] = draw(st.text(max_size=20))
    if draw(st.booleans()):
        negotiation["increment"] = draw(st.sampled_from((1, 5, 0.01, 0.25, 100)))
    if draw(st.booleans()):
        negotiation["rounds_left"] = draw(st.integers(0, 120))

    if draw(st.booleans()):
        value: dict[str, Any] = {}
        if draw(st.booleans()):
            value["low"], value["high"] = _pair(draw, better_first=False)
        confidence = _maybe(draw, st.sampled_from(("high", "medium", "low", "none")))
        if confidence:
            value["confidence"] = confidence
        if draw(st.booleans()):
            value["sources"] = draw(st.lists(st.text(max_size=10), max_size=3))
        doc["value"] = value

    you: dict[str, Any] = {}
    if draw(st.booleans()):
        you["target"], you["reservation"] = _pair(draw, better_first=seller)
    elif draw(st.booleans()):
        you["reservation"] = draw(amounts)
    if draw(st.booleans()):
        you["need"] = draw(st.sampled_from(NEEDS))
    if draw(st.booleans()):
        you["deadline_days"] = draw(st.integers(0, 365))
    if draw(st.booleans()):
        batna: dict[str, Any] = {"status": draw(st.sampled_from(BATNA_STATUSES))}
        if draw(st.booleans()):
            batna["value"] = draw(amounts)
        you["batna"] = batna
    if you:
        doc["you"] = you

    if draw(st.booleans()):
        them: dict[str, Any] = {}
        if draw(st.booleans()):
            them["reservation"] = draw(amounts)
        if draw(st.booleans()):
            them["need"] = draw(st.sampled_from((*NEEDS, "unknown")))
        if draw(st.booleans()):
            them["batna"] = draw(st.sampled_from(("strong", "moderate", "weak", "none",
                                                  "unknown")))
        if draw(st.booleans()):
            them["deadline_days"] = draw(st.integers(0, 365))
        doc["them"] = them

    priorities = st.sampled_from(("low", "medium", "high"))
    issues = draw(st.lists(st.fixed_dictionaries(
        {"name": st.text(min_size=1, max_size=12).filter(str.strip)},
        optional={"your_priority": priorities, "their_priority": priorities}), max_size=3))
    if issues:
        doc["issues"] = issues

    moves = draw(st.lists(_moves(), max_size=max_moves))
    if moves:
        doc["moves"] = moves

    if draw(st.booleans()):
        move = draw(st.sampled_from(PLAN_MOVES))
        plan: dict[str, Any] = {"move": move}
        if move in ("offer", "anchor", "counter", "concede"):
            plan["value"] = draw(amounts)
        if draw(st.booleans()):
            plan["in_exchange_for"] = draw(st.text(min_size=1, max_size=12))
        doc["plan"] = plan

    if draw(st.booleans()):
        doc["settings"] = draw(st.fixed_dictionaries({}, optional={
            "extreme_margin": st.floats(0.05, 1.0),
            "unreciprocated_limit": st.integers(1, 4),
            "stall_rounds": st.integers(1, 4),
            "endgame_rounds": st.integers(0, 3),
            "concession_curve": st.floats(0.2, 5.0)}))
    return doc


@st.composite
def _moves(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(("offer", "offer", "offer", "final_offer", "walk_threat",
                                 "accept", "reject")))
    move: dict[str, Any] = {"by": draw(st.sampled_from(("you", "them"))), "type": kind}
    if kind in ("offer", "final_offer"):
        move["value"] = draw(amounts)
    if draw(st.integers(0, 4)) == 0:
        move["got"] = draw(st.text(min_size=1, max_size=8))
    return move


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": [value]}
    return value


hostile_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["\ud800", "x" * 5_000, "🤝" * 10, "", "seller\x00", "__import__('os')"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=6), st.integers(), max_size=3),
    st.sampled_from([{}, [], [{}], _nested(40), {1: 2}, {("tuple",): 1}]),
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


@st.composite
def hostile_documents(draw: st.DrawFn) -> Any:
    """A valid document with one to three parts replaced, removed or added."""
    doc: Any = copy.deepcopy(draw(documents(max_moves=8)))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        operation = draw(st.sampled_from(("replace", "delete", "add")))
        if not path:
            if operation == "replace":
                doc = copy.deepcopy(draw(hostile_values))
            continue
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        if operation == "replace":
            parent[key] = copy.deepcopy(draw(hostile_values))
        elif operation == "delete":
            del parent[key]
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = copy.deepcopy(draw(hostile_values))
        else:
            parent.append(copy.deepcopy(draw(hostile_values)))
        if not isinstance(doc, dict | list):
            break
    return doc


@st.composite
def negotiations(draw: st.DrawFn) -> dict[str, Any]:
    """A price negotiation under way: alternating offers that mostly converge, with the
    user's limits, alternative, market range, deadline and grid drawn around them."""
    side = draw(st.sampled_from(SIDES))
    d = 1 if side == "seller" else -1
    centre = draw(st.integers(200, 5_000))
    spread = draw(st.integers(10, centre // 2))
    yours, theirs = centre + d * spread, centre - d * spread
    doc: dict[str, Any] = {"negotiation": {"side": side}}
    if draw(st.booleans()):
        doc["negotiation"]["increment"] = draw(st.sampled_from((1, 5, 10, 0.5)))
    if draw(st.booleans()):
        doc["negotiation"]["rounds_left"] = draw(st.integers(0, 60))
    you: dict[str, Any] = {"reservation": centre + d * draw(st.integers(-spread, spread))}
    if draw(st.booleans()):
        you["target"] = max(you["reservation"] + d * draw(st.integers(0, 2 * spread)), 0)
    if draw(st.booleans()):
        you["need"] = draw(st.sampled_from(NEEDS))
    if draw(st.booleans()):
        you["batna"] = {"status": draw(st.sampled_from(BATNA_STATUSES)),
                        "value": centre + d * draw(st.integers(-spread, spread))}
    doc["you"] = you
    if draw(st.booleans()):
        low = centre - draw(st.integers(0, spread))
        doc["value"] = {"low": low, "high": low + draw(st.integers(1, 2 * spread)),
                        "confidence": draw(st.sampled_from(("high", "medium", "low")))}
    moves: list[dict[str, Any]] = []
    who = draw(st.sampled_from(("you", "them")))
    for _ in range(draw(st.integers(0, 16))):
        if who == "you":
            share = draw(st.sampled_from((0, 0, 0.05, 0.1, 0.2, 0.4)))
            yours = round(yours - share * (yours - theirs))
            moves.append({"by": "you", "type": "offer", "value": max(yours, 0)})
        else:
            share = draw(st.sampled_from((0, 0, 0.05, 0.1, 0.2, 0.4, -0.05)))
            theirs = round(theirs + share * (yours - theirs))
            kind = draw(st.sampled_from(("offer",) * 9 + ("final_offer",)))
            moves.append({"by": "them", "type": kind, "value": max(theirs, 0)})
        who = "them" if who == "you" else "you"
    if moves:
        doc["moves"] = moves
    if draw(st.booleans()):
        issues = draw(st.lists(st.tuples(st.sampled_from(("low", "medium", "high")),
                                         st.sampled_from(("low", "medium", "high"))),
                               max_size=3))
        doc["issues"] = [{"name": f"term {i}", "your_priority": a, "their_priority": b}
                         for i, (a, b) in enumerate(issues)]
    return doc
