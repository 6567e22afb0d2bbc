"""The README shows what the code does."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from negotiation_rules.cli import main

README = (Path(__file__).parent.parent / "README.md").read_text()


def test_rule_catalogue_is_current() -> None:
    """The catalogue between the markers is what `nrules rules --format markdown` prints."""
    catalogue = re.search(r"<!-- rules:start -->\n(.*)<!-- rules:end -->", README, re.S)
    assert catalogue is not None
    printed = CliRunner().invoke(main, ["rules", "--format", "markdown"]).output
    assert catalogue.group(1) == printed


def test_quick_start_output_is_current() -> None:
    """The output shown under the quick start is what the command prints today."""
    shown = re.search(r"The first prints:\n\n```text\n(.*?)```", README, re.S)
    assert shown is not None
    example = Path(__file__).parent.parent / "examples" / "freelance-rate.toml"
    printed = CliRunner().invoke(main, ["assess", str(example)]).output
    assert shown.group(1) == printed


def test_quick_start_has_the_two_commands() -> None:
    start = README.index("## Quick start")
    block = README[start:README.index("```\n", README.index("```console", start) + 10)]
    commands = [line for line in block.splitlines()[1:] if line and not line.startswith("`")]
    assert commands == ["pip install . && nrules assess examples/freelance-rate.toml",
                        "pip install '.[test]' && pytest"]
