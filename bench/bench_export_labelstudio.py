"""Label Studio export and read-back at scale; compared with a bare SELECT + json.dumps of the same tasks.

Run: nice -n 5 .venv/bin/python bench/bench_export_labelstudio.py [SCALE]
Uses the scale corpus of bench/_scale_data.py (SCALE articles, default 10000; built and cached on first
use), its review project copied to a temporary folder so the cache is never written. The bare loop reads the same articles and
quotes with one SELECT each and writes one task per article with a labels region per quote (start, end,
text, label) and its fields as choices; ours adds the relations, the labelling config, the streaming
write-then-rename and the selection rules. Reading back is compared with a bare json.load of the file.
Goal: export <= 3x the bare dump; reading <= 5x a bare json.load (ours validates and normalises).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from itertools import groupby
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median_time, report, scratch_folder  # noqa: E402
from _scale_data import corpus  # noqa: E402

from annotator.services.exporting import export_project  # noqa: E402
from annotator.services.projects import open_project  # noqa: E402
from annotator.services.readers_labelstudio import read_labelstudio_text  # noqa: E402


def bare_dump(db: Path, out: Path) -> int:
    """One task per article, a labels region and its choices per quote, written with json.dumps."""
    conn = sqlite3.connect(db)
    texts = dict(conn.execute("SELECT id, text FROM articles"))
    rows = conn.execute(
        'SELECT q.article_id, n.name, q.id, q.start, q."end", q.kind, s.name, q.stance, c.text FROM quotes q '
        "JOIN annotators n ON n.id = q.annotator_id LEFT JOIN speakers s ON s.id = q.speaker_id "
        "LEFT JOIN claims c ON c.id = q.claim_id ORDER BY q.article_id, n.name, q.start"
    )
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        handle.write("[")
        for article_id, article_rows in groupby(rows, key=lambda row: row[0]):
            text = texts[article_id]
            annotations = []
            for _, version in groupby(article_rows, key=lambda row: row[1]):
                result = []
                for _, _, quote_id, start, end, kind, speaker, stance, claim in version:
                    span = {"start": start, "end": end, "text": text[start:end]}
                    result.append({"id": str(quote_id), "type": "labels", "value": {**span, "labels": ["QUOTE"]}})
                    result.append({"id": str(quote_id), "type": "choices", "value": {**span, "choices": [kind]}})
                    if stance:
                        result.append({"id": str(quote_id), "type": "choices",
                                       "value": {**span, "choices": [stance]}})
                    for typed in (speaker, claim):
                        if typed:
                            result.append({"id": str(quote_id), "type": "textarea", "value": {**span, "text": [typed]}})
                annotations.append({"result": result})
            handle.write(("\n" if not count else ",\n") + json.dumps({"data": {"text": text},
                                                                       "annotations": annotations}))
            count += 1
        handle.write("\n]\n")
    conn.close()
    return count


def main() -> None:
    scale = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    source = corpus(scale).folder / "review.annotator.db"
    work = scratch_folder("bench-labelstudio-")
    db = work / "review.annotator.db"
    with sqlite3.connect(source) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    project = open_project(db)
    out = work / "tasks.json"
    results = {}

    def ours() -> None:
        results["report"] = export_project(project, out, "labelstudio")

    bare_time = median_time(lambda: bare_dump(db, work / "bare.json"))
    ours_time = median_time(ours)
    size = out.stat().st_size
    raw = out.read_text(encoding="utf-8")
    load_time = median_time(lambda: json.loads(raw))
    read_time = median_time(lambda: read_labelstudio_text(out, raw))
    done = results["report"]
    print(f"Label Studio export of {done.quotes:,} quotes in {done.records:,} tasks ({size / 1e6:.0f} MB), median of 3")
    report("export (ours)", ours_time, bare_time, 3.0, "bare SELECT + json.dumps")
    report("read back (ours)", read_time, load_time, 5.0, "bare json.loads")
    project.close()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
