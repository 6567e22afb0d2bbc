"""Performance figures of negotiation_rules, as ratios measured in one run.

    python benchmarks/run.py            # the full run (a few minutes)
    python benchmarks/run.py --quick    # smaller counts, same table

Prints one table and exits 1 when a target is missed. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from startup import cached_bytecode_env  # the sibling script in benchmarks/

from negotiation_rules import (
    KnowledgeBase,
    assess,
    load_situation,
    replay,
    rule,
    situation_from_dict,
)
from negotiation_rules._experta import Fact, KnowledgeEngine, Rule
from negotiation_rules.facts import Table

ROOT = Path(__file__).resolve().parent.parent
LEASE = ROOT / "examples" / "lease.toml"


def median_seconds(function: Callable[[], object], runs: int) -> float:
    """Median wall time of one call, after one warm-up call."""
    return paired_medians(function, runs=runs)[0]


def paired_medians(*functions: Callable[[], object], runs: int) -> list[float]:
    """Median wall time of one call of each function, after one warm-up call each, the
    calls taken in turn: a machine that speeds up or slows down during the run slows
    every function alike, so their ratio holds."""
    for function in functions:
        function()
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(runs):
        for function, taken in zip(functions, times, strict=True):
            start = time.perf_counter()
            function()
            taken.append(time.perf_counter() - start)
    return [statistics.median(taken) for taken in times]


class _F(Fact):  # type: ignore[misc]
    pass


class _OneRule(KnowledgeEngine):  # type: ignore[misc]
    @Rule(_F(a=1))
    def fire(self) -> None:
        pass


class _OneOfOurs:
    @rule("ONE01", "one.rule", Table(you_offered=True), principle="toolkit.moment", kind="note")
    def fire(self) -> None:
        """One rule."""


def experta_fresh() -> None:
    """experta's own cost for one *fresh* 1-rule engine (build + reset + declare + run: a
    reused experta engine slows with every run, so reuse is no floor)."""
    engine = _OneRule()
    engine.reset()
    engine.declare(_F(a=1))
    engine.run()


def history(moves: int) -> dict[str, object]:
    """A buyer's negotiation of ``moves`` alternating offers that slowly converge."""
    offers = []
    for i in range(moves):
        by = "them" if i % 2 == 0 else "you"
        step = i // 2
        value = 100_000 - step if by == "them" else 50_000 + step
        offers.append({"by": by, "type": "offer", "value": value})
    return {"negotiation": {"side": "buyer", "unit": "USD"},
            "value": {"low": 70_000, "high": 90_000, "confidence": "medium"},
            "you": {"reservation": 95_000, "batna": {"status": "likely", "value": 98_000}},
            "moves": offers, "plan": {"move": "offer", "value": 50_000 + moves}}


def random_situations(count: int, seed: int = 7) -> list[dict[str, object]]:
    """Varied, valid situations for the batch figure (seeded: the same every run)."""
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        side = rng.choice(["seller", "buyer"])
        low = rng.randrange(1_000, 100_000)
        high = low + rng.randrange(100, 50_000)
        doc: dict[str, object] = {
            "negotiation": {"side": side, "unit": "USD",
                            "stage": rng.choice(["preparation", "opening", "bargaining"])},
            "value": {"low": low, "high": high,
                      "confidence": rng.choice(["high", "medium", "low", "none"])},
            "you": {"need": rng.choice(["low", "medium", "high", "critical"]),
                    "batna": {"status": rng.choice(["in_hand", "likely", "possible", "none"]),
                              "value": rng.randrange(low, high + 1)}},
        }
        moves = []
        yours, theirs = (high, low) if side == "seller" else (low, high)
        for i in range(rng.randrange(0, 12)):
            by = rng.choice(["you", "them"])
            if by == "you":
                yours += (-1 if side == "seller" else 1) * rng.randrange(0, 2_000)
                value = yours
            else:
                theirs += (1 if side == "seller" else -1) * rng.randrange(0, 2_000)
                value = theirs
            moves.append({"by": by, "type": "final_offer" if i > 8 else "offer",
                          "value": max(value, 0)})
        doc["moves"] = moves
        if rng.random() < 0.7:
            doc["plan"] = {"move": "offer", "value": rng.randrange(low // 2, high * 2)}
        found.append(doc)
    return found


def rss_bytes() -> int:
    """Resident memory now (Linux), else the peak so far."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def command_seconds(commands: list[list[str]], runs: int, bytecode: str) -> list[float]:
    """Median wall time of each command, run in turn, with Python's bytecode cache kept in
    ``bytecode``."""
    env = cached_bytecode_env(bytecode)
    return paired_medians(
        *(lambda c=c: subprocess.run(c, check=True, capture_output=True, env=env)
          for c in commands), runs=runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller counts, same figures")
    quick = parser.parse_args().quick
    runs = 300 if quick else 2_000
    rows: list[tuple[str, str, str, bool | None]] = []

    lease = load_situation(LEASE)
    ours = KnowledgeBase((_OneOfOurs,)).engine()
    floor, floor_ours, warm = paired_medians(
        experta_fresh, lambda: ours.evaluate([Table(you_offered=True)], None),
        lambda: assess(lease), runs=runs)
    rows.append(("floor: fresh experta 1-rule engine", f"{floor * 1e6:.0f} us", "", None))
    rows.append(("  same rule on our engine", f"{floor_ours * 1e6:.0f} us", "", None))
    rows.append(("warm assessment (lease example)", f"{warm * 1e6:.0f} us",
                 f"{warm / floor:.2f}x floor (<= 2x); {warm / floor_ours:.1f}x ours",
                 warm / floor <= 2))
    cold = median_seconds(lambda: KnowledgeBase(KnowledgeBase.default().rulesets)
                          ._build().evaluate([], None), 20 if quick else 50)
    rows.append(("  building a fresh engine", f"{cold * 1e3:.1f} ms", "once per thread", None))

    small, large = (situation_from_dict(history(n)) for n in (10, 1_000))
    t_small = median_seconds(lambda: assess(small), runs)
    t_large = median_seconds(lambda: assess(large), max(runs // 10, 20))
    rows.append(("history: 1,000 moves vs 10", f"{t_large * 1e3:.2f} ms",
                 f"{t_large / t_small:.1f}x (<= 5x)", t_large / t_small <= 5))
    huge = situation_from_dict(history(10_000))
    start = time.perf_counter()
    assess(huge)
    t_huge = time.perf_counter() - start
    rows.append(("history: 10,000 moves (the limit)", f"{t_huge * 1e3:.1f} ms", "finishes",
                 True))
    start = time.perf_counter()
    replay(huge)
    t_replay = time.perf_counter() - start
    rows.append(("replay: 10,000 moves", f"{t_replay:.2f} s", "< 2 s (linear)", t_replay < 2))

    nrules = shutil.which("nrules", path=os.path.dirname(sys.executable)) or "nrules"
    imports = ("import collections, collections.abc; collections.Mapping = "
               "collections.abc.Mapping; import experta, click, attrs, cattrs")
    cli_runs = 9 if quick else 25
    with tempfile.TemporaryDirectory() as bytecode:
        t_imports, t_cli = command_seconds(
            [[sys.executable, "-c", imports], [nrules, "assess", str(LEASE)]], cli_runs, bytecode)
    rows.append(("CLI: nrules assess (wall)", f"{t_cli * 1e3:.0f} ms",
                 f"{t_cli / t_imports:.2f}x importing the dependencies (<= 1.6x)",
                 t_cli / t_imports <= 1.6))

    count = 3_000 if quick else 20_000
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.jsonl"
        source.write_text("".join(json.dumps(d) + "\n" for d in random_situations(count)))
        target = Path(folder) / "out.jsonl"
        start = time.perf_counter()
        subprocess.run([nrules, "batch", str(source), "-o", str(target), "--jobs", "2"],
                       check=True, capture_output=True)
        t_batch = time.perf_counter() - start
        assert len(target.read_text().splitlines()) == count
    rate = count / t_batch
    rows.append((f"batch: {count:,} situations, --jobs 2", f"{rate:,.0f} /s", ">= 1,500 /s",
                 rate >= 1_500))

    repeats = 10_000 if quick else 100_000
    for _ in range(1_000):
        assess(lease)
    before = rss_bytes()
    for _ in range(repeats):
        assess(lease)
    growth = (rss_bytes() - before) / 2**20
    rows.append((f"memory: {repeats:,} warm assessments", f"{growth:+.2f} MB", "< 5 MB",
                 growth < 5))

    print(f"negotiation_rules benchmarks on {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}{' (quick)' if quick else ''}")
    width = max(len(r[0]) for r in rows)
    for name, value, target_text, met in rows:
        mark = "" if met is None else ("ok  " if met else "MISS")
        print(f"{mark:4}  {name:<{width}}  {value:>10}  {target_text}")
    return 0 if all(met is not False for *_, met in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
