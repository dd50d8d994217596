"""Peak memory of `annotator import` of a corpus-sized JSONL and Label Studio export.

Run: .venv/bin/python bench/bench_import_memory.py [--articles N]
The project of bench_export_memory.py (N articles, ~20 quotes each from three annotators) is exported
as JSONL (with its tokens: the largest file a team passes around) and as Label Studio JSON, and each
file is imported into a new project in a child process; its peak RSS is printed beside the file's size
and beside the baseline, a child that only imports the package and opens a project. Both readers take
the file a record at a time, so the peak should stay near the baseline whatever the file's size.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import scratch_folder  # noqa: E402
from bench_export_memory import cached_project, peak  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    cache = cached_project(args.articles)
    work = scratch_folder("bench-import-memory-")
    db = work / "source.annotator.db"
    shutil.copy(cache, db)
    cli = [sys.executable, "-m", "annotator"]
    base, _ = peak([sys.executable, "-c", "from annotator.services.projects import open_project; "
                                          f"open_project({str(work / 'empty.annotator.db')!r}).close()"])
    print(f"{args.articles:,} articles; baseline (import + open a project): {base:.0f} MB")
    for fmt, name in (("jsonl", "corpus.jsonl"), ("labelstudio", "corpus.json")):
        out = work / name
        peak([*cli, "export", "--db", str(db), "--out", str(out), "--format", fmt])
        mb, seconds = peak([*cli, "import", "--db", str(work / f"{fmt}.annotator.db"), str(out)])
        size = out.stat().st_size / 2**20
        print(f"import {fmt}: file {size:.0f} MB, peak {mb:.0f} MB ({mb / base:.2f}x the baseline, "
              f"{mb / size:.2f}x the file), {seconds:.1f} s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
