"""The ``nrules`` command line: assess, replay, report, batch, init, validate, rules, schema,
mcp."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import click

from .assessment import Assessment, assess, plain_data
from .errors import SituationError
from .knowledge import KnowledgeBase, RuleInfo
from .loading import decode, load_situation, loads_situation, read_limited
from .render import (
    render_markdown,
    render_text,
    replay_markdown,
    replay_text,
    rules_markdown,
    rules_text,
)
from .situation import Situation

if TYPE_CHECKING:  # their modules load with the commands that use them
    from .explain import WhyNot
    from .explore import Comparison, Step

EXIT_OK = 0
EXIT_BAD_INPUT = 2

_FILE = click.argument("file", type=click.Path(dir_okay=True, allow_dash=True, path_type=str))


def _read(file: str) -> Situation:
    """Load the situation, or report every problem on stderr and exit 2."""
    try:
        if file == "-":
            raw = read_limited(sys.stdin.buffer, source="<stdin>")
            return loads_situation(decode(raw, "<stdin>"), "<stdin>")
        return load_situation(file)
    except SituationError as error:
        _fail(error)


def _fail(error: SituationError) -> NoReturn:
    for line in str(error).splitlines():
        click.echo(f"error: {line}", err=True)
    sys.exit(EXIT_BAD_INPUT)


@contextlib.contextmanager
def _replacing(path: str) -> Iterator[TextIO]:
    """A stream whose text replaces ``path`` once the block ends without error: written to
    a temporary file beside it, then renamed, so ``path`` is never half-written. Exits 2
    when nothing can be written there."""
    import tempfile  # only commands that write a file need it

    try:
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)),
                                             suffix=".partial")
    except OSError as exc:
        click.echo(f"error: {path}: cannot write: {exc.strerror}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    try:
        with open(handle, "w", encoding="utf-8") as stream:
            yield stream
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
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
    assessment = assess(situation, levers=True) if comparison is None else comparison.after
    answers = []
    if why_not_:
        from .explain import why_not

        try:
            answers = [why_not(assessment, target) for target in why_not_]
        except ValueError as error:  # not a tool or a risk of the knowledge base
            click.echo(f"error: --why-not: {error}", err=True)
            sys.exit(EXIT_BAD_INPUT)
    if fmt == "json":
        output = _json(answer_data(assessment, comparison, answers))
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


@main.command(short_help="Assess many situations, one JSON answer per line.")
@click.argument("source", type=click.Path(allow_dash=True, path_type=str))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=str),
              help="Write the answers to this file (replaced only once all are written).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes: the library is stateless per call, so it scales by "
                   "processes.")
def batch(source: str, output: str | None, jobs: int) -> None:
    """Assess many situations: JSON Lines (one per line, '-' for stdin) or a directory of
    TOML files. One JSON answer per line, in input order; a bad situation gives an error
    object on its line and the rest go on. Exit 0 when all were assessed, 1 when some
    were not, 2 when SOURCE cannot be read.

    Example: nrules batch situations.jsonl -o answers.jsonl --jobs 2
    """
    from .batch import assess_all, json_lines, toml_files

    with contextlib.ExitStack() as stack:
        if os.path.isdir(source):
            items = toml_files(source)
        elif source == "-":
            items = json_lines(sys.stdin.buffer)
        else:
            try:
                items = json_lines(stack.enter_context(open(source, "rb")))
            except OSError as exc:
                click.echo(f"error: {source}: cannot read: {exc.strerror}", err=True)
                sys.exit(EXIT_BAD_INPUT)
        answers = assess_all(items, jobs)
        if sys.stderr.isatty():
            answers = stack.enter_context(click.progressbar(
                answers, label="Assessing", file=sys.stderr, show_pos=True))
        sink = sys.stdout if output is None else stack.enter_context(_replacing(output))
        count = failed = 0
        for ok, line in answers:
            sink.write(line + "\n")
            count += 1
            failed += not ok
    click.echo(f"{count} situations, {failed} not assessed", err=True)
    sys.exit(1 if failed else EXIT_OK)


@main.command(short_help="Write a self-contained HTML report with charts.")
@_FILE
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=str),
              default="report.html", show_default=True, help="Where to write the report.")
def report(file: str, output: str) -> None:
    """Write a self-contained HTML report with charts (needs the 'report' extra).

    Example: nrules report examples/lease.toml -o lease.html
    """
    from .report import MissingExtra, render_report

    situation = _read(file)
    try:
        page = render_report(situation, assess(situation, levers=True))
    except MissingExtra as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    with _replacing(output) as stream:
        stream.write(page)
    click.echo(f"wrote {output}", err=True)


@main.command(short_help="Answer a few questions; get a situation file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              default="situation.toml", show_default=True, help="The file to write.")
@click.option("--no-input", is_flag=True, help="Ask nothing: write the commented template.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def init(output: str, no_input: bool, force: bool) -> None:
    """Ask a few questions and write a commented situation file.

    Example: nrules init -o offer.toml
    """
    from .wizard import Answers, ask, situation_toml

    if os.path.exists(output) and not force:
        click.echo(f"error: {output} exists; use --force to replace it", err=True)
        sys.exit(EXIT_BAD_INPUT)
    text = situation_toml(Answers() if no_input else ask())
    with _replacing(output) as stream:
        stream.write(text)
    click.echo(f"wrote {output}; next: nrules assess {output}", err=True)


@main.command(short_help="Check a situation file.")
@_FILE
def validate(file: str) -> None:
    """Check a situation file; exit 0 when valid, 2 with every problem when not.

    Example: nrules validate examples/lease.toml
    """
    _read(file)
    click.echo(f"{file}: ok")


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


def answer_data(assessment: Assessment, comparison: Comparison | None = None,
                answers: Sequence[WhyNot] = ()) -> dict[str, Any]:
    """The JSON answer of ``assess``, with the what-if and why-not parts when asked for."""
    data = assessment.to_dict()
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
