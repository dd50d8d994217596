"""Export 100,000 quotes as JSONL; compare with a bare SELECT + json.dumps loop over the same rows.

Run: nice -n 5 .venv/bin/python bench/bench_export.py [--articles N] [--repeat R] [--processes P]
Goals (issue 12): a warm export (token lists cached in the project) <= 1.2x the bare dump, the first
export (every article tokenised by spaCy and cached) <= 3x. Two projects of the same texts: one where
5 % of the quotes start mid-word (Alt+Q; the rest on word edges, as most quotes are made), and the worst
case, every quote starting mid-word and ending anywhere. A span that cuts a token makes its line carry
tokens split to fit, so that case costs the most. The bare loop reads the same articles and quotes with
one SELECT each and writes one JSON line per article and annotator with its text and spans; ours adds
what the format needs beyond that (spaCy tokens, token indices, relations, hashes) and the
write-then-rename. Times are medians of R rounds (3 unless told; more give steadier figures on a busy
machine), each round timing the bare loop and then ours, so the baseline shares the machine's load. Before each first export the token cache is emptied and
the tokenizer unloaded (its load, a third of a second, is in the time); importing spaCy, which a first
export in a new process pays once more, is printed on its own line.

Each export is timed twice: in one process, and split over P worker processes (services/export_parallel,
what ``annotator export`` and the window choose on their own for 20,000 quotes or more when at least two
cores are idle by the load average). The parallel figure is wall time against the same single-process bare
loop: it uses P cores where the bare loop uses one, so it says how long a user waits, not how much work is
done; on a machine whose cores are busy with other work it gains nothing (the automatic choice then stays
in one process), so the figure is asked for with P regardless of the load. The workers are forked (as from the command line), so
starting them costs little; the load average is printed before and after, as the figures depend on it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import sqlite3
import statistics
import sys
import time
from bisect import bisect_left
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import article_text, report, scratch_folder  # noqa: E402

from annotator.core.model import Article, Quote  # noqa: E402
from annotator.core.text import sha256_of  # noqa: E402
from annotator.services import exporting  # noqa: E402
from annotator.services.export_parallel import usable_cores  # noqa: E402
from annotator.services.exporting import export_project  # noqa: E402
from annotator.services.projects import open_project  # noqa: E402
from annotator.store import articles, quotes  # noqa: E402

PER_ARTICLE = 100
REALISTIC = 0.05  # share of quotes made mid-word


def quote_span(rng: random.Random, text: str, words: list[tuple[int, int]], mid_word: bool) -> tuple[int, int]:
    """A quote's offsets: from a word's start to a word's end, or from inside a word to anywhere."""
    if mid_word:
        start, end = rng.choice(words)
        while end - start < 2:  # a word of two characters at least, to start inside
            start, end = rng.choice(words)
        start = rng.randrange(start + 1, end)
        return start, min(start + rng.randint(10, 60), len(text))
    first = rng.randrange(len(words))
    ends = [end for _, end in words]
    last = min(bisect_left(ends, words[first][0] + rng.randint(10, 60)), len(words) - 1)
    return words[first][0], words[last][1]


def build(path: Path, n_articles: int, mid_word_share: float) -> None:
    """A project of ``n_articles`` articles with 100 tagged quotes each from three annotators."""
    rng = random.Random(11)  # the same texts for every share
    shape = random.Random(12)
    project = open_project(path)
    with project.atomic():
        for i in range(n_articles):
            text = article_text(rng, 3000)
            words = [m.span() for m in re.finditer(r"\S+", text)]
            article_id, _ = articles.insert_article(project, Article(None, text, sha256_of(text), title=f"A{i}"))
            for j in range(PER_ARTICLE):
                start, end = quote_span(shape, text, words, shape.random() < mid_word_share)
                quotes.insert_quote(
                    project,
                    Quote(None, article_id, start, end, f"ann{j % 3}",
                          kind=rng.choice(("direct", "indirect")), speaker=f"Speaker {j % 40}",
                          stance=rng.choice(("supports", "opposes", "neutral")), claim=f"Claim {j % 7}",
                          topics=("conflict",) if j % 2 else ()),
                )
    project.close()


def bare_dump(db: Path, out: Path, tokens: dict[int, bytes] | None = None) -> None:
    """The baseline: one SELECT of the quotes, one json.dumps per article and annotator.

    With ``tokens`` (each article's token JSON, made beforehand), each line also carries them: what
    writing the extra bytes alone costs, not a baseline for the goal.
    """
    conn = sqlite3.connect(db)
    texts = dict(conn.execute("SELECT id, text FROM articles"))
    rows = conn.execute(
        'SELECT q.article_id, n.name, q.start, q."end", q.kind, s.name, q.stance, c.text FROM quotes q '
        "JOIN annotators n ON n.id = q.annotator_id LEFT JOIN speakers s ON s.id = q.speaker_id "
        "LEFT JOIN claims c ON c.id = q.claim_id ORDER BY q.article_id, n.name, q.start"
    )

    def line(article_id: int, annotator: str, spans: list[dict]) -> None:
        record = json.dumps({"text": texts[article_id], "spans": spans, "_annotator_id": annotator})
        if tokens is None:
            handle.write(record + "\n")
        else:  # bytes as they are, beside the line (a str of them would be encoded once more)
            handle.buffer.write(record[:-1].encode() + b', "tokens": ')
            handle.buffer.write(tokens[article_id])
            handle.buffer.write(b"}\n")

    with out.open("w", encoding="utf-8") as handle:
        current, spans = None, []
        for article_id, annotator, start, end, kind, speaker, stance, claim in rows:
            if (article_id, annotator) != current and current is not None:
                line(*current, spans)
                spans = []
            current = (article_id, annotator)
            spans.append({"start": start, "end": end, "text": texts[article_id][start:end], "kind": kind,
                          "speaker": speaker, "stance": stance, "claim": claim})
        if current:
            line(*current, spans)
    conn.close()


def token_json(project) -> dict[int, bytes]:
    """Every article's token JSON as the export writes it (from the cache the exports filled)."""
    source, report = exporting._TokenSource(project), exporting.ExportReport(Path(), "jsonl")
    everything = articles.all_articles(project)
    cached = source.cached(everything)
    return {article.id: source.get(article, cached.get(article.id), report).json for article in everything}


def cold_start(db: Path) -> None:
    """What a first export finds: no token cached in the project, no tokenizer loaded in the process."""
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM token_cache")
    conn.close()
    if hasattr(exporting._tokenizer, "cache_clear"):
        exporting._tokenizer.cache_clear()


def _processor_time() -> float:
    """User and system time of this process and of its children that ended (the export's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


_cpu: list[float] = []  # the processor time of each _timed call, in order


def _timed(fn, *args) -> float:
    start, cpu = time.perf_counter(), _processor_time()
    fn(*args)
    _cpu.append(_processor_time() - cpu)
    return time.perf_counter() - start


def measure(work: Path, n_articles: int, share: float, label: str, repeat: int = 3, processes: int = 2) -> None:
    """Build a project with ``share`` of its quotes mid-word; print its warm and first export ratios, in one
    process and in ``processes``."""
    db = work / f"{label}.annotator.db"
    build(db, n_articles, share)
    project = open_project(db)

    def ours(count: int) -> None:
        result = export_project(project, work / "ours.jsonl", "jsonl", processes=count)
        assert result.quotes == n_articles * PER_ARTICLE

    # Rounds alternate the bare loop and ours, so a change in the machine's load falls on both alike
    # (measured one after the other, a busy spell during the bare runs alone moved the ratio by half).
    rounds, tokens, cpu_rounds = [], None, []
    for _ in range(repeat):
        _cpu.clear()
        bare = _timed(bare_dump, db, work / "bare.jsonl")
        times = [bare]
        for count in (1, processes):
            cold_start(db)
            times.append(_timed(ours, count))
            times.append(_timed(ours, count))  # the first export just filled the cache
        cpu_rounds.append(_cpu[:5])
        tokens = tokens or token_json(project)
        rounds.append((*times, _timed(bare_dump, db, work / "bare.jsonl", tokens)))
    columns = [statistics.median(column) for column in zip(*rounds, strict=True)]
    cpu = [statistics.median(column) for column in zip(*cpu_rounds, strict=True)]
    bare_time, with_tokens = columns[0], columns[-1]
    project.close()
    baseline = "bare SELECT + json.dumps"
    print(f"{label}: {n_articles * PER_ARTICLE:,} quotes in {n_articles} articles, {share:.0%} of them mid-word")
    for at, name in ((1, "one process"), (3, f"{processes} processes")):
        report(f"  export, tokens cached ({name})", columns[at + 1], bare_time, 1.2, baseline)
        report(f"  first export, tokenising ({name})", columns[at], bare_time, 3, baseline)
        spread = {kind: [r[at + shift] / r[0] for r in rounds] for kind, shift in (("warm", 1), ("first", 0))}
        print("    ratio in each round: " + "; ".join(f"{kind} {min(r):.2f}-{max(r):.2f}x" for kind, r in spread.items()))
    # Processor time does not depend on how busy the machine is, as wall time does: all of the parallel
    # export's, divided by its processes, is about what it would take on as many idle cores.
    print(f"  processor time, medians: bare {cpu[0]:.3f} s; warm export in one process {cpu[2]:.3f} s "
          f"({cpu[2] / cpu[0]:.2f}x), in {processes} {cpu[4]:.3f} s in all ({cpu[4] / cpu[0]:.2f}x; "
          f"/{processes} = {cpu[4] / processes / cpu[0]:.2f}x); first export {cpu[1] / cpu[0]:.2f}x and "
          f"{cpu[3] / cpu[0]:.2f}x in all")
    print(f"  (not a goal: the bare loop also writing each article's token JSON, made beforehand: {with_tokens:.3f} s, "
          f"{with_tokens / bare_time:.2f}x the bare loop; ours in one process {columns[2] / with_tokens:.2f}x it)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each export; the median is printed")
    parser.add_argument("--processes", type=int, default=max(2, usable_cores()),
                        help="processes of the parallel figures (default: the usable cores, at least 2)")
    args = parser.parse_args()
    work = scratch_folder("bench-export-")
    start = time.perf_counter()
    import spacy  # noqa: F401 - timed: a first export from the command line pays this too

    load = time.perf_counter() - start
    print(f"JSONL export, medians of {args.repeat} (spaCy's import, paid once by a first export in a new process: {load:.2f} s)")
    print(f"parallel figures: {args.processes} processes, {usable_cores()} usable core(s) seen; "
          f"load before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    measure(work, args.articles, REALISTIC, "realistic", args.repeat, args.processes)
    measure(work, args.articles, 1.0, "worst case", args.repeat, args.processes)
    print(f"load after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
