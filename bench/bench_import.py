"""Import 1,000 generated ~3 KB articles; compare with bare sqlite3 inserts of the same rows.

Run: .venv/bin/python bench/bench_import.py
The goal (issue 2) is store time <= 1.5x the bare inserts, text extraction aside: both sides commit
one transaction per article in a WAL file, as a real import does (a bad file must leave nothing behind).
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import article_text, median_time, report, scratch_folder  # noqa: E402

from annotator.core.model import Document  # noqa: E402
from annotator.services.importing import ImportReport, import_paths, store_document  # noqa: E402
from annotator.services.projects import open_project  # noqa: E402

N = 1000


def main() -> None:
    rng = random.Random(7)
    texts = [article_text(rng) for _ in range(N)]
    documents = [Document(text=t, title=f"Article {i}", outlet="Bench", source=f"a{i}.txt") for i, t in enumerate(texts)]
    work = scratch_folder("bench-import-")
    folder = work / "corpus"
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"a{i:04d}.txt").write_text(text, encoding="utf-8")
    counter = iter(range(10_000))

    def ours() -> None:
        project = open_project(work / f"ours{next(counter)}.annotator.db")
        result = ImportReport()
        for document in documents:
            with project.atomic():
                store_document(project, document, "bench", result)
        assert result.articles_added == N
        project.close()

    def bare() -> None:
        conn = sqlite3.connect(work / f"bare{next(counter)}.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(
            "CREATE TABLE articles (id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE, text TEXT, title TEXT, outlet TEXT, "
            "url TEXT, published TEXT, source TEXT, imported_at TEXT)"
        )
        for document in documents:
            sha = hashlib.sha256(document.text.encode()).hexdigest()
            conn.execute("BEGIN")
            conn.execute(
                "INSERT INTO articles (sha256, text, title, outlet, url, published, source, imported_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (sha, document.text, document.title, document.outlet, "", "", document.source,
                 datetime.now(UTC).isoformat()),
            )
            conn.execute("COMMIT")
        conn.close()

    def full() -> None:
        project = open_project(work / f"full{next(counter)}.annotator.db")
        result = import_paths(project, [folder], "bench")
        assert result.articles_added == N, result.summary()
        project.close()

    bare_time = median_time(bare)
    ours_time = median_time(ours)
    full_time = median_time(full)
    print(f"import of {N} articles of ~3 KB (median of 3)")
    report("store (ours)", ours_time, bare_time, 1.5, "bare sqlite3 inserts")
    print(f"whole import from .txt files, reading and normalising included: {full_time:.3f} s")


if __name__ == "__main__":
    main()
