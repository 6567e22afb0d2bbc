"""nrules init: questions with defaults and validation, and a file that always validates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st

from negotiation_rules import assess, load_situation, loads_situation
from negotiation_rules.cli import main
from negotiation_rules.loading import MIN_AMOUNT
from negotiation_rules.wizard import Answers, situation_toml

USED_CAR = "\n".join([
    "buyer", "Used car", "EUR",
    "13000", "9000",          # low above high: asked again
    "9000", "13,000", "low",
    "12000", "9500",          # a buyer's target above the walk-away point: asked again
    "9500", "12000",
    "Train pass", "likely", "",
]) + "\n"


def test_answers_become_a_valid_commented_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "car.toml"
    result = runner.invoke(main, ["init", "-o", str(out)], input=USED_CAR)
    assert result.exit_code == 0, result.output
    assert "The low end must not be above the high end." in result.stderr
    assert "As the buyer, your target cannot be worse than your walk-away point." in \
        result.stderr
    situation = load_situation(out)
    assert situation.negotiation.side == "buyer"
    assert (situation.value.low, situation.value.high, situation.value.confidence) == \
        (9000, 13000, "low")
    assert (situation.you.target, situation.you.reservation) == (9500, 12000)
    assert situation.you.batna is not None and situation.you.batna.status == "likely"
    text = out.read_text()
    assert 'description = "Train pass"  # what it is' in text
    assert "# [plan]" in text
    assert runner.invoke(main, ["validate", str(out)]).exit_code == 0


def test_defaults_take_one_keypress_each(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "s.toml"
    result = runner.invoke(main, ["init", "-o", str(out)], input="\n" * 9)
    assert result.exit_code == 0, result.output
    situation = load_situation(out)
    assert (situation.negotiation.side, situation.negotiation.unit) == ("seller", "USD")
    assert assess(situation).headline.tool == "prepare_batna"


def test_invalid_choice_is_asked_again(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "s.toml"
    result = runner.invoke(main, ["init", "-o", str(out)],
                           input="sell\nseller\n\n\nlots\n\n\n\n\n\n")
    assert result.exit_code == 0, result.output
    assert "'sell' is not one of 'seller', 'buyer'" in result.output
    assert "'lots' is not a number" in result.output


def test_no_input_writes_the_template(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "template.toml"
    result = runner.invoke(main, ["init", "--no-input", "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text() == situation_toml(Answers())
    assert loads_situation(out.read_text()).negotiation.side == "seller"


def test_existing_file_is_kept_unless_forced(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "s.toml"
    out.write_text("mine")
    result = runner.invoke(main, ["init", "--no-input", "-o", str(out)])
    assert result.exit_code == 2 and out.read_text() == "mine"
    assert runner.invoke(main, ["init", "--no-input", "--force", "-o", str(out)]).exit_code == 0
    assert out.read_text() != "mine"


amounts = st.one_of(st.none(), st.integers(0, 10**9), st.just(0.0), st.floats(MIN_AMOUNT, 1e9))
"""Any amount the loader takes (it refuses those between 0 and `MIN_AMOUNT`)."""


@given(st.builds(
    Answers, side=st.sampled_from(["seller", "buyer"]), title=st.text(max_size=30),
    unit=st.text(max_size=8), low=amounts, high=amounts,
    confidence=st.sampled_from(["high", "medium", "low"]), target=amounts,
    reservation=amounts, alternative=st.one_of(st.none(), st.text(min_size=1, max_size=20)),
    status=st.sampled_from(["in_hand", "likely", "possible"]), alternative_value=amounts))
def test_whatever_the_answers_the_file_loads(answers: Answers) -> None:
    """Text with quotes, backslashes or newlines and any numbers: the file reads back."""
    ordered = answers.low is None or answers.high is None or answers.low <= answers.high
    better = 1 if answers.side == "seller" else -1
    sane = answers.target is None or answers.reservation is None or \
        better * (answers.target - answers.reservation) >= 0
    assume(ordered and sane)  # ask() never returns inconsistent answers
    text = situation_toml(answers)
    situation = loads_situation(text)
    loads_situation(uncommented(text)[0])  # every commented line restored at once
    assert situation.negotiation.title == answers.title
    assert situation.you.target == answers.target


_COMMENTED = re.compile(r"# (?=\[|[a-z_]+ = )")
"""A commented-out table header or assignment of the template (not its prose)."""


def uncommented(text: str) -> list[str]:
    """The template with every commented line restored; then each commented line of a
    table in use restored alone, and each commented-out table restored whole."""
    lines = text.split("\n")  # not splitlines(): a title may hold U+0085 or U+2028

    def restoring(numbers: set[int]) -> str:
        return "\n".join(_COMMENTED.sub("", line, count=1) if index in numbers else line
                         for index, line in enumerate(lines))

    variants = [restoring(set(range(len(lines))))]
    block: set[int] = set()  # the commented-out table being read, if any
    for number, line in enumerate(lines):
        if line.startswith("# ["):
            block = {number}
        elif line.startswith("["):
            block = set()
        elif block and _COMMENTED.match(line):
            block.add(number)
        elif block:
            variants.append(restoring(block))
            block = set()
        elif _COMMENTED.match(line):
            variants.append(restoring({number}))
    if block:
        variants.append(restoring(block))
    return variants


@pytest.mark.parametrize("answers", [
    Answers(),
    Answers(side="buyer", low=9000, target=9500),
    Answers(high=185000, reservation=165000, alternative="Beta Corp"),
    Answers(low=3.9, high=4.6, unit="%", target=4.05, status="likely", alternative="bank"),
], ids=["template", "buyer-partial", "seller-partial", "percent"])
def test_every_commented_line_is_valid_uncommented(answers: Answers) -> None:
    """Regression (issue 13): ``# confidence = 0`` failed validation once uncommented."""
    variants = uncommented(situation_toml(answers))
    assert len(variants) >= 8
    for variant in variants:
        loads_situation(variant)
