"""Peak memory of `annotator export` at scale, and the project file's growth after one JSONL export.

Run: .venv/bin/python bench/bench_export_memory.py [--articles N] [--formats jsonl,doccano,csv,spacy]
Goals (issue 9): JSONL, doccano and CSV exports peak <= 300 MB and flat in corpus size; the `.spacy`
export peaks <= 1 GB; the project file after one JSONL export stays <= 2x its size before. The project
(N articles of news-like text, about 20 quotes per article from three annotators, 2,000 speakers, 1,000
claims) is generated once per N under the temporary folder and reused. Each export runs in its own
child process; its peak RSS is read from the kernel's accounting of that child. The baseline printed
beside it is the peak RSS of a child that only imports the package and opens the project.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import article_text, scratch_folder  # noqa: E402

ANNOTATORS = ("ann_a", "ann_b", "ann_c")
STANCES = ("supports", "opposes", "neutral", "unclear")
TOPICS = ("conflict", "diplomacy", "politics", "economy")
# Measures one command's peak RSS: the wrapper starts it, waits, and reads its children's maximum.
_PEAK = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "sys.stderr.write(r.stderr); print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def build(path: Path, n_articles: int) -> None:
    """A project like issue 9's: N articles, ~20 quotes each over three annotators, registries."""
    from annotator.core.text import sha256_of
    from annotator.services.projects import open_project

    open_project(path).close()  # the schema and the label scheme
    rng = random.Random(9)
    conn = sqlite3.connect(path)
    conn.execute("BEGIN")
    stamp = "2026-01-01T00:00:00+00:00"
    conn.executemany("INSERT INTO annotators (name) VALUES (?)", [(a,) for a in ANNOTATORS])
    conn.executemany("INSERT INTO speakers (name) VALUES (?)", [(f"Speaker {i}",) for i in range(2000)])
    conn.executemany("INSERT INTO claims (text) VALUES (?)", [(f"Claim number {i}",) for i in range(1000)])
    quote_id = 0
    for i in range(n_articles):
        text = article_text(rng, rng.randint(2000, 4200))
        conn.execute(
            "INSERT INTO articles (id, sha256, text, title, outlet, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
            (i + 1, sha256_of(text), text, f"Article {i}", f"Outlet {i % 40}", stamp),
        )
        rows, topics = [], []
        for j in range(rng.randint(14, 26)):
            start = rng.randrange(0, len(text) - 80)
            end = start + rng.randint(10, 80)
            quote_id += 1
            speaker = (start - 30, start - 5) if j % 3 == 0 and start > 30 else (None, None)
            rows.append((quote_id, i + 1, 1 + j % 3, start, end, rng.choice(("direct", "indirect")),
                         1 + rng.randrange(2000), *speaker, rng.choice(STANCES),
                         1 + rng.randrange(1000) if j % 2 else None, stamp, stamp))
            if j % 2:
                topics.append((quote_id, TOPICS[j % len(TOPICS)]))
        conn.executemany(
            'INSERT INTO quotes (id, article_id, annotator_id, start, "end", kind, speaker_id, speaker_start, '
            "speaker_end, stance, claim_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany("INSERT INTO quote_topics (quote_id, topic) VALUES (?, ?)", topics)
    conn.execute("COMMIT")
    conn.close()


def cached_project(n_articles: int) -> Path:
    """The project of :func:`build` for ``n_articles``, made once under the temporary folder and kept."""
    cache = Path(tempfile.gettempdir()) / f"bench-export-memory-{n_articles}.annotator.db"
    if not cache.exists():
        building = cache.with_name(f"building-{cache.name}")  # a project's name, so it can be made
        building.unlink(missing_ok=True)  # left by a run stopped while building
        build(building, n_articles)
        building.rename(cache)
    return cache


def peak(command: list[str]) -> tuple[float, float]:
    """(peak RSS in MB, wall seconds) of ``command`` run in a child process; exits on its failure."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _PEAK, *command], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    code, kilobytes = result.stdout.split()
    if code != "0":
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr}")
    return int(kilobytes) / 1024, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--formats", default="jsonl,doccano,csv,spacy")
    args = parser.parse_args()
    cache = cached_project(args.articles)
    work = scratch_folder("bench-export-memory-")
    db = work / "p.annotator.db"
    shutil.copy(cache, db)
    cli = [sys.executable, "-m", "annotator"]
    base, _ = peak([sys.executable, "-c", f"from annotator.services.projects import open_project; "
                                          f"import spacy; open_project({str(db)!r}).close()"])
    size_before = db.stat().st_size
    print(f"{args.articles:,} articles, project {size_before / 2**20:.0f} MB; baseline (import + open): {base:.0f} MB")
    suffixes = {"jsonl": ".jsonl", "doccano": ".jsonl", "csv": ".csv", "spacy": ".spacy"}
    for fmt in args.formats.split(","):
        out = work / f"out-{fmt}{suffixes[fmt]}"
        mb, seconds = peak([*cli, "export", "--db", str(db), "--out", str(out), "--format", fmt])
        goal = 1024 if fmt == "spacy" else 300
        verdict = "meets" if mb <= goal else "misses"
        print(f"export {fmt}: peak {mb:.0f} MB, {seconds:.1f} s ({verdict} goal <= {goal} MB)")
        if fmt == "jsonl":
            size = sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.exists())
            ratio = size / size_before
            print(f"project after one JSONL export: {size / 2**20:.0f} MB, {ratio:.2f}x before "
                  f"({'meets' if ratio <= 2 else 'misses'} goal <= 2x)")
            mb, seconds = peak([*cli, "export", "--db", str(db), "--out", str(out), "--format", fmt])
            print(f"export {fmt} again (tokens cached): peak {mb:.0f} MB, {seconds:.1f} s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
