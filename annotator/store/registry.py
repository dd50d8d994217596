"""Annotators, the speaker registry (names and aliases) and claims."""

from __future__ import annotations

import sqlite3

from annotator.core.model import Claim, Speaker
from annotator.store.project import Project


def ensure_annotator(project: Project, name: str) -> int:
    """The id of the annotator called ``name``, created if new."""
    row = project.db.conn.execute("SELECT id FROM annotators WHERE name = ?", (name,)).fetchone()
    if row:
        return row[0]
    with project.atomic() as db:
        return db.conn.execute("INSERT INTO annotators (name) VALUES (?)", (name,)).lastrowid


def annotator_id(project: Project, name: str) -> int | None:
    """The id of the annotator called ``name``, if recorded."""
    row = project.db.conn.execute("SELECT id FROM annotators WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def annotator_names(project: Project) -> list[str]:
    """Every annotator recorded in the project, by name."""
    return [row[0] for row in project.db.conn.execute("SELECT name FROM annotators ORDER BY name")]


def find_speaker(project: Project, name: str) -> int | None:
    """The speaker whose canonical name or alias is ``name`` (case-insensitive)."""
    conn = project.db.conn
    row = conn.execute("SELECT id FROM speakers WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT speaker_id FROM speaker_aliases WHERE alias = ? COLLATE NOCASE ORDER BY speaker_id", (name,)
        ).fetchone()
    return row[0] if row else None


def ensure_speaker(project: Project, name: str, type: str = "person") -> int:
    """The id of the speaker known by ``name``, created if nobody is."""
    found = find_speaker(project, name)
    if found is not None:
        return found
    with project.atomic() as db:
        return db.conn.execute("INSERT INTO speakers (name, type) VALUES (?, ?)", (name, type)).lastrowid


def get_speaker(project: Project, speaker_id: int) -> Speaker:
    """One speaker with its aliases; KeyError if there is none."""
    row = project.db.conn.execute(
        "SELECT id, name, type, role FROM speakers WHERE id = ?", (speaker_id,)
    ).fetchone()
    if row is None:
        raise KeyError(f"no speaker {speaker_id}")
    aliases = tuple(
        r[0]
        for r in project.db.conn.execute(
            "SELECT alias FROM speaker_aliases WHERE speaker_id = ? ORDER BY alias", (speaker_id,)
        )
    )
    return Speaker(*row, aliases=aliases)


def all_speakers(project: Project) -> list[Speaker]:
    """The whole registry, by name, with aliases."""
    aliases: dict[int, list[str]] = {}
    for speaker_id, alias in project.db.conn.execute("SELECT speaker_id, alias FROM speaker_aliases ORDER BY alias"):
        aliases.setdefault(speaker_id, []).append(alias)
    rows = project.db.conn.execute("SELECT id, name, type, role FROM speakers ORDER BY name COLLATE NOCASE")
    return [Speaker(*row, aliases=tuple(aliases.get(row[0], ()))) for row in rows]


def speaker_quote_counts(project: Project) -> dict[int, int]:
    """How many quotes name each speaker."""
    rows = project.db.conn.execute(
        "SELECT speaker_id, count(*) FROM quotes WHERE speaker_id IS NOT NULL GROUP BY speaker_id"
    )
    return dict(rows.fetchall())


def add_alias(project: Project, speaker_id: int, alias: str) -> bool:
    """Give a speaker another name; False if it already had it."""
    with project.atomic() as db:
        cursor = db.conn.execute(
            "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias) VALUES (?, ?)", (speaker_id, alias)
        )
        return cursor.rowcount == 1


def remove_alias(project: Project, speaker_id: int, alias: str) -> None:
    """Take a name away from a speaker."""
    with project.atomic() as db:
        db.conn.execute("DELETE FROM speaker_aliases WHERE speaker_id = ? AND alias = ?", (speaker_id, alias))


def update_speaker(project: Project, speaker_id: int, **fields: str) -> None:
    """Change a speaker's name, type or role."""
    allowed = {"name", "type", "role"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown speaker fields: {', '.join(sorted(unknown))}")
    if not fields:
        return
    assignments = ", ".join(f"{name} = :{name}" for name in fields)
    with project.atomic() as db:
        db.conn.execute(f"UPDATE speakers SET {assignments} WHERE id = :id", {**fields, "id": speaker_id})


def speaker_rows(project: Project, speaker_id: int) -> dict:
    """A full snapshot of a speaker: its row, aliases and the ids of quotes naming it."""
    conn = project.db.conn
    row = conn.execute("SELECT id, name, type, role FROM speakers WHERE id = ?", (speaker_id,)).fetchone()
    return {
        "row": row,
        "aliases": [r[0] for r in conn.execute("SELECT alias FROM speaker_aliases WHERE speaker_id = ?", (speaker_id,))],
        "quotes": [r[0] for r in conn.execute("SELECT id FROM quotes WHERE speaker_id = ?", (speaker_id,))],
    }


def merge_speakers(project: Project, keep_id: int, gone_id: int) -> None:
    """Fold speaker ``gone_id`` into ``keep_id``: its quotes follow, its names become aliases."""
    gone = get_speaker(project, gone_id)
    with project.atomic() as db:
        conn = db.conn
        conn.execute("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", (keep_id, gone_id))
        for alias in (gone.name, *gone.aliases):
            conn.execute("INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias) VALUES (?, ?)", (keep_id, alias))
        conn.execute("DELETE FROM speakers WHERE id = ?", (gone_id,))


def unmerge_speakers(project: Project, keep_id: int, snapshot: dict, keep_aliases: list[str]) -> None:
    """Undo a merge: bring the folded speaker back with its id, aliases and quotes."""
    with project.atomic() as db:
        conn = db.conn
        conn.execute("INSERT INTO speakers (id, name, type, role) VALUES (?, ?, ?, ?)", snapshot["row"])
        conn.executemany(
            "INSERT INTO speaker_aliases (speaker_id, alias) VALUES (?, ?)",
            [(snapshot["row"][0], alias) for alias in snapshot["aliases"]],
        )
        conn.executemany("UPDATE quotes SET speaker_id = ? WHERE id = ?", [(snapshot["row"][0], q) for q in snapshot["quotes"]])
        conn.execute("DELETE FROM speaker_aliases WHERE speaker_id = ?", (keep_id,))
        conn.executemany(
            "INSERT INTO speaker_aliases (speaker_id, alias) VALUES (?, ?)", [(keep_id, a) for a in keep_aliases]
        )


def delete_speaker(project: Project, speaker_id: int) -> None:
    """Remove a speaker no quote names."""
    with project.atomic() as db:
        db.conn.execute("DELETE FROM speakers WHERE id = ?", (speaker_id,))


def find_claim(project: Project, text: str) -> int | None:
    """The id of the claim with this text (case-insensitive)."""
    row = project.db.conn.execute("SELECT id FROM claims WHERE text = ? COLLATE NOCASE", (text,)).fetchone()
    return row[0] if row else None


def ensure_claim(project: Project, text: str) -> int:
    """The id of the claim with this text, created if new."""
    found = find_claim(project, text)
    if found is not None:
        return found
    with project.atomic() as db:
        return db.conn.execute("INSERT INTO claims (text) VALUES (?)", (text,)).lastrowid


def all_claims(project: Project) -> list[Claim]:
    """Every claim, alphabetically."""
    return [Claim(*row) for row in project.db.conn.execute("SELECT id, text FROM claims ORDER BY text COLLATE NOCASE")]


_MARKED_TABLES = ("annotators", "speakers", "claims")


def registry_marks(project: Project) -> dict[str, int]:
    """The highest row id of each registry table, taken before a command runs."""
    conn = project.db.conn
    return {t: conn.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0] for t in _MARKED_TABLES}


def drop_rows(project: Project, rows: dict[str, list[tuple]]) -> None:
    """Delete exactly the registry rows saved by :func:`rows_after`, by id; a row others now use stays.

    Ids are taken from the command's own record, never "everything since": another program (or window)
    may have added speakers, claims and annotators after the command, and those are not the undo's to take.
    """
    with project.atomic() as db:
        conn = db.conn
        for table in ("speakers", "claims", "annotators"):
            for row in rows.get(table, []):
                conn.execute("SAVEPOINT drop_row")
                try:
                    conn.execute(f"DELETE FROM {table} WHERE id = ?", (row[0],))
                except sqlite3.IntegrityError:
                    # Someone's quote refers to it by now: the name is theirs as much as the command's.
                    conn.execute("ROLLBACK TO drop_row")
                conn.execute("RELEASE drop_row")


def rows_after(project: Project, marks: dict[str, int]) -> dict[str, list[tuple]]:
    """Registry rows created since ``marks``, so a redo can bring them back with the same ids."""
    conn = project.db.conn
    rows = {t: conn.execute(f"SELECT * FROM {t} WHERE id > ? ORDER BY id", (marks[t],)).fetchall() for t in _MARKED_TABLES}
    rows["speaker_aliases"] = conn.execute(
        "SELECT * FROM speaker_aliases WHERE speaker_id > ?", (marks["speakers"],)
    ).fetchall()
    return rows


def restore_rows(project: Project, rows: dict[str, list[tuple]]) -> None:
    """Insert rows saved by :func:`rows_after`; one another program made meanwhile, the same, is kept as is."""
    with project.atomic() as db:
        for table in (*_MARKED_TABLES, "speaker_aliases"):
            for row in rows.get(table, []):
                if table != "speaker_aliases":
                    # Ids are reused: the same name typed in another window comes back with the same id.
                    if db.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row[0],)).fetchone() == tuple(row):
                        continue
                placeholders = ", ".join("?" for _ in row)
                verb = "INSERT OR IGNORE" if table == "speaker_aliases" else "INSERT"
                db.conn.execute(f"{verb} INTO {table} VALUES ({placeholders})", row)


def insert_speaker(project: Project, name: str, type: str = "person", role: str = "", aliases: tuple[str, ...] = ()) -> int:
    """Create a speaker with its aliases; returns its id."""
    with project.atomic() as db:
        speaker_id = db.conn.execute(
            "INSERT INTO speakers (name, type, role) VALUES (?, ?, ?)", (name, type, role)
        ).lastrowid
        db.conn.executemany(
            "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias) VALUES (?, ?)",
            [(speaker_id, alias) for alias in aliases if alias != name],
        )
        return speaker_id


def alias_owner(project: Project, alias: str) -> int | None:
    """The speaker that has ``alias`` as an alias (not as its name), if any."""
    row = project.db.conn.execute(
        "SELECT speaker_id FROM speaker_aliases WHERE alias = ? COLLATE NOCASE ORDER BY speaker_id", (alias,)
    ).fetchone()
    return row[0] if row else None
