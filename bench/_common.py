"""Shared helpers for benchmarks: medians of repeated runs and generated news-like text."""

from __future__ import annotations

import atexit
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

WORDS = (
    "the minister said government policy talks drones Russia Ukraine war officials reported on Thursday "
    "that it was not true according to a statement foreign affairs sanctions deal economy election voters "
    "president campaign market prices oil protest rights Tehran Brussels spokesman added warned insisted"
).split()


def scratch_folder(prefix: str) -> Path:
    """A temporary folder removed when the benchmark ends (the projects and exports in it run to GBs)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def median_time(fn: Callable[[], object], repeat: int = 3, setup: Callable[[], object] | None = None) -> float:
    """Median wall time of ``fn`` over ``repeat`` runs (``setup`` runs untimed before each)."""
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def article_text(rng: random.Random, size: int = 3000) -> str:
    """A paragraphed, quote-bearing text of about ``size`` characters, unique per call."""
    paragraphs, length = [], 0
    while length < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20)))
        if rng.random() < 0.3:
            sentence = f"“{sentence.capitalize()},” {rng.choice(WORDS)} said."
        else:
            sentence = sentence.capitalize() + "."
        paragraphs.append(sentence)
        length += len(sentence) + 1
    return f"{rng.random()}\n" + "\n".join(paragraphs)


def report(name: str, ours: float, bare: float, goal: float, bare_name: str) -> None:
    """Print our time, the baseline's, and the ratio against the goal."""
    ratio = ours / bare if bare else float("inf")
    verdict = "meets" if ratio <= goal else "misses"
    print(f"{name}: {ours:.3f} s  | {bare_name}: {bare:.3f} s  | ratio {ratio:.2f}x ({verdict} goal <= {goal}x)")
