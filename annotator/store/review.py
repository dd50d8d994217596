"""The reviewer's decisions on aligned quote groups, and per-article review status."""

from __future__ import annotations

from annotator.core.model import Quote
from annotator.store.project import Project, now
from annotator.store.quotes import TOPIC_SEPARATOR
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


_CANDIDATES = """
WITH everyone AS (SELECT article_id, count(DISTINCT annotator_id) AS n FROM quotes WHERE annotator_id IS NOT :gold
                  GROUP BY article_id HAVING n >= 2),
spans AS MATERIALIZED (SELECT article_id, count(*) AS c, count(DISTINCT annotator_id) AS d, json_group_array(id) AS ids
                       FROM quotes WHERE annotator_id IS NOT :gold GROUP BY article_id, start, "end" HAVING d >= 2),
chosen AS MATERIALIZED (SELECT s.c - s.d AS extra, s.ids FROM spans s
                        JOIN everyone e ON e.article_id = s.article_id AND s.d = e.n)
SELECT q.id, q.article_id, q.start, q."end", n.name, q.kind, sp.name, q.stance, cl.text, s.extra
FROM chosen s
JOIN json_each(s.ids) j
JOIN quotes q ON q.id = j.value
JOIN annotators n ON n.id = q.annotator_id
LEFT JOIN speakers sp ON sp.id = q.speaker_id
LEFT JOIN claims cl ON cl.id = q.claim_id
ORDER BY q.article_id, q.start, q."end", n.name, q.id
"""


def unanimous_candidates(project: Project, gold: str) -> tuple[dict[int, list[Quote]], set[int], set[int]]:
    """Quotes on spans every annotator of their article marked (gold aside), by article, in text order; the
    articles where one annotator marked such a span twice; and the articles holding gold quotes.

    Only such spans can hold a unanimous group (its members share one span), so this is all an
    accept-unanimous step needs to look at in articles of the first kind that are not in the other two.
    """
    conn = project.db.conn
    row = conn.execute("SELECT id FROM annotators WHERE name = ?", (gold,)).fetchone()
    gold_id = row[0] if row else None
    candidates = conn.execute(_CANDIDATES, {"gold": gold_id}).fetchall()
    ids = sorted({r[0] for r in candidates})
    topics: dict[int, tuple[str, ...]] = {}
    for k in range(0, len(ids), 500):
        chunk = ids[k : k + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = conn.execute(
            f"SELECT quote_id, group_concat(topic, char(31)) FROM (SELECT quote_id, topic FROM quote_topics "
            f"WHERE quote_id IN ({marks}) ORDER BY quote_id, topic) GROUP BY quote_id",
            chunk,
        )
        topics.update((quote_id, tuple(names.split(TOPIC_SEPARATOR))) for quote_id, names in rows)
    by_article: dict[int, list[Quote]] = {}
    doubled: set[int] = set()
    for quote_id, article_id, start, end, annotator, kind, speaker, stance, claim, extra in candidates:
        by_article.setdefault(article_id, []).append(
            Quote(quote_id, article_id, start, end, annotator, kind, speaker, None, None, stance, claim,
                  topics.get(quote_id, ())))
        if extra:
            doubled.add(article_id)
    with_gold = set() if gold_id is None else {
        r[0] for r in conn.execute("SELECT DISTINCT article_id FROM quotes WHERE annotator_id = ?", (gold_id,))}
    return by_article, doubled, with_gold
