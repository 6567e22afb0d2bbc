"""Changes to a situation document, written ``PATH=VALUE`` (``you.batna.status=in_hand``)."""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import Problem, SituationError

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def parse_assignment(text: str) -> tuple[str, object]:
    """``"plan.value=150000"`` -> ``("plan.value", 150000)``; the value is read as TOML,
    and taken as a plain string when it is not TOML (``in_hand``)."""
    path, sep, raw = text.partition("=")
    if not sep or not path.strip():
        raise SituationError([Problem("", f"--set expects PATH=VALUE, got {text!r}")])
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    except RecursionError as exc:
        raise SituationError([Problem(path.strip(), "the value is nested too deeply")]) from exc
    except ValueError as exc:  # Python reads integers of at most 4,300 digits
        raise SituationError([Problem(path.strip(), "the value has more than 4,300 digits")]) \
            from exc
    return path.strip(), value


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    position = 0
    for match in _STEP.finditer(path):
        gap = path[position:match.start()]
        if gap not in ("", ".") or (gap == "." and not steps):
            break
        steps.append(match.group(1) if match.group(1) else int(match.group(2)))
        position = match.end()
    if position != len(path) or not steps or not isinstance(steps[0], str):
        raise SituationError([Problem(path, "is not a path like you.batna.status or "
                                            "moves[2].value")])
    return steps


def apply_changes(document: Mapping[str, Any],
                  changes: Iterable[tuple[str, object]]) -> dict[str, Any]:
    """A copy of a situation document with each ``path = value`` set (tables created)."""
    result = copy.deepcopy(dict(document))
    for path, value in changes:
        steps = _steps(path)
        node: Any = result
        for done, step in enumerate(steps[:-1]):
            nxt = steps[done + 1]
            if isinstance(step, int):
                if not isinstance(node, list) or step >= len(node):
                    size = len(node) if isinstance(node, list) else 0
                    raise SituationError([Problem(path, f"has no item [{step}] "
                                                        f"(there are {size})")])
                node = node[step]
            else:
                if not isinstance(node, dict):
                    raise SituationError([Problem(path, f"cannot set inside {step!r}")])
                node = node.setdefault(step, [] if isinstance(nxt, int) else {})
        last = steps[-1]
        if isinstance(last, int):
            if not isinstance(node, list) or last >= len(node):
                raise SituationError([Problem(path, f"has no item [{last}]")])
        elif not isinstance(node, dict):
            raise SituationError([Problem(path, "cannot set a key inside a value")])
        node[last] = value
    return result
