"""UIMA CAS XMI export and import of the 1,000-article review project against bare dkpro-cassis in the same run.

Run: nice -n 5 .venv/bin/python bench/bench_xmi.py
Uses the cached scale corpus (bench_scale.py builds it: ~/.cache/annotator-bench/scale-1000-v1), copied to a
temporary folder so the cache is never changed. cassis's own serialiser is the floor: the bare export
reads the same rows with one SELECT and builds the same CASes (quotes, shared mentions, details) with
cassis directly, writing them to a zip; the bare import loads every XMI of our zip with cassis and inserts
its text and quote rows with sqlite3 in one transaction. Ours adds the checks, the offset carrying, the
project's registries (speakers, claims, labels) and the reports. Goal: each within 1.5x of its bare loop.
Times are CPU seconds of this process (medians of 5), so other work on the machine does not skew the ratio.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import sys
import time
import zipfile
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import report, scratch_folder  # noqa: E402

from annotator.services import xmi_types  # noqa: E402
from annotator.services.exporting import export_project  # noqa: E402
from annotator.services.importing import import_paths  # noqa: E402
from annotator.services.projects import open_project  # noqa: E402

CACHE = Path.home() / ".cache" / "annotator-bench" / "scale-1000-v1" / "review.annotator.db"


def median_cpu(fn, repeat: int = 5) -> float:
    """Median CPU time of ``fn`` in this process: steadier than wall time on a machine other work shares."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def bare_export(db: Path, out: Path) -> None:
    """SELECT the quotes, build the same CASes with cassis directly (quotes, shared mentions, details), zip them."""
    from cassis import Cas

    ts = xmi_types.typesystem()
    quote_type, strings = ts.get_type(xmi_types.QUOTE), ts.get_type(xmi_types.STRING_ARRAY)
    mention_types = (ts.get_type(xmi_types.SPEAKER_MENTION), ts.get_type(xmi_types.CUE))
    meta, details = ts.get_type(xmi_types.DOCUMENT_META), ts.get_type(xmi_types.ARTICLE)
    conn = sqlite3.connect(db)
    articles = {row[0]: row[1:] for row in conn.execute("SELECT id, text, title, sha256 FROM articles")}
    rows = conn.execute(
        'SELECT q.article_id, n.name, q.id, q.start, q."end", q.kind, s.name, q.speaker_start, q.speaker_end, '
        "q.cue_start, q.cue_end, q.stance, c.text, q.note, q.origin, "
        "(SELECT group_concat(topic, char(31)) FROM quote_topics t WHERE t.quote_id = q.id) FROM quotes q "
        "JOIN annotators n ON n.id = q.annotator_id LEFT JOIN speakers s ON s.id = q.speaker_id "
        "LEFT JOIN claims c ON c.id = q.claim_id ORDER BY q.article_id, n.name, q.start"
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(xmi_types.TYPESYSTEM_NAME, ts.to_xml())
        current, cas, mentions = None, None, {}
        for (article_id, annotator, quote_id, start, end, kind, speaker, s0, s1, c0, c1, stance, claim, note,
             origin, topics) in rows:
            if article_id != current:
                if cas is not None:
                    archive.writestr(f"{current}.xmi", cas.to_xmi())
                current, cas, mentions = article_id, Cas(typesystem=ts), {}
                text, title, sha = articles[article_id]
                cas.sofa_string = text
                cas.add(meta(begin=0, end=len(text), documentTitle=title, documentId=str(article_id)))
                cas.add(details(title=title, sha256=sha))
            links = {}
            for name, kind_type, span in (("speakerMention", mention_types[0], (s0, s1)),
                                          ("cue", mention_types[1], (c0, c1))):
                if span[0] is not None:
                    if (name, span) not in mentions:
                        mentions[name, span] = kind_type(begin=span[0], end=span[1])
                        cas.add(mentions[name, span])
                    links[name] = mentions[name, span]
            values = {"kind": kind, "speaker": speaker, "stance": stance, "claim": claim, "note": note or None,
                      "origin": origin, "annotator": annotator, "quoteId": quote_id,
                      "topics": strings(elements=topics.split(chr(31))) if topics else None}
            cas.add(quote_type(begin=start, end=end, **links, **{k: v for k, v in values.items() if v is not None}))
        if cas is not None:
            archive.writestr(f"{current}.xmi", cas.to_xmi())
    conn.close()


def bare_import(archive_path: Path, db: Path) -> int:
    """Load every XMI of the zip with cassis and insert its text and quote rows with sqlite3; count the quotes."""
    from cassis import load_cas_from_xmi, load_typesystem

    db.unlink(missing_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, text TEXT, title TEXT)")
    conn.execute("CREATE TABLE quotes (article_id INTEGER, annotator TEXT, start INTEGER, end INTEGER, kind TEXT, "
                 "speaker TEXT, stance TEXT, claim TEXT, topics TEXT)")
    count = 0
    conn.execute("BEGIN")
    with zipfile.ZipFile(archive_path) as archive:
        ts = load_typesystem(BytesIO(archive.read(xmi_types.TYPESYSTEM_NAME)))
        for name in archive.namelist():
            if not name.endswith(".xmi"):
                continue
            cas = load_cas_from_xmi(BytesIO(archive.read(name)), typesystem=ts)
            article_id = conn.execute("INSERT INTO articles (text, title) VALUES (?, ?)",
                                      (cas.sofa_string, name)).lastrowid
            rows = [(article_id, q.annotator, q.begin, q.end, q.kind, q.speaker, q.stance, q.claim,
                     "|".join(q.topics.elements) if q.topics else "") for q in cas.select(xmi_types.QUOTE)]
            conn.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            count += len(rows)
    conn.execute("COMMIT")
    conn.close()
    return count


def main() -> None:
    if not CACHE.exists():
        sys.exit(f"{CACHE} is missing: run bench/bench_scale.py once to build the scale corpus")
    work = scratch_folder("bench-xmi-")
    db = work / "review.annotator.db"
    shutil.copy(CACHE, db)
    project = open_project(db)  # migrates the copy once, outside the timings
    quotes = export_project(project, work / "ours.zip").quotes

    def ours_import() -> None:
        target = work / "back.annotator.db"
        target.unlink(missing_ok=True)
        with open_project(target) as copy:
            assert import_paths(copy, [work / "ours.zip"], "bench").quotes_added == quotes

    bare_export_time = median_cpu(lambda: bare_export(db, work / "bare.zip"))
    ours_export_time = median_cpu(lambda: export_project(project, work / "ours.zip"))
    bare_import_time = median_cpu(lambda: bare_import(work / "ours.zip", work / "bare.db"))
    ours_import_time = median_cpu(ours_import)
    size = (work / "ours.zip").stat().st_size / 1e6
    print(f"XMI of {quotes:,} quotes in 1,000 articles, 3 annotators ({size:.1f} MB zip; median CPU seconds of 5)")
    report("export to .zip (ours)", ours_export_time, bare_export_time, 1.5, "bare SELECT + cassis to_xmi")
    report("import of the .zip (ours)", ours_import_time, bare_import_time, 1.5, "bare cassis load + sqlite3 inserts")
    project.close()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
