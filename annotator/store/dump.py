"""Whole-table dumps, for checking that an undo puts everything back."""

from __future__ import annotations

from annotator.store.project import Project


def dump_tables(project: Project) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, keyed by table name."""
    conn = project.db.conn
    # Not SQLite's own tables: sqlite_sequence keeps the highest quote id ever used, and an undo must not
    # lower it (an id is never given out twice), so it differs after do-undo by design.
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")]
    return {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in names}


def table_counts(project: Project) -> dict[str, int]:
    """Row counts of the main tables, for ``annotator info``."""
    conn = project.db.conn
    return {
        name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        for name in ("articles", "quotes", "speakers", "claims", "suggestions", "annotators")
    }
