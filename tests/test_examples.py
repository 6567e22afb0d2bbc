"""Every example file: valid, its headline as intended, and its JSON answer as recorded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from negotiation_rules import TOOLS, assess, load_situation
from negotiation_rules.cli import main

from .helpers import EXAMPLES, ROOT

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_golden_json(path: Path, request: pytest.FixtureRequest, runner: CliRunner) -> None:
    """`nrules assess --format json` matches the recorded answer (``--update-golden`` rewrites)."""
    result = runner.invoke(main, ["assess", str(path), "--format", "json"])
    assert result.exit_code == 0
    produced = result.stdout
    golden = GOLDEN / f"{path.stem}.json"
    if request.config.getoption("--update-golden"):
        golden.write_text(produced)
    assert produced == golden.read_text()


def test_examples_reach_every_tool() -> None:
    tools = {assess(load_situation(path)).headline.tool for path in EXAMPLES}
    assert tools == set(TOOLS)


def test_at_least_eight_examples() -> None:
    assert len(EXAMPLES) >= 8


def test_embedding_script_runs() -> None:
    """examples/embed.py runs as documented and prints one line per example."""
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "embed.py")],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    assert len(result.stdout.splitlines()) == len(EXAMPLES)
    assert "lease.toml: walk_away" in result.stdout


def test_headlines_are_stable() -> None:
    """New advice may be added, but each example's headline stays what it was."""
    recorded = json.loads((GOLDEN / "headlines.json").read_text())
    assert {p.stem: assess(load_situation(p)).headline.tool for p in EXAMPLES} == recorded
