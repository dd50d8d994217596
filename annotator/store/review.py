"""The reviewer's decisions on aligned quote groups, and per-article review status."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.model import Quote
from annotator.store.project import Project, now
from annotator.store.quotes import _query as quote_rows

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


def put_decisions(project: Project, rows: Sequence[tuple[int, str, str, str, int | None]]) -> None:
    """Record many decisions at once: (article_id, group_key, decision, source, gold_quote_id) each."""
    stamp = now()
    with project.atomic() as db:
        db.conn.executemany(f"INSERT OR REPLACE INTO review_decisions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                            [(*row, stamp) for row in rows])


def decided_keys(project: Project) -> set[tuple[int, str]]:
    """(article_id, group_key) of every decision."""
    return set(project.db.conn.execute("SELECT article_id, group_key FROM review_decisions"))


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


def reviewed_count(project: Project) -> int:
    """How many articles the reviewer marked done."""
    return project.db.conn.execute("SELECT count(*) FROM review_status WHERE status = 'done'").fetchone()[0]


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


def article_titles(project: Project) -> dict[int, str]:
    """Each article's title (else its source, else "article N"), without reading its text."""
    rows = project.db.conn.execute("SELECT id, title, source FROM articles")
    return {article_id: title or source or f"article {article_id}" for article_id, title, source in rows}


def all_decisions(project: Project) -> dict[int, dict[str, tuple]]:
    """Every decision by article, then group key: (decision, source, gold_quote_id)."""
    out: dict[int, dict[str, tuple]] = {}
    rows = project.db.conn.execute(
        "SELECT article_id, group_key, decision, source, gold_quote_id FROM review_decisions"
    )
    for article_id, key, decision, source, gold in rows:
        out.setdefault(article_id, {})[key] = (decision, source, gold)
    return out


def quotes_by_id(project: Project, ids: list[int]) -> dict[int, Quote]:
    """Full quotes (every field) by id, read in chunks."""
    out: dict[int, Quote] = {}
    for k in range(0, len(ids), 500):
        chunk = ids[k : k + 500]
        marks = ", ".join("?" for _ in chunk)
        out.update((q.id, q) for q in quote_rows(project, f"WHERE q.id IN ({marks})", chunk))
    return out
