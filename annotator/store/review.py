"""The reviewer's decisions on aligned quote groups, and per-article review status."""

from __future__ import annotations

from annotator.core.model import Quote
from annotator.store.project import Project, now
from annotator.store.quotes import TOPIC_SEPARATOR

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


# Topics in one grouped pass: a subquery per quote costs more than reading all the quotes.
_TOPICS = """
SELECT quote_id, group_concat(topic, char(31))
FROM (SELECT quote_id, topic FROM quote_topics ORDER BY quote_id, topic) GROUP BY quote_id
"""


def compared_quotes(project: Project) -> dict[int, list[Quote]]:
    """Every quote by article, with only what alignment and agreement compare (span and tags; no note, cue
    or dates), read in one pass: a whole-project agreement reads 200,000 of them."""
    conn = project.db.conn
    annotators = dict(conn.execute("SELECT id, name FROM annotators"))
    speakers = dict(conn.execute("SELECT id, name FROM speakers"))
    claims = dict(conn.execute("SELECT id, text FROM claims"))
    joined = dict(conn.execute(_TOPICS))
    # Quotes share few topic combinations: split each once and let its quotes share the tuple.
    split = {names: tuple(names.split(TOPIC_SEPARATOR)) for names in set(joined.values())}
    topics = {quote_id: split[names] for quote_id, names in joined.items()}
    out: dict[int, list[Quote]] = {}
    rows = conn.execute(
        'SELECT id, article_id, start, "end", annotator_id, kind, speaker_id, stance, claim_id FROM quotes '
        "ORDER BY article_id"
    )
    for quote_id, article_id, start, end, annotator, kind, speaker, stance, claim in rows:
        quotes = out.get(article_id)
        if quotes is None:
            quotes = out[article_id] = []
        quotes.append(Quote(quote_id, article_id, start, end, annotators[annotator], kind, speakers.get(speaker),
                            None, None, stance, claims.get(claim), topics.get(quote_id, ())))
    return out


def article_titles(project: Project) -> dict[int, str]:
    """Each article's title (else its source, else "article N"), without reading its text."""
    rows = project.db.conn.execute("SELECT id, title, source FROM articles")
    return {article_id: title or source or f"article {article_id}" for article_id, title, source in rows}
