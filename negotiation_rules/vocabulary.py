"""The stable output vocabulary: JSON consumers rely on these codes."""

from __future__ import annotations

from typing import Literal

Tool = Literal["prepare_batna", "anchor", "let_them_open", "concede", "hold", "walk_away",
               "accept"]
Action = Literal["offer", "hold", "accept", "walk", "prepare", "wait"]
Kind = Literal["recommendation", "warning", "preparation", "note"]
Severity = Literal["high", "medium", "low", "info"]

TOOLS: tuple[Tool, ...] = ("prepare_batna", "anchor", "let_them_open", "concede", "hold",
                           "walk_away", "accept")
RISKS: tuple[str, ...] = (
    "uninformed_anchor", "anchor_too_modest", "anchor_too_extreme", "their_anchor_pull",
    "no_batna", "cannot_walk", "bluffed_walk", "below_batna", "past_reservation",
    "reservation_below_batna", "caving", "one_sided_concessions", "escalating_concessions",
    "stalled", "no_zopa",
)
ACTIONS: tuple[Action, ...] = ("offer", "hold", "accept", "walk", "prepare", "wait")
KINDS: tuple[Kind, ...] = ("recommendation", "warning", "preparation", "note")
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low", "info")
