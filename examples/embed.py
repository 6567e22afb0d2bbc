"""Embedding negotiation_rules in another product: assess situations, read the stable codes.

Run from the repository root: python examples/embed.py
"""

from __future__ import annotations

import json
from pathlib import Path

from negotiation_rules import SituationError, assess, load_situation, situation_from_dict


def advise(situation_data: dict) -> dict:
    """What an advisory product would do per request: dict in, JSON-ready dict out."""
    try:
        answer = assess(situation_from_dict(situation_data))
    except SituationError as error:
        return {"error": [{"path": p.path, "message": p.message} for p in error.problems]}
    move = answer.next_move  # what a program acts on: one move, inside the user's limits
    return {"tool": answer.headline.tool, "risks": list(answer.risks),
            "say": answer.headline.message,
            "next_move": None if move is None else {"action": move.action, "value": move.value}}


def main() -> None:
    for path in sorted(Path(__file__).parent.glob("*.toml")):
        answer = assess(load_situation(path))
        print(f"{path.name}: {answer.headline.tool} {' '.join(answer.risks)}".rstrip())

    # A request built in code, as another product would send it.
    reply = advise({"negotiation": {"side": "buyer", "unit": "EUR"},
                    "moves": [{"by": "them", "type": "final_offer", "value": 980}],
                    "you": {"reservation": 950, "need": "low",
                            "batna": {"status": "likely", "value": 940}}})
    assert reply["tool"] == "walk_away", reply
    assert reply["next_move"] == {"action": "walk", "value": None}, reply
    assert "error" in advise({"negotiation": {"side": "both"}})
    json.dumps(reply)


if __name__ == "__main__":
    main()
