"""experta imports on modern Python and leaves no trace in global state."""

from __future__ import annotations

import subprocess
import sys


def test_import_leaves_collections_and_logging_as_they_were() -> None:
    code = (
        "import collections, logging\n"
        "before = (hasattr(collections, 'Mapping'), list(logging.getLogger().handlers))\n"
        "import negotiation_rules._experta as e\n"
        "assert e.KnowledgeEngine.__module__ == 'experta.engine'\n"
        "after = (hasattr(collections, 'Mapping'), list(logging.getLogger().handlers))\n"
        "assert before == after, (before, after)\n"
        "print(before[0])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{sys.version_info < (3, 10)}\n"
