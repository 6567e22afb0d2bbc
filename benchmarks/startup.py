"""Where the start-up of ``nrules assess`` goes, phase by phase, in fresh processes.

    python benchmarks/startup.py            # median of 15 fresh processes
    python benchmarks/startup.py --runs 5

Each run is a new interpreter that does what the command does, one phase at a
time (loading with the garbage collector paused, as its entry point does), with
Python's bytecode cache kept in a temporary directory (as an installed package runs).
The last lines time the command itself, ``nrules assess``, against a plain import of
the dependencies (the figure `benchmarks/run.py` checks) and against the same import
done as the command does.
Not part of the test suite.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any  # the child imports only these: the rest would count as its exit

LEASE = Path(__file__).resolve().parent.parent / "examples" / "lease.toml"

PHASES = (
    ("python itself", "interpreter start-up, measured apart"),
    ("dependencies", "import experta, click, attrs, cattrs"),
    ("package modules", "everything nrules assess imports"),
    ("  of which attrs classes", "attrs generating the data classes' methods"),
    ("rules", "the rule definitions"),
    ("engine", "building the engine and its matcher"),
    ("load", "reading and checking the TOML file"),
    ("assess + levers", "one assessment and the lever re-runs"),
    ("render", "the text answer"),
    ("exit", "shutting down (the run's wall time minus the rest)"),
)
IMPORTS = ("import collections, collections.abc; collections.Mapping = "
           "collections.abc.Mapping; import experta, click, attrs, cattrs")
FROZEN = f"import gc; gc.disable(); {IMPORTS}; gc.freeze(); gc.enable()"
"""The same import, with the collector handled as the command's entry point does."""


def cached_bytecode_env(folder: str) -> dict[str, str]:
    """This environment with Python's bytecode cache kept in ``folder``.

    An installed package runs from cached bytecode; an editable checkout under
    PYTHONDONTWRITEBYTECODE would recompile every module on every run instead.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = folder
    return env


def child() -> None:
    """One fresh process: time each phase, print them as JSON."""
    times: dict[str, float] = {}
    last = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        times[name], last = now - last, now

    import collections
    import collections.abc
    import gc
    import importlib

    gc.disable()  # as the command's entry point, negotiation_rules.__main__, does
    collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
    next_gen: Any = importlib.import_module("attr._next_gen")  # private: only to measure
    import attrs  # noqa: F401
    import cattrs  # noqa: F401
    import click  # noqa: F401
    import experta  # noqa: F401

    del collections.Mapping  # type: ignore[attr-defined]
    lap("dependencies")

    # attrs.define and attrs.frozen call this once per class.
    make, in_attrs = next_gen.attrs, []

    def timed(maybe_cls: type | None = None, **options: object) -> object:
        def build(cls: type) -> type:
            began = time.perf_counter()
            made: type = make(cls, **options)
            in_attrs.append(time.perf_counter() - began)
            return made

        return build if maybe_cls is None else build(maybe_cls)

    next_gen.attrs = timed
    from negotiation_rules import assessment, cli, levers, loading, render  # noqa: F401
    from negotiation_rules.knowledge import KnowledgeBase

    gc.freeze()
    gc.enable()
    lap("package modules")
    times["  of which attrs classes"] = sum(in_attrs)
    next_gen.attrs = make
    knowledge = KnowledgeBase.default()
    lap("rules")
    knowledge.engine()
    lap("engine")
    situation = loading.load_situation(LEASE)
    lap("load")
    answer = levers.with_levers(situation)
    lap("assess + levers")
    render.render_text(answer, width=80, color=False)
    lap("render")
    print(json.dumps(times))


def main() -> int:
    import argparse
    import shutil
    import statistics
    import tempfile

    nrules = shutil.which("nrules", path=os.path.dirname(sys.executable)) or "nrules"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child()
        return 0
    with tempfile.TemporaryDirectory() as bytecode:
        env = cached_bytecode_env(bytecode)
        samples: dict[str, list[float]] = {name: [] for name, _ in PHASES}
        plain, frozen, whole = [], [], []
        for run in range(options.runs + 1):  # the first run fills the bytecode cache
            bare = wall([sys.executable, "-c", "pass"], env)[0]
            imports = wall([sys.executable, "-c", IMPORTS], env)[0]
            imports_frozen = wall([sys.executable, "-c", FROZEN], env)[0]
            seconds, output = wall([sys.executable, __file__, "--child"], env)
            command = wall([nrules, "assess", str(LEASE)], env)[0]
            if run:
                phases = json.loads(output)
                phases["python itself"] = bare
                phases["exit"] = max(seconds - sum(v for k, v in phases.items()
                                                   if not k.startswith(" ")), 0)
                for name, value in phases.items():
                    samples[name].append(value)
                plain.append(imports)
                frozen.append(imports_frozen)
                whole.append(command)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    print(f"nrules assess start-up, median of {options.runs} fresh processes")
    for name, what in PHASES:
        print(f"  {name:<26}{medians[name] * 1e3:7.1f} ms  {what}")
    run_ms = statistics.median(whole)
    print(f"  {'nrules assess':<26}{run_ms * 1e3:7.1f} ms  "
          f"{run_ms / statistics.median(plain):.2f}x a plain import of the dependencies,")
    print(f"  {'':<35}{run_ms / statistics.median(frozen):.2f}x the same import with the "
          "collector paused and frozen")
    return 0


def wall(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Seconds ``command`` took, start to exit, and what it printed."""
    import subprocess

    began = time.perf_counter()
    output = subprocess.run(command, check=True, env=env, capture_output=True,
                            text=True).stdout
    return time.perf_counter() - began, output


if __name__ == "__main__":
    sys.exit(main())
