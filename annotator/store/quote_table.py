"""Every quote of a project as plain rows, for bulk reads such as an export.

Building a Quote per row costs more than writing it out, and so do the names behind its ids: a row
carries the ids, and the small tables they point to come alongside, read once.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.store.project import Project
from annotator.store.quotes import TOPIC_SEPARATOR

# Columns of QuoteTable.rows, in order.
QUOTE_ROW = (
    "article_id", "annotator_id", "id", "start", "end", "kind", "speaker_id", "speaker_start", "speaker_end",
    "cue_start", "cue_end", "stance", "claim_id", "note", "origin",
)

_ROWS = """
SELECT q.article_id, q.annotator_id, q.id, q.start, q."end", q.kind, q.speaker_id, q.speaker_start,
       q.speaker_end, q.cue_start, q.cue_end, q.stance, q.claim_id, q.note, q.origin
FROM quotes q JOIN annotators n ON n.id = q.annotator_id
"""
_ORDER = 'ORDER BY q.article_id, n.name, q.start, q."end", q.id'
# Topics in one grouped pass: a subquery per quote (as quotes._SELECT has) takes longer than all the rows.
_TOPICS = """
SELECT quote_id, group_concat(topic, char(31))
FROM (SELECT quote_id, topic FROM quote_topics ORDER BY quote_id, topic) GROUP BY quote_id
"""


@dataclass(frozen=True)
class QuoteTable:
    """Quotes as tuples of QUOTE_ROW, by article, annotator name, start, end and id; and what ids name."""

    rows: list[tuple]
    annotators: dict[int, str]
    speakers: dict[int, str]
    claims: dict[int, str]
    topics: dict[int, tuple[str, ...]]  # by quote id, sorted; a quote without topics is absent


def quote_table(project: Project, annotator: str | None = None) -> QuoteTable:
    """Every quote, or those of the annotator named, with the registry names and topics they use."""
    conn = project.db.conn
    if annotator is None:
        rows = conn.execute(f"{_ROWS} {_ORDER}").fetchall()
    else:
        rows = conn.execute(f"{_ROWS} WHERE n.name = ? {_ORDER}", (annotator,)).fetchall()
    joined = dict(conn.execute(_TOPICS))
    # Quotes share few topic combinations: split each once, and let its quotes share the tuple.
    split = {names: tuple(names.split(TOPIC_SEPARATOR)) for names in set(joined.values())}
    topics = {quote_id: split[names] for quote_id, names in joined.items()}
    return QuoteTable(
        rows,
        dict(conn.execute("SELECT id, name FROM annotators")),
        dict(conn.execute("SELECT id, name FROM speakers")),
        dict(conn.execute("SELECT id, text FROM claims")),
        topics,
    )
