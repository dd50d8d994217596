"""Set-based merging of annotator files into a review project: the SQL behind ``services.merging``.

A merge runs in two phases on the review project's connection. *Staging* attaches each annotator file
read-only (ATTACH cannot run inside a transaction) and copies what the merge needs into TEMP tables,
names instead of ids: quotes keyed by article hash, annotator, speaker and claim names, topics, article
statuses, and the texts of articles the review lacks. *Applying* then runs in one write transaction of
the review project, file by file, as INSERT/UPDATE/DELETE statements whose ids are remapped by joins, so
a cancelled or failed merge rolls back whole and leaves the project as it was.

An annotator's quote is matched to its earlier version in the review by article, annotator, span and
rank among that annotator's quotes on the same span: a span marked twice (Q pressed twice) is two
quotes, each paired with its own earlier version, never a third added nor the other's stance taken.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from annotator.core.model import GOLD, Speaker
from annotator.store.project import Project, ProjectError, latest_version, now, sqlite_uri
from annotator.store.quotes import NEXT_QUOTE_ID
from annotator.store.stranded_log import readable, tidy_after_reading

SRC = "merge_src"
_TEMP = ("merge_articles", "merge_file_articles", "merge_quotes", "merge_topics", "merge_status", "merge_assignments")
_PER_FILE = ("merge_speaker_ids", "merge_claim_ids", "merge_inc", "merge_cur", "merge_pairs", "merge_new")
_ASSIGNMENT_COLUMNS = "sha256, annotator, batch, position, assigned_at"
_ARTICLE_COLUMNS = "text, title, outlet, url, published, source, imported_at"
_QUOTE_FIELDS = ("kind", "speaker_id", "speaker_start", "speaker_end", "cue_start", "cue_end", "stance",
                 "claim_id", "note", "origin")


_OPS_PER_POLL = 20_000  # SQLite virtual-machine steps between two polls (well under a millisecond)


class Interrupted(Exception):
    """A statement was abandoned because the caller's poll asked to stop."""


@contextmanager
def interruptible(project: Project, should_stop: Callable[[], bool]) -> Iterator[None]:
    """Within the block, SQLite calls ``should_stop`` every few thousand steps; True abandons the statement.

    The abandoned statement surfaces as :class:`Interrupted` (an enclosing ``atomic`` has rolled back).
    """
    conn = project.db.conn
    conn.set_progress_handler(lambda: 1 if should_stop() else 0, _OPS_PER_POLL)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupt" in str(exc):
            raise Interrupted(str(exc)) from exc
        raise
    finally:
        conn.set_progress_handler(None, 0)


@contextmanager
def attached(project: Project, path: Path) -> Iterator[None]:
    """The annotator file at ``path`` attached read-only as ``merge_src`` for the time of the block."""
    with ExitStack() as stack:
        try:
            # A log a killed program left in a folder nobody may write is read through a private copy.
            source = stack.enter_context(readable(path))
        except OSError as exc:
            raise ProjectError(f"{path}: cannot be read ({exc.strerror or exc}); nothing was merged") from exc
        with _attached(project, path, source):
            yield


@contextmanager
def _attached(project: Project, path: Path, source: Path) -> Iterator[None]:
    conn = project.db.conn
    # Reading a WAL file read-only makes its -wal and -shm, which a read-only connection cannot remove.
    untouched = not any(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm"))
    try:
        conn.execute(f"ATTACH DATABASE ? AS {SRC}", (sqlite_uri(source, "ro"),))
        # Reading the schema now turns a file that is not a database into a clear error here.
        tables = {r[0] for r in conn.execute(f"SELECT name FROM {SRC}.sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        if "interrupt" in str(exc):
            raise Interrupted(str(exc)) from exc
        _detach(conn)
        if untouched:
            tidy_after_reading(path)
        raise ProjectError(f"{path}: not an Annotator project ({exc})") from exc
    try:
        if not {"articles", "quotes", "annotators", "speakers"} <= tables:
            raise ProjectError(f"{path}: not an Annotator project (it has no quotes table)")
        version = conn.execute(f"PRAGMA {SRC}.user_version").fetchone()[0]
        if version > latest_version():
            raise ProjectError(f"{path}: made by a newer Annotator (schema version {version}); update to merge it")
        yield
    finally:
        _detach(conn)
        if untouched:
            tidy_after_reading(path)


def _detach(conn: sqlite3.Connection) -> None:
    try:
        conn.execute(f"DETACH DATABASE {SRC}")
    except sqlite3.OperationalError:
        pass  # never attached


def create_staging(project: Project) -> None:
    """Empty TEMP tables that staged files are copied into."""
    drop_staging(project)
    # In memory: the staged texts are written once and read once, and dropping them then costs nothing.
    project.db.conn.execute("PRAGMA temp_store = MEMORY")
    # Statement by statement: executescript would commit a transaction the caller has open.
    script = f"""
        CREATE TEMP TABLE merge_articles (sha256 TEXT PRIMARY KEY, file INTEGER, src_id INTEGER, {_ARTICLE_COLUMNS});
        CREATE TEMP TABLE merge_file_articles (file INTEGER, sha256 TEXT);
        CREATE TEMP TABLE merge_quotes (
            file INTEGER, src_id INTEGER, sha256 TEXT, annotator TEXT, start INTEGER, "end" INTEGER, kind TEXT,
            speaker TEXT, speaker_start INTEGER, speaker_end INTEGER, cue_start INTEGER, cue_end INTEGER,
            stance TEXT, claim TEXT, note TEXT, origin TEXT, created_at TEXT, updated_at TEXT, topics TEXT);
        CREATE TEMP TABLE merge_topics (file INTEGER, src_id INTEGER, topic TEXT);
        CREATE INDEX temp.merge_topics_key ON merge_topics (file, src_id);
        CREATE TEMP TABLE merge_status (file INTEGER, sha256 TEXT, annotator TEXT, status TEXT);
        CREATE TEMP TABLE merge_assignments ({_ASSIGNMENT_COLUMNS});
        """
    for statement in filter(str.strip, script.split(";")):
        project.db.conn.execute(statement)


def drop_staging(project: Project) -> None:
    """Remove every TEMP table a merge made."""
    for table in (*_TEMP, *_PER_FILE):
        project.db.conn.execute(f"DROP TABLE IF EXISTS temp.{table}")


def source_annotators(project: Project) -> list[str]:
    """Every annotator the attached file records."""
    return [row[0] for row in project.db.conn.execute(f"SELECT name FROM {SRC}.annotators ORDER BY name")]


def source_quote_summary(project: Project) -> tuple[set[str], int]:
    """The names of the attached file's quote authors, and how many quotes it holds."""
    rows = project.db.conn.execute(
        f"SELECT n.name, count(*) FROM {SRC}.quotes q JOIN {SRC}.annotators n ON n.id = q.annotator_id GROUP BY n.name"
    ).fetchall()
    return {name for name, _ in rows}, sum(count for _, count in rows)


def merged_fingerprints(project: Project, annotators: list[str]) -> set[tuple[str, str]]:
    """The (fingerprint, stamp) pairs the named annotators' work was last merged from (empty unless every
    one of them was merged)."""
    marks = ", ".join("?" for _ in annotators)
    rows = project.db.conn.execute(
        f"SELECT annotator, fingerprint, stamp FROM merge_sources WHERE annotator IN ({marks})", annotators
    ).fetchall()
    return {(fp, stamp) for _, fp, stamp in rows} if len(rows) == len(annotators) else set()


def record_fingerprint(project: Project, annotators: list[str], fingerprint: str, stamp: str) -> None:
    """Note that the named annotators' work now comes from the file with this fingerprint and stamp."""
    when = now()
    with project.atomic() as db:
        db.conn.executemany(
            "INSERT INTO merge_sources (annotator, fingerprint, stamp, merged_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(annotator) DO UPDATE SET fingerprint = excluded.fingerprint, stamp = excluded.stamp, "
            "merged_at = excluded.merged_at",
            [(name, fingerprint, stamp, when) for name in annotators],
        )


def stage_assignments(project: Project) -> None:
    """Copy the attached file's assignments (none in files made before assignments) into the staging tables."""
    conn = project.db.conn
    if conn.execute(f"SELECT 1 FROM {SRC}.sqlite_master WHERE name = 'assignments'").fetchone() is not None:
        conn.execute(f"INSERT INTO temp.merge_assignments SELECT {_ASSIGNMENT_COLUMNS} FROM {SRC}.assignments")


def apply_assignments(project: Project) -> int:
    """Add the staged assignments the review lacks (inside the merge's transaction); returns how many."""
    conn = project.db.conn
    before = conn.total_changes
    conn.execute(f"INSERT OR IGNORE INTO main.assignments ({_ASSIGNMENT_COLUMNS}) "
                 f"SELECT {_ASSIGNMENT_COLUMNS} FROM temp.merge_assignments")
    return conn.total_changes - before


def stage_file(project: Project, file: int) -> None:
    """Copy the attached file's quotes, topics, statuses and unknown articles into the staging tables."""
    conn = project.db.conn
    conn.execute(
        f"INSERT OR IGNORE INTO temp.merge_articles SELECT sha256, ?, id, {_ARTICLE_COLUMNS} FROM {SRC}.articles s "
        "WHERE NOT EXISTS (SELECT 1 FROM main.articles a WHERE a.sha256 = s.sha256) ORDER BY id",
        (file,),
    )
    conn.execute(f"INSERT INTO temp.merge_file_articles SELECT ?, sha256 FROM {SRC}.articles", (file,))
    conn.execute(
        f"""
        INSERT INTO temp.merge_quotes
        SELECT ?, q.id, a.sha256, n.name, q.start, q."end", q.kind, s.name, q.speaker_start, q.speaker_end,
               q.cue_start, q.cue_end, q.stance, c.text, q.note, q.origin, q.created_at, q.updated_at, t.topics
        FROM {SRC}.quotes q
        JOIN {SRC}.articles a ON a.id = q.article_id
        JOIN {SRC}.annotators n ON n.id = q.annotator_id
        LEFT JOIN {SRC}.speakers s ON s.id = q.speaker_id
        LEFT JOIN {SRC}.claims c ON c.id = q.claim_id
        LEFT JOIN (SELECT quote_id, group_concat(topic, char(31)) AS topics
                   FROM (SELECT quote_id, topic FROM {SRC}.quote_topics ORDER BY quote_id, topic)
                   GROUP BY quote_id) t ON t.quote_id = q.id
        """,
        (file,),
    )
    conn.execute(f"INSERT INTO temp.merge_topics SELECT ?, quote_id, topic FROM {SRC}.quote_topics", (file,))
    conn.execute(
        f"INSERT INTO temp.merge_status SELECT ?, a.sha256, n.name, s.status FROM {SRC}.article_status s "
        f"JOIN {SRC}.articles a ON a.id = s.article_id JOIN {SRC}.annotators n ON n.id = s.annotator_id "
        "WHERE n.name != ?",
        (file, GOLD),
    )


def source_speakers(project: Project) -> list[Speaker]:
    """The attached file's speaker registry, with aliases, in id order."""
    conn = project.db.conn
    aliases: dict[int, list[str]] = {}
    for speaker_id, alias in conn.execute(f"SELECT speaker_id, alias FROM {SRC}.speaker_aliases ORDER BY alias"):
        aliases.setdefault(speaker_id, []).append(alias)
    rows = conn.execute(f"SELECT id, name, type, role FROM {SRC}.speakers ORDER BY name COLLATE NOCASE")
    return [Speaker(*row, aliases=tuple(aliases.get(row[0], ()))) for row in rows]


def source_labels(project: Project) -> tuple[list[str], list[str]]:
    """The attached file's stance and topic names, in scheme order."""
    conn = project.db.conn
    stances = [r[0] for r in conn.execute(f"SELECT name FROM {SRC}.stances ORDER BY position, name")]
    topics = [r[0] for r in conn.execute(f"SELECT name FROM {SRC}.topics ORDER BY position, name")]
    return stances, topics


def staged_annotators(project: Project, file: int) -> tuple[list[str], list[str]]:
    """Names of a staged file's quote authors, and of the annotators its statuses name."""
    conn = project.db.conn
    authors = [r[0] for r in conn.execute(
        "SELECT annotator FROM temp.merge_quotes WHERE file = ? GROUP BY annotator ORDER BY min(src_id)", (file,))]
    marking = [r[0] for r in conn.execute(
        "SELECT DISTINCT annotator FROM temp.merge_status WHERE file = ? ORDER BY annotator", (file,))]
    return authors, marking


def insert_new_articles(project: Project, file: int) -> int:
    """Add the staged articles first seen in this file that the review lacks; returns how many."""
    cursor = project.db.conn.execute(
        f"INSERT INTO main.articles (sha256, {_ARTICLE_COLUMNS}) SELECT sha256, {_ARTICLE_COLUMNS} "
        "FROM temp.merge_articles m WHERE m.file = ? "
        "AND NOT EXISTS (SELECT 1 FROM main.articles a WHERE a.sha256 = m.sha256) ORDER BY m.src_id",
        (file,),
    )
    return cursor.rowcount


def map_speakers(project: Project, ids: dict[str, int]) -> None:
    """Tell the quote statements which review speaker each incoming speaker name stands for."""
    conn = project.db.conn
    conn.execute("DROP TABLE IF EXISTS temp.merge_speaker_ids")
    conn.execute("CREATE TEMP TABLE merge_speaker_ids (name TEXT PRIMARY KEY, id INTEGER)")
    conn.executemany("INSERT INTO temp.merge_speaker_ids VALUES (?, ?)", ids.items())


def map_claims(project: Project, file: int) -> None:
    """Create the claims a file's quotes name that the review lacks (case aside), and map each text to its id."""
    conn = project.db.conn
    conn.execute(
        "INSERT INTO main.claims (text) SELECT claim FROM temp.merge_quotes m WHERE m.file = ? AND claim IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM main.claims c WHERE c.text = m.claim COLLATE NOCASE) "
        "GROUP BY claim COLLATE NOCASE ORDER BY min(rowid)",
        (file,),
    )
    conn.execute("DROP TABLE IF EXISTS temp.merge_claim_ids")
    conn.execute("CREATE TEMP TABLE merge_claim_ids (text TEXT PRIMARY KEY, id INTEGER)")
    conn.execute(
        "INSERT INTO temp.merge_claim_ids SELECT m.claim, "
        "(SELECT min(c.id) FROM main.claims c WHERE c.text = m.claim COLLATE NOCASE) "
        "FROM (SELECT DISTINCT claim FROM temp.merge_quotes WHERE file = ? AND claim IS NOT NULL) m",
        (file,),
    )


def pair_quotes(project: Project, file: int) -> dict[str, int]:
    """Pair a file's incoming quotes with the review's versions; counts of added, updated, removed, unchanged."""
    conn = project.db.conn
    for table in ("merge_inc", "merge_cur", "merge_pairs", "merge_new"):
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    conn.execute(
        """
        CREATE TEMP TABLE merge_inc AS
        SELECT m.src_id, a.id AS article_id, n.id AS annotator_id, m.start, m."end", m.kind, sp.id AS speaker_id,
               m.speaker_start, m.speaker_end, m.cue_start, m.cue_end, m.stance, cl.id AS claim_id, m.note,
               m.origin, m.created_at, m.updated_at, m.topics,
               row_number() OVER (PARTITION BY a.id, n.id, m.start, m."end" ORDER BY m.src_id) AS k
        FROM temp.merge_quotes m
        JOIN main.articles a ON a.sha256 = m.sha256
        JOIN main.annotators n ON n.name = m.annotator
        LEFT JOIN temp.merge_speaker_ids sp ON sp.name = m.speaker
        LEFT JOIN temp.merge_claim_ids cl ON cl.text = m.claim
        WHERE m.file = ?
        """,
        (file,),
    )
    conn.execute('CREATE INDEX temp.merge_inc_key ON merge_inc (article_id, annotator_id, start, "end", k)')
    conn.execute("CREATE UNIQUE INDEX temp.merge_inc_src ON merge_inc (src_id)")
    # The review's quotes of this file's authors in this file's articles: what the file now replaces.
    conn.execute(
        """
        CREATE TEMP TABLE merge_cur AS
        SELECT q.id, q.article_id, q.annotator_id, q.start, q."end", q.kind, q.speaker_id, q.speaker_start,
               q.speaker_end, q.cue_start, q.cue_end, q.stance, q.claim_id, q.note, q.origin,
               (SELECT group_concat(topic, char(31)) FROM
                 (SELECT topic FROM main.quote_topics t WHERE t.quote_id = q.id ORDER BY topic)) AS topics,
               row_number() OVER (PARTITION BY q.article_id, q.annotator_id, q.start, q."end" ORDER BY q.id) AS k
        FROM main.quotes q
        WHERE q.annotator_id IN (SELECT DISTINCT annotator_id FROM temp.merge_inc)
          AND q.article_id IN (SELECT a.id FROM temp.merge_file_articles f
                               JOIN main.articles a ON a.sha256 = f.sha256 WHERE f.file = ?)
        """,
        (file,),
    )
    differs = " OR ".join(f'c."{name}" IS NOT i."{name}"' for name in (*_QUOTE_FIELDS, "topics"))
    conn.execute(
        f"""
        CREATE TEMP TABLE merge_pairs AS
        SELECT c.id, i.src_id, c.article_id, ({differs}) AS changed, (c.topics IS NOT i.topics) AS topics_changed
        FROM temp.merge_inc i JOIN temp.merge_cur c
          ON c.article_id = i.article_id AND c.annotator_id = i.annotator_id AND c.start = i.start
             AND c."end" = i."end" AND c.k = i.k
        """
    )
    conn.execute("CREATE UNIQUE INDEX temp.merge_pairs_id ON merge_pairs (id)")
    conn.execute("CREATE UNIQUE INDEX temp.merge_pairs_src ON merge_pairs (src_id)")
    conn.execute(
        f"CREATE TEMP TABLE merge_new AS SELECT src_id, article_id, "
        f"({NEXT_QUOTE_ID.format(schema='main.')}) - 1 + row_number() OVER (ORDER BY src_id) AS id "
        "FROM temp.merge_inc WHERE src_id NOT IN (SELECT src_id FROM temp.merge_pairs)"
    )
    conn.execute("CREATE UNIQUE INDEX temp.merge_new_src ON merge_new (src_id)")
    one = conn.execute
    return {
        "added": one("SELECT count(*) FROM temp.merge_new").fetchone()[0],
        "updated": one("SELECT count(*) FROM temp.merge_pairs WHERE changed").fetchone()[0],
        "unchanged": one("SELECT count(*) FROM temp.merge_pairs WHERE NOT changed").fetchone()[0],
        "removed": one("SELECT count(*) FROM temp.merge_cur WHERE id NOT IN (SELECT id FROM temp.merge_pairs)")
        .fetchone()[0],
    }


def touched_articles(project: Project) -> set[int]:
    """Review articles whose quotes the paired file adds, changes or removes."""
    rows = project.db.conn.execute(
        "SELECT article_id FROM temp.merge_new UNION SELECT article_id FROM temp.merge_pairs WHERE changed "
        "UNION SELECT article_id FROM temp.merge_cur WHERE id NOT IN (SELECT id FROM temp.merge_pairs)"
    )
    return {row[0] for row in rows}


def apply_quotes(project: Project, file: int) -> None:
    """Write what :func:`pair_quotes` found: update changed versions, remove gone ones, add new ones."""
    assignments = ", ".join(f'"{name}" = i."{name}"' for name in _QUOTE_FIELDS)
    with project.atomic() as db:
        conn = db.conn
        conn.execute(
            f"UPDATE main.quotes SET {assignments}, updated_at = ? FROM temp.merge_pairs p "
            "JOIN temp.merge_inc i ON i.src_id = p.src_id WHERE main.quotes.id = p.id AND p.changed",
            (now(),),
        )
        conn.execute("DELETE FROM main.quote_topics WHERE quote_id IN "
                     "(SELECT id FROM temp.merge_pairs WHERE topics_changed)")
        conn.execute(
            "INSERT INTO main.quote_topics (quote_id, topic) SELECT p.id, t.topic FROM temp.merge_pairs p "
            "JOIN temp.merge_topics t ON t.file = ? AND t.src_id = p.src_id WHERE p.topics_changed",
            (file,),
        )
        conn.execute("DELETE FROM main.quotes WHERE id IN "
                     "(SELECT id FROM temp.merge_cur EXCEPT SELECT id FROM temp.merge_pairs)")
        columns = ", ".join(f'"{name}"' for name in _QUOTE_FIELDS)
        conn.execute(
            f'INSERT INTO main.quotes (id, article_id, annotator_id, start, "end", {columns}, created_at, updated_at) '
            f'SELECT n.id, i.article_id, i.annotator_id, i.start, i."end", '
            f'{", ".join(f"i.{name}" for name in _QUOTE_FIELDS)}, i.created_at, i.updated_at '
            "FROM temp.merge_new n JOIN temp.merge_inc i ON i.src_id = n.src_id ORDER BY n.id"
        )
        conn.execute(
            "INSERT INTO main.quote_topics (quote_id, topic) SELECT n.id, t.topic FROM temp.merge_new n "
            "JOIN temp.merge_topics t ON t.file = ? AND t.src_id = n.src_id",
            (file,),
        )


def apply_statuses(project: Project, file: int) -> None:
    """Carry a file's article statuses (an annotator's Done marks) over to the review."""
    project.db.conn.execute(
        "INSERT INTO main.article_status (article_id, annotator_id, status) "
        "SELECT a.id, n.id, s.status FROM temp.merge_status s JOIN main.articles a ON a.sha256 = s.sha256 "
        "JOIN main.annotators n ON n.name = s.annotator WHERE s.file = ? AND true "
        "ON CONFLICT(article_id, annotator_id) DO UPDATE SET status = excluded.status "
        "WHERE status IS NOT excluded.status",
        (file,),
    )
