"""The README shows what the code does: its catalogue and sessions are real output."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from negotiation_rules.cli import main

from .helpers import ROOT

README_PATH = ROOT / "README.md"
SESSION = re.compile(r"```console\n\$ (nrules [^\n]*)\n(.*?)```", re.S)
"""A README session: a fenced console block whose first line is `$ nrules ...`."""


def _run(command: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, shlex.split(command)[1:])
    return result.output


def test_sessions_show_real_output(request: pytest.FixtureRequest,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Every `$ nrules ...` block shows what the command prints today
    (``pytest --update-golden`` rewrites them)."""
    readme = README_PATH.read_text()
    if request.config.getoption("--update-golden"):
        readme = SESSION.sub(lambda m: f"```console\n$ {m.group(1)}\n"
                                       f"{_run(m.group(1), monkeypatch)}```", readme)
        README_PATH.write_text(readme)
    sessions = SESSION.findall(readme)
    assert len(sessions) >= 4
    for command, shown in sessions:
        assert shown == _run(command, monkeypatch), command


CATALOGUE = re.compile(r"(<!-- rules:start -->\n)(.*)(<!-- rules:end -->)", re.S)


def test_rule_catalogue_is_current(request: pytest.FixtureRequest) -> None:
    """The catalogue between the markers is what `nrules rules --format markdown` prints
    (``pytest --update-golden`` rewrites it)."""
    printed = CliRunner().invoke(main, ["rules", "--format", "markdown"]).output
    if request.config.getoption("--update-golden"):
        README_PATH.write_text(CATALOGUE.sub(lambda m: m.group(1) + printed + m.group(3),
                                             README_PATH.read_text()))
    catalogue = CATALOGUE.search(README_PATH.read_text())
    assert catalogue is not None
    assert catalogue.group(2) == printed


def test_first_screen_goes_from_nothing_to_a_report() -> None:
    readme = README_PATH.read_text()
    block = readme[readme.index("From nothing to a report"):]
    block = block[block.index("```console\n") + 11:block.index("```\n", 30)]
    assert block.splitlines() == ["pip install '.[report]'", "nrules init",
                                  "nrules report situation.toml -o report.html"]
    assert readme.index("From nothing to a report") < 2500
    assert (ROOT / "examples" / "vendor-contract-report.png").exists()


def test_quick_start_has_the_two_commands() -> None:
    readme = README_PATH.read_text()
    start = readme.index("## Quick start")
    block = readme[start:readme.index("```\n", readme.index("```console", start) + 10)]
    commands = [line for line in block.splitlines()[1:] if line and not line.startswith("`")]
    assert commands == ["pip install . && nrules assess examples/freelance-rate.toml",
                        "pip install '.[test]' && pytest"]


def test_levers_catalogue_is_the_codes() -> None:
    """The README's levers table lists the catalogue the code tries, in order, with the
    principle each applies."""
    from negotiation_rules.levers import LEVERS

    rows = re.findall(r"^\| `([a-z_]+)` \| `([a-z_.]+)` \|", README_PATH.read_text(), re.M)
    listed = [(lever, principle) for lever, principle in rows
              if lever in {spec.id for spec in LEVERS} or "." in principle]
    assert listed == [(spec.id, spec.principle) for spec in LEVERS]
