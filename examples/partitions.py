"""Assessing a data set partition by partition, as a distributed engine would.

The library keeps no state between calls, so any engine that maps a function over
partitions scales it out: one warm engine per worker process, one JSON answer per
situation, in the partition's order. Run locally (two processes stand in for a
cluster): python examples/partitions.py

On a cluster the same function is handed to the engine instead:

    # Dask
    import dask.bag as db
    answers = db.read_text("s3://bucket/situations-*.jsonl").map_partitions(assess_partition)
    answers.to_textfiles("s3://bucket/answers-*.jsonl")

    # Spark
    lines = spark.sparkContext.textFile("s3://bucket/situations-*.jsonl")
    lines.mapPartitions(assess_partition).saveAsTextFile("s3://bucket/answers")
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from negotiation_rules.batch import assess_item


def assess_partition(lines: Iterable[str]) -> Iterator[str]:
    """JSON situations in, JSON answers (or error objects) out, one per line."""
    for number, line in enumerate(lines, 1):
        if line.strip():
            _, answer = assess_item((f"line {number}", line))
            yield answer


def _partition_answers(lines: list[str]) -> list[str]:
    return list(assess_partition(lines))


def main() -> None:
    examples = sorted(Path(__file__).parent.glob("*.toml"))
    situations = [json.dumps(tomllib.loads(path.read_text())) for path in examples]
    partitions = [situations[0::2], situations[1::2]]
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_partition_answers, partitions))
    for partition, answers in zip(partitions, results, strict=True):
        for situation, answer in zip(partition, answers, strict=True):
            title = json.loads(situation)["negotiation"].get("title", "")
            print(f"{json.loads(answer)['headline']['tool']:<14} {title}")


if __name__ == "__main__":
    main()
