"""The nrules command line: output, exit codes, streams."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from negotiation_rules import KnowledgeBase, __version__
from negotiation_rules.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"
JOB = str(EXAMPLES / "job-offer.toml")


class TestAssess:
    """nrules assess."""

    def test_text_puts_the_headline_first(self, runner: CliRunner) -> None:
        result = runner.invoke(main, ["assess", str(EXAMPLES / "vendor-contract.toml")])
        assert result.exit_code == 0
        lines = result.output.splitlines()
        assert lines[2] == "Reach for: HOLD  (CO01)"
        assert lines.index("Warnings:") < lines.index("Preparation:")
        assert result.output.rstrip().splitlines()[-2].startswith("Position: ")

    def test_each_advice_line_names_its_rule_once(self, runner: CliRunner) -> None:
        """A compact code at the end of the advice, no dotted name, no snake_case risk."""
        output = runner.invoke(main, ["assess", str(EXAMPLES / "vendor-contract.toml")]).output
        warnings = output[output.index("Warnings:"):output.index("Recommendations:")]
        assert warnings.splitlines()[3] == "  [high] Your last 2 concessions went unanswered; " \
            "the pattern tells them"
        assert "pressure works. (CO05)" in warnings
        assert "concede.one_sided" not in output and "one_sided_concessions" not in output
        assert "clears caving, escalating concessions" in " ".join(output.split())  # in words
        assert "headline hold" not in output  # a lever never "changes" hold to hold
        assert [line.split()[0] for line in warnings.splitlines()[1:] if "[" in line] == \
            ["[high]", "[high]", "[medium]"]

    def test_notes_wait_for_explain(self, runner: CliRunner) -> None:
        """Quiet by default: notes (which ask nothing of you) are counted, not printed."""
        path = str(EXAMPLES / "vendor-contract.toml")
        quiet = runner.invoke(main, ["assess", path]).output
        assert "Notes: 2 (--explain shows them)" in quiet and "Their deadline" not in quiet
        full = runner.invoke(main, ["assess", path, "--explain"]).output
        notes = full[full.index("Notes:\n"):full.index("Levers")]
        assert len([line for line in notes.splitlines() if line.startswith("  - ")]) == 2
        assert "Their deadline (20 days) comes before yours" in notes

    @pytest.mark.parametrize("columns", [60, 80])
    def test_lines_wrap_to_the_width(self, columns: int) -> None:
        from negotiation_rules import load_situation
        from negotiation_rules.levers import with_levers
        from negotiation_rules.render import render_text

        assessment = with_levers(load_situation(EXAMPLES / "vendor-contract.toml"))
        text = render_text(assessment, explain=True, width=columns)
        assert max(len(line) for line in text.splitlines()) <= columns
        assert "Make each step smaller than the last. (CO06)" in " ".join(text.split())

    def test_a_plain_assessment_loads_only_what_it_uses(self) -> None:
        """Start-up time: the explainer, what-if, the other commands and the modules only
        bad input or file output need stay unloaded."""
        deferred = ["negotiation_rules.explain", "negotiation_rules.explore",
                    "negotiation_rules.batch", "negotiation_rules.report",
                    "negotiation_rules.schema", "negotiation_rules.wizard", "difflib",
                    "tempfile", "importlib.metadata"]
        # The interpreter may have loaded some of these before us (a site .pth can import
        # certifi, and with it tempfile): forget them first, so only our imports count.
        code = ("import sys\nfor name in sys.argv[2:]: sys.modules.pop(name, None)\n"
                "from negotiation_rules.cli import main\n"
                "main(['assess', sys.argv[1]], standalone_mode=False)\n"
                "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n")
        result = subprocess.run([sys.executable, "-c", code, JOB, *deferred],
                                capture_output=True, text=True, check=True)
        assert "Reach for: ANCHOR" in result.stdout
        loaded = set(result.stderr.split())
        assert loaded & set(deferred) == set()
        assert "negotiation_rules.levers" in loaded

    def test_the_script_and_python_m_run_the_same_click_group(self, runner: CliRunner
                                                              ) -> None:
        """The console script's entry point is the click group itself (tools such as
        click-man load it), and ``python -m negotiation_rules`` answers alike."""
        from importlib.metadata import entry_points

        script = entry_points(group="console_scripts", name="nrules")
        assert [entry.load() for entry in script] == [main]
        command = subprocess.run(
            [sys.executable, "-c", "from negotiation_rules.__main__ import main; main()",
             "assess", JOB], capture_output=True, text=True, check=True)
        module = subprocess.run([sys.executable, "-m", "negotiation_rules", "assess", JOB],
                                capture_output=True, text=True, check=True)
        assert command.stdout == module.stdout == runner.invoke(main, ["assess", JOB]).output

    @pytest.mark.parametrize("collecting", [True, False])
    def test_loading_the_command_leaves_the_collector_as_it_found_it(
            self, collecting: bool) -> None:
        """Loading pauses the garbage collector and freezes what it loaded; a
        long-running command (``mcp``, ``batch``) still collects, and a host that had
        turned collection off keeps it off."""
        code = (f"import gc\nif not {collecting}: gc.disable()\n"
                "import negotiation_rules.__main__\n"
                "print(gc.isenabled(), gc.get_freeze_count() > 10_000)\n")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True)
        assert result.stdout.split() == [str(collecting), "True"]

    def test_json_is_the_versioned_answer(self, runner: CliRunner) -> None:
        result = runner.invoke(main, ["assess", JOB, "--format", "json"])
        assert result.exit_code == 0
        data = json.loads(result.stdout)
        assert data["schema_version"] == 1
        assert data["headline"]["tool"] == "anchor"
        assert {"rule", "kind", "risk", "message", "principle", "evidence"} <= set(
            data["advice"][0])
        advising = [t for t in data["trace"] if t["layer"] != "judge"]
        assert advising[0]["rule"] == data["headline"]["rule"]
        assert data["next_move"]["action"] == "offer"

    def test_explain_shows_conditions_facts_and_principles(self, runner: CliRunner) -> None:
        result = runner.invoke(main, ["assess", JOB, "--explain"])
        assert result.exit_code == 0
        assert "Why, firing by firing:" in result.output
        assert "- informed: yes (range 150,000 USD to 185,000 USD, confidence high;" \
            in result.output
        assert "- you have made an offer: no (your latest: none)" in result.output
        assert "principle (anchor.informed): Open first only when" in result.output

    def test_explain_shows_the_values_each_firing_matched(self, runner: CliRunner) -> None:
        """Not the bare condition (``table.stalled = true``) nor fact ids: the values."""
        def explained(example: str) -> str:
            output = runner.invoke(main, ["assess", str(EXAMPLES / example), "--explain"]).output
            return " ".join(output[output.index("Why, firing by firing:"):].split())

        # a measured field: its meaning, its value, the values that explain it
        lease = explained("lease.toml")
        assert "- you have made an offer: yes (your latest: 93 USD/h)" in \
            explained("freelance-rate.toml")
        # a verdict: its name, its value, and the numbers and threshold its judge compared
        assert re.search(r"- stall decides: yes \(neither offer changed for 2 rounds; "
                         r"needs 2\)", lease)
        # counts and days carry no unit
        assert "(your deadline: 45 days, their deadline: 20 days)" in \
            explained("vendor-contract.toml")
        explained = lease
        assert "= true" not in explained and "f-1" not in explained
        assert "judge." not in explained  # verdicts show where they are used

    def test_markdown(self, runner: CliRunner) -> None:
        result = runner.invoke(main, ["assess", JOB, "--format", "markdown"])
        assert result.exit_code == 0
        assert result.output.startswith("## Staff engineer offer at Acme\n")
        assert "**Reach for: `anchor`** (AN01)" in result.output
        vendor = runner.invoke(main, ["assess", str(EXAMPLES / "vendor-contract.toml"),
                                      "--format", "markdown"]).output
        assert "- **[high]** Your last 2 concessions went unanswered; the pattern tells " \
            "them pressure works. (CO05)\n" in vendor
        trades = runner.invoke(main, ["assess", str(EXAMPLES / "multi-issue.toml"),
                                      "--format", "markdown"]).output.splitlines()
        move = trades.index(next(line for line in trades if line.startswith("**Next move:**")))
        assert move < trades.index("### Warnings")  # right under the headline
        assert trades[move + 1].startswith("- ")

    def test_reads_stdin(self, runner: CliRunner) -> None:
        text = Path(JOB).read_text()
        result = runner.invoke(main, ["assess", "-", "--format", "json"], input=text)
        assert result.exit_code == 0
        assert json.loads(result.stdout)["headline"]["tool"] == "anchor"

    def test_bad_input_exits_2_with_every_problem_on_stderr(self, runner: CliRunner,
                                                            tmp_path: Path) -> None:
        path = tmp_path / "bad.toml"
        path.write_text('[negotiation]\nside = "seler"\n[[moves]]\nby = "you"\ntype = "offer"\n')
        result = runner.invoke(main, ["assess", str(path), "--format", "json"])
        assert result.exit_code == 2
        assert result.stdout == ""
        assert f"error: {path}: negotiation.side: got 'seler' (string)" in result.stderr
        assert f"error: {path}: moves[0].value: is required" in result.stderr
        assert "Traceback" not in result.stderr

    @pytest.mark.parametrize("args", [["assess", "missing.toml"], ["validate", "missing.toml"]])
    def test_missing_file_exits_2(self, runner: CliRunner, args: list[str]) -> None:
        result = runner.invoke(main, args)
        assert result.exit_code == 2
        assert result.stderr == "error: missing.toml: file not found\n"

    def test_bad_stdin_names_stdin(self, runner: CliRunner) -> None:
        result = runner.invoke(main, ["assess", "-"], input="side = ")
        assert result.exit_code == 2
        assert result.stderr.startswith("error: <stdin>: invalid TOML")

    def test_unknown_format_is_a_usage_error(self, runner: CliRunner) -> None:
        result = runner.invoke(main, ["assess", JOB, "--format", "yaml"])
        assert result.exit_code == 2
        assert "'yaml' is not one of 'text', 'json', 'markdown'" in result.stderr


class TestValidate:
    def test_valid_file(self, runner: CliRunner) -> None:
        result = runner.invoke(main, ["validate", JOB])
        assert (result.exit_code, result.output) == (0, f"{JOB}: ok\n")

    def test_invalid_file(self, runner: CliRunner, tmp_path: Path) -> None:
        path = tmp_path / "bad.toml"
        path.write_text("[negotiation]\n")
        result = runner.invoke(main, ["validate", str(path)])
        assert result.exit_code == 2
        assert result.stderr == f"error: {path}: negotiation.side: is required\n"

    def test_several_files_each_problem_under_its_file(self, runner: CliRunner,
                                                       tmp_path: Path) -> None:
        """Every file is checked; a bad one lists its problems under its name; exit 2."""
        bad = tmp_path / "bad.toml"
        bad.write_text('[negotiation]\nside = "seler"\n[[moves]]\nby = "you"\n'
                       'type = "offer"\n')
        result = runner.invoke(main, ["validate", JOB, str(bad), "missing.toml", JOB])
        assert result.exit_code == 2
        assert result.stdout == f"{JOB}: ok\n{JOB}: ok\n"
        lines = result.stderr.splitlines()
        assert lines[0] == f"error: {bad}: 2 problems"
        assert lines[1].startswith("  negotiation.side: got 'seler'")
        assert lines[2].startswith("  moves[0].value: is required")
        assert lines[3:] == ["error: missing.toml: file not found", "4 files, 2 with problems"]

    def test_stdin_is_named_as_in_errors(self, runner: CliRunner) -> None:
        result = runner.invoke(main, ["validate", "-"], input=Path(JOB).read_text())
        assert (result.exit_code, result.stdout) == (0, "<stdin>: ok\n")

    def test_all_valid_exits_0(self, runner: CliRunner) -> None:
        files = [str(path) for path in sorted(EXAMPLES.glob("*.toml"))]
        result = runner.invoke(main, ["validate", *files])
        assert result.exit_code == 0
        assert result.stdout.splitlines() == [f"{file}: ok" for file in files]

    def test_escapes_in_keys_do_not_reach_the_terminal(self, runner: CliRunner,
                                                        tmp_path: Path) -> None:
        path = tmp_path / "keys.toml"
        path.write_text('[negotiation]\nside = "seller"\n'
                        '"x\\u001b]0;owned\\u0007\\u001b[2J" = 1\n')
        result = runner.invoke(main, ["validate", str(path)])
        assert result.exit_code == 2
        assert "\x1b" not in result.stderr and "\x07" not in result.stderr
        assert "negotiation.x: unknown key" in result.stderr


class TestRules:
    def test_text_lists_every_rule_layer_by_layer(self, runner: CliRunner) -> None:
        result = runner.invoke(main, ["rules"])
        assert result.exit_code == 0
        lines = [line for line in result.output.splitlines() if line and line[0] != " "]
        layers = [line.split(":")[0] for line in lines if line.endswith(":")]
        assert layers == ["Judge", "Advise", "Propose", "Guard"]
        codes = [line.split()[0] for line in lines if not line.endswith(":")]
        infos = KnowledgeBase.default().rules()
        assert sorted(codes) == sorted(info.code for info in infos)
        order = ["judge", "advise", "propose", "guard"]
        by_code = {info.code: order.index(info.layer) for info in infos}
        assert [by_code[code] for code in codes] == sorted(by_code[code] for code in codes)

    def test_json_carries_the_metadata(self, runner: CliRunner) -> None:
        result = runner.invoke(main, ["rules", "--format", "json"])
        rules = {r["code"]: r for r in json.loads(result.stdout)}
        assert rules["CO04"]["risk"] == "caving"
        assert rules["CO04"]["principle"] == "concede.trade"
        assert rules["TK01"]["priority"] == 1
        assert "planned.asks_return = false" in rules["CO04"]["conditions"]

    def test_markdown_table(self, runner: CliRunner) -> None:
        result = runner.invoke(main, ["rules", "--format", "markdown"])
        assert result.output.startswith("**Judge: verdicts on the measured numbers**\n\n"
                                        "| code | name | gives | principle | what it does |")
        assert "| JU05 | `judge.stall_lasted` | verdict `stall_lasted` |" in result.output


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.output == f"nrules, version {__version__}\n"


@pytest.mark.parametrize("command", [
    ["report", str(EXAMPLES / "lease.toml"), "-o"],
    ["init", "--no-input", "-o"],
    ["batch", str(EXAMPLES), "-o"],
])
def test_unwritable_output_exits_2_without_a_traceback(runner: CliRunner, tmp_path: Path,
                                                       command: list[str]) -> None:
    target = tmp_path / "missing-folder" / "out"
    result = runner.invoke(main, [*command, str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {target}: cannot write: No such file or directory\n"
    assert not (tmp_path / "missing-folder").exists()
