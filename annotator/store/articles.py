"""Articles: insert once by text hash, read back as core objects."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.model import Article
from annotator.store.project import Project, now

_COLUMNS = "id, text, sha256, title, outlet, url, published, source, imported_at"


@dataclass(frozen=True)
class ArticleSummary:
    """A row of the corpus list: an article without its text, with counts for one annotator."""

    id: int
    title: str
    outlet: str
    published: str
    source: str
    length: int
    quotes: int
    status: str


def insert_article(project: Project, article: Article) -> tuple[int, bool]:
    """Store an article unless its text is already there.

    Returns
    -------
    (id, created): the article's id and whether it was new.
    """
    existing = article_id_by_sha(project, article.sha256)
    if existing is not None:
        return existing, False
    with project.atomic() as db:
        cursor = db.conn.execute(
            "INSERT INTO articles (sha256, text, title, outlet, url, published, source, imported_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.sha256,
                article.text,
                article.title,
                article.outlet,
                article.url,
                article.published,
                article.source,
                article.imported_at or now(),
            ),
        )
        return cursor.lastrowid, True


def article_id_by_sha(project: Project, sha256: str) -> int | None:
    """The id of the article with this text hash, if any."""
    row = project.db.conn.execute("SELECT id FROM articles WHERE sha256 = ?", (sha256,)).fetchone()
    return row[0] if row else None


def get_article(project: Project, article_id: int) -> Article:
    """One article with its text; KeyError if there is none."""
    row = project.db.conn.execute(f"SELECT {_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        raise KeyError(f"no article {article_id}")
    return Article(*row)


def all_articles(project: Project) -> list[Article]:
    """Every article with its text, in import order."""
    return [Article(*row) for row in project.db.conn.execute(f"SELECT {_COLUMNS} FROM articles ORDER BY id")]


def article_ids(project: Project) -> list[int]:
    """Every article's id, in import order."""
    return [row[0] for row in project.db.conn.execute("SELECT id FROM articles ORDER BY id")]


def article_count(project: Project) -> int:
    """How many articles the project holds."""
    return project.db.conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def article_summaries(project: Project, annotator: str) -> list[ArticleSummary]:
    """Corpus list rows: metadata, quote count and status for ``annotator``."""
    rows = project.db.conn.execute(
        """
        SELECT a.id, a.title, a.outlet, a.published, a.source, length(a.text),
               (SELECT count(*) FROM quotes q JOIN annotators n ON n.id = q.annotator_id
                 WHERE q.article_id = a.id AND n.name = :annotator),
               (SELECT s.status FROM article_status s JOIN annotators n ON n.id = s.annotator_id
                 WHERE s.article_id = a.id AND n.name = :annotator)
        FROM articles a ORDER BY a.id
        """,
        {"annotator": annotator},
    )
    summaries = []
    for row in rows:
        status = row[7] or ("in_progress" if row[6] else "new")
        summaries.append(ArticleSummary(*row[:7], status=status))
    return summaries


def search_articles(project: Project, needle: str) -> set[int]:
    """Ids of articles whose title, outlet or text contains ``needle`` (case-insensitive)."""
    pattern = f"%{needle}%"
    rows = project.db.conn.execute(
        "SELECT id FROM articles WHERE title LIKE ? OR outlet LIKE ? OR text LIKE ?",
        (pattern, pattern, pattern),
    )
    return {row[0] for row in rows}


def set_article_status(project: Project, article_id: int, annotator_id: int, status: str | None) -> None:
    """Record an annotator's status for an article; None clears it back to derived."""
    with project.atomic() as db:
        if status is None:
            db.conn.execute(
                "DELETE FROM article_status WHERE article_id = ? AND annotator_id = ?", (article_id, annotator_id)
            )
        else:
            db.conn.execute(
                "INSERT INTO article_status (article_id, annotator_id, status) VALUES (?, ?, ?) "
                "ON CONFLICT(article_id, annotator_id) DO UPDATE SET status = excluded.status",
                (article_id, annotator_id, status),
            )


def article_statuses(project: Project) -> list[tuple[int, str, str]]:
    """Every recorded status as (article id, annotator name, status)."""
    return project.db.conn.execute(
        "SELECT s.article_id, a.name, s.status FROM article_status s JOIN annotators a ON a.id = s.annotator_id "
        "ORDER BY s.article_id, a.name"
    ).fetchall()


def article_status(project: Project, article_id: int, annotator_id: int) -> str | None:
    """The recorded status, or None when only derived from quote counts."""
    row = project.db.conn.execute(
        "SELECT status FROM article_status WHERE article_id = ? AND annotator_id = ?", (article_id, annotator_id)
    ).fetchone()
    return row[0] if row else None

