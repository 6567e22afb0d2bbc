"""Shared fixtures: a click runner and the golden-file switch."""

from __future__ import annotations

import pytest
from click.testing import CliRunner


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite tests/golden/*.json from the current answers.")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()

