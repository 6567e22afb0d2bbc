"""nrules batch: many situations in, answers in input order, bad lines reported in place."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from negotiation_rules import assess, load_situation
from negotiation_rules.cli import main
from negotiation_rules.render import answer_data

from .helpers import EXAMPLES


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    lines = [json.dumps(tomllib.loads(path.read_text())) for path in EXAMPLES]
    lines[2:2] = ['{"negotiation": {"side": "both"}}', "", "not json", "\ufffd"]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def expected() -> list[str]:
    return [json.dumps(answer_data(assess(load_situation(p))), ensure_ascii=False,
                       separators=(",", ":")) for p in EXAMPLES]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_answers_in_input_order_with_errors_in_place(runner: CliRunner, jsonl: Path,
                                                     jobs: str) -> None:
    result = runner.invoke(main, ["batch", str(jsonl), "--jobs", jobs])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    errors = [json.loads(line)["error"] for line in lines[2:5]]
    assert [e["source"] for e in errors] == ["line 3", "line 5", "line 6"]
    assert errors[0]["problems"][0]["path"] == "negotiation.side"
    assert errors[1]["problems"][0]["message"].startswith("invalid JSON")
    assert lines[:2] + lines[5:] == expected()
    assert result.stderr.endswith(f"{len(EXAMPLES) + 3} situations, 3 not assessed\n")


def test_directory_of_toml_files_to_an_output_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "answers.jsonl"
    result = runner.invoke(main, ["batch", str(EXAMPLES[0].parent), "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_text().splitlines() == expected()
    assert list(tmp_path.iterdir()) == [out]


def test_stdin(runner: CliRunner) -> None:
    text = json.dumps(tomllib.loads(EXAMPLES[0].read_text())) + "\n"
    result = runner.invoke(main, ["batch", "-"], input=text)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == expected()[:1]


def test_unreadable_source_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["batch", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2
    assert "cannot read" in result.stderr


def test_a_failed_run_leaves_no_partial_output(runner: CliRunner, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """If assessing stops half-way, the output file is neither created nor half-written."""
    import negotiation_rules.batch as batch

    def explode(item: object) -> tuple[bool, str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "assess_item", explode)
    out = tmp_path / "answers.jsonl"
    runner.invoke(main, ["batch", str(EXAMPLES[0].parent), "-o", str(out)])
    assert list(tmp_path.iterdir()) == []


def test_the_partitions_example_runs_locally() -> None:
    """examples/partitions.py maps the library over two partitions in two processes."""
    import subprocess
    import sys

    root = EXAMPLES[0].parent.parent
    result = subprocess.run([sys.executable, str(root / "examples" / "partitions.py")],
                            capture_output=True, text=True, check=True, cwd=root)
    tools = sorted(line.split()[0] for line in result.stdout.splitlines())
    assert tools == sorted(assess(load_situation(p)).headline.tool for p in EXAMPLES)
