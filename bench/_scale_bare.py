"""Bare baselines for bench_scale.py: what plain sqlite3 takes to do the same reading and writing.

Each function works on a project file with its own connection, outside the app, so the app's figures
can be printed beside the least the same work could cost in the same run on the same files.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

STAMP = "2026-01-05T09:00:00+00:00"


def connect(path: Path, read_only: bool = True) -> sqlite3.Connection:
    """A plain connection (read-only unless asked), with the app's pragmas for writing."""
    if read_only:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    # A URI connection, so that ATTACH can open the merged files read-only by URI too.
    conn = sqlite3.connect(f"file:{path}", uri=True, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def timed(fn, runs: int = 5) -> float:
    """Median seconds of ``fn`` over ``runs``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def insert_one_quote(path: Path, runs: int = 7) -> float:
    """A bare INSERT of one quote row, committed, in the project file (the rows are removed afterwards)."""
    conn = connect(path, read_only=False)
    article, annotator = conn.execute("SELECT article_id, annotator_id FROM quotes LIMIT 1").fetchone()
    added: list[int] = []

    def insert() -> None:
        conn.execute("BEGIN IMMEDIATE")
        cursor = conn.execute(
            'INSERT INTO quotes (article_id, annotator_id, start, "end", kind, created_at, updated_at) '
            "VALUES (?, ?, 1, 9, 'direct', ?, ?)", (article, annotator, STAMP, STAMP))
        conn.execute("COMMIT")
        added.append(cursor.lastrowid)

    seconds = timed(insert, runs)
    conn.executemany("DELETE FROM quotes WHERE id = ?", [(i,) for i in added])
    conn.close()
    return seconds


def claims_filter(path: Path, word: str) -> float:
    """Median over the prefixes of ``word`` of selecting the quotes with claims that a filter would keep."""
    conn = connect(path)
    query = (
        "SELECT q.id, q.article_id, c.text, s.name, q.stance, a.outlet FROM quotes q "
        "JOIN claims c ON c.id = q.claim_id LEFT JOIN speakers s ON s.id = q.speaker_id "
        "JOIN articles a ON a.id = q.article_id "
        "WHERE c.text LIKE :p OR s.name LIKE :p OR q.stance LIKE :p OR a.outlet LIKE :p "
        "OR substr(a.text, q.start + 1, q.\"end\" - q.start) LIKE :p"
    )
    prefixes = [word[:k] for k in range(1, len(word) + 1)]
    times = [timed(lambda p=p: conn.execute(query, {"p": f"%{p}%"}).fetchall(), 1) for p in prefixes + prefixes[::-1]]
    conn.close()
    return sorted(times)[len(times) // 2]


def _summaries(order: str) -> str:
    return (
        "SELECT a.id, a.title, a.outlet, a.published, length(a.text), count(q.id), s.status FROM articles a "
        "LEFT JOIN quotes q ON q.article_id = a.id AND q.annotator_id = :who "
        "LEFT JOIN article_status s ON s.article_id = a.id AND s.annotator_id = :who "
        f"GROUP BY a.id {order}"
    )


def corpus_rows(path: Path, annotator: str, order: str = "") -> float:
    """Selecting every article's corpus row (quote count and status for one annotator), optionally sorted."""
    conn = connect(path)
    who = conn.execute("SELECT id FROM annotators WHERE name = ?", (annotator,)).fetchone()[0]
    seconds = timed(lambda: conn.execute(_summaries(order), {"who": who}).fetchall())
    conn.close()
    return seconds


def speaker_rows(path: Path, order: str = "") -> float:
    """Selecting the registry with aliases and quote counts, optionally sorted."""
    conn = connect(path)
    query = (
        "SELECT s.id, s.name, s.type, s.role, (SELECT group_concat(alias, ', ') FROM speaker_aliases a "
        "WHERE a.speaker_id = s.id), (SELECT count(*) FROM quotes q WHERE q.speaker_id = s.id) AS n "
        f"FROM speakers s {order}"
    )
    seconds = timed(lambda: conn.execute(query).fetchall())
    conn.close()
    return seconds


def read_quotes(path: Path, runs: int = 3) -> float:
    """Reading every quote of a project with its fields (names, claim and topics joined in)."""
    conn = connect(path)
    query = (
        'SELECT q.id, q.article_id, q.start, q."end", n.name, q.kind, s.name, q.speaker_start, q.speaker_end, '
        "q.cue_start, q.cue_end, q.stance, c.text, (SELECT group_concat(topic, char(31)) FROM quote_topics t "
        "WHERE t.quote_id = q.id), q.note, q.origin FROM quotes q JOIN annotators n ON n.id = q.annotator_id "
        "LEFT JOIN speakers s ON s.id = q.speaker_id LEFT JOIN claims c ON c.id = q.claim_id "
        "ORDER BY q.article_id, n.name, q.start"
    )
    seconds = timed(lambda: conn.execute(query).fetchall(), runs)
    conn.close()
    return seconds


_MERGE_ONE = """
INSERT OR IGNORE INTO main.articles (sha256, text, title, outlet, url, published, source, imported_at)
    SELECT sha256, text, title, outlet, url, published, source, imported_at FROM src.articles ORDER BY id;
INSERT OR IGNORE INTO main.annotators (name) SELECT name FROM src.annotators;
INSERT OR IGNORE INTO main.speakers (name, type, role) SELECT name, type, role FROM src.speakers ORDER BY id;
INSERT OR IGNORE INTO main.speaker_aliases (speaker_id, alias)
    SELECT t.id, a.alias FROM src.speaker_aliases a JOIN src.speakers s ON s.id = a.speaker_id
    JOIN main.speakers t ON t.name = s.name;
INSERT OR IGNORE INTO main.claims (text) SELECT text FROM src.claims ORDER BY id;
INSERT INTO main.quotes (article_id, annotator_id, start, "end", kind, speaker_id, speaker_start, speaker_end,
                         cue_start, cue_end, stance, claim_id, note, origin, created_at, updated_at)
    SELECT ta.id, tn.id, q.start, q."end", q.kind, ts.id, q.speaker_start, q.speaker_end, q.cue_start, q.cue_end,
           q.stance, tc.id, q.note, q.origin, q.created_at, q.updated_at
    FROM src.quotes q
    JOIN src.articles sa ON sa.id = q.article_id JOIN main.articles ta ON ta.sha256 = sa.sha256
    JOIN src.annotators sn ON sn.id = q.annotator_id JOIN main.annotators tn ON tn.name = sn.name
    LEFT JOIN src.speakers ss ON ss.id = q.speaker_id LEFT JOIN main.speakers ts ON ts.name = ss.name
    LEFT JOIN src.claims sc ON sc.id = q.claim_id LEFT JOIN main.claims tc ON tc.text = sc.text
    ORDER BY q.id;
INSERT OR IGNORE INTO main.quote_topics (quote_id, topic)
    SELECT tq.id, t.topic FROM src.quote_topics t JOIN src.quotes q ON q.id = t.quote_id
    JOIN src.articles sa ON sa.id = q.article_id JOIN main.articles ta ON ta.sha256 = sa.sha256
    JOIN src.annotators sn ON sn.id = q.annotator_id JOIN main.annotators tn ON tn.name = sn.name
    JOIN main.quotes tq ON tq.article_id = ta.id AND tq.annotator_id = tn.id AND tq.start = q.start
                       AND tq."end" = q."end";
INSERT OR REPLACE INTO main.article_status (article_id, annotator_id, status)
    SELECT ta.id, tn.id, s.status FROM src.article_status s
    JOIN src.articles sa ON sa.id = s.article_id JOIN main.articles ta ON ta.sha256 = sa.sha256
    JOIN src.annotators sn ON sn.id = s.annotator_id JOIN main.annotators tn ON tn.name = sn.name;
"""


def merge(target: Path, sources: list[Path]) -> float:
    """Seconds to merge ``sources`` into the (new, empty) project ``target`` with ATTACH and INSERT…SELECT.

    Articles are matched by sha256, annotators, speakers and claims by name, and every foreign key is
    remapped by joins on those keys, one transaction per file, as a set-based merge would.
    """
    conn = connect(target, read_only=False)
    conn.execute("PRAGMA foreign_keys = ON")
    start = time.perf_counter()
    for source in sources:
        conn.execute("ATTACH DATABASE ? AS src", (f"file:{source}?mode=ro",))
        conn.execute("BEGIN IMMEDIATE")
        for statement in _MERGE_ONE.split(";\n"):
            if statement.strip():
                conn.execute(statement)
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE src")
    seconds = time.perf_counter() - start
    conn.close()
    return seconds
