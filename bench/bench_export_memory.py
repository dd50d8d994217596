"""Peak memory of `annotator export` at scale, and the project file's growth after one JSONL export.

Run: .venv/bin/python bench/bench_export_memory.py [--articles N] [--formats jsonl,doccano,csv,spacy]
Goals (issue 9): JSONL, doccano and CSV exports peak <= 300 MB and flat in corpus size; the `.spacy`
export peaks <= 1 GB; the project file after one JSONL export stays <= 2x its size before. The project
(N articles of news-like text, about 20 quotes per article from three annotators, 2,000 speakers, 1,000
claims) is generated once per N under the temporary folder and reused. Each export runs in its own
child process. Two peaks are printed: the largest single process's (the kernel's accounting of the
children, which keeps the largest child's peak, not a sum) and the sum of every process's own peak (the
export and the worker processes a parallel JSONL export starts), from each one's VmHWM in /proc, sampled
every 10 ms until it ends. Forked workers share the pages they inherited, which each one's figure counts
again, so the sum is an upper bound. The baseline printed beside them is the peak RSS of a child that
only imports the package and opens the project. ``--processes N`` is handed to the JSONL export.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
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
_SAMPLE_EVERY = 0.01  # seconds between two looks at the processes' peaks


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


def _children() -> dict[int, int]:
    """Every process's parent, from /proc."""
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as stat:
                    # The command name in brackets may hold spaces: the fields after the last ')'.
                    parents[int(name)] = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # ended meanwhile
    return parents


def _high_water_kb(pid: int) -> int | None:
    """A process's peak resident memory so far (VmHWM), or None once it has ended."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def measure(command: list[str]) -> None:
    """Run in a child of its own: run ``command``, print its exit code, the largest process's peak and the
    sum of every process's peak (KB), and how many processes there were."""
    errors = tempfile.TemporaryFile("w+")  # not a pipe: a chatty command would fill it and wait
    child = subprocess.Popen(command, stderr=errors, text=True)
    peaks: dict[int, int] = {}
    while child.poll() is None:
        parents = _children()
        tree, grew = {child.pid}, True
        while grew:  # the command's descendants: its workers, and theirs
            found = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= found
            grew = bool(found)
        for pid in tree:
            kilobytes = _high_water_kb(pid)
            if kilobytes is not None:
                peaks[pid] = max(peaks.get(pid, 0), kilobytes)
        time.sleep(_SAMPLE_EVERY)
    errors.seek(0)
    sys.stderr.write(errors.read())
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(child.returncode, largest, max(sum(peaks.values()), largest), max(len(peaks), 1))


def peak(command: list[str]) -> tuple[float, float, float, int]:
    """(largest process's peak MB, sum of the processes' peaks MB, wall seconds, processes) of ``command``,
    run in a child process; exits on its failure."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, __file__, "--measure", *command], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    code, largest, summed, processes = result.stdout.split()[-4:]
    if code != "0":
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr}")
    return int(largest) / 1024, int(summed) / 1024, seconds, int(processes)


def _peaks(largest: float, summed: float, processes: int) -> str:
    if processes < 2:
        return f"peak {largest:.0f} MB"
    return f"peak {largest:.0f} MB (largest process), {summed:.0f} MB summed over {processes} processes"


def main() -> None:
    if sys.argv[1:2] == ["--measure"]:
        measure(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--formats", default="jsonl,doccano,csv,spacy")
    parser.add_argument("--processes", type=int, help="JSONL: write with N processes (default: the export's choice)")
    args = parser.parse_args()
    cache = cached_project(args.articles)
    work = scratch_folder("bench-export-memory-")
    db = work / "p.annotator.db"
    shutil.copy(cache, db)
    cli = [sys.executable, "-m", "annotator"]
    base, _, _, _ = peak([sys.executable, "-c", f"from annotator.services.projects import open_project; "
                                                f"import spacy; open_project({str(db)!r}).close()"])
    size_before = db.stat().st_size
    print(f"{args.articles:,} articles, project {size_before / 2**20:.0f} MB; baseline (import + open): {base:.0f} MB")
    suffixes = {"jsonl": ".jsonl", "doccano": ".jsonl", "csv": ".csv", "spacy": ".spacy"}
    for fmt in args.formats.split(","):
        out = work / f"out-{fmt}{suffixes[fmt]}"
        command = [*cli, "export", "--db", str(db), "--out", str(out), "--format", fmt]
        if fmt == "jsonl" and args.processes:
            command += ["--processes", str(args.processes)]
        mb, summed, seconds, processes = peak(command)
        goal = 1024 if fmt == "spacy" else 300
        verdict = "meets" if summed <= goal else "misses"  # the memory the export takes from the machine
        print(f"export {fmt}: {_peaks(mb, summed, processes)}, {seconds:.1f} s ({verdict} goal <= {goal} MB)")
        if fmt == "jsonl":
            size = sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.exists())
            ratio = size / size_before
            print(f"project after one JSONL export: {size / 2**20:.0f} MB, {ratio:.2f}x before "
                  f"({'meets' if ratio <= 2 else 'misses'} goal <= 2x)")
            mb, summed, seconds, processes = peak(command)
            print(f"export {fmt} again (tokens cached): {_peaks(mb, summed, processes)}, {seconds:.1f} s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
