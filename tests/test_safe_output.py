"""Output that is safe to show and paste: user strings cannot drive the terminal or add
Markdown of their own."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from negotiation_rules import SituationError, loads_situation, replay, situation_from_dict
from negotiation_rules.cli import main
from negotiation_rules.levers import with_levers
from negotiation_rules.render import render_markdown, render_text, replay_markdown
from negotiation_rules.safe_text import markdown_escaped, printable

from .strategies import documents

HOSTILE = r'''
[negotiation]
title = "Deal\u001b[2J\u001b]0;owned\u0007 <script>alert(1)</script>\n# Injected [x](javascript:x)"
side = "seller"
unit = "U|SD\u001b[31m\u202e"
[value]
low = 100
high = 200
confidence = "high"
[you]
target = 180
reservation = 120
[you.batna]
description = "<img src=x onerror=alert(1)>"
status = "in_hand"
value = 110
[[moves]]
by = "you"
type = "offer"
value = 190
[[moves]]
by = "them"
type = "offer"
value = 90
[[issues]]
name = "<b>rights</b>\u001b[2J | [x](javascript:x)"
your_priority = "low"
their_priority = "high"
[plan]
move = "offer"
value = 170
in_exchange_for = "[x](javascript:alert(1)) | \u001b[2J"
'''


@pytest.fixture
def hostile(tmp_path: Path) -> str:
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE)
    return str(path)


CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Every control character but the newline, and the bidirectional overrides."""


class TestTerminal:
    """Text output strips escape sequences and control characters from user strings."""

    @pytest.mark.parametrize("args", [["assess", "--explain", "--why-not", "hold",
                                       "--set", "plan.value=175"], ["replay"]],
                             ids=["assess", "replay"])
    def test_no_escape_reaches_the_terminal(self, runner: CliRunner, hostile: str,
                                            args: list[str]) -> None:
        result = runner.invoke(main, [args[0], hostile, *args[1:]])
        assert result.exit_code == 0
        assert CONTROL.search(result.output) is None
        assert "Deal <script>" in result.output  # shown, as plain text
        if args[0] == "assess":
            assert "<b>rights</b> | [x](javascript:x)" in result.output  # an issue name
        assert "U|SD" in result.output

    def test_printable(self) -> None:
        assert printable("a\x1b[2Jb\x1b]0;title\x07c\td\ne\x00f\u202eg\x9bh") == "abc d efgh"


class TestMarkdown:
    """Markdown output escapes what it prints."""

    def test_no_markup_from_the_user(self, runner: CliRunner, hostile: str) -> None:
        output = runner.invoke(main, ["assess", hostile, "--format", "markdown", "--explain",
                                      "--why-not", "hold", "--set", "plan.value=175"]).output
        assert re.search(r"(?<!\\)<", output) is None  # no HTML tag
        assert re.search(r"(?<!\\)\]\(", output) is None  # no link
        headings = [line for line in output.splitlines() if line.startswith("#")]
        assert not any("Injected" in line and not line.startswith("## Deal")
                       for line in headings)
        assert CONTROL.search(output) is None

    def test_replay_table_keeps_its_columns(self) -> None:
        """A pipe in the unit does not add a column to the replay table."""
        table = replay_markdown(replay(loads_situation(HOSTILE)), "t")
        rows = [line for line in table.splitlines() if line.startswith("|")]
        assert all(len(re.findall(r"(?<!\\)\|", row)) == 5 for row in rows)

    @pytest.mark.parametrize(("text", "expected"), [
        ("<b>x</b>", r"\<b\>x\</b\>"),
        ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
        ("a|b", r"a\|b"),
        ("line\n# heading", "line # heading"),
        ("*em* _u_ `c` &amp;", r"\*em\* \_u\_ \`c\` \&amp;"),
    ], ids=["html", "link", "pipe", "newline", "emphasis"])
    def test_markdown_escaped(self, text: str, expected: str) -> None:
        assert markdown_escaped(text) == expected

    def test_fenced_why_not_cannot_be_closed_early(self) -> None:
        from negotiation_rules.render import _fence

        assert _fence(["a ```` b"]) == "`````"
        assert _fence(["plain"]) == "```"


class TestEverySituation:
    """Whatever the situation and its strings, the text fits and carries no control."""

    @given(documents(), st.text(max_size=30), st.text(max_size=8))
    @settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
    def test_text_and_markdown(self, doc: dict[str, Any], title: str, unit: str) -> None:
        doc["negotiation"].update(title=title, unit=unit)
        assume(title.strip() and unit.strip())
        try:
            answer = with_levers(situation_from_dict(doc))
        except SituationError:  # a title the loader refuses (too long, say)
            return
        text = render_text(answer, explain=True, width=60)
        assert CONTROL.search(text) is None
        assert all(len(line) <= 60 for line in text.splitlines()
                   if len(line.split()) > 1), text
        markdown = render_markdown(answer, explain=True)
        assert CONTROL.search(markdown) is None
        assert re.search(r"(?<!\\)<", markdown) is None
