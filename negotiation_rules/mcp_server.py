"""``nrules mcp``: the knowledge base as a Model Context Protocol server for AI assistants.

The tools take situation documents (a situation file's tables as a JSON object, never a
path) and answer with the JSON ``nrules`` prints, built by the same functions. Bad input
is a tool error listing the same field-path problems the CLI prints. Every call starts
from its arguments alone: the server keeps nothing between calls.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.tools import Tool
from mcp.types import ToolAnnotations
from pydantic import Field
from typing_extensions import TypedDict  # pydantic reads typing's only from Python 3.12

from .assessment import plain_data
from .cli import assessment_data, replay_data, rule_data
from .errors import SituationError
from .explain import why_not
from .explore import replay, what_if
from .knowledge import KnowledgeBase
from .levers import with_levers
from .loading import read_limited, situation_from_dict
from .principles import PRINCIPLES
from .schema import assessment_schema, situation_schema
from .settings import Settings
from .situation import Situation
from .vocabulary import RISKS, TOOLS

TIMEOUT = 30.0
"""Seconds a tool call may run before it is answered with an error."""
ENVELOPE_BYTES = 64 * 1024
"""What an HTTP request may carry beyond its situation document (JSON-RPC framing, the
other arguments)."""

_T = TypeVar("_T")

Document = Annotated[Any, Field(description="The situation: the tables of a situation file "
                                            "(negotiation, value, you, them, issues, moves, "
                                            "plan, settings) as a JSON object.")]
Target = Annotated[str, Field(description="The tool or risk code to explain, e.g. 'anchor' or "
                                          "'no_batna'.")]
Changes = Annotated[dict[str, Any], Field(description="Field paths and their new values, e.g. "
                                                      "{\"you.batna.status\": \"in_hand\", "
                                                      "\"moves[2].value\": 480000}.")]


class ProblemData(TypedDict):
    """One problem of a situation document."""

    path: str
    message: str


class Validation(TypedDict):
    """Whether a situation document is valid, and every problem when it is not."""

    valid: bool
    problems: list[ProblemData]


def _read(document: Any, limits: Settings) -> Situation:
    """The situation a document describes; `SituationError` when it is too large or has
    problems, which name the argument as the CLI names the file."""
    _check_size(document, limits, "situation")
    return situation_from_dict(document, "situation", limits)


def _check_size(argument: object, limits: Settings, name: str) -> None:
    """Refuse an argument larger, as JSON, than ``limits.max_file_bytes``: the limit of a
    situation file."""
    encoded = json.dumps(argument, ensure_ascii=False).encode("utf-8", "surrogatepass")
    read_limited(io.BytesIO(encoded), limits, name)


def build_server(limits: Settings | None = None, timeout: float = TIMEOUT) -> MCPServer:
    """The server: six tools, three resources and the coaching prompt.

    ``limits`` (a `Settings`) bounds each situation document as the loader bounds a file;
    a call running past ``timeout`` seconds is answered with an error.
    """
    limits = limits or Settings()

    async def run(work: Callable[[], _T]) -> _T:
        # The engine cannot be interrupted: past the deadline its thread is abandoned
        # (the input limits bound how long it goes on) and the caller gets an error.
        try:
            with anyio.fail_after(timeout):
                return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except TimeoutError:
            raise ToolError(f"the call took longer than {timeout:g} seconds") from None
        except SituationError as error:
            raise ToolError(str(error)) from None

    async def assess_tool(situation: Document) -> dict[str, Any]:
        """Assess a negotiation situation: the tool to reach for now, the next move, the
        risks, the advice with the rule code and principle behind each, and the trace of
        the rules that fired. The same JSON as `nrules assess --format json`."""
        return await run(lambda: assessment_data(with_levers(_read(situation, limits))))

    async def why_not_tool(situation: Document, target: Target) -> dict[str, Any]:
        """Explain why a tool was not the headline, or why a risk was not raised: each
        rule that could have produced it, its conditions, and which of them failed."""
        def work() -> dict[str, Any]:
            assessment = with_levers(_read(situation, limits))
            try:
                return why_not(assessment, target).to_dict()
            except ValueError as error:  # not a tool or a risk of the knowledge base
                raise ToolError(str(error)) from None

        return await run(work)

    async def what_if_tool(situation: Document, changes: Changes) -> dict[str, Any]:
        """Assess the situation with some fields changed: the changed situation's answer,
        plus under "what_if" how the headline and the risks moved. The same JSON as
        `nrules assess --set PATH=VALUE --format json`."""
        def work() -> dict[str, Any]:
            _check_size(changes, limits, "changes")
            comparison = what_if(_read(situation, limits), changes, levers=True)
            return assessment_data(comparison.after, comparison)

        return await run(work)

    async def replay_tool(situation: Document) -> dict[str, Any]:
        """Replay the negotiation move by move: the headline after each move (and after
        the plan) and the risks each step raised or cleared."""
        def work() -> dict[str, Any]:
            parsed = _read(situation, limits)
            return replay_data(parsed.negotiation.title, replay(parsed))

        return await run(work)

    async def rules_tool() -> dict[str, Any]:
        """The knowledge base: every rule's code, name, tool or risk, principle and
        conditions. Cite these codes when explaining advice."""
        return await run(lambda: {"rules": [rule_data(info)
                                            for info in KnowledgeBase.default().rules()]})

    async def validate_tool(situation: Document) -> Validation:
        """Check a situation document: every problem with its field path, without
        assessing it."""
        def work() -> Validation:
            try:
                _read(situation, limits)
            except SituationError as error:
                return {"valid": False, "problems": plain_data(list(error.problems))}
            return {"valid": True, "problems": []}

        return await run(work)

    answer = assessment_schema()
    tools = [
        _tool(assess_tool, "assess", "Assess a negotiation", answer),
        _tool(why_not_tool, "why_not", "Why not this tool or risk?",
              {**answer["$defs"]["WhyNot"], "$defs": answer["$defs"]}, target=True),
        _tool(what_if_tool, "what_if", "What if the situation changed?", answer),
        _tool(replay_tool, "replay", "Replay the negotiation move by move"),
        _tool(rules_tool, "rules", "List the rules of the knowledge base", situation=False),
        _tool(validate_tool, "validate", "Check a situation document"),
    ]
    server: MCPServer = MCPServer(
        "negotiation-rules",
        title="Negotiation rules",
        instructions="A rule-based negotiation adviser. Call `assess` with a situation "
                     "document for the tool to reach for now and the next move; cite the "
                     "rule codes (such as AN01) and principles the answer gives. Read the "
                     "resource nrules://schema/situation for every field a situation has.",
        version=_version(),
        tools=tools,
        log_level="WARNING",
    )
    _add_resources(server)
    server.prompt(name="coach", title="Coach me on this negotiation",
                  description="Gather the situation, assess it, and explain the advice "
                              "with its rule codes.")(coach)
    return server


def _tool(function: Callable[..., Any], name: str, title: str,
          output: dict[str, Any] | None = None, *, situation: bool = True,
          target: bool = False) -> Tool:
    """A tool whose ``situation`` argument is described by the situation's JSON Schema."""
    tool = Tool.from_function(function, name=name, title=title, annotations=ToolAnnotations(
        read_only_hint=True, idempotent_hint=True, open_world_hint=False))
    parameters = tool.parameters
    if situation:
        schema = situation_schema()
        del schema["$schema"]
        parameters["$defs"] = schema.pop("$defs")
        description = parameters["properties"]["situation"]["description"]
        parameters["properties"]["situation"] = {**schema, "description": description}
    if target:
        parameters["properties"]["target"]["enum"] = [*TOOLS, *RISKS]
    if output is not None:
        tool.fn_metadata.output_schema = output
    return tool


def _add_resources(server: MCPServer) -> None:
    documents = {
        "nrules://principles": ("principles", "The principles every rule cites, by id.",
                                lambda: dict(PRINCIPLES)),
        "nrules://schema/situation": ("situation-schema",
                                      "JSON Schema of a situation document.", situation_schema),
        "nrules://schema/assessment": ("assessment-schema",
                                       "JSON Schema of the answer of assess and what_if.",
                                       assessment_schema),
    }
    for uri, (name, description, make) in documents.items():
        server.resource(uri, name=name, description=description,
                        mime_type="application/json")(_text_of(make))


def _text_of(make: Callable[[], object]) -> Callable[[], str]:
    def read() -> str:
        return json.dumps(make(), indent=2, ensure_ascii=False)

    return read


def coach(description: str = "") -> str:
    """The coaching prompt, with what the user has said of the negotiation so far."""
    told = f"Here is what I can tell you so far:\n\n{description}\n\n" if description else ""
    return (
        "Coach me on a negotiation I am in, using the negotiation-rules tools.\n\n"
        f"{told}"
        "1. Build a situation document from what I have told you (the fields are in the "
        "resource nrules://schema/situation). Ask me, a few questions at a time, for what "
        "is missing and matters most: which side I am on (seller: a higher number is "
        "better for me; buyer: lower is better); the market range I know and how I know "
        "it; my target and my walk-away point; my alternative if this deal fails (how "
        "real it is and what it is worth); how much I need this deal and any deadline; "
        "what I believe about the other side; every offer made so far, oldest first, "
        "and what each bought; the move I am about to make. Do not invent numbers: "
        "leave out what I do not know.\n"
        "2. Call `validate` and fix what it reports, asking me when only I can answer.\n"
        "3. Call `assess`. Tell me the tool to reach for now and the next move first, then "
        "the warnings, most severe first. Cite the rule code (such as CO01) and the "
        "principle behind every point you make, and say nothing the answer does not "
        "support.\n"
        "4. When I ask why not something else, call `why_not`; when I ask what would "
        "change the advice, call `what_if`; to review the talks so far, call `replay`.\n"
    )


def parse_address(address: str) -> tuple[str, int]:
    """``"HOST:PORT"``, ``":PORT"`` or ``"PORT"`` as (host, port); the host defaults to
    127.0.0.1, so the server is reachable from this machine only unless a host is named."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"expected HOST:PORT with a port from 1 to 65535, got {address!r}")
    return host, int(port)


def serve(endpoint: tuple[str, int] | None = None, timeout: float | None = None) -> None:
    """Serve over stdio, or over streamable HTTP at ``endpoint`` (host, port)."""
    limits = Settings()
    server = build_server(limits, TIMEOUT if timeout is None else timeout)
    if endpoint is None:
        server.run("stdio")
        return
    host, port = endpoint
    # Stateless: each HTTP request is served on its own, with no session to keep.
    server.run("streamable-http", host=host, port=port, stateless_http=True,
               json_response=True, max_request_body_size=limits.max_file_bytes + ENVELOPE_BYTES)


def _version() -> str:
    from importlib.metadata import version

    return version("negotiation-rules")
