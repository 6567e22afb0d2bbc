"""The ``nrules`` command line: assess, replay, report, batch, init, validate, rules, schema,
mcp."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn, TextIO

import click

from .assessment import plain_data
from .errors import SituationError
from .knowledge import KnowledgeBase, RuleInfo
from .loading import decode, load_situation, loads_situation, read_limited
from .render import (
    answer_data,
    render_markdown,
    render_text,
    replay_markdown,
    replay_text,
    rules_markdown,
    rules_text,
)
from .situation import Situation

if TYPE_CHECKING:  # their modules load with the commands that use them
    from .assessment import Assessment
    from .explain import WhyNot
    from .explore import Comparison, Step

EXIT_OK = 0
EXIT_BAD_INPUT = 2

_FILE = click.argument("file", type=click.Path(dir_okay=True, allow_dash=True, path_type=str))


def _load(file: str) -> Situation:
    """Load the situation from a file, or from stdin for '-'; raises SituationError."""
    if file == "-":
        raw = read_limited(sys.stdin.buffer, source="<stdin>")
        return loads_situation(decode(raw, "<stdin>"), "<stdin>")
    return load_situation(file)


def _read(file: str) -> Situation:
    """Load the situation, or report every problem on stderr and exit 2."""
    try:
        return _load(file)
    except SituationError as error:
        _fail(error)


def _fail(error: SituationError) -> NoReturn:
    for line in str(error).splitlines():
        click.echo(f"error: {line}", err=True)
    sys.exit(EXIT_BAD_INPUT)


PARTIAL = ".{name}.{pid}.{token}.nrules-partial"
"""Where a file being written lives until it is complete: beside its target, hidden. A run
killed outright (SIGKILL) leaves one; the next run writing that target removes it."""


def _stop(temporary: str, number: int, _: object) -> NoReturn:
    """On SIGTERM: remove the partial file and exit at once. Unwinding instead would wait
    on `batch`'s worker pool, which can block for good when a worker was killed half-way
    through sending its answers (its pipe then holds half a message)."""
    import multiprocessing

    with contextlib.suppress(OSError):
        os.unlink(temporary)
    for worker in multiprocessing.active_children():
        worker.kill()
    os._exit(128 + number)


def _remove_stale(directory: str, name: str) -> None:
    """Remove partial files of ``name`` that processes no longer running left behind."""
    import glob  # only commands that write a file need it

    prefix = os.path.join(glob.escape(directory), glob.escape(f".{name}."))
    for stale in glob.glob(f"{prefix}*.*.nrules-partial", include_hidden=True):
        pid = stale[len(os.path.join(directory, f".{name}.")):].split(".")[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                os.unlink(stale)
        except OSError:
            pass  # alive, under another user


def _cannot_write(path: str, reason: str) -> NoReturn:
    click.echo(f"error: {path}: {reason}", err=True)
    sys.exit(EXIT_BAD_INPUT)


@contextlib.contextmanager
def _writing(path: str, force: bool) -> Iterator[TextIO]:
    """A stream whose text replaces ``path`` once the block ends without error ('-' is
    standard output). The text goes to a partial file beside it (see `PARTIAL`), renamed
    over ``path`` at the end, so ``path`` is never half-written; SIGTERM removes the
    partial file. A new file gets the umask's mode, a replaced one keeps its own. Exits 2
    when ``path`` exists and ``force`` is not given, is not a regular file, or cannot be
    written."""
    if path == "-":
        yield sys.stdout
        return
    import secrets
    import signal
    import stat
    import threading

    try:
        existing: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        _cannot_write(path, f"cannot write: {exc.strerror}")
    if existing is not None:
        if stat.S_ISDIR(existing.st_mode):
            _cannot_write(path, "is a directory; give a file name")
        if not stat.S_ISREG(existing.st_mode):
            _cannot_write(path, "is not a regular file (a device, pipe or socket); write to a "
                                "file, or to '-' for standard output")
        if not force:
            _cannot_write(path, "exists; use --force to replace it")
    directory, name = os.path.split(os.path.abspath(path))
    _remove_stale(directory, name)
    temporary = os.path.join(directory, PARTIAL.format(name=name, pid=os.getpid(),
                                                       token=secrets.token_hex(4)))
    # Only the main thread may set a handler (main() may run in another, embedded).
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, functools.partial(_stop, temporary)) \
        if main_thread else None
    try:
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            if existing is not None:
                os.fchmod(handle, stat.S_IMODE(existing.st_mode))
        except OSError as exc:
            _cannot_write(path, f"cannot write: {exc.strerror}")
        try:
            with open(handle, "w", encoding="utf-8") as stream:
                yield stream
            os.replace(temporary, path)
        except OSError as exc:  # a full disk, mostly
            _cannot_write(path, f"cannot write: {exc.strerror}")
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="negotiation-rules", prog_name="nrules")
def main() -> None:
    """Which negotiation tool to reach for now, what could go wrong, and why."""


@main.command("assess", short_help="The tool to reach for now, the risks, and why.")
@_FILE
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True, help="How to print the answer.")
@click.option("--explain", is_flag=True,
              help="Also show every firing with the facts it matched and its principle.")
@click.option("--why-not", "why_not_", multiple=True, metavar="TOOL_OR_RISK",
              help="Explain why a tool was not the headline or a risk was not raised.")
@click.option("--set", "assignments", multiple=True, metavar="PATH=VALUE",
              help="What if: change the situation first (TOML value, e.g. "
                   "you.batna.status=in_hand or moves[2].value=480000) and show what changed.")
def assess_command(file: str, fmt: str, explain: bool, why_not_: tuple[str, ...],
                   assignments: tuple[str, ...]) -> None:
    """Assess a situation file ('-' reads stdin): the tool to reach for now and why.

    Example: nrules assess examples/job-offer.toml --explain
    """
    situation = _read(file)
    comparison = None
    if assignments:
        from .changes import parse_assignment
        from .explore import what_if

        try:
            comparison = what_if(situation, [parse_assignment(a) for a in assignments],
                                 levers=True)
        except SituationError as error:
            _fail(error)
    if comparison is None:
        from .levers import with_levers

        assessment = with_levers(situation)
    else:
        assessment = comparison.after
    answers = []
    if why_not_:
        from .explain import why_not

        try:
            answers = [why_not(assessment, target) for target in why_not_]
        except ValueError as error:  # not a tool or a risk of the knowledge base
            click.echo(f"error: --why-not: {error}", err=True)
            sys.exit(EXIT_BAD_INPUT)
    if fmt == "json":
        output = _json(assessment_data(assessment, comparison, answers))
    elif fmt == "markdown":
        output = render_markdown(assessment, explain, comparison, answers)
    else:
        terminal = sys.stdout.isatty()
        if terminal:
            import shutil  # with its compression modules: only worth it on a terminal

            width = shutil.get_terminal_size().columns
        else:
            width = 80
        color = terminal and "NO_COLOR" not in os.environ
        output = render_text(assessment, explain, comparison, answers, width, color)
    click.echo(output, nl=False)


@main.command(short_help="The advice after each move of a negotiation.")
@_FILE
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True, help="How to print the timeline.")
def replay(file: str, fmt: str) -> None:
    """Replay a negotiation: the advice after each move, and the risks each move changed.

    Example: nrules replay examples/vendor-contract.toml
    """
    from .explore import replay as replay_steps

    situation = _read(file)
    steps = replay_steps(situation)
    title = situation.negotiation.title
    if fmt == "json":
        click.echo(_json(replay_data(title, steps)), nl=False)
    elif fmt == "markdown":
        click.echo(replay_markdown(steps, title), nl=False)
    else:
        click.echo(replay_text(steps, title), nl=False)


_FORCE = click.option("--force", is_flag=True, help="Replace the output file if it exists.")


@main.command(short_help="Assess many situations, one JSON answer per line.")
@click.argument("source", type=click.Path(allow_dash=True, path_type=str))
@click.option("-o", "--output", metavar="FILE",
              help="Write the answers to this file ('-': standard output, the default); it is "
                   "replaced only once all are written.")
@_FORCE
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes: the library is stateless per call, so it scales by "
                   "processes.")
def batch(source: str, output: str | None, force: bool, jobs: int) -> None:
    """Assess many situations: JSON Lines (one per line, '-' for stdin), a directory of
    TOML files, or one TOML file (a name ending in .toml). One JSON answer per line, in
    input order; a bad situation gives an error object on its line and the rest go on.
    Exit 0 when all were assessed, 1 when some were not, 2 when SOURCE cannot be read.

    Example: nrules batch situations.jsonl -o answers.jsonl --jobs 2
    """
    from .batch import Item, assess_all, json_lines, toml_files

    with contextlib.ExitStack() as stack:
        items: Iterable[Item]
        if source == "-":
            items = json_lines(sys.stdin.buffer)
        elif os.path.isdir(source):
            items = toml_files(source)
        elif source.endswith(".toml"):
            items = [(source, source)]  # one situation file: a batch of one
        else:
            items = json_lines(stack.enter_context(_open_lines(source)))
        answers = assess_all(items, jobs)
        if sys.stderr.isatty():
            answers = stack.enter_context(click.progressbar(
                answers, label="Assessing", file=sys.stderr, show_pos=True))
        sink = stack.enter_context(_writing(output or "-", force))
        count = failed = 0
        try:
            for ok, line in answers:
                sink.write(line + "\n")
                count += 1
                failed += not ok
        except KeyboardInterrupt:
            click.echo(f"interrupted after {count} situations", err=True)
            sys.exit(130)
    click.echo(f"{count} situations, {failed} not assessed", err=True)
    sys.exit(1 if failed else EXIT_OK)


def _open_lines(source: str) -> BinaryIO:
    """A JSON Lines file or pipe, opened for reading; exits 2 for anything else."""
    import stat

    try:
        kind = os.stat(source).st_mode
        if not (stat.S_ISREG(kind) or stat.S_ISFIFO(kind)):
            click.echo(f"error: {source}: is not a file, a pipe or a directory", err=True)
            sys.exit(EXIT_BAD_INPUT)
        return open(source, "rb")
    except OSError as exc:
        click.echo(f"error: {source}: cannot read: {exc.strerror}", err=True)
        sys.exit(EXIT_BAD_INPUT)


@main.command(short_help="Write a self-contained HTML report with charts.")
@_FILE
@click.option("-o", "--output", metavar="FILE", default="report.html", show_default=True,
              help="Where to write the report ('-': standard output).")
@_FORCE
def report(file: str, output: str, force: bool) -> None:
    """Write a self-contained HTML report with charts (needs the 'report' extra).

    Example: nrules report examples/lease.toml -o lease.html
    """
    from .levers import with_levers
    from .report import MissingExtra, render_report

    situation = _read(file)
    with _writing(output, force) as stream:  # checked before the charts take their second
        try:
            stream.write(render_report(situation, with_levers(situation)))
        except MissingExtra as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
    if output != "-":
        click.echo(f"wrote {output}", err=True)


@main.command(short_help="Answer a few questions; get a situation file.")
@click.option("-o", "--output", metavar="FILE", default="situation.toml", show_default=True,
              help="The file to write ('-': standard output).")
@click.option("--no-input", is_flag=True, help="Ask nothing: write the commented template.")
@_FORCE
def init(output: str, no_input: bool, force: bool) -> None:
    """Ask a few questions and write a commented situation file.

    Example: nrules init -o offer.toml
    """
    from .wizard import Answers, ask, situation_toml

    with _writing(output, force) as stream:  # checked before any question is asked
        stream.write(situation_toml(Answers() if no_input else ask()))
    if output != "-":
        click.echo(f"wrote {output}; next: nrules assess {output}", err=True)


@main.command(short_help="Check situation files.")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=True, allow_dash=True, path_type=str))
def validate(files: tuple[str, ...]) -> None:
    """Check situation files ('-' reads stdin): "FILE: ok" for each valid one, every
    problem of the others under their name; exit 0 when all are valid, 2 when not.

    Example: nrules validate examples/*.toml
    """
    from .errors import SHOWN_PROBLEMS
    from .safe_text import printable  # paths and keys echoed back may hold escapes

    bad = 0
    for file in files:
        try:
            _load(file)
        except SituationError as error:
            bad += 1
            problems = [printable(str(p)) for p in error.problems]
            name = printable(error.source or file)
            if len(problems) == 1:
                click.echo(f"error: {name}: {problems[0]}", err=True)
                continue
            click.echo(f"error: {name}: {len(problems)} problems", err=True)
            for problem in problems[:SHOWN_PROBLEMS]:
                click.echo(f"  {problem}", err=True)
            if len(problems) > SHOWN_PROBLEMS:
                click.echo(f"  ... and {len(problems) - SHOWN_PROBLEMS} more", err=True)
        else:
            click.echo(f"{'<stdin>' if file == '-' else printable(file)}: ok")
    if len(files) > 1:
        click.echo(f"{len(files)} files, {bad} with problems", err=True)
    sys.exit(EXIT_BAD_INPUT if bad else EXIT_OK)


@main.command(short_help="List every rule of the knowledge base.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True, help="How to print the catalogue.")
def rules(fmt: str) -> None:
    """List the knowledge base: every rule's code, name, output and principle.

    Example: nrules rules --format markdown
    """
    infos = KnowledgeBase.default().rules()
    if fmt == "json":
        click.echo(_json([rule_data(info) for info in infos]), nl=False)
    elif fmt == "markdown":
        click.echo(rules_markdown(infos), nl=False)
    else:
        click.echo(rules_text(infos), nl=False)


@main.command(short_help="Print the JSON Schema of the input or the answer.")
@click.argument("document", type=click.Choice(["situation", "assessment"]))
def schema(document: str) -> None:
    """Print the JSON Schema (draft 2020-12) of the situation file or of the JSON answer.

    Example: nrules schema assessment > assessment.schema.json
    """
    from .schema import assessment_schema, situation_schema

    click.echo(_json(situation_schema() if document == "situation" else assessment_schema()),
               nl=False)


@main.command(short_help="Serve the knowledge base to AI assistants (MCP).")
@click.option("--http", "address", metavar="HOST:PORT",
              help="Serve streamable HTTP at this address instead of stdio; the host is "
                   "127.0.0.1 unless named (--http :8000).")
@click.option("--timeout", type=click.FloatRange(min=0.1), metavar="SECONDS",
              help="How long a tool call may run before it is answered with an error "
                   "(default 30).")
def mcp(address: str | None, timeout: float | None) -> None:
    """Serve the knowledge base over the Model Context Protocol, for AI assistants
    (needs the 'mcp' extra). Tools: assess, why_not, what_if, replay, rules, validate.

    Example: nrules mcp --http 127.0.0.1:8765
    """
    import importlib.util

    if importlib.util.find_spec("mcp") is None:
        click.echo("error: nrules mcp needs the MCP SDK: pip install 'negotiation-rules[mcp]'",
                   err=True)
        sys.exit(1)
    from .mcp_server import parse_address, serve

    try:
        endpoint = None if address is None else parse_address(address)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--http'") from None
    serve(endpoint, timeout)


def assessment_data(assessment: Assessment, comparison: Comparison | None = None,
                    answers: Sequence[WhyNot] = ()) -> dict[str, Any]:
    """The JSON answer of ``assess``, with the what-if and why-not parts when asked for."""
    data = answer_data(assessment)
    if comparison is not None:
        data["what_if"] = comparison.to_dict()
    if answers:
        data["why_not"] = [answer.to_dict() for answer in answers]
    return data


def replay_data(title: str | None, steps: Sequence[Step]) -> dict[str, Any]:
    """The JSON timeline of ``replay``."""
    return {"title": title, "steps": plain_data(list(steps))}


def rule_data(info: RuleInfo) -> dict[str, Any]:
    """One rule of the ``rules`` catalogue as JSON."""
    return {
        "code": info.code, "name": info.name, "principle": info.principle, "kind": info.kind,
        "tool": info.tool, "risk": info.risk, "severity": info.severity,
        "priority": info.priority, "description": info.description, "why": info.why,
        "conditions": [str(c) for c in info.conditions], "source": info.source,
    }
