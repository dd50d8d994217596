"""Assignments: the SQL behind handing articles out (``annotator assign``), batches and progress.

An annotator's file is a new project with the corpus's schema, into which the corpus's registries, scheme,
guidelines and settings are copied whole, and of its articles only theirs, with their cached suggestions;
nobody's quotes, statuses or decisions. Copying what is kept (rather than copying the corpus and deleting
the rest) writes a fifth of the bytes for five annotators, and leaves no other article's text in free pages.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from annotator.core.model import GOLD
from annotator.store.project import Project, ProjectError, now, sqlite_uri
from annotator.store.stranded_log import tidy_after_reading

BATCH_SRC = "batch_src"
#: The setting naming who an annotator's file was written for.
ASSIGNED_TO = "assigned_to"
#: Tables of work, not of the corpus: an annotator's file starts without them.
_WORK_TABLES = ("quote_topics", "suggestion_decisions", "review_decisions", "review_status", "article_status",
                "quotes", "annotators", "merge_sources", "assignments")


def assigned_shas(project: Project) -> set[str]:
    """Text hashes of every article given to anyone so far."""
    return {row[0] for row in project.db.conn.execute("SELECT DISTINCT sha256 FROM assignments")}


def unassigned_articles(project: Project) -> list[str]:
    """Text hashes of the articles nobody was given yet, in import order."""
    return [row[0] for row in project.db.conn.execute(
        "SELECT sha256 FROM articles WHERE sha256 NOT IN (SELECT sha256 FROM assignments) ORDER BY id")]


def assigned_counts(project: Project) -> dict[str, int]:
    """How many articles each annotator was given so far."""
    return dict(project.db.conn.execute("SELECT annotator, count(*) FROM assignments GROUP BY annotator"))


def next_batch(project: Project) -> int:
    """The number the next assignment's batch gets (1 for the first)."""
    return project.db.conn.execute("SELECT coalesce(max(batch), 0) + 1 FROM assignments").fetchone()[0]


def record_assignments(project: Project, rows: Sequence[tuple[str, str, int, int]]) -> None:
    """Record (sha256, annotator, batch, position) rows, all in one transaction."""
    stamp = now()
    with project.atomic() as db:
        db.conn.executemany(
            "INSERT INTO assignments (sha256, annotator, batch, position, assigned_at) VALUES (?, ?, ?, ?, ?)",
            [(*row, stamp) for row in rows],
        )


def write_share(project: Project, target: Path, annotator: str, rows: Sequence[tuple[str, str, int, int]]) -> None:
    """Write ``target``: a new project with the corpus's schema and registries, the articles of ``rows`` with
    what hangs off them (suggestions, token cache), and no one's work."""
    conn = project.db.conn
    schema = conn.execute(
        "SELECT type, name, sql FROM main.sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY rowid"  # creation order: a table comes after the tables its foreign keys name
    ).fetchall()
    tables = [name for kind, name, _sql in schema if kind == "table"]
    try:
        _create(target, [sql for kind, _name, sql in schema if kind == "table"], conn)
        conn.execute(f"ATTACH DATABASE ? AS {SHARE_DST}", (sqlite_uri(target, "rw"),))
        try:
            conn.execute("BEGIN")
            conn.execute("CREATE TEMP TABLE share_keep (sha256 TEXT PRIMARY KEY)")
            conn.executemany("INSERT INTO temp.share_keep VALUES (?)", [(row[0],) for row in rows])
            for table in tables:
                conn.execute(_copy_rows(conn, table))
            stamp = now()
            conn.executemany(
                f"INSERT INTO {SHARE_DST}.assignments (sha256, annotator, batch, position, assigned_at) "
                "VALUES (?, ?, ?, ?, ?)", [(*row, stamp) for row in rows])
            conn.execute(f"INSERT OR REPLACE INTO {SHARE_DST}.settings (key, value) VALUES (?, ?)",
                         (ASSIGNED_TO, annotator))
            conn.execute("DROP TABLE temp.share_keep")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.execute(f"DETACH DATABASE {SHARE_DST}")
        # Indexes are built once the rows are in: faster than keeping them up to date row by row.
        _create(target, [sql for kind, _name, sql in schema if kind != "table"])
    except sqlite3.Error as exc:
        raise ProjectError(f"{target}: could not be written ({exc}); nothing was handed out") from exc


SHARE_DST = "share_dst"


def _create(target: Path, statements: list[str], source: sqlite3.Connection | None = None) -> None:
    """Run schema statements in ``target``; with ``source``, first give it the source's version and mark."""
    copy = sqlite3.connect(str(target))
    try:
        copy.isolation_level = None
        copy.execute("BEGIN")
        if source is not None:
            for pragma in ("user_version", "application_id"):
                copy.execute(f"PRAGMA {pragma} = {int(source.execute(f'PRAGMA main.{pragma}').fetchone()[0])}")
        for statement in statements:
            copy.execute(statement)
        copy.execute("COMMIT")
    finally:
        copy.close()


def _copy_rows(conn: sqlite3.Connection, table: str) -> str:
    """The statement copying what an annotator's file keeps of ``table`` into the attached new file."""
    columns = {r[1] for r in conn.execute(f'PRAGMA main.table_info("{table}")')}
    into = f'INSERT INTO {SHARE_DST}."{table}" SELECT * FROM main."{table}"'
    if table in _WORK_TABLES:
        return into + " WHERE 0"
    if table == "articles":
        return into + " WHERE sha256 IN (SELECT sha256 FROM temp.share_keep)"
    if "article_id" in columns:
        # Whatever hangs off an article (suggestions, token cache, tables added later) goes with it.
        return into + (" WHERE article_id IN (SELECT id FROM main.articles "
                       "WHERE sha256 IN (SELECT sha256 FROM temp.share_keep))")
    return into


@contextmanager
def attached_batch(project: Project, path: Path) -> Iterator[None]:
    """A batch file attached read-only as ``batch_src`` for the time of the block (outside a transaction)."""
    conn = project.db.conn
    untouched = _untouched(path)
    try:
        conn.execute(f"ATTACH DATABASE ? AS {BATCH_SRC}", (sqlite_uri(path, "ro"),))
        tables = {r[0] for r in conn.execute(f"SELECT name FROM {BATCH_SRC}.sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        _detach(conn, path if untouched else None)
        raise ProjectError(f"{path}: not an Annotator batch ({exc})") from exc
    try:
        if not {"articles", "assignments", "settings"} <= tables:
            raise ProjectError(f"{path}: not a batch written by annotator assign (it has no assignments)")
        yield
    finally:
        _detach(conn, path if untouched else None)


def _untouched(path: Path) -> bool:
    """Whether ``path`` has no -wal/-shm beside it yet (reading it read-only makes them and cannot remove them)."""
    return not any(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm"))


def _detach(conn: sqlite3.Connection, tidy: Path | None = None) -> None:
    """Detach the file read; with ``tidy``, remove the -wal/-shm reading it left beside that file."""
    try:
        conn.execute(f"DETACH DATABASE {BATCH_SRC}")
    except sqlite3.OperationalError:
        pass  # never attached
    if tidy is not None:
        tidy_after_reading(tidy)


def batch_owner(project: Project) -> str | None:
    """Who the attached batch was written for."""
    row = project.db.conn.execute(f"SELECT value FROM {BATCH_SRC}.settings WHERE key = ?", (ASSIGNED_TO,)).fetchone()
    return row[0] if row else None


def _shared_columns(conn: sqlite3.Connection, table: str, leave_out: set[str]) -> list[str]:
    """Columns ``table`` has both in the project and in the attached batch (either may be older)."""
    mine = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]
    theirs = {r[1] for r in conn.execute(f"PRAGMA {BATCH_SRC}.table_info({table})")}
    return [c for c in mine if c in theirs and c not in leave_out]


def add_batch_rows(project: Project) -> tuple[int, int]:
    """Copy the attached batch's new articles, their suggestions, registries, labels and assignments.

    Nothing the project holds is changed: rows are only added. Returns (articles added, already present).
    """
    conn = project.db.conn
    with project.atomic():
        before = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        incoming = conn.execute(f"SELECT count(*) FROM {BATCH_SRC}.articles").fetchone()[0]
        columns = ", ".join(f'"{c}"' for c in _shared_columns(conn, "articles", {"id"}))
        conn.execute(f"INSERT INTO articles ({columns}) SELECT {columns} FROM {BATCH_SRC}.articles "
                     "WHERE sha256 NOT IN (SELECT sha256 FROM main.articles) ORDER BY id")
        added = conn.execute("SELECT count(*) FROM articles").fetchone()[0] - before
        for table in ("stances", "topics", "claims", "speakers"):
            columns = ", ".join(f'"{c}"' for c in _shared_columns(conn, table, {"id"}))
            conn.execute(f"INSERT OR IGNORE INTO main.{table} ({columns}) SELECT {columns} FROM {BATCH_SRC}.{table}")
        conn.execute(
            f"INSERT OR IGNORE INTO main.speaker_aliases (speaker_id, alias) SELECT m.id, a.alias "
            f"FROM {BATCH_SRC}.speaker_aliases a JOIN {BATCH_SRC}.speakers s ON s.id = a.speaker_id "
            "JOIN main.speakers m ON m.name = s.name"
        )
        for table in ("suggestion_runs", "suggestions"):
            columns = _shared_columns(conn, table, {"id", "article_id"})
            names = ", ".join(f'"{c}"' for c in columns)
            picked = ", ".join(f's."{c}"' for c in columns)
            conn.execute(
                f"INSERT OR IGNORE INTO main.{table} (article_id, {names}) SELECT m.id, {picked} "
                f"FROM {BATCH_SRC}.{table} s JOIN {BATCH_SRC}.articles b ON b.id = s.article_id "
                "JOIN main.articles m ON m.sha256 = b.sha256"
            )
        conn.execute(f"INSERT OR IGNORE INTO main.assignments SELECT * FROM {BATCH_SRC}.assignments")
        owner = batch_owner(project)
        if owner and conn.execute("SELECT 1 FROM settings WHERE key = ?", (ASSIGNED_TO,)).fetchone() is None:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (ASSIGNED_TO, owner))
    return added, incoming - added


_DONE = """
    SELECT a.annotator, a.sha256, s.status = 'done'
    FROM assignments a
    LEFT JOIN articles ar ON ar.sha256 = a.sha256
    LEFT JOIN annotators n ON n.name = a.annotator
    LEFT JOIN article_status s ON s.article_id = ar.id AND s.annotator_id = n.id
"""


def assignment_states(project: Project) -> list[tuple[str, str, bool]]:
    """(annotator, sha256, done) for every assignment the project records."""
    return [(name, sha, bool(done)) for name, sha, done in project.db.conn.execute(_DONE)]


def quote_activity(project: Project) -> dict[str, tuple[int, str | None]]:
    """Each annotator's number of quotes and the time of their last edit."""
    rows = project.db.conn.execute(
        "SELECT n.name, count(q.id), max(q.updated_at) FROM annotators n "
        "LEFT JOIN quotes q ON q.annotator_id = n.id GROUP BY n.id"
    )
    return {name: (count, last) for name, count, last in rows}


def assigned_article_ids(project: Project, annotator: str) -> list[int]:
    """The project's articles given to ``annotator``, in the order they were handed out."""
    return [row[0] for row in project.db.conn.execute(
        "SELECT ar.id FROM assignments a JOIN articles ar ON ar.sha256 = a.sha256 WHERE a.annotator = ? "
        "ORDER BY a.batch, a.position", (annotator,))]


def finished_by_several(project: Project) -> set[int]:
    """Articles (ids) that more than one annotator (gold left out) marked done."""
    return {row[0] for row in project.db.conn.execute(
        "SELECT s.article_id FROM article_status s JOIN annotators n ON n.id = s.annotator_id "
        "WHERE s.status = 'done' AND n.name != ? GROUP BY s.article_id HAVING count(*) > 1", (GOLD,))}


def has_assignments(project: Project) -> bool:
    """Whether the project records a hand-out (a team project)."""
    return project.db.conn.execute("SELECT 1 FROM assignments LIMIT 1").fetchone() is not None


def reviewed_shas(project: Project) -> set[str]:
    """Text hashes of the articles whose review is done (decided into gold)."""
    return {row[0] for row in project.db.conn.execute(
        "SELECT a.sha256 FROM review_status r JOIN articles a ON a.id = r.article_id WHERE r.status = 'done'")}

