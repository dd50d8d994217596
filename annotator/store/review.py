"""The reviewer's decisions on aligned quote groups, and per-article review status."""

from __future__ import annotations

from annotator.store.project import Project, now

_COLUMNS = 'article_id, group_key, decision, source, gold_quote_id, decided_at'


def decisions(project: Project, article_id: int) -> dict[str, tuple]:
    """Every decision of an article, keyed by group key: (decision, source, gold_quote_id)."""
    rows = project.db.conn.execute(
        "SELECT group_key, decision, source, gold_quote_id FROM review_decisions WHERE article_id = ?", (article_id,)
    )
    return {key: (decision, source, gold) for key, decision, source, gold in rows}


def decision_row(project: Project, article_id: int, group_key: str) -> tuple | None:
    """The raw decision row, for undo."""
    return project.db.conn.execute(
        f"SELECT {_COLUMNS} FROM review_decisions WHERE article_id = ? AND group_key = ?", (article_id, group_key)
    ).fetchone()


def put_decision(
    project: Project, article_id: int, group_key: str, decision: str, source: str, gold_quote_id: int | None
) -> None:
    """Record (or replace) the decision on a group."""
    with project.atomic() as db:
        db.conn.execute(
            f"INSERT OR REPLACE INTO review_decisions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, group_key, decision, source, gold_quote_id, now()),
        )


def restore_decision(project: Project, article_id: int, group_key: str, row: tuple | None) -> None:
    """Put back a decision row as it was (None: there was none)."""
    with project.atomic() as db:
        db.conn.execute("DELETE FROM review_decisions WHERE article_id = ? AND group_key = ?", (article_id, group_key))
        if row is not None:
            db.conn.execute(f"INSERT INTO review_decisions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)", row)


def delete_decision(project: Project, article_id: int, group_key: str) -> None:
    """Withdraw the decision on a group (its gold quote, if any, is left alone)."""
    restore_decision(project, article_id, group_key, None)


def decision_counts(project: Project) -> dict[int, int]:
    """How many groups were decided in each article."""
    rows = project.db.conn.execute("SELECT article_id, count(*) FROM review_decisions GROUP BY article_id")
    return dict(rows.fetchall())


def review_status(project: Project, article_id: int) -> str | None:
    """The status the reviewer set for an article, if any."""
    row = project.db.conn.execute("SELECT status FROM review_status WHERE article_id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def set_review_status(project: Project, article_id: int, status: str | None) -> None:
    """Set (or clear, with None) an article's review status."""
    with project.atomic() as db:
        if status is None:
            db.conn.execute("DELETE FROM review_status WHERE article_id = ?", (article_id,))
        else:
            db.conn.execute(
                "INSERT INTO review_status (article_id, status) VALUES (?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET status = excluded.status",
                (article_id, status),
            )
