"""Judge: each rule compares measured numbers with a threshold and asserts one verdict.

A verdict records whether it holds and, in words, the values and the threshold it
compared ("their offer unchanged 1 round; limit 2"): `--explain` and `--why-not` show
that text. Judge rules read measured facts only, never another verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._experta import AS
from ..facts import Planned, Position, Proposal, Table, Thresholds
from ..knowledge import rule
from .words import rounds


def _credible(position: Any, table: Any) -> bool:
    """A walk you could take: you can leave (need not critical), there is somewhere to go
    (an alternative in hand, or any alternative when you need the deal little), and it
    is not worse than what is already on the table."""
    over = table["over_any_alternative"]
    return (position["need"] != "critical" and position["batna"] != "none"
            and (position["batna"] == "in_hand" or position["need"] == "low")
            and not (over is not None and over >= 0))


def _short(engine: Any, margin: float | None, missing: str,
           said: Callable[[float], str]) -> None:
    """Judge a margin (a score: positive is better for you) short of zero; ``said`` words
    the compared numbers, and is called only when the margin is known."""
    engine.judge(margin is not None and margin < 0,
                 missing if margin is None else said(margin))


def _within(engine: Any, left: int | None, limit: int, named: str) -> None:
    """Judge whether ``left`` rounds (None: no deadline) are ``limit`` or fewer."""
    shown = "no deadline given" if left is None else f"{rounds(left)} left"
    engine.judge(left is not None and left <= limit, f"{shown}; {named} {limit} or fewer")


class JudgeRules:
    """Verdicts on the measured facts (codes JU)."""

    @rule("JU01", "judge.informed", AS.position << Position(),
          principle="anchor.informed", layer="judge", verdict="informed")
    def judge_informed(self: Any, position: Any) -> None:
        """Judge whether you know the value: a range, held with medium or high confidence.

        Whether to open first turns on it: a number you can defend frames the deal, a
        guess gives value away.
        """
        holds = position["known"] and position["confidence"] in ("high", "medium")
        range_ = (f"range {self.money(position['low'])} to {self.money(position['high'])}"
                  if position["known"] else "no range")
        self.judge(holds, f"{range_}, confidence {position['confidence']}; "
                          "needs a range and medium or high confidence")

    @rule("JU02", "judge.alternative_firm", AS.position << Position(),
          principle="walk.prepare", layer="judge", verdict="alternative_firm")
    def judge_alternative_firm(self: Any, position: Any) -> None:
        """Judge whether your alternative is in hand or likely.

        A firm alternative is what makes a no believable; without one, preparation comes
        first.
        """
        self.judge(position["batna"] in ("in_hand", "likely"),
                   f"alternative '{position['batna']}'; needs in_hand or likely")

    @rule("JU03", "judge.walk_credible", AS.position << Position(), AS.table << Table(),
          principle="walk.no_bluff", layer="judge", verdict="walk_credible")
    def judge_walk_credible(self: Any, position: Any, table: Any) -> None:
        """Judge whether you could really walk away now.

        You can leave (need not critical), there is somewhere to go (an alternative in
        hand, or any alternative when you need the deal little), and their offer is not
        already as good as that alternative.
        """
        value = position["batna_value"]
        worth = "" if value is None else f" worth {self.money(value)}"
        self.judge(_credible(position, table),
                   f"need {position['need']}, alternative '{position['batna']}'{worth}; "
                   "needs need below critical, an alternative in hand (or any alternative "
                   "and low need) and their offer below it")

    @rule("JU04", "judge.stalled", AS.table << Table(),
          principle="concede.move", layer="judge", verdict="stalled")
    def judge_stalled(self: Any, table: Any) -> None:
        """Judge whether neither side's offer changed in the last round.

        Talks with no give on either side go nowhere; the stall warning rests on it.
        """
        self.judge(table["unchanged"] >= 1,
                   f"neither offer changed for {rounds(table['unchanged'])}; needs 1")

    @rule("JU05", "judge.stall_lasted", AS.table << Table(), AS.limits << Thresholds(),
          principle="concede.move", layer="judge", verdict="stall_lasted")
    def judge_stall_lasted(self: Any, table: Any, limits: Any) -> None:
        """Judge whether a stall has lasted long enough to be a decision (`stall_rounds`).

        One unchanged round is patience; a stall that lasts is the other side's answer.
        """
        self.judge(table["unchanged"] >= limits["stall_rounds"],
                   f"neither offer changed for {rounds(table['unchanged'])}; "
                   f"limit {limits['stall_rounds']}")

    @rule("JU06", "judge.time_short", AS.position << Position(), AS.limits << Thresholds(),
          principle="toolkit.moment", layer="judge", verdict="time_short")
    def judge_time_short(self: Any, position: Any, limits: Any) -> None:
        """Judge whether the deadline is at hand (`endgame_rounds` or fewer rounds left).

        At the deadline a stall is a decision and an offer inside your limits is the deal.
        """
        _within(self, position["rounds_left"], limits["endgame_rounds"], "the end is")

    @rule("JU33", "judge.closing", AS.position << Position(), AS.limits << Thresholds(),
          principle="toolkit.moment", layer="judge", verdict="closing")
    def judge_closing(self: Any, position: Any, limits: Any) -> None:
        """Judge whether the last rounds have come: `plan_steps` or fewer rounds left.

        In the last rounds there is no later round for a hold to pay off in: the schedule
        alone sets the pace, so that it reaches your limit by the deadline.
        """
        _within(self, position["rounds_left"], limits["plan_steps"], "the last rounds are")

    @rule("JU07", "judge.one_sided", AS.table << Table(), AS.limits << Thresholds(),
          principle="concede.pressure", layer="judge", verdict="one_sided")
    def judge_one_sided(self: Any, table: Any, limits: Any) -> None:
        """Judge whether too many of your concessions in a row went unanswered.

        One-sided retreat teaches the other side that waiting pays; past the limit, the
        advice is to hold.
        """
        self.judge(table["unanswered"] >= limits["unreciprocated_limit"],
                   f"{table['unanswered']} of your concessions unanswered; "
                   f"limit {limits['unreciprocated_limit']}")

    @rule("JU08", "judge.crossed", AS.table << Table(),
          principle="toolkit.moment", layer="judge", verdict="crossed")
    def judge_crossed(self: Any, table: Any) -> None:
        """Judge whether their latest offer meets or beats your own latest offer.

        Once the numbers have met, more bargaining only risks what is agreed.
        """
        gap = table["gap"]
        self.judge(gap is not None and gap <= 0,
                   "no offers from both sides yet" if gap is None
                   else f"gap {self.money(gap)}; met at 0 or less")

    @rule("JU32", "judge.meets_next", AS.table << Table(), AS.proposal << Proposal(),
          AS.position << Position(),
          principle="toolkit.moment", layer="judge", verdict="meets_next")
    def judge_meets_next(self: Any, table: Any, proposal: Any, position: Any) -> None:
        """Judge whether their latest offer is at least as good as the next offer your own
        schedule would make.

        Countering with a number worse for you than the one they already offer only
        risks the better deal on the table (the acceptance condition AC_next).
        """
        theirs, yours = table["their_latest"], proposal["next_offer"]
        if theirs is None or yours is None:
            self.judge(False, "no offer of theirs or no next offer of yours")
            return
        over = position["direction"] * (theirs - yours)
        self.judge(over >= 0, f"their offer is {self.money(abs(over))} "
                              f"{'short of' if over < 0 else 'past'} your next offer of "
                              f"{self.money(yours)}")

    @rule("JU09", "judge.meets_target", AS.table << Table(),
          principle="toolkit.moment", layer="judge", verdict="meets_target")
    def judge_meets_target(self: Any, table: Any) -> None:
        """Judge whether their latest offer meets your target.

        A target reached is a reason to close rather than push.
        """
        over = table["over_target"]
        self.judge(over is not None and over >= 0,
                   "no target or no offer of theirs" if over is None
                   else f"their offer is {self.money(abs(over))} "
                        f"{'short of' if over < 0 else 'past'} your target")

    @rule("JU10", "judge.acceptable", AS.table << Table(), AS.position << Position(),
          principle="walk.foundation", layer="judge", verdict="acceptable")
    def judge_acceptable(self: Any, table: Any, position: Any) -> None:
        """Judge whether their latest offer is inside your limit (walk-away point, and an
        alternative in hand).

        Every acceptance rests on it: no answer may endorse a deal past the user's own
        line.
        """
        over = table["over_floor"]
        if not table["they_offered"]:
            self.judge(False, "they have made no offer")
        elif over is None:
            self.judge(True, "no walk-away point or alternative in hand to cross")
        else:
            self.judge(over >= 0, f"their offer is {self.money(abs(over))} "
                                  f"{'worse' if over < 0 else 'better'} than your limit of "
                                  f"{self.money(position['floor'])}")

    @rule("JU11", "judge.below_alternative", AS.table << Table(), AS.position << Position(),
          principle="walk.foundation", layer="judge", verdict="below_alternative")
    def judge_below_alternative(self: Any, table: Any, position: Any) -> None:
        """Judge whether their latest offer is worse than your alternative's value.

        Walking is right only toward something better than the offer on the table.
        """
        _short(self, table["over_batna"], "no offer of theirs or no valued alternative",
               lambda over: f"their offer is {self.money(abs(over))} "
                   f"{'worse' if over < 0 else 'no worse'} than your alternative of "
                   f"{self.money(position['batna_value'])}")

    @rule("JU12", "judge.below_reservation", AS.table << Table(), AS.position << Position(),
          principle="walk.foundation", layer="judge", verdict="below_reservation")
    def judge_below_reservation(self: Any, table: Any, position: Any) -> None:
        """Judge whether their latest offer is worse than your walk-away point.

        A final offer past the walk-away point is the moment the line was drawn for.
        """
        _short(self, table["over_reservation"], "no offer of theirs or no walk-away point",
               lambda over: f"their offer is {self.money(abs(over))} "
                   f"{'worse' if over < 0 else 'no worse'} than your walk-away point of "
                   f"{self.money(position['reservation'])}")

    @rule("JU13", "judge.their_anchor_outside", AS.table << Table(),
          principle="anchor.frame", layer="judge", verdict="their_anchor_outside")
    def judge_their_anchor_outside(self: Any, table: Any) -> None:
        """Judge whether their first offer lies outside the credible range, on their side.

        An extreme first number pulls counter-offers toward it unless it is named as
        such.
        """
        pull = table["anchor_pull"]
        self.judge(pull is not None and pull > 0,
                   "no range or no offer of theirs" if pull is None
                   else f"their first offer is {self.money(abs(pull))} "
                        f"{'outside' if pull > 0 else 'inside'} the range")

    @rule("JU14", "judge.their_jump", AS.table << Table(), AS.limits << Thresholds(),
          principle="concede.pressure", layer="judge", verdict="their_jump")
    def judge_their_jump(self: Any, table: Any, limits: Any) -> None:
        """Judge whether their last concession was far larger than the one before
        (`jump_factor` times).

        A sudden large step is a signal to ask about, not a pace to match.
        """
        steps, factor = table["their_steps"], limits["jump_factor"]
        if len(steps) < 2:
            self.judge(False, f"{len(steps)} concessions of theirs; needs 2")
            return
        ratio = steps[-1] / steps[-2]
        self.judge(ratio >= factor, f"their last step is {ratio:.2g} times the one before; "
                                    f"limit {factor:g}")

    @rule("JU15", "judge.equal_steps", AS.table << Table(), AS.limits << Thresholds(),
          principle="concede.pressure", layer="judge", verdict="equal_steps")
    def judge_equal_steps(self: Any, table: Any, limits: Any) -> None:
        """Judge whether your last two concessions were about the same size
        (within `equal_step_tolerance`).

        Equal steps promise another step of the same size.
        """
        steps, tolerance = table["your_steps"], limits["equal_step_tolerance"]
        if len(steps) < 2:
            self.judge(False, f"{len(steps)} concessions of yours; needs 2")
            return
        spread = abs(steps[-1] - steps[-2]) / max(steps[-2:])
        self.judge(spread <= tolerance, f"your last two steps differ by {spread:.0%}; "
                                        f"equal within {tolerance:.0%}")

    @rule("JU16", "judge.reservation_below_batna", AS.position << Position(),
          principle="walk.foundation", layer="judge", verdict="reservation_below_batna")
    def judge_reservation_below_batna(self: Any, position: Any) -> None:
        """Judge whether your walk-away point is worse than your alternative's value.

        A walk-away point worse than the alternative would accept deals that leave you
        poorer.
        """
        _short(self, position["reservation_margin"], "no walk-away point or no valued alternative",
               lambda margin: f"walk-away point {self.money(position['reservation'])}, alternative "
                   f"{self.money(position['batna_value'])}")

    @rule("JU17", "judge.no_zopa", AS.position << Position(), AS.table << Table(),
          principle="walk.foundation", layer="judge", verdict="no_zopa")
    def judge_no_zopa(self: Any, position: Any, table: Any) -> None:
        """Judge whether their limit, as you estimate it or as their offers point, is worse
        than yours: no deal on the number alone.

        With no overlap between the limits there is no deal on the number alone.
        """
        stated, fitted = position["their_reservation_margin"], table["limit_margin"]
        if stated is not None:
            self.judge(stated < 0, f"their limit as you estimate it, "
                                   f"{self.money(position['their_reservation'])}, against your "
                                   f"limit of {self.money(position['floor'])}")
        elif fitted is not None:
            self.judge(fitted < 0, f"their offers point to a limit no better than "
                                   f"{self.money(table['their_limit_best'])}, against your "
                                   f"limit of {self.money(position['floor'])}")
        else:
            self.judge(False, "no estimate of their limit to compare")

    @rule("JU18", "judge.bluffed", AS.position << Position(), AS.table << Table(),
          principle="walk.no_bluff", layer="judge", verdict="bluffed")
    def judge_bluffed(self: Any, position: Any, table: Any) -> None:
        """Judge whether you threatened a walk you could not take.

        A threat that cannot be carried out destroys leverage when it is called.
        """
        self.judge(table["threatened"] and not _credible(position, table),
                   "you threatened to walk" if table["threatened"]
                   else "no walk threat of yours")

    @rule("JU19", "judge.market_past_limit", AS.proposal << Proposal(),
          AS.limits << Thresholds(),
          principle="anchor.justify", layer="judge", verdict="market_past_limit")
    def judge_market_past_limit(self: Any, proposal: Any, limits: Any) -> None:
        """Judge whether even the most ambitious credible opening is worse than your limit.

        If even an extreme opening cannot reach your limit, the number alone will not
        make a deal.
        """
        _short(self, proposal["open_margin"], "no range or no limit",
               lambda margin: f"the extreme opening ({limits['extreme_margin']:.0%} past the "
                   f"range) is {self.money(abs(margin))} "
                   f"{'short of' if margin < 0 else 'past'} your limit")

    @rule("JU34", "judge.opening_pinned", AS.proposal << Proposal(),
          principle="anchor.justify", layer="judge", verdict="opening_pinned")
    def judge_opening_pinned(self: Any, proposal: Any) -> None:
        """Judge whether the opening range is one figure, your own limit: no opening the
        evidence supports is better than it.

        An opening at your limit leaves nothing to concede, and needs reasons of its own.
        """
        start, end, limit = proposal["open_from"], proposal["open_to"], proposal["open_limit"]
        if start is None or limit is None:
            self.judge(False, "no range or no limit")
        else:
            self.judge(start == end == limit,
                       f"the opening range runs from {self.money(start)} to "
                       f"{self.money(end)}; your limit on the grid is {self.money(limit)}")

    @rule("JU20", "judge.plan_concedes", AS.planned << Planned(),
          principle="concede.trade", layer="judge", verdict="plan_concedes")
    def judge_plan_concedes(self: Any, planned: Any) -> None:
        """Judge whether your planned offer moves toward them from your latest.

        Every concession should buy something back; the caving and step warnings rest on
        it.
        """
        size = planned["concession"]
        self.judge(size is not None, "it does not move toward them" if size is None
                   else f"it moves {self.money(size)} toward them")

    @rule("JU21", "judge.plan_escalates", AS.planned << Planned(), AS.position << Position(),
          AS.limits << Thresholds(), AS.proposal << Proposal(), AS.table << Table(),
          principle="concede.pressure", layer="judge", verdict="plan_escalates")
    def judge_plan_escalates(self: Any, planned: Any, position: Any, limits: Any,
                             proposal: Any, table: Any) -> None:
        """Judge whether your planned concession is larger than your previous one (and than
        the grid's step and the deadline's pace), before the last `plan_steps` rounds and
        short of a final offer.

        Growing steps signal that there is more room; in the last rounds there is no
        later round to wait for, and larger steps are a schedule reaching its end in time.
        """
        size, before, left = planned["concession"], planned["previous_size"], \
            position["rounds_left"]
        known = size is not None and before is not None
        # In the last rounds, or against a final offer, a larger last step is expected.
        endgame = (left is not None and left <= limits["plan_steps"]) \
            or table["their_type"] == "final_offer"
        # No step need be smaller than the grid's, nor than the pace the deadline asks for.
        smallest = max(position["grid"], proposal["pace"])
        self.judge(known and size > max(before, smallest) and not endgame,
                   "no planned concession or no previous one" if not known
                   else f"planned step {self.money(size)}, previous {self.money(before)}"
                   + ("; in the last rounds or against a final offer" if endgame else ""))

    @rule("JU22", "judge.plan_past_reservation", AS.planned << Planned(),
          AS.position << Position(),
          principle="walk.foundation", layer="judge", verdict="plan_past_reservation")
    def judge_plan_past_reservation(self: Any, planned: Any, position: Any) -> None:
        """Judge whether the number your plan commits to is worse than your walk-away point.

        A plan that crosses the walk-away point is a deal decided in advance not to
        make.
        """
        _short(self, planned["over_reservation"], "no number or no walk-away point",
               lambda over: f"{self.money(planned['value'])} against your walk-away point of "
                   f"{self.money(position['reservation'])}")

    @rule("JU23", "judge.plan_below_batna", AS.planned << Planned(), AS.position << Position(),
          principle="walk.foundation", layer="judge", verdict="plan_below_batna")
    def judge_plan_below_batna(self: Any, planned: Any, position: Any) -> None:
        """Judge whether the number your plan commits to is worse than your alternative.

        A deal worse than the alternative leaves you poorer than no deal.
        """
        _short(self, planned["over_batna"], "no number or no valued alternative",
               lambda over: f"{self.money(planned['value'])} against your alternative of "
                   f"{self.money(position['batna_value'])}")

    @rule("JU24", "judge.plan_modest", AS.planned << Planned(),
          principle="anchor.frame", layer="judge", verdict="plan_modest")
    def judge_plan_modest(self: Any, planned: Any) -> None:
        """Judge whether a planned first offer is less ambitious than the better of your
        target and the middle of the range.

        The opening caps what you can get: you concede from it, rarely improve on it.
        """
        _short(self, planned["over_modest"], "not a first offer, or no target and no range",
               lambda over: f"{self.money(planned['value'])} against "
                   f"{self.money(planned['modest_floor'])}")

    @rule("JU25", "judge.plan_extreme", AS.planned << Planned(), AS.limits << Thresholds(),
          principle="anchor.justify", layer="judge", verdict="plan_extreme")
    def judge_plan_extreme(self: Any, planned: Any, limits: Any) -> None:
        """Judge whether a planned first offer lies past the extreme margin
        (`extreme_margin` beyond the range's far end).

        A number the evidence cannot support is dismissed rather than answered.
        """
        past = planned["past_extreme"]
        self.judge(past is not None and past > 0,
                   "not a first offer, or no range" if past is None
                   else f"{self.money(planned['value'])} against the extreme limit of "
                        f"{self.money(planned['extreme_limit'])} "
                        f"({limits['extreme_margin']:.0%} past the range)")

    @rule("JU26", "judge.plan_round", AS.planned << Planned(), AS.proposal << Proposal(),
          principle="anchor.justify", layer="judge", verdict="plan_round",
          source="Mason, Lee, Wiley & Ames 2013")
    def judge_plan_round(self: Any, planned: Any, proposal: Any) -> None:
        """Judge whether a planned first offer is a round number (three significant
        figures or fewer, and fewer than the situation's increment allows).

        Round numbers read as guesses and draw larger counter-moves than precise ones;
        a figure that uses every digit its grid allows is as precise as it can be, and
        one with no fewer figures than the proposed opening is as precise as the advice
        can point to.
        """
        figures, allowed = planned["figures"], planned["grid_figures"]
        opening, opening_figures = proposal["open_value"], proposal["open_figures"]
        if figures is None:
            self.judge(False, "not a first offer")
        elif planned["value"] == opening:
            self.judge(False, f"{self.money(opening)} is the proposed opening")
        else:
            on_grid = "" if allowed is None else f" and fewer than the {allowed} the grid allows"
            round_ = figures <= 3 and (allowed is None or figures < allowed)
            compared = round_ and opening_figures is not None
            self.judge(round_ and (opening_figures is None or opening_figures > figures),
                       f"{figures} significant figures; round at 3 or fewer{on_grid}"
                       + (f"; the proposed opening of {self.money(opening)} has "
                          f"{opening_figures}" if compared else ""))

    @rule("JU27", "judge.limit_estimated", AS.table << Table(),
          principle="concede.move", layer="judge", verdict="limit_estimated")
    def judge_limit_estimated(self: Any, table: Any) -> None:
        """Judge whether their offers say where they will stop (see `limits`).

        Knowing roughly where they stop tells you how far conceding can still gain.
        """
        limit = table["their_limit"]
        self.judge(limit is not None, (table["limit_reason"] or "no offers of theirs")
                   if limit is None else f"their offers point to about {self.money(limit)}")

    @rule("JU28", "judge.has_limit", AS.position << Position(),
          principle="walk.foundation", layer="judge", verdict="has_limit")
    def judge_has_limit(self: Any, position: Any) -> None:
        """Judge whether you have a limit to measure offers against (a walk-away point or a
        valued alternative).

        Without a limit there is nothing to weigh a final or last-minute offer against.
        """
        self.judge(position["floor"] is not None or position["batna_value"] is not None,
                   "walk-away point or valued alternative given"
                   if position["floor"] is not None or position["batna_value"] is not None
                   else "no walk-away point and no valued alternative")

    @rule("JU29", "judge.yours_past_limit", AS.table << Table(), AS.position << Position(),
          principle="walk.foundation", layer="judge", verdict="yours_past_limit")
    def judge_yours_past_limit(self: Any, table: Any, position: Any) -> None:
        """Judge whether your own latest offer is already worse than your limit.

        An offer of yours past your limit can be accepted and bind you to a loss.
        """
        _short(self, table["yours_over_floor"], "no offer of yours or no limit",
               lambda over: f"your latest offer, {self.money(table['your_latest'])}, against your "
                   f"limit of {self.money(position['floor'])}")

    @rule("JU30", "judge.room_left", AS.proposal << Proposal(),
          principle="concede.trade", layer="judge", verdict="room_left")
    def judge_room_left(self: Any, proposal: Any) -> None:
        """Judge whether there is room left to concede before your limit (or their offer).

        With no room left the only trades are on other terms: the headline holds instead
        of conceding.
        """
        room = proposal["room"]
        self.judge(proposal["next_offer"] is not None,
                   "no offers on the table" if room is None
                   else f"{self.money(room)} left before {proposal['end_reason']}")

    @rule("JU31", "judge.stall_decides", AS.table << Table(), AS.position << Position(),
          AS.limits << Thresholds(),
          principle="toolkit.moment", layer="judge", verdict="stall_decides")
    def judge_stall_decides(self: Any, table: Any, position: Any, limits: Any) -> None:
        """Judge whether a stall is the other side's answer: it has lasted `stall_rounds`
        and, when the rounds left are counted, as long as the rounds that remain.

        With a known number of rounds a stall early on is patience: walking then only
        gives up the rounds in which they may still move.
        """
        unchanged, known = table["unchanged"], position["rounds_known"]
        needed = limits["stall_rounds"] if known is None else max(limits["stall_rounds"],
                                                                   known)
        self.judge(unchanged >= needed,
                   f"neither offer changed for {rounds(unchanged)}; needs {needed}"
                   + ("" if known is None else f" ({rounds(known)} left)"))
