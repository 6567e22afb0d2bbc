"""nrules mcp: the knowledge base served to AI assistants over the Model Context Protocol,
tested with the MCP SDK's own client."""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import time
import tomllib
import urllib.parse
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult, TextContent, TextResourceContents

from negotiation_rules import PRINCIPLES, Settings
from negotiation_rules.cli import main
from negotiation_rules.mcp_server import ENVELOPE_BYTES, build_server, parse_address
from negotiation_rules.schema import assessment_schema, situation_schema

from .helpers import EXAMPLES, ROOT

pytestmark = pytest.mark.anyio

LEASE = ROOT / "examples" / "lease.toml"
VENDOR = ROOT / "examples" / "vendor-contract.toml"
TOOL_NAMES = {"assess", "why_not", "what_if", "replay", "rules", "validate"}
SERVE = "from negotiation_rules.cli import main; main()"
"""What the ``nrules`` script runs, started with this test's interpreter."""


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    async with Client(build_server()) as session:
        yield session


def document(path: Path) -> dict[str, Any]:
    """A situation file read as the document an assistant sends."""
    return tomllib.loads(path.read_text())


def cli_json(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(main, list(args))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def error_text(result: CallToolResult) -> str:
    assert result.is_error
    assert result.structured_content is None
    content = result.content[0]
    assert isinstance(content, TextContent)
    return content.text


class TestTools:
    """Each tool answers what the CLI's JSON answers."""

    async def test_lists_every_tool_with_the_situation_schema(self, client: Client) -> None:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        assert set(tools) == TOOL_NAMES
        lease = document(LEASE)
        for name in TOOL_NAMES - {"rules"}:
            schema = tools[name].input_schema
            assert schema["properties"]["situation"]["properties"].keys() == \
                situation_schema()["properties"].keys()
            jsonschema.Draft202012Validator(schema).validate({
                "situation": lease, "target": "anchor", "changes": {"you.need": "low"}})
            with pytest.raises(jsonschema.ValidationError):
                jsonschema.Draft202012Validator(schema).validate(
                    {"situation": {"negotiation": {"side": "seler"}}})
        assert "no_batna" in tools["why_not"].input_schema["properties"]["target"]["enum"]
        assert tools["assess"].output_schema == assessment_schema()
        assert all(tool.annotations and tool.annotations.read_only_hint
                   for tool in tools.values())

    @pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
    async def test_assess_answers_what_the_cli_prints(self, client: Client, runner: CliRunner,
                                                      path: Path) -> None:
        result = await client.call_tool("assess", {"situation": document(path)})
        assert not result.is_error
        assert result.structured_content == cli_json(runner, "assess", str(path),
                                                     "--format", "json")
        assert "next_move" in result.structured_content

    async def test_why_not_is_the_cli_why_not(self, client: Client, runner: CliRunner) -> None:
        result = await client.call_tool("why_not", {"situation": document(LEASE),
                                                    "target": "anchor"})
        expected = cli_json(runner, "assess", str(LEASE), "--why-not", "anchor",
                            "--format", "json")["why_not"][0]
        assert result.structured_content == expected
        assert expected["produced"] is False

    async def test_what_if_is_the_cli_set(self, client: Client, runner: CliRunner) -> None:
        result = await client.call_tool("what_if", {
            "situation": document(LEASE), "changes": {"you.batna.status": "none"}})
        expected = cli_json(runner, "assess", str(LEASE), "--set", "you.batna.status=none",
                            "--format", "json")
        assert result.structured_content == expected
        assert "no_batna" in expected["what_if"]["risks_added"]

    async def test_replay_is_the_cli_timeline(self, client: Client, runner: CliRunner) -> None:
        result = await client.call_tool("replay", {"situation": document(VENDOR)})
        expected = cli_json(runner, "replay", str(VENDOR), "--format", "json")
        assert result.structured_content == expected
        assert len(expected["steps"]) > 2

    async def test_rules_is_the_cli_catalogue(self, client: Client, runner: CliRunner) -> None:
        result = await client.call_tool("rules", {})
        assert result.structured_content == {"rules": cli_json(runner, "rules", "--format",
                                                               "json")}

    async def test_validate_lists_every_problem(self, client: Client) -> None:
        bad = {"negotiation": {"side": "seler"}, "moves": [{"by": "you", "type": "offer"}]}
        result = await client.call_tool("validate", {"situation": bad})
        assert not result.is_error
        assert result.structured_content == {"valid": False, "problems": [
            {"path": "negotiation.side",
             "message": "got 'seler' (string), expected one of 'seller', 'buyer'; "
                        "did you mean 'seller'?"},
            {"path": "moves[0].value", "message": "is required for a move of type 'offer'"},
        ]}
        valid = await client.call_tool("validate", {"situation": document(LEASE)})
        assert valid.structured_content == {"valid": True, "problems": []}

    async def test_a_document_sent_as_a_json_string_is_read(self, client: Client) -> None:
        """Some assistants send an object argument as JSON text."""
        result = await client.call_tool("assess", {"situation": json.dumps(document(LEASE))})
        assert not result.is_error
        assert result.structured_content is not None
        assert result.structured_content["headline"]["tool"] == "walk_away"


class TestBadInput:
    """Bad input is a tool error naming what is wrong; the server goes on serving."""

    async def test_problems_are_those_the_cli_prints(self, client: Client, runner: CliRunner,
                                                     tmp_path: Path) -> None:
        path = tmp_path / "bad.toml"
        path.write_text('[negotiation]\nside = "seler"\n[[moves]]\nby = "you"\n'
                        'type = "offer"\n[you]\nneed = "urgent"\n')
        printed = runner.invoke(main, ["assess", str(path)]).stderr.splitlines()
        text = error_text(await client.call_tool("assess", {"situation": document(path)}))
        prefix = f"error: {path}: "
        assert len(printed) == 3
        assert text.removeprefix("Error executing tool assess: ").splitlines() == \
            [f"situation: {line.removeprefix(prefix)}" for line in printed]
        after = await client.call_tool("assess", {"situation": document(LEASE)})
        assert not after.is_error

    async def test_not_an_object(self, client: Client) -> None:
        text = error_text(await client.call_tool("replay", {"situation": [1, 2]}))
        assert text.endswith("situation: expected a table, got a array")

    async def test_missing_argument(self, client: Client) -> None:
        text = error_text(await client.call_tool("assess", {}))
        assert "situation" in text
        assert "Field required" in text

    async def test_unknown_why_not_target(self, client: Client) -> None:
        text = error_text(await client.call_tool("why_not", {"situation": document(LEASE),
                                                             "target": "anchr"}))
        assert "'anchr' is neither a tool nor a risk; did you mean 'anchor'?" in text

    async def test_bad_what_if_change(self, client: Client) -> None:
        lease = document(LEASE)
        past = len(lease["moves"])
        text = error_text(await client.call_tool("what_if", {
            "situation": lease, "changes": {f"moves[{past}].value": 1}}))
        assert text.endswith(f"moves[{past}].value: has no item [{past}] (there are {past})")

    async def test_oversized_situation(self, client: Client) -> None:
        """A document larger than a situation file may be is refused before it is read."""
        big = document(LEASE)
        big["issues"] = [{"name": f"term {i}", "your_priority": "low",
                          "their_priority": "high", "padding": "x" * 1000} for i in range(1100)]
        for tool in ("assess", "validate"):
            result = await client.call_tool(tool, {"situation": big})
            message = "situation: is larger than the limit of 1,048,576 bytes"
            if tool == "validate":
                assert result.structured_content == {"valid": False, "problems": [
                    {"path": "", "message": message.removeprefix("situation: ")}]}
            else:
                assert error_text(result).endswith(message)
        assert not (await client.call_tool("rules", {})).is_error

    async def test_oversized_changes(self, client: Client) -> None:
        changes = {f"issues[{i}].name": "x" * 1000 for i in range(1100)}
        text = error_text(await client.call_tool("what_if", {"situation": document(LEASE),
                                                             "changes": changes}))
        assert text.endswith("changes: is larger than the limit of 1,048,576 bytes")

    async def test_the_loader_limits_apply(self) -> None:
        lease = document(LEASE)
        async with Client(build_server(Settings(max_moves=2))) as client:
            text = error_text(await client.call_tool("assess", {"situation": lease}))
        assert text.endswith(f"situation: moves: has {len(lease['moves'])} moves; "
                             "the limit is 2")

    async def test_a_call_past_the_time_limit_is_an_error(self) -> None:
        async with Client(build_server(timeout=0)) as client:
            text = error_text(await client.call_tool("replay", {"situation": document(LEASE)}))
        assert text.endswith("the call took longer than 0 seconds")


class TestResourcesAndPrompt:
    async def test_resources(self, client: Client) -> None:
        listed = {str(r.uri) for r in (await client.list_resources()).resources}
        expected = {"nrules://principles": dict(PRINCIPLES),
                    "nrules://schema/situation": situation_schema(),
                    "nrules://schema/assessment": assessment_schema()}
        assert listed == set(expected)
        for uri, data in expected.items():
            content = (await client.read_resource(uri)).contents[0]
            assert isinstance(content, TextResourceContents)
            assert content.mime_type == "application/json"
            assert json.loads(content.text) == data

    async def test_coach_prompt_gathers_fields_and_cites_codes(self, client: Client) -> None:
        [prompt] = (await client.list_prompts()).prompts
        assert prompt.name == "coach"
        result = await client.get_prompt("coach", {"description": "Selling my van to a dealer"})
        [message] = result.messages
        assert isinstance(message.content, TextContent)
        text = message.content.text
        assert "Selling my van to a dealer" in text
        assert "nrules://schema/situation" in text
        assert "Ask me" in text and "rule code" in text
        for tool in ("validate", "assess", "why_not", "what_if", "replay"):
            assert f"`{tool}`" in text


class TestCommand:
    """The ``nrules mcp`` command."""

    async def test_stdio_end_to_end(self, runner: CliRunner) -> None:
        """An assistant starts ``nrules mcp`` and assesses a situation it read."""
        server = StdioServerParameters(command=sys.executable, args=["-c", SERVE, "mcp"],
                                       cwd=str(ROOT))
        async with Client(server, read_timeout_seconds=60) as client:
            names = {tool.name for tool in (await client.list_tools()).tools}
            result = await client.call_tool("assess", {"situation": document(LEASE)})
        assert names == TOOL_NAMES
        assert result.structured_content == cli_json(runner, "assess", str(LEASE),
                                                     "--format", "json")

    async def test_streamable_http_on_localhost(self, http_server: str) -> None:
        async with Client(f"{http_server}/mcp") as client:
            result = await client.call_tool("assess", {"situation": document(LEASE)})
        assert result.structured_content is not None
        assert result.structured_content["headline"]["tool"] == "walk_away"

    def test_http_refuses_an_oversized_request(self, http_server: str) -> None:
        """A body declared larger than a situation file and its framing may be is refused
        before it is read."""
        address = urllib.parse.urlsplit(http_server)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        try:
            connection.putrequest("POST", "/mcp")
            connection.putheader("Content-Type", "application/json")
            connection.putheader("Accept", "application/json, text/event-stream")
            connection.putheader("Content-Length",
                                 str(Settings().max_file_bytes + ENVELOPE_BYTES + 1))
            connection.endheaders()
            response = connection.getresponse()
            assert (response.status, response.read()) == (413, b"Request body too large")
        finally:
            connection.close()

    @pytest.mark.parametrize(("address", "endpoint"), [
        ("8765", ("127.0.0.1", 8765)),
        (":8765", ("127.0.0.1", 8765)),
        ("0.0.0.0:80", ("0.0.0.0", 80)),
        ("[::1]:8765", ("::1", 8765)),
    ], ids=["port", "colon-port", "host", "ipv6"])
    def test_address(self, address: str, endpoint: tuple[str, int]) -> None:
        assert parse_address(address) == endpoint

    @pytest.mark.parametrize("address", ["localhost:", "localhost:0", "localhost:http",
                                         "localhost:70000"])
    def test_bad_address_is_a_usage_error(self, runner: CliRunner, address: str) -> None:
        result = runner.invoke(main, ["mcp", "--http", address])
        assert result.exit_code == 2
        assert "Invalid value for '--http': expected HOST:PORT" in result.stderr

    def test_without_the_extra(self, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
        import importlib.util

        real = importlib.util.find_spec
        monkeypatch.setattr(importlib.util, "find_spec",
                            lambda name, *rest: None if name == "mcp" else real(name, *rest))
        result = runner.invoke(main, ["mcp"])
        assert result.exit_code == 1
        assert result.stderr == ("error: nrules mcp needs the MCP SDK: "
                                 "pip install 'negotiation-rules[mcp]'\n")

    def test_assess_does_not_load_the_server(self) -> None:
        """The MCP SDK costs start-up time: only ``nrules mcp`` imports it."""
        code = ("import sys\nfrom negotiation_rules.cli import main\n"
                "main(['assess', sys.argv[1]], standalone_mode=False)\n"
                "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n")
        result = subprocess.run([sys.executable, "-c", code, str(LEASE)],
                                capture_output=True, text=True, check=True)
        loaded = set(result.stderr.split())
        assert {"mcp", "negotiation_rules.mcp_server", "pydantic"} & loaded == set()


class TestReadme:
    """The README's section shows a configuration that starts this server and lists
    what it serves."""

    SECTION = (ROOT / "README.md").read_text().split("## Use it from an AI assistant")[1] \
        .split("\n## ")[0]

    def test_client_configuration(self) -> None:
        block = self.SECTION.split("```json\n")[1].split("```")[0]
        server = json.loads(block)["mcpServers"]["negotiation-rules"]
        assert (server["command"], server["args"]) == ("nrules", ["mcp"])

    async def test_lists_every_tool(self, client: Client) -> None:
        listed = set(re.findall(r"^\| tool \| `(\w+)\(", self.SECTION, re.M))
        assert listed == {tool.name for tool in (await client.list_tools()).tools}


@pytest.fixture
def http_server() -> Iterator[str]:
    """``nrules mcp --http`` on a free port of 127.0.0.1, stopped after the test."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-c", SERVE, "mcp", "--http", f":{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.communicate(timeout=30)


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    """Until the server accepts connections (it imports the SDK first), or exits."""
    for _ in range(600):
        if process.poll() is not None:
            raise AssertionError(process.communicate()[1].decode())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}")
