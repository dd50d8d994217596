"""The corpus list's queries: ids in import order, sort keys for every article, rows by id, progress.

Titles sit after the text in each article's row, so reading them pages through every text: the list reads
its sort keys once and keeps them, and reads full rows only for the page on screen.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from annotator.store.articles import ArticleSummary, search_articles

__all__ = ["article_ids", "article_sort_keys", "done_count", "quote_counts", "recorded_statuses",
           "search_articles", "summaries_for"]
from annotator.store.project import Project


def _annotator_id(project: Project, annotator: str) -> int:
    row = project.db.conn.execute("SELECT id FROM annotators WHERE name = ?", (annotator,)).fetchone()
    return row[0] if row else -1  # no annotator row yet: nobody's quotes match


def article_ids(project: Project) -> list[int]:
    """Every article id in import order.

    Read from the text-hash index: a scan of the table itself would page through every article's text.
    """
    try:
        rows = project.db.conn.execute("SELECT id FROM articles INDEXED BY sqlite_autoindex_articles_1")
    except sqlite3.OperationalError:  # a schema without that index: slower, same answer
        rows = project.db.conn.execute("SELECT id FROM articles")
    return sorted(row[0] for row in rows)


def article_sort_keys(project: Project) -> dict[int, tuple[str, str, str]]:
    """Per article, the keys the corpus list sorts by: title (or file name), outlet, date; casefolded."""
    rows = project.db.conn.execute("SELECT id, title, source, outlet, published FROM articles")
    return {row[0]: ((row[1] or row[2]).casefold(), row[3].casefold(), row[4]) for row in rows}


def quote_counts(project: Project, annotator: str) -> dict[int, int]:
    """Per article that has any, how many quotes the annotator made there."""
    rows = project.db.conn.execute(
        "SELECT article_id, count(*) FROM quotes WHERE annotator_id = ? GROUP BY article_id",
        (_annotator_id(project, annotator),),
    )
    return dict(rows.fetchall())


def recorded_statuses(project: Project, annotator: str) -> dict[int, str]:
    """Per article with one, the status the annotator recorded (others derive theirs from quote counts)."""
    rows = project.db.conn.execute(
        "SELECT article_id, status FROM article_status WHERE annotator_id = ?", (_annotator_id(project, annotator),)
    )
    return dict(rows.fetchall())


def summaries_for(project: Project, annotator: str, article_ids: Sequence[int]) -> list[ArticleSummary]:
    """Corpus rows of these articles, in the order given (missing ids are left out)."""
    if not article_ids:
        return []
    found = {}
    aid = _annotator_id(project, annotator)
    # In chunks: SQLite caps the number of bound parameters.
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        rows = project.db.conn.execute(
            f"""
            SELECT a.id, a.title, a.outlet, a.published, a.source, length(a.text),
                   (SELECT count(*) FROM quotes q WHERE q.article_id = a.id AND q.annotator_id = ?),
                   (SELECT s.status FROM article_status s WHERE s.article_id = a.id AND s.annotator_id = ?)
            FROM articles a WHERE a.id IN ({marks})
            """,
            (aid, aid, *chunk),
        )
        for row in rows:
            status = row[7] or ("in_progress" if row[6] else "new")
            found[row[0]] = ArticleSummary(*row[:7], status=status)
    return [found[i] for i in article_ids if i in found]


def done_count(project: Project, annotator: str) -> int:
    """How many articles the annotator marked done."""
    return project.db.conn.execute(
        "SELECT count(*) FROM article_status WHERE annotator_id = ? AND status = 'done'",
        (_annotator_id(project, annotator),),
    ).fetchone()[0]
