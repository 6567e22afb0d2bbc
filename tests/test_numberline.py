"""The number line in the text output: golden drawings, width, colour, absence."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from negotiation_rules import assess, load_situation, loads_situation
from negotiation_rules.cli import main
from negotiation_rules.numberline import draw, number_line

from .helpers import EXAMPLES

GOLDEN = Path(__file__).parent / "golden" / "numberline"


@pytest.mark.parametrize("width", [60, 100])
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_golden_drawing(path: Path, width: int, request: pytest.FixtureRequest) -> None:
    """Each example's line at two widths (``pytest --update-golden`` rewrites them)."""
    line = number_line(assess(load_situation(path)))
    assert line is not None
    drawn = "\n".join(draw(line, width)) + "\n"
    golden = GOLDEN / f"{path.stem}-{width}.txt"
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(drawn)
    assert drawn == golden.read_text()
    assert all(len(row) <= width for row in drawn.splitlines())


def test_marks_sit_in_order_of_value() -> None:
    line = number_line(assess(load_situation(EXAMPLES[0])))
    assert line is not None
    letters_row = draw(line, 80)[2]
    order = [letter for letter in letters_row if letter.strip()]
    assert order == [mark.letter for mark in line.marks]


def test_zopa_is_drawn_when_known() -> None:
    line = number_line(assess(load_situation(EXAMPLES[0].parent / "job-offer.toml")))
    assert line is not None
    drawn = draw(line, 80)
    assert any("<~" in row for row in drawn)
    assert "<~> zone of agreement 172,000-200,000" in "\n".join(drawn)


def test_colour_only_when_asked() -> None:
    """Colour adds styles and nothing else: the same drawing once they are removed."""
    line = number_line(assess(load_situation(EXAMPLES[0])))
    assert line is not None
    coloured, plain = "\n".join(draw(line, 80, color=True)), "\n".join(draw(line, 80))
    assert "\x1b[" in coloured and "\x1b[" not in plain
    assert click.unstyle(coloured) == plain


def test_no_numbers_no_line(runner: CliRunner, tmp_path: Path) -> None:
    """A situation without a single number gets no number line at all."""
    assert number_line(assess(loads_situation('[negotiation]\nside = "buyer"\n'))) is None
    path = tmp_path / "bare.toml"
    path.write_text('[negotiation]\nside = "buyer"\n')
    assert "Number line" not in runner.invoke(main, ["assess", str(path)]).output


def test_piped_output_is_plain_and_80_wide(runner: CliRunner) -> None:
    result = runner.invoke(main, ["assess", str(EXAMPLES[0])], env={"COLUMNS": "200"})
    assert "\x1b[" not in result.output
    start = result.output.index("Number line")
    block = result.output[start:result.output.index("Position:")]
    assert max(len(row) for row in block.splitlines()) <= 80


def test_a_long_unit_wraps_the_heading() -> None:
    answer = assess(loads_situation('[negotiation]\nside = "buyer"\n'
                                    f'unit = "{"x" * 30} per {"y" * 30}"\n'
                                    '[you]\ntarget = 5\n'))
    line = number_line(answer)
    assert line is not None
    drawn = draw(line, 60)
    assert all(len(row) <= 60 for row in drawn)
    assert drawn[0].startswith("Number line (") and "better for you" in drawn[1]
