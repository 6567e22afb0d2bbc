"""Issue 14: hostile input through the real command line exits 2 (or 1 for a batch with bad
items) with a plain message, within a bounded time, and never with a traceback."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from negotiation_rules.cli import main

from .helpers import ROOT

BASE = '[negotiation]\nside = "buyer"\n'
LEASE = str(ROOT / "examples" / "lease.toml")
COMMAND = [sys.executable, "-c", "from negotiation_rules.__main__ import main; main()"]
"""nrules, as the installed script runs it."""
LIMIT = 60
"""Seconds any one command may take: far above what each needs, so only a hang trips it."""


def nrules(*args: str, stdin: bytes = b"", cwd: Path | None = None, umask: int | None = None,
           process: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the command, failing the test on a traceback. With ``process`` (implied by
    ``cwd`` and ``umask``) in a process of its own, as a user would, failing it on a hang
    too; else in this one (faster) for input that cannot hang."""
    if not (process or cwd or umask is not None):
        result = CliRunner().invoke(main, list(args), input=stdin)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return subprocess.CompletedProcess(args, result.exit_code, result.stdout,
                                           result.stderr)

    def prepare() -> None:
        if umask is not None:
            os.umask(umask)

    raw = subprocess.run([*COMMAND, *args], input=stdin, capture_output=True, timeout=LIMIT,
                         cwd=cwd, preexec_fn=prepare)
    ran = subprocess.CompletedProcess(raw.args, raw.returncode,
                                      raw.stdout.decode("utf-8", "replace"),
                                      raw.stderr.decode("utf-8", "replace"))
    assert "Traceback" not in ran.stderr, ran.stderr
    return ran


def bad(*args: str, stdin: bytes = b"", process: bool = False) -> str:
    """The one-line error of a command that must exit 2."""
    result = nrules(*args, stdin=stdin, process=process)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stderr.startswith("error: ")
    return result.stderr


def situation_file(tmp_path: Path, text: str, name: str = "s.toml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


class TestAssessFiles:
    """nrules assess FILE."""

    @pytest.mark.parametrize(("body", "message"), [
        ("[you]\ntarget = 5e-324\n", "you.target: must be 0 or at least 0.000000001"),
        ("[you]\ntarget = " + "9" * 5000 + "\n", "an integer has more than 4,300 digits"),
        ("[you]\ntarget = 1_000_000_000_000_001\n", "got 1,000,000,000,000,001"),
        ("[you]\ntarget = 1e400\n", "must be a finite number"),
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        ("[[issues]]\nname = 'x'\n" * 1001, "has 1,001 issues; the limit is 1,000"),
    ], ids=["subnormal", "4300-digits", "over-max", "infinite", "nested", "issues"])
    def test_bad_values(self, tmp_path: Path, body: str, message: str) -> None:
        assert message in bad("assess", situation_file(tmp_path, BASE + body))

    def test_an_empty_file(self, tmp_path: Path) -> None:
        assert "is empty; a situation needs at least a [negotiation] table" in bad(
            "assess", situation_file(tmp_path, ""))

    def test_a_byte_order_mark(self, tmp_path: Path) -> None:
        path = tmp_path / "bom.toml"
        path.write_bytes(b"\xef\xbb\xbf" + Path(LEASE).read_bytes())
        assert nrules("assess", str(path)).returncode == 0

    def test_a_fifo_with_no_writer_is_refused_at_once(self, tmp_path: Path) -> None:
        fifo = tmp_path / "pipe.toml"
        os.mkfifo(fifo)
        assert "is not a regular file" in bad("assess", str(fifo), process=True)

    @pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
    def test_a_device(self, device: str) -> None:
        assert "is not a regular file" in bad("assess", device)

    def test_a_file_over_the_size_limit_on_stdin(self) -> None:
        assert "larger than the limit of 1,048,576 bytes" in bad(
            "assess", "-", stdin=b"# " + b"x" * (3 << 20))

    def test_a_huge_integer_on_stdin(self) -> None:
        assert "more than 4,300 digits" in bad(
            "assess", "-", stdin=(BASE + "[you]\ntarget = " + "9" * 5000).encode())

    @pytest.mark.parametrize(("change", "message"), [
        ("you.target=" + "9" * 5000, "the value has more than 4,300 digits"),
        ("you.target=" + "[" * 3000 + "]" * 3000, "the value is nested too deeply"),
        ("you.target=5e-324", "must be 0 or at least"),
    ], ids=["4300-digits", "nested", "subnormal"])
    def test_bad_what_if_values(self, change: str, message: str) -> None:
        assert message in bad("assess", LEASE, "--set", change)


class TestBatch:
    """nrules batch: a bad item is an error line; the rest go on."""

    def test_a_directory_with_a_bad_file_and_a_fifo(self, tmp_path: Path) -> None:
        situation_file(tmp_path, Path(LEASE).read_text(), "a.toml")
        situation_file(tmp_path, BASE + "[you]\ntarget = " + "9" * 5000 + "\n", "b.toml")
        os.mkfifo(tmp_path / "c.toml")
        situation_file(tmp_path, BASE + "[you]\ntarget = 5e-324\n", "d.toml")
        result = nrules("batch", str(tmp_path), process=True)
        assert result.returncode == 1
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert "headline" in lines[0]
        assert [line["error"]["problems"][0]["message"][:28] for line in lines[1:]] == [
            "invalid TOML: an integer has", "is not a regular file (a pip",
            "must be 0 or at least 0.0000"]

    def test_a_line_over_the_limit_is_skipped_without_holding_it(self) -> None:
        good = json.dumps({"negotiation": {"side": "buyer"}}).encode()
        result = nrules("batch", "-", stdin=b"[" * (5 << 20) + b"\n" + good + b"\n")
        assert result.returncode == 1
        first, second = (json.loads(line) for line in result.stdout.splitlines())
        assert first["error"]["problems"][0]["message"] == \
            "the line is longer than the limit of 1,048,576 bytes"
        assert "headline" in second

    @pytest.mark.parametrize("line", [
        '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"negotiation": {"side": "buyer"}, "you": {"target": ' + "9" * 5000 + "}}",
        '{"negotiation": {"side": "buyer"}, "you": {"target": 5e-324}}',
    ], ids=["nested", "4300-digits", "subnormal"])
    def test_hostile_lines(self, line: str) -> None:
        result = nrules("batch", "-", stdin=line.encode() + b"\n")
        assert result.returncode == 1
        assert "error" in json.loads(result.stdout)

    def test_a_device_is_refused(self) -> None:
        assert "/dev/zero: is not a file, a pipe or a directory" in bad("batch", "/dev/zero")

    def test_a_toml_file_is_one_situation(self) -> None:
        result = nrules("batch", LEASE)
        assert result.returncode == 0
        assert [json.loads(line)["headline"]["tool"] for line in result.stdout.splitlines()] \
            == ["walk_away"]


class TestOutputFiles:
    """-o for report, batch and init: replaced whole, never by accident, never a device."""

    @pytest.mark.parametrize("command", [["report", LEASE], ["batch", LEASE],
                                         ["init", "--no-input"]])
    def test_an_existing_file_needs_force(self, tmp_path: Path, command: list[str]) -> None:
        out = tmp_path / "out"
        out.write_text("mine")
        assert "out: exists; use --force to replace it" in bad(*command, "-o", str(out))
        assert out.read_text() == "mine"
        assert nrules(*command, "-o", str(out), "--force").returncode == 0
        assert out.read_text() != "mine"

    @pytest.mark.parametrize("command", [["report", LEASE], ["batch", LEASE],
                                         ["init", "--no-input"]])
    def test_dash_is_standard_output(self, tmp_path: Path, command: list[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(tmp_path)
        result = nrules(*command, "-o", "-")
        assert result.returncode == 0 and result.stdout
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize(("target", "message"), [
        ("/dev/null", "is not a regular file (a device, pipe or socket)"),
        ("fifo", "is not a regular file (a device, pipe or socket)"),
        (".", "is a directory; give a file name"),
    ], ids=["device", "fifo", "directory"])
    def test_not_a_regular_file(self, tmp_path: Path, target: str, message: str) -> None:
        os.mkfifo(tmp_path / "fifo")
        path = target if target.startswith("/") else str(tmp_path / target)
        for command in (["report", LEASE], ["batch", LEASE]):
            assert message in bad(*command, "-o", path, "--force")
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)

    def test_a_new_file_gets_the_umask_mode(self, tmp_path: Path) -> None:
        out = tmp_path / "answers.jsonl"
        assert nrules("batch", LEASE, "-o", str(out), umask=0o027).returncode == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o640

    def test_a_replaced_file_keeps_its_mode(self, tmp_path: Path) -> None:
        out = tmp_path / "answers.jsonl"
        out.write_text("old")
        out.chmod(0o604)
        assert nrules("batch", LEASE, "-o", str(out), "--force").returncode == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o604

    def test_writing_from_a_thread_other_than_the_main_one(self, tmp_path: Path) -> None:
        """Only the main thread may handle SIGTERM: elsewhere the file is written anyway."""
        out = tmp_path / "answers.jsonl"
        codes: list[int] = []
        worker = threading.Thread(target=lambda: codes.append(
            CliRunner().invoke(main, ["batch", LEASE, "-o", str(out)]).exit_code))
        worker.start()
        worker.join()
        assert codes == [0] and out.read_text().startswith('{"schema_version"')

    @pytest.mark.parametrize("group", [True, False], ids=["process group", "command alone"])
    def test_sigterm_removes_the_partial_file(self, tmp_path: Path, group: bool) -> None:
        """Sent to the process group (as a service manager does) or to the command alone
        (as `kill PID` does): it exits at once, workers and all (one left running would
        keep the output pipes open), with no partial file and no traceback."""
        source = tmp_path / "in.jsonl"
        line = json.dumps({"negotiation": {"side": "buyer"},
                           "moves": [{"by": "them", "type": "offer", "value": 5}] * 500})
        source.write_text((line + "\n") * 20_000)
        out = tmp_path / "out.jsonl"
        process = subprocess.Popen(
            [*COMMAND, "batch", str(source), "-o", str(out), "--jobs", "2"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            deadline = time.monotonic() + LIMIT
            while not list(tmp_path.glob(".out.jsonl.*.nrules-partial")):
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.01)
            time.sleep(0.5)  # the workers are up
            if group:
                os.killpg(process.pid, signal.SIGTERM)
            else:
                process.send_signal(signal.SIGTERM)
            _, stderr = process.communicate(timeout=LIMIT)  # every holder of the pipes gone
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        assert process.returncode == 128 + signal.SIGTERM
        assert b"Traceback" not in stderr, stderr.decode()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]

    def test_a_partial_file_left_by_sigkill_is_removed_by_the_next_run(self,
                                                                      tmp_path: Path) -> None:
        dead = 4_194_305  # above Linux's largest pid: no such process
        stale = tmp_path / f".out.jsonl.{dead}.0a1b2c3d.nrules-partial"
        live = tmp_path / f".out.jsonl.{os.getpid()}.0a1b2c3d.nrules-partial"
        other = tmp_path / f".other.jsonl.{dead}.0a1b2c3d.nrules-partial"
        for path in (stale, live, other):
            path.write_text("half")
        assert nrules("batch", LEASE, "-o", str(tmp_path / "out.jsonl")).returncode == 0
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [live.name, other.name, "out.jsonl"])


def test_a_unit_matplotlib_would_parse_as_mathtext(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    text = Path(LEASE).read_text()
    assert 'unit = "' in text
    path = situation_file(tmp_path, text.replace('unit = "', 'unit = "$$', 1))
    result = nrules("report", path, "-o", str(tmp_path / "r.html"))
    assert result.returncode == 0


def test_replay_of_the_longest_history_finishes() -> None:
    """10,000 moves (the limit): a bounded run, not the 41 s of the quadratic replay."""
    moves = [{"by": "them" if i % 2 == 0 else "you", "type": "offer",
              "value": 100_000 - i // 2 if i % 2 == 0 else 50_000 + i // 2}
             for i in range(10_000)]
    document = {"negotiation": {"side": "buyer"}, "moves": moves}
    toml = BASE + "".join(f'[[moves]]\nby = "{m["by"]}"\ntype = "offer"\nvalue = {m["value"]}\n'
                          for m in document["moves"])  # type: ignore[union-attr]
    result = nrules("replay", "-", "--format", "json", stdin=toml.encode())
    assert result.returncode == 0
    assert len(json.loads(result.stdout)["steps"]) < 100


def test_property_tests_have_no_deadline() -> None:
    """Issue 14: Hypothesis raised DeadlineExceeded on a loaded machine."""
    assert settings().deadline is None

