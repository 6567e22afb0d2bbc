"""The catalogue of principles every rule cites, in the project's own words."""

from __future__ import annotations

from types import MappingProxyType

PRINCIPLES = MappingProxyType({
    "anchor.frame": "The first credible number becomes the reference point; "
                    "counter-offers gravitate toward it.",
    "anchor.informed": "Open first only when you know the value and its range well enough "
                       "to justify a number.",
    "anchor.uninformed": "Without information an opening number is a bet: too low forfeits "
                         "value, too high forfeits credibility; let them reveal first.",
    "anchor.justify": "A number you can back with evidence frames the deal; "
                      "an arbitrary one does not.",
    "walk.foundation": "Your alternative underlies every other move; without one you are "
                       "asking, not negotiating.",
    "walk.least_need": "The side that needs the deal least holds the most power and sets "
                       "the pace.",
    "walk.prepare": "Leverage is built before the conversation, by improving your alternative.",
    "walk.no_bluff": "Never threaten a walk you cannot take; a called bluff destroys your "
                     "leverage.",
    "concede.move": "Deals close only when someone moves; with no give on either side "
                    "they stall.",
    "concede.trade": "Trade, don't cave: every concession should buy something back.",
    "concede.pressure": "One-sided retreat teaches the other side that pressure works.",
    "toolkit.moment": "The three are tools for moments, not a personality; the mistake is "
                      "the wrong tool at the wrong time.",
    "toolkit.prepare": "The most valuable preparation is a genuine alternative, "
                       "not a clever opening number.",
})
"""Principle id -> the principle in one sentence."""
