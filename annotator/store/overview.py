"""Read-only queries behind the overview panels: the claims board's rows and the annotators' activity.

These read the whole project, so the window runs them on a worker thread with its own read-only
connection; only the by-id reads (a handful of rows after an edit) run on the window's connection.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from annotator.core.collector import release_gradually
from annotator.core.model import GOLD
from annotator.store.project import Project


class ClaimRow(NamedTuple):
    """One quote with a claim, with what the claims board shows and filters on (no Qt, no core object)."""

    id: int
    article_id: int
    start: int
    end: int
    claim: str
    stance: str | None
    speaker: str | None
    annotator: str
    published: str
    outlet: str
    title: str
    source: str
    text: str  # the quote's words, sliced from the article


# The registry tables are small; the article row (with its text) is read once per article, not per quote:
# a text longer than a page spills to overflow pages that every column after it must walk through.
_QUOTES = """
SELECT q.id, q.article_id, q.start, q."end", c.text, q.stance, s.name, n.name
FROM quotes q
JOIN claims c ON c.id = q.claim_id
JOIN annotators n ON n.id = q.annotator_id
LEFT JOIN speakers s ON s.id = q.speaker_id
"""
_ARTICLES = "SELECT id, published, outlet, title, source, text FROM articles"


def claim_rows(project: Project) -> Iterator[ClaimRow]:
    """Every quote that has a claim, by article, with its text and its article's details."""
    conn = project.db.conn
    quotes = conn.execute(f'{_QUOTES} ORDER BY q.article_id, q.start, q.id').fetchall()
    wanted = sorted({row[1] for row in quotes})
    articles: dict[int, tuple] = {}
    loaded = 0
    for quote in quotes:
        if quote[1] not in articles:
            # A thousand articles at a time (both lists run by id): the texts stream, the statement stays small.
            chunk = wanted[loaded : loaded + 1000]
            loaded += len(chunk)
            marks = ",".join("?" * len(chunk))
            articles = {row[0]: row[1:] for row in conn.execute(f"{_ARTICLES} WHERE id IN ({marks})", chunk)}
        published, outlet, title, source, text = articles[quote[1]]
        yield ClaimRow(*quote, published, outlet, title, source, text[quote[2] : quote[3]])
    release_gradually(quotes)  # read on a worker: a hundred thousand rows freed at once would stall the window


def claim_rows_by_id(project: Project, quote_ids: Iterable[int]) -> list[ClaimRow]:
    """The board rows of some quotes (those without a claim, or gone, are absent)."""
    ids = sorted(set(quote_ids))
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    sql = (
        f"{_QUOTES.replace('SELECT', 'SELECT a.published, a.outlet, a.title, a.source, a.text,', 1)}"
        f" JOIN articles a ON a.id = q.article_id WHERE q.id IN ({marks})"
    )
    rows = []
    for published, outlet, title, source, text, *quote in project.db.conn.execute(sql, ids):
        rows.append(ClaimRow(*quote, published, outlet, title, source, text[quote[2] : quote[3]]))
    return rows


def claim_rows_of_articles(project: Project, article_ids: Iterable[int]) -> list[ClaimRow]:
    """The board rows of every quote with a claim in some articles (a review board redoes an article's lines)."""
    conn, ids = project.db.conn, sorted(set(article_ids))
    rows: list[ClaimRow] = []
    for k in range(0, len(ids), 500):
        chunk = ids[k : k + 500]
        marks = ",".join("?" * len(chunk))
        # Each article's text read once, not once per quote: a long text spills over many pages.
        articles = {row[0]: row[1:] for row in conn.execute(f"{_ARTICLES} WHERE id IN ({marks})", chunk)}
        for quote in conn.execute(f"{_QUOTES} WHERE q.article_id IN ({marks}) ORDER BY q.article_id, q.start, q.id",
                                  chunk):
            published, outlet, title, source, text = articles[quote[1]]
            rows.append(ClaimRow(*quote, published, outlet, title, source, text[quote[2] : quote[3]]))
    return rows


def annotator_activity(project: Project) -> list[tuple[str, int, int]]:
    """Per annotator with quotes: (name, articles with at least one quote, quotes), by name."""
    return project.db.conn.execute(
        "SELECT n.name, count(DISTINCT q.article_id), count(*) FROM quotes q "
        "JOIN annotators n ON n.id = q.annotator_id GROUP BY n.name ORDER BY n.name"
    ).fetchall()


class ReviewMarks(NamedTuple):
    """What an article's review progress is worked out from (no alignment needed)."""

    status: str | None  # the reviewer's own mark ("done"), if any
    keys: list[str]  # the group keys of its decisions
    quotes: list[tuple[str, int, int]]  # each annotator's quote (gold aside): annotator, start, end


def review_marks(project: Project, article_ids: Iterable[int] | None = None) -> dict[int, ReviewMarks]:
    """Per article (every one for None): the reviewer's mark, decision keys and annotators' quotes."""
    if article_ids is None:
        return _review_marks(project, "1", [])
    ids = sorted(set(article_ids))
    out: dict[int, ReviewMarks] = {}
    for k in range(0, len(ids), 500):
        chunk = ids[k : k + 500]
        out.update(_review_marks(project, f"{{}} IN ({','.join('?' * len(chunk))})", chunk))
    return out


def _review_marks(project: Project, test: str, ids: list[int]) -> dict[int, ReviewMarks]:
    """``test`` holds {} where the article id column goes (or is "1" for every article)."""
    conn = project.db.conn
    out = {article_id: ReviewMarks(None, [], []) for (article_id,) in
           conn.execute(f"SELECT id FROM articles WHERE {test.format('id')}", ids)}
    for article_id, status in conn.execute(f"SELECT article_id, status FROM review_status WHERE "
                                           f"{test.format('article_id')}", ids):
        out[article_id] = out[article_id]._replace(status=status)
    for article_id, key in conn.execute(f"SELECT article_id, group_key FROM review_decisions WHERE "
                                        f"{test.format('article_id')}", ids):
        out[article_id].keys.append(key)
    sql = ('SELECT q.article_id, n.name, q.start, q."end" FROM quotes q JOIN annotators n ON n.id = q.annotator_id '
           f"WHERE n.name != ? AND {test.format('q.article_id')}")
    for article_id, name, start, end in conn.execute(sql, [GOLD, *ids]):
        out[article_id].quotes.append((name, start, end))
    return out
