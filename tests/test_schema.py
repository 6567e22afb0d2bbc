"""The published JSON Schemas accept what we accept and describe what we answer."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given, settings

from negotiation_rules import SituationError, assess, load_situation, situation_from_dict
from negotiation_rules.cli import main
from negotiation_rules.schema import assessment_schema, situation_schema

from .helpers import EXAMPLES
from .strategies import documents, hostile_documents

SITUATION = jsonschema.Draft202012Validator(situation_schema())
ASSESSMENT = jsonschema.Draft202012Validator(assessment_schema())
BEYOND_SCHEMA = ("limit", "Unicode")
"""Loader checks JSON Schema cannot express: the caller's limits and text encoding; and
(by path) cross-field consistency: low <= high, target vs reservation."""


def test_schemas_are_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(situation_schema())
    jsonschema.Draft202012Validator.check_schema(assessment_schema())


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_and_their_answers_validate(path: Path) -> None:
    SITUATION.validate(tomllib.loads(path.read_text()))
    ASSESSMENT.validate(json.loads(json.dumps(assess(load_situation(path)).to_dict())))


@given(documents())
@settings(max_examples=150)
def test_every_valid_situation_and_answer_validates(doc: dict[str, Any]) -> None:
    SITUATION.validate(doc)
    ASSESSMENT.validate(assess(situation_from_dict(doc)).to_dict())


@given(hostile_documents())
@settings(max_examples=300)
def test_what_the_schema_accepts_the_loader_accepts(doc: Any) -> None:
    """The schema is never looser than the loader on structure (limits aside)."""
    if SITUATION.is_valid(doc):
        try:
            situation_from_dict(doc)
        except SituationError as error:
            assert all(p.path.endswith(("value.high", "you.target"))
                       or any(word in p.message for word in BEYOND_SCHEMA)
                       for p in error.problems), error


@pytest.mark.parametrize(("doc", "where"), [
    ({"negotiation": {"side": "seller"}, "moves": [{"by": "you", "type": "offer"}]}, "value"),
    ({"negotiation": {"side": "seller", "sid": 1}}, "sid"),
    ({"negotiation": {"side": "seller"}, "settings": {"max_moves": 5}}, "max_moves"),
    ({"negotiation": {"side": "seller"}, "plan": {"move": "counter"}}, "value"),
], ids=["offer without value", "unknown key", "limit from the file", "planned offer"])
def test_schema_rejects_what_the_loader_rejects(doc: dict[str, Any], where: str) -> None:
    errors = list(SITUATION.iter_errors(doc))
    messages = [e.message for error in errors for e in (error, *error.context)]
    assert errors and any(where in message for message in messages)


def test_cli_prints_both(runner: CliRunner) -> None:
    for document, title in (("situation", "negotiation_rules situation"),
                            ("assessment", "negotiation_rules assessment")):
        result = runner.invoke(main, ["schema", document])
        assert result.exit_code == 0
        assert json.loads(result.stdout)["title"] == title


def test_cli_json_with_what_if_and_why_not_validates(runner: CliRunner) -> None:
    result = runner.invoke(main, ["assess", str(EXAMPLES[0]), "--format", "json",
                                  "--set", "you.batna.status=in_hand",
                                  "--why-not", "anchor", "--why-not", "caving"])
    data = json.loads(result.stdout)
    assert {"what_if", "why_not"} <= set(data)
    ASSESSMENT.validate(data)
