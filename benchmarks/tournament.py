"""Play the rules' next move against NegMAS's agents, and score the advice.

    python benchmarks/tournament.py                        # the full tournament (minutes)
    python benchmarks/tournament.py --quick                # two seeds, under a minute
    python benchmarks/tournament.py --findings FILE.md     # also write the failure patterns
    python benchmarks/tournament.py --set stall_rounds=5   # try a setting of the rules player

One price, an integer from 0 to 1000, 100 rounds, linear utilities. Each seed draws a
seller's and a buyer's limit (about a third of the pairs leave no deal possible) and who
speaks first; every player then plays both sides of it against every opponent. The
players are `RulesNegotiator` and NegMAS baselines, on the same opponents and seeds.
Prints a table per player and one for the estimate of their limit (the rules' own next
to NegMAS's reservation-value models, fed the same offers); exits 1 when a target is
missed. Needs the ``[negmas]`` extra. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
from limit_estimates import (  # the sibling script: one scenario, one scoring of NegMAS's models
    AGENTS,
    ROUNDS,
    TOP,
    Guess,
    bayesian,
    extrapolating,
)
from negmas import SAOMechanism, make_issue
from negmas.preferences import LinearAdditiveUtilityFunction
from negmas.preferences.value_fun import AffineFun, LinearFun

from negotiation_rules import Settings, SituationError, situation_from_dict
from negotiation_rules.integrations.negmas import Background, RulesNegotiator, Turn

TIME_LEFT = 0.2
"""A walk-away counts against a player when more than this share of the time was left."""
SEEDS = 30
"""The full tournament's seeds: 0..SEEDS-1."""
QUICK_SEEDS = (0, 5)
"""--quick: one seed with a deal possible (the player opens), one without."""
CHECKPOINTS = (3, 5, 10, 20)
"""After how many of their offers the estimate of their limit is scored."""

OPPONENTS: dict[str, Callable[..., Any]] = AGENTS
"""NegMAS's built-in agents (0.16 has reservation-value models, but no agent that plays
with one); the price runs over the integers 0..TOP, for ROUNDS rounds."""
BASELINES = {name: AGENTS[name] for name in ("Boulware", "Aspiration", "Linear", "MiCRO")}

RULES = "rules"

MODELS: dict[str, Callable[[list[float], list[float], int], Guess]] = {
    "NegMAS extrapolating": extrapolating,  # a point: its interval is that point
    "NegMAS Bayesian": bayesian,  # the central 90 % of its posterior
}


def background(limit: int) -> Background:
    """What the rules player is told: only what a person at this table would know.

    The range of prices is the issue itself (public, but it says nothing of the value,
    hence medium confidence), and no agreement pays the reserved value: an alternative
    in hand worth exactly the player's limit.
    """
    return Background(market=(0, TOP), confidence="medium", alternative=limit,
                      alternative_status="in_hand")


@attrs.frozen
class Scenario:
    """One seed's draw.

    Attributes:
        seed: The seed.
        seller_limit: The lowest price the seller takes.
        buyer_limit: The highest price the buyer pays.
        player_first: Whether the player speaks first.
    """

    seed: int
    seller_limit: int
    buyer_limit: int
    player_first: bool

    @classmethod
    def draw(cls, seed: int) -> Scenario:
        # Limits overlap on 200..800: about a third of the pairs cross (no deal possible).
        rng = random.Random(seed)
        return cls(seed, rng.randint(100, 800), rng.randint(200, 900), seed % 2 == 0)

    @property
    def deal_possible(self) -> bool:
        return self.seller_limit <= self.buyer_limit

    def limit(self, side: str) -> int:
        return self.seller_limit if side == "seller" else self.buyer_limit


def utility(side: str, price: float) -> float:
    """The linear utility of a price: 1 at the side's ideal, 0 at the other end."""
    return price / TOP if side == "seller" else 1 - price / TOP


def ufun(side: str, limit: int, space: Any) -> LinearAdditiveUtilityFunction:
    value = LinearFun(1 / TOP) if side == "seller" else AffineFun(-1 / TOP, 1.0)
    return LinearAdditiveUtilityFunction(values={"price": value}, weights={"price": 1.0},
                                         outcome_space=space,
                                         reserved_value=utility(side, limit))


@attrs.frozen
class Run:
    """One negotiation, seen from the player.

    Attributes:
        player, opponent, side: Who played what.
        scenario: The seed's draw.
        deal: The agreed price, or None.
        steps: The rounds used.
        walked: Whether the player ended it.
        relative_time: The share of the time used when it ended.
        error: The exception's text, if one was raised.
        estimates: For the rules player: estimator -> checkpoint -> (value, low, high).
        turns: The rules player's decisions.
    """

    player: str
    opponent: str
    side: str
    scenario: Scenario
    deal: float | None
    steps: int
    walked: bool
    relative_time: float
    error: str | None = None
    estimates: dict[str, dict[int, tuple[float, float | None, float | None]]] = attrs.field(
        factory=dict)
    turns: tuple[Turn, ...] = ()

    @property
    def limit(self) -> int:
        return self.scenario.limit(self.side)

    @property
    def their_limit(self) -> int:
        return self.scenario.limit("buyer" if self.side == "seller" else "seller")

    @property
    def score(self) -> float:
        """Normalised utility: 0 at your limit (or no deal), 1 at your ideal."""
        if self.deal is None:
            return 0.0
        floor = utility(self.side, self.limit)
        return (utility(self.side, self.deal) - floor) / (1 - floor)

    @property
    def worse_than_limit(self) -> bool:
        return self.deal is not None and utility(self.side, self.deal) < utility(self.side,
                                                                                 self.limit)

    @property
    def bad_walk(self) -> bool:
        """A walk-away while a deal was possible and over `TIME_LEFT` of the time was left."""
        return self.walked and self.scenario.deal_possible and self.relative_time < 1 - TIME_LEFT


def play(player: str, opponent: str, side: str, scenario: Scenario,
         settings: Settings | None = None) -> Run:
    """One negotiation of ``player`` on ``side`` against ``opponent``; ``settings`` are
    the rules player's."""
    random.seed(scenario.seed)
    np.random.seed(scenario.seed)
    mechanism = SAOMechanism(issues=[make_issue((0, TOP), "price")], n_steps=ROUNDS)
    space = mechanism.outcome_space
    other = "buyer" if side == "seller" else "seller"
    me = (RulesNegotiator(name=RULES, background=background(scenario.limit(side)),
                          settings=settings)
          if player == RULES else BASELINES[player](name=player))
    them = OPPONENTS[opponent](name=opponent)
    pairs = [(me, ufun(side, scenario.limit(side), space)),
             (them, ufun(other, scenario.limit(other), space))]
    for negotiator, preferences in pairs if scenario.player_first else reversed(pairs):
        mechanism.add(negotiator, preferences=preferences)
    error = None
    try:
        state = mechanism.run()
    except Exception as exc:  # a crash is a result to count, not a reason to stop
        state, error = mechanism.state, f"{type(exc).__name__}: {exc}"
    turns = tuple(me.turns) if isinstance(me, RulesNegotiator) else ()
    # NegMAS does not record who broke a negotiation off; none of the opponents here ever
    # does (they accept or counter), so for a baseline a broken negotiation is its walk.
    walked = turns[-1].response == "end" if turns else state.broken
    agreement = state.agreement
    run = Run(player, opponent, side, scenario,
              deal=None if agreement is None else agreement[0],
              steps=state.step, walked=bool(walked),
              relative_time=state.relative_time, error=error or _error(state), turns=turns)
    if player == RULES:
        run = attrs.evolve(run, estimates=_estimates(mechanism, them.id, other, turns))
    return run


def _error(state: Any) -> str | None:
    return state.error_details or "error" if state.has_error else None


def _estimates(mechanism: SAOMechanism, their_id: str, their_side: str,
               turns: Sequence[Turn]) -> dict[str, dict[int, tuple[float, float | None,
                                                                   float | None]]]:
    """Each estimator's guess at their limit once it has seen each checkpoint's offers."""
    found: dict[str, dict[int, tuple[float, float | None, float | None]]] = defaultdict(dict)
    scored: set[int] = set()
    for turn in turns:
        seen = len(turn.assessment.metrics.them.offers)
        limit = turn.assessment.metrics.their_limit
        for k in CHECKPOINTS:
            if seen >= k and k not in scored:
                scored.add(k)  # the first answer after k offers, estimate or not
                if limit is not None:
                    found[RULES][k] = (limit.value, limit.low, limit.high)
    theirs = [(e.relative_time, e.offer[0]) for e in mechanism.full_trace
              if e.negotiator == their_id and e.offer is not None]
    if turns and turns[-1].their_offer is not None and \
            len(turns[-1].assessment.metrics.them.offers) > len(theirs):
        # An offer answered by a walk never reaches the trace; the rules saw it.
        theirs.append((mechanism.state.relative_time, turns[-1].their_offer))
    times, offers = [t for t, _ in theirs], [o for _, o in theirs]
    toward_you = 1 if their_side == "buyer" else -1  # a buyer concedes by raising
    for k in CHECKPOINTS:
        for name, model in MODELS.items():
            guess = model(offers[:k], times[:k], toward_you) if len(offers) >= k else None
            if guess is not None:
                found[name][k] = guess
    return dict(found)


def tournament(seeds: Iterable[int], opponents: Sequence[str], players: Sequence[str],
               settings: Settings | None = None) -> list[Run]:
    """Every player, on both sides of every seed's scenario, against every opponent."""
    return [play(player, opponent, side, Scenario.draw(seed), settings)
            for seed in seeds for side in ("seller", "buyer") for opponent in opponents
            for player in players]


@attrs.frozen
class Score:
    """A player's row of the table."""

    player: str
    runs: int
    agreement: float
    agreement_possible: float
    score: float
    deal_score: float
    worse: int
    bad_walks: int
    rounds: float
    errors: int


def score(player: str, runs: Sequence[Run]) -> Score:
    mine = [r for r in runs if r.player == player]
    possible = [r for r in mine if r.scenario.deal_possible]
    deals = [r for r in mine if r.deal is not None]
    return Score(
        player=player,
        runs=len(mine),
        agreement=len(deals) / len(mine),
        agreement_possible=sum(r.deal is not None for r in possible) / max(len(possible), 1),
        score=statistics.fmean(r.score for r in mine),
        deal_score=statistics.fmean(r.score for r in deals) if deals else 0.0,
        worse=sum(r.worse_than_limit for r in mine),
        bad_walks=sum(r.bad_walk for r in mine),
        rounds=statistics.fmean(r.steps for r in mine),
        errors=sum(r.error is not None for r in mine),
    )


def player_table(scores: Sequence[Score]) -> str:
    header = (f"{'player':<11} {'runs':>5} {'agree':>6} {'agree|p':>7} {'utility':>7} "
              f"{'u|deal':>6} {'worse':>5} {'walks':>5} {'rounds':>6} {'errors':>6}")
    rows = [f"{s.player:<11} {s.runs:>5} {s.agreement:>6.1%} {s.agreement_possible:>7.1%} "
            f"{s.score:>7.3f} {s.deal_score:>6.3f} {s.worse:>5} {s.bad_walks:>5} "
            f"{s.rounds:>6.1f} {s.errors:>6}" for s in scores]
    return "\n".join([header, *rows])


@attrs.frozen
class EstimateScore:
    """One estimator at one checkpoint: coverage of the interval and mean error."""

    estimator: str
    checkpoint: int
    runs: int
    available: float
    coverage: float | None
    error: float | None


def estimate_scores(runs: Sequence[Run]) -> list[EstimateScore]:
    """Over the rules player's runs that reached each checkpoint."""
    rules = [r for r in runs if r.player == RULES]
    result = []
    for name in (RULES, *MODELS):
        for k in CHECKPOINTS:
            reached = [r for r in rules if _offers_seen(r) >= k]
            guesses = [(r, r.estimates.get(name, {}).get(k)) for r in reached]
            given = [(r, g) for r, g in guesses if g is not None]
            intervals = [(r, g) for r, g in given if g[1] is not None and g[2] is not None]
            # Runs without an estimate count as not covered.
            coverage = sum(g[1] <= r.their_limit <= g[2]  # type: ignore[operator]
                           for r, g in intervals) / max(len(reached), 1)
            error = statistics.fmean(abs(g[0] - r.their_limit) / TOP for r, g in given) \
                if given else None
            result.append(EstimateScore(name, k, len(reached),
                                        len(given) / max(len(reached), 1), coverage, error))
    return result


def _offers_seen(run: Run) -> int:
    if run.turns:
        return len(run.turns[-1].assessment.metrics.them.offers)
    return 0


def estimate_table(scores: Sequence[EstimateScore]) -> str:
    lines = [f"{'estimator':<21} {'offers':>6} {'runs':>5} {'given':>6} {'cover':>6} "
             f"{'error':>6}"]
    for s in scores:
        coverage = "n/a" if s.coverage is None else f"{s.coverage:.1%}"
        error = "n/a" if s.error is None else f"{s.error:.3f}"
        lines.append(f"{s.estimator:<21} {s.checkpoint:>6} {s.runs:>5} {s.available:>6.1%} "
                     f"{coverage:>6} {error:>6}")
    return "\n".join(lines)


def targets(scores: Sequence[Score], estimates: Sequence[EstimateScore]
            ) -> list[tuple[str, str, bool]]:
    """The issue's targets: (what, measured, met)."""
    rules = next(s for s in scores if s.player == RULES)
    baselines = [s for s in scores if s.player != RULES]
    best_agree = max((s.agreement_possible for s in baselines), default=0.0)
    best_score = max((s.score for s in baselines), default=0.0)
    at = {(e.estimator, e.checkpoint): e for e in estimates}
    coverage = at[RULES, 5].coverage
    error = at[RULES, 10].error
    model_errors = [e for m in MODELS if (e := at[m, 10].error) is not None]
    best_model = min(model_errors, default=None)
    return [
        ("deals worse than own limit", f"{rules.worse}", rules.worse == 0),
        ("exceptions", f"{rules.errors}", rules.errors == 0),
        (f"walk-aways, deal possible, > {TIME_LEFT:.0%} time left",
         f"{rules.bad_walks / rules.runs:.1%} (<= 2%)", rules.bad_walks <= 0.02 * rules.runs),
        ("agreement where a deal was possible",
         f"{rules.agreement_possible:.1%} vs best baseline {best_agree:.1%}",
         rules.agreement_possible >= best_agree),
        ("mean normalised utility",
         f"{rules.score:.3f} vs 1.2 x {best_score:.3f}", rules.score >= 1.2 * best_score),
        ("their-limit coverage after 5 offers",
         "n/a" if coverage is None else f"{coverage:.1%} (>= 80%)",
         coverage is not None and coverage >= 0.8),
        ("their-limit error after 10 offers",
         f"{_fmt(error)} vs NegMAS best {_fmt(best_model)}",
         error is not None and (best_model is None or error <= best_model)),
    ]


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def describe(move: Any) -> str:
    """A next move in one line."""
    parts = [move.action]
    if move.value is not None:
        parts.append(f"{move.value:g}")
    if move.range is not None:
        parts.append(f"range {move.range[0]:g}-{move.range[1]:g}")
    if move.steps:
        parts.append("steps " + ", ".join(f"{s:g}" for s in move.steps))
    parts.append("[" + " ".join(move.rules) + "]")
    return " ".join(parts)


def _story(run: Run) -> str:
    """Where the rules player's run went, in one line."""
    mine = [t.value for t in run.turns if t.value is not None]
    theirs = [t.their_offer for t in run.turns if t.their_offer is not None]
    held = 0
    for value in reversed(mine):
        if value != mine[-1]:
            break
        held += 1
    recent = " | ".join(f"r{t.step + 1} them {_number(t.their_offer)}: "
                        f"{describe(t.move)}" for t in run.turns[-4:])
    return (f"{run.side} vs {run.opponent}, seed {run.scenario.seed}: limit {run.limit}, "
            f"their limit {run.their_limit}; you opened {_first(mine)}, last {_last(mine)} "
            f"(held {held} rounds); they opened {_first(theirs)}, last {_last(theirs)}; "
            f"ended at round {run.steps}\n  - last turns: {recent}")


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _first(values: Sequence[float]) -> str:
    return f"{values[0]:g}" if values else "-"


def _last(values: Sequence[float]) -> str:
    return f"{values[-1]:g}" if values else "-"


def _reaches(run: Run) -> bool:
    """Whether some step plan of the run ended at the player's limit or went that far."""
    direction = 1 if run.side == "seller" else -1
    return any(t.move.steps
               and direction * (t.move.steps[-1] - run.limit) <= 0
               for t in run.turns)


def failures(runs: Sequence[Run]) -> dict[str, list[tuple[Run, str]]]:
    """The rules player's failed runs by pattern, each with the next move that caused it."""
    found: dict[str, list[tuple[Run, str]]] = defaultdict(list)
    for run in (r for r in runs if r.player == RULES):
        last = run.turns[-1] if run.turns else None
        if run.error is not None:
            found["exception"].append((run, run.error))
        elif run.worse_than_limit:
            found["deal worse than own limit"].append((run, describe(last.move)
                                                        if last else "-"))
        elif run.bad_walk and last is not None:
            move = last.move
            found[f"walks with time left ({' '.join(move.rules)})"].append(
                (run, f"round {last.step + 1}, their offer {last.their_offer}: "
                      f"{describe(move)}"))
        elif run.deal is None and run.scenario.deal_possible and last is not None:
            kind = "walked late" if run.walked else "no deal by the deadline"
            if not _reaches(run):
                kind += ", step plan never reaches the limit"
            found[f"{kind} (last: {last.move.action})"].append(
                (run, describe(last.move)))
        past = next((t for t in run.turns if _past_limit(run, t)), None)
        if past is not None:
            found["a move past your own limit (a hard constraint)"].append(
                (run, f"round {past.step + 1}, their offer {_number(past.their_offer)}: "
                      f"{describe(past.move)}"))
    return found


def _past_limit(run: Run, turn: Turn) -> bool:
    """Whether the move offers, plans or accepts a number worse than the player's limit."""
    move = turn.move
    numbers = [*move.steps]
    if move.action in ("offer", "hold", "accept") and move.value is not None:
        numbers.append(move.value)
    return any(utility(run.side, n) < utility(run.side, run.limit) for n in numbers)


def findings_markdown(machine: str, table: str, estimates: str, checks: str,
                      runs: Sequence[Run]) -> str:
    lines = ["# Tournament findings", "", f"Written by `benchmarks/tournament.py` on {machine}.",
             "", "```text", table, "", estimates, "", checks, "```", "",
             "## The rules player by opponent", "", "```text",
             player_table([attrs.evolve(score(RULES, [r for r in runs if r.opponent == o]),
                                        player=o[:11]) for o in OPPONENTS]),
             "```", "", "## Failure patterns of the rules player", ""]
    patterns = failures(runs)
    by_opponent = {kind: Counter(r.opponent for r, _ in items) for kind, items in patterns.items()}
    for kind, items in sorted(patterns.items(), key=lambda kv: -len(kv[1])):
        spread = ", ".join(f"{o} {n}" for o, n in by_opponent[kind].most_common())
        lines += [f"### {kind}: {len(items)} runs ({spread})", ""]
        for run, cause in items[:3]:
            lines += [f"- {_story(run)}", f"  - next move: `{cause}`"]
        lines.append("")
    if not patterns:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def machine() -> str:
    return (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"negmas {_version('negmas')}")


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few seeds, same tables")
    parser.add_argument("--seeds", type=int, help=f"how many seeds (default {SEEDS})")
    parser.add_argument("--findings", type=Path, help="write the failure patterns here")
    parser.add_argument("--set", action="append", default=[], metavar="SETTING=VALUE",
                        help="a setting of the rules player (repeatable), e.g. stall_rounds=5")
    args = parser.parse_args(argv)
    settings = _settings(parser, args.set)
    seeds = QUICK_SEEDS if args.quick else range(args.seeds or SEEDS)
    warnings.simplefilter("ignore")  # negmas warns about its own deprecations on every run
    start = time.perf_counter()
    runs = tournament(seeds, list(OPPONENTS), [RULES, *BASELINES], settings)
    elapsed = time.perf_counter() - start
    scores = [score(p, runs) for p in (RULES, *BASELINES)]
    estimates = estimate_scores(runs)
    checks = targets(scores, estimates)
    possible = sum(Scenario.draw(s).deal_possible for s in seeds)
    title = (f"negotiation_rules vs NegMAS on {machine()}: {len(seeds)} seeds ({possible} with a "
             f"deal possible) x 2 sides x {len(OPPONENTS)} opponents, {elapsed:.0f} s"
             + "".join(f"; {item}" for item in args.set))
    table = player_table(scores)
    estimate_text = estimate_table(estimates)
    check_text = "\n".join(f"{'ok' if met else 'MISS':<5} {what:<45} {measured}"
                           for what, measured, met in checks)
    print(title, table, "", estimate_text, "", check_text, sep="\n")
    if args.findings:
        args.findings.write_text(findings_markdown(title, table, estimate_text, check_text, runs))
    return 0 if all(met for _, _, met in checks) else 1


def _settings(parser: argparse.ArgumentParser, items: Sequence[str]) -> Settings | None:
    """Settings from ``name=value`` items, through the loader's own checks."""
    if not items:
        return None
    table: dict[str, object] = {}
    for item in items:
        name, _, text = item.partition("=")
        table[name] = _parse(text)
    try:
        situation = situation_from_dict({"negotiation": {"side": "seller"}, "settings": table})
    except (SituationError, ValueError) as exc:
        parser.error(f"--set: {exc}")
    return situation.settings


def _parse(text: str) -> object:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text  # the loader says what it expected


if __name__ == "__main__":
    sys.exit(main())
