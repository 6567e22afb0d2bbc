"""Batch assessment: many situations in, one JSON answer per line out, in input order."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .assessment import assess
from .errors import Problem, SituationError
from .loading import DEFAULT_LIMITS, load_situation, situation_from_dict

Item = tuple[str, str]
"""``(source, text)``: where a situation comes from (``line 3`` or a TOML file's path)
and its JSON text (for a TOML file, its path again)."""

CHUNK = 64
"""Situations handed to a worker at a time: enough to amortise the hand-over."""


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def assess_item(item: Item) -> tuple[bool, str]:
    """One situation -> whether it was assessed, and its output line: the JSON answer,
    or ``{"error": {"source": ..., "problems": [...]}}``."""
    source, text = item
    try:
        if source.endswith(".toml"):
            situation = load_situation(text)
        else:
            if len(text) > DEFAULT_LIMITS.max_file_bytes:
                raise SituationError([Problem("", "line is longer than the file size limit")])
            try:
                data = json.loads(text)
            except (ValueError, RecursionError) as exc:
                raise SituationError([Problem("", f"invalid JSON: {exc}")]) from exc
            situation = situation_from_dict(data)
        return True, _dumps(assess(situation).to_dict())
    except SituationError as error:
        problems = [{"path": p.path, "message": p.message} for p in error.problems]
        return False, _dumps({"error": {"source": source, "problems": problems}})


def _assess_chunk(chunk: list[Item]) -> list[tuple[bool, str]]:
    return [assess_item(item) for item in chunk]


def json_lines(stream: BinaryIO) -> Iterator[Item]:
    """The situations of a JSON Lines stream, one per non-blank line, read lazily."""
    for number, raw in enumerate(stream, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = "\ufffd"  # reported as invalid JSON, with its line number
        if line.strip():
            yield f"line {number}", line


def toml_files(directory: str | os.PathLike[str]) -> Iterator[Item]:
    """The ``*.toml`` files of a directory, by name."""
    for path in sorted(Path(directory).glob("*.toml")):
        yield str(path), str(path)


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def assess_all(items: Iterable[Item], jobs: int = 1) -> Iterator[tuple[bool, str]]:
    """Output lines in input order; with ``jobs`` > 1, from that many worker processes."""
    if jobs <= 1:
        for chunk in _chunks(items):
            yield from _assess_chunk(chunk)
        return
    with multiprocessing.Pool(jobs) as pool:
        for answers in pool.imap(_assess_chunk, _chunks(items)):
            yield from answers
