"""Batch assessment: many situations in, one JSON answer per line out, in input order."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .assessment import assess
from .errors import Problem, SituationError
from .loading import DEFAULT_LIMITS, load_situation, situation_from_dict
from .render import answer_data

Item = tuple[str, str | None]
"""``(source, text)``: where a situation comes from (``line 3`` or a TOML file's path)
and its JSON text (for a TOML file, its path again; None for a line over the limit)."""

CHUNK = 64
"""Situations handed to a worker at a time: enough to amortise the hand-over."""


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def assess_item(item: Item) -> tuple[bool, str]:
    """One situation -> whether it was assessed, and its output line: the JSON answer,
    or ``{"error": {"source": ..., "problems": [...]}}``."""
    source, text = item
    try:
        if text is None:
            raise SituationError([Problem("", f"the line is longer than the limit of "
                                              f"{DEFAULT_LIMITS.max_file_bytes:,} bytes")])
        if source.endswith(".toml"):
            situation = load_situation(text)
        else:
            try:
                data = json.loads(text)
            except (ValueError, RecursionError) as exc:
                raise SituationError([Problem("", f"invalid JSON: {_json_problem(exc)}")]) \
                    from exc
            situation = situation_from_dict(data)
        return True, _dumps(answer_data(assess(situation)))
    except SituationError as error:
        return False, _error_line(source, error.problems, error.omitted)
    except Exception as exc:  # a bug must not cost the rest of the batch its answers
        problem = Problem("", f"internal error ({type(exc).__name__}: {exc}); please report it")
        return False, _error_line(source, [problem], 0)


def _json_problem(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return str(exc)
    return "an integer has more than 4,300 digits"  # Python's limit on reading integers


def _error_line(source: str, problems: Iterable[Problem], omitted: int) -> str:
    error: dict[str, object] = {
        "source": source, "problems": [{"path": p.path, "message": p.message} for p in problems]}
    if omitted:
        error["omitted"] = omitted
    return _dumps({"error": error})


def _assess_chunk(chunk: list[Item]) -> list[tuple[bool, str]]:
    return [assess_item(item) for item in chunk]


_WAKE = 0.2
"""Seconds the main process waits for a worker at a time (see `assess_all`)."""

_SKIP = 1 << 16
"""Bytes read at a time while skipping the rest of a line over the limit."""


def json_lines(stream: BinaryIO) -> Iterator[Item]:
    """The situations of a JSON Lines stream, one per non-blank line, read lazily and
    never more than the file size limit of a line at a time."""
    limit = DEFAULT_LIMITS.max_file_bytes
    number = 0
    while raw := stream.readline(limit + 1):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(_SKIP)
            yield f"line {number}", None
            continue
        try:
            line = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            line = "\ufffd"  # reported as invalid JSON, with its line number
        if line.strip():
            yield f"line {number}", line


def toml_files(directory: str | os.PathLike[str]) -> Iterator[Item]:
    """The ``*.toml`` files of a directory, by name (pipes and devices among them are
    reported, not read)."""
    for path in sorted(Path(directory).glob("*.toml")):
        yield str(path), str(path)


def _worker_start() -> None:
    # The parent handles Ctrl-C and cleans up on SIGTERM; a worker just stops, silently.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_exit_with, args=(os.getppid(),), daemon=True).start()


def _exit_with(parent: int) -> None:
    """Exit once the parent is gone. The pool replaces a worker that died, even while the
    parent is stopping; the new one, spared the SIGTERM, could wait on the pool's queue
    for good (a worker killed while reading holds its lock), keeping the output pipes
    open."""
    while os.getppid() == parent:
        time.sleep(_WAKE)
    os._exit(0)


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
    with multiprocessing.Pool(jobs, initializer=_worker_start) as pool:
        results = pool.imap(_assess_chunk, _chunks(items))
        while True:
            try:
                # Waiting in slices: a SIGTERM the kernel hands to one of the pool's
                # threads only runs its handler once the main thread wakes.
                answers = results.next(timeout=_WAKE)
            except multiprocessing.TimeoutError:
                continue
            except StopIteration:
                return
            yield from answers
