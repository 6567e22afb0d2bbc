"""Shared fixtures: a click runner and the golden-file switch."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from hypothesis import settings

# CI runs the property tests on a fixed sequence of examples, so a red run can be
# reproduced; locally every run explores new ones. Neither has a deadline: on a loaded
# machine a slow example is not a failing one (issue 14: DeadlineExceeded).
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.register_profile("local", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "local")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite tests/golden/*.json from the current answers.")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()

