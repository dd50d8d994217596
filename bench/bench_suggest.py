"""Throughput of Suggester.suggest_many against a bare nlp.pipe over the same texts and components.

Texts: the two seed articles (resources/samples or /work/shared/corpus/seeds) and, when present at run
time, the PolNeAR dev texts (read only, never stored). Prints the median of 3 runs of each, the ratio
(goal: suggester throughput >= 0.9x bare, i.e. our time <= ~1.11x), and the latency of the first
suggestions for one ~3 KB article once the model is loaded (goal <= 1.5 s).

Run: .venv/bin/python bench/bench_suggest.py [-n 60] [--n-process 1] [--speakers 2000]
``--speakers N`` matches every suggested speaker against a generated registry of N speakers (names and
aliases, deterministic), as a project with a large speaker registry does.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotator.core.model import Speaker  # noqa: E402
from annotator.nlp.suggest import Suggester  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SEED_DIRS = (REPO / "resources" / "samples", Path("/work/shared/corpus/seeds"))
# ../shared beside the repository, or beside the folder of worktrees a repository may sit in.
POLNEAR_DEV = next((p / "shared/eval/quotes/polnear/dev/text" for p in Path(__file__).resolve().parents[2:4]
                    if (p / "shared/eval/quotes/polnear/dev/text").exists()),
                   Path(__file__).resolve().parents[2] / "shared/eval/quotes/polnear/dev/text")


def load_texts(n: int) -> list[str]:
    """n texts: the seeds and PolNeAR dev texts if available, cycled to length n."""
    seeds: list[str] = []
    for folder in SEED_DIRS:
        seeds = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("0*.txt"))]
        if seeds:
            break
    extra = [p.read_text(encoding="utf-8") for p in sorted(POLNEAR_DEV.glob("*.txt"))] if POLNEAR_DEV.exists() else []
    pool = seeds + extra
    if not pool:
        sys.exit("no texts found")
    return [pool[i % len(pool)] for i in range(n)]


def make_registry(n: int, seed: int = 2000) -> list[Speaker]:
    """n distinct speakers with person-like names, a third with an alias (seeded)."""
    rng = random.Random(seed)
    syllables = ["an", "bo", "ka", "ri", "mo", "le", "sa", "ti", "no", "va", "de", "lu", "mi", "ra", "go", "he"]
    speakers: list[Speaker] = []
    seen: set[str] = set()
    while len(speakers) < n:
        first = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()
        last = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()
        name = f"{first} {last}"
        if name in seen:
            continue
        seen.add(name)
        aliases = (f"{first[0]}. {last}",) if rng.random() < 0.33 else ()
        speakers.append(Speaker(len(speakers) + 1, name, aliases=aliases))
    return speakers


def _timed(fn) -> tuple[float, float]:
    """Wall and CPU seconds of one call (CPU of this process only: meaningful with --n-process 1)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=60, help="number of texts")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--speakers", type=int, default=0, help="size of a generated speaker registry")
    args = parser.parse_args()
    t0 = time.perf_counter()
    suggester = Suggester()
    load = time.perf_counter() - t0
    nlp = suggester.nlp
    texts = load_texts(args.n)
    chars = sum(map(len, texts))
    print(f"pipeline {suggester.version} components={nlp.pipe_names} degraded={suggester.degraded} "
          f"load={load:.2f}s")
    registry = make_registry(args.speakers)
    print(f"{len(texts)} texts, {chars / 1000:.0f} K chars, n_process={args.n_process}, "
          f"{len(registry)} registry speakers")
    list(suggester.suggest_many(texts[:2], registry=registry))  # warm-up

    def bare():
        for _ in nlp.pipe(texts, n_process=args.n_process, batch_size=16):
            pass

    def ours():
        for _ in suggester.suggest_many(texts, registry=registry, n_process=args.n_process):
            pass

    # Runs alternate so that load from other processes hits both sides alike. CPU time (this process's)
    # is printed too: on a machine shared with other jobs the wall-clock ratio mostly measures their load.
    runs = [(_timed(bare), _timed(ours)) for _ in range(3)]
    for label, k in (("wall", 0), ("CPU", 1)):
        t_bare = statistics.median(b[k] for b, _ in runs)
        t_ours = statistics.median(o[k] for _, o in runs)
        print(f"{label:4} bare nlp.pipe  {t_bare:7.2f} s  ({chars / t_bare / 1000:.0f} K chars/s)")
        print(f"{label:4} suggest_many   {t_ours:7.2f} s  ({chars / t_ours / 1000:.0f} K chars/s)")
        print(f"{label:4} throughput ratio {t_bare / t_ours:.3f}x of bare (goal >= 0.9)")
    article = next((t for t in texts if 2500 <= len(t) <= 3500), texts[0])
    fresh = Suggester(nlp=nlp)
    t0 = time.perf_counter()
    found = fresh.suggest(article)
    print(f"first suggestions for one {len(article)}-char article: {time.perf_counter() - t0:.3f} s "
          f"({len(found)} suggestions; goal <= 1.5 s)")


if __name__ == "__main__":
    main()
