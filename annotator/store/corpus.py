"""The corpus list's queries: article order (sorted and searched in SQL), rows by id, progress counts."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.store.articles import ArticleSummary
from annotator.store.project import Project

# Sort keys by corpus column: title, outlet, date, quote count, status (new, in progress, done).
_QUOTES = "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id AND q.annotator_id = :aid)"
_RECORDED = "(SELECT s.status FROM article_status s WHERE s.article_id = a.id AND s.annotator_id = :aid)"
_STATUS = f"COALESCE({_RECORDED}, CASE WHEN {_QUOTES} > 0 THEN 'in_progress' ELSE 'new' END)"
SORT_KEYS = (
    "COALESCE(NULLIF(a.title, ''), a.source) COLLATE NOCASE",
    "a.outlet COLLATE NOCASE",
    "a.published",
    _QUOTES,
    f"CASE {_STATUS} WHEN 'new' THEN 0 WHEN 'in_progress' THEN 1 ELSE 2 END",
)


def _annotator_id(project: Project, annotator: str) -> int:
    row = project.db.conn.execute("SELECT id FROM annotators WHERE name = ?", (annotator,)).fetchone()
    return row[0] if row else -1  # no annotator row yet: nobody's quotes match


def article_order(
    project: Project, annotator: str, column: int = -1, descending: bool = False, needle: str = ""
) -> list[int]:
    """Ids of the articles to list, in order.

    Parameters
    ----------
    column: the corpus column to sort by (see ``SORT_KEYS``); -1 keeps import order.
    descending: reverse the order (ties stay in import order).
    needle: keep only articles whose title, outlet or text contains it (case-insensitive).
    """
    where, params = "", {"aid": _annotator_id(project, annotator)}
    if needle:
        where = "WHERE a.title LIKE :pattern OR a.outlet LIKE :pattern OR a.text LIKE :pattern"
        params["pattern"] = f"%{needle}%"
    direction = "DESC" if descending else "ASC"
    order = f"{SORT_KEYS[column]} {direction}, a.id" if 0 <= column < len(SORT_KEYS) else f"a.id {direction}"
    return [row[0] for row in project.db.conn.execute(f"SELECT a.id FROM articles a {where} ORDER BY {order}", params)]


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
