"""A project's articles and quotes in batches of articles, for exports that stream with bounded memory.

An export of 10,000 articles and 200,000 quotes must not hold them all: each batch brings a few hundred
articles with their quotes (plain rows, as ``quote_table`` gives them), their quotes' topics and who marked
them done, read by article id ranges (keyset paging, no cursor held open across batches). What ids name
(annotators, speakers, claims: thousands at most) is read once, beside them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from annotator.core.model import GOLD, Article
from annotator.store.project import Project
from annotator.store.quote_table import QUOTE_ROW
from annotator.store.quotes import TOPIC_SEPARATOR

BATCH_ARTICLES = 200
_NO_TOP = (1 << 63) - 1  # the largest id SQLite gives

_ARTICLES = (
    "SELECT id, text, sha256, title, outlet, url, published, source, imported_at FROM articles "
    "WHERE id > ? AND id <= ? ORDER BY id LIMIT ?"
)
# In the order of the index quotes_article (article id, annotator id, start, end, then the rowid): no sort
# in SQL. An order by annotator name made SQLite sort every batch in a temporary B-tree, a tenth of an
# export's reading; the few annotators are ordered by name in Python.
_ROWS = f"""
SELECT {", ".join(f'q."{c}"' for c in QUOTE_ROW)}
FROM quotes q
WHERE q.article_id BETWEEN ? AND ? {{only}}
ORDER BY q.article_id, q.annotator_id, q.start, q."end", q.id
"""
_ID = itemgetter(2)
_TOPICS = """
SELECT quote_id, group_concat(topic, char(31)) FROM (
    SELECT t.quote_id, t.topic FROM quote_topics t JOIN quotes q ON q.id = t.quote_id
    WHERE q.article_id BETWEEN ? AND ? ORDER BY t.quote_id, t.topic
) GROUP BY quote_id
"""
# The same for a range of quote ids, by the topics' primary key alone: no join and no sort. Used when a
# batch's quotes have ids close together (quotes made or merged article by article), where the topics of
# quotes of other articles among them are few.
_TOPICS_BY_ID = """
SELECT quote_id, group_concat(topic, char(31)) FROM quote_topics WHERE quote_id BETWEEN ? AND ? GROUP BY quote_id
"""
_DENSE = 4  # ids spanning at most this many times the batch's quotes count as close together
_DONE = """
SELECT s.article_id, n.name FROM article_status s JOIN annotators n ON n.id = s.annotator_id
WHERE s.status = 'done' AND s.article_id BETWEEN ? AND ? {only}
"""
# Gold's "worked on": the reviewer decided a group there (even if all were rejected) or marked it done.
_REVIEWED = """
SELECT article_id FROM review_decisions WHERE article_id BETWEEN ?1 AND ?2
UNION SELECT article_id FROM review_status WHERE status = 'done' AND article_id BETWEEN ?1 AND ?2
"""


@dataclass(frozen=True)
class Names:
    """What the ids in quote rows name: annotators, speakers and claims, by id."""

    annotators: dict[int, str]
    speakers: dict[int, str]
    claims: dict[int, str]


@dataclass
class Batch:
    """Consecutive articles with the selected quotes (QUOTE_ROW tuples) and marks that fall in them."""

    articles: list[Article]
    rows: list[tuple] = field(default_factory=list)  # by article id, annotator id, start, end, id
    topics: dict[int, tuple[str, ...]] = field(default_factory=dict)  # by quote id; none: absent
    done: dict[int, set[str]] = field(default_factory=dict)  # article id -> names who marked it done


def names(project: Project) -> Names:
    """The registry names quote rows point to."""
    conn = project.db.conn
    return Names(
        dict(conn.execute("SELECT id, name FROM annotators")),
        dict(conn.execute("SELECT id, name FROM speakers")),
        dict(conn.execute("SELECT id, text FROM claims")),
    )


def batches(
    project: Project, annotator: str | None = None, size: int | None = None, ids: tuple[int, int] | None = None
) -> Iterator[Batch]:
    """Every article in id order, ``size`` (default BATCH_ARTICLES) at a time, with its quotes (of
    ``annotator`` only, if named).

    ``ids``: only the articles whose id lies in this range, both ends included (one part of a parallel export).

    For ``annotator`` "gold", an article the reviewer decided groups in or marked done counts as marked.
    """
    conn = project.db.conn
    only = "" if annotator is None else "AND n.name = ?"
    extra = () if annotator is None else (annotator,)
    rows_only = "" if annotator is None else "AND q.annotator_id = (SELECT id FROM annotators n WHERE n.name = ?)"
    size = size or BATCH_ARTICLES
    last, top = (0, _NO_TOP) if ids is None else (ids[0] - 1, ids[1])
    while True:
        articles = [Article(*row) for row in conn.execute(_ARTICLES, (last, top, size))]
        if not articles:
            return
        first, last = articles[0].id, articles[-1].id
        batch = Batch(articles)
        batch.rows = conn.execute(_ROWS.format(only=rows_only), (first, last, *extra)).fetchall()
        if batch.rows:
            low, high = min(map(_ID, batch.rows)), max(map(_ID, batch.rows))
            if high - low < _DENSE * len(batch.rows):
                joined = conn.execute(_TOPICS_BY_ID, (low, high)).fetchall()
            else:
                joined = conn.execute(_TOPICS, (first, last)).fetchall()
            split = {value: tuple(value.split(TOPIC_SEPARATOR)) for value in {v for _, v in joined}}
            batch.topics = {quote_id: split[value] for quote_id, value in joined}
        done: dict[int, set[str]] = defaultdict(set)
        for article_id, name in conn.execute(_DONE.format(only=only), (first, last, *extra)):
            done[article_id].add(name)
        if annotator in (None, GOLD):
            for (article_id,) in conn.execute(_REVIEWED, (first, last)):
                done[article_id].add(GOLD)
        batch.done = dict(done)
        yield batch


def readable_elsewhere(project: Project) -> bool:
    """Whether another process opening the project's file reads what this connection reads.

    Not for a project in memory, nor for one read through a private in-memory copy (an older file migrated
    there, or one whose log this process cannot read).
    """
    return project.path is not None and not project._copied  # noqa: SLF001 - the store's own flag


def article_weights(project: Project, annotator: str | None = None) -> list[tuple[int, int]]:
    """(article id, its quotes of ``annotator``, or of all if None) for every article in id order."""
    conn = project.db.conn
    only = "" if annotator is None else "WHERE annotator_id = (SELECT id FROM annotators WHERE name = ?)"
    # The index quotes_article covers this count: no quote row is read.
    counts = dict(conn.execute(f"SELECT article_id, count(*) FROM quotes {only} GROUP BY article_id",
                               () if annotator is None else (annotator,)))
    return [(article_id, counts.get(article_id, 0)) for (article_id,) in conn.execute("SELECT id FROM articles ORDER BY id")]
