"""Quotes: the annotations themselves, with topics, read and written as core Quote objects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from annotator.core.model import Quote
from annotator.store.project import Project, now
from annotator.store.registry import ensure_annotator, ensure_claim, ensure_speaker

_SELECT = """
SELECT q.id, q.article_id, q.start, q."end", n.name, q.kind, s.name,
       q.speaker_start, q.speaker_end, q.cue_start, q.cue_end, q.stance, c.text,
       (SELECT group_concat(topic, char(31)) FROM (SELECT topic FROM quote_topics t WHERE t.quote_id = q.id
         ORDER BY topic)),
       q.note, q.origin, q.created_at, q.updated_at
FROM quotes q
JOIN annotators n ON n.id = q.annotator_id
LEFT JOIN speakers s ON s.id = q.speaker_id
LEFT JOIN claims c ON c.id = q.claim_id
"""

TOPIC_SEPARATOR = "\x1f"

#: The first id no quote of the project has ever had: past AUTOINCREMENT's record of the highest id used
#: (migration 0011), so a quote given an id here never takes the id of a deleted one.
NEXT_QUOTE_ID = (
    "SELECT max(coalesce((SELECT seq FROM {schema}sqlite_sequence WHERE name = 'quotes'), 0), "
    "coalesce((SELECT max(id) FROM {schema}quotes), 0)) + 1"
)

# Column order of a raw quotes row, as snapshots store it (so undo restores ids exactly).
_ROW_COLUMNS = (
    "id", "article_id", "annotator_id", "start", "end", "kind", "speaker_id", "speaker_start", "speaker_end",
    "cue_start", "cue_end", "stance", "claim_id", "note", "origin", "created_at", "updated_at",
)
_QUOTED = ", ".join(f'"{c}"' for c in _ROW_COLUMNS)


def _span(a: int | None, b: int | None) -> tuple[int, int] | None:
    return None if a is None or b is None else (a, b)


def _to_quote(row: tuple) -> Quote:
    # Topics arrive joined by the unit separator (U+001F), which no label contains.
    return Quote(
        id=row[0], article_id=row[1], start=row[2], end=row[3], annotator=row[4], kind=row[5], speaker=row[6],
        speaker_span=_span(row[7], row[8]), cue_span=_span(row[9], row[10]), stance=row[11], claim=row[12],
        topics=tuple(row[13].split(TOPIC_SEPARATOR)) if row[13] else (), note=row[14], origin=row[15],
        created_at=row[16], updated_at=row[17],
    )


def _query(project: Project, where: str, params: Iterable[Any] = ()) -> list[Quote]:
    rows = project.db.conn.execute(f"{_SELECT} {where}", tuple(params)).fetchall()
    return [_to_quote(row) for row in rows]


def insert_quote(project: Project, quote: Quote) -> int:
    """Store a quote (annotator, speaker and claim created by name when new); returns its id."""
    stamp = now()
    with project.atomic() as db:
        annotator_id = ensure_annotator(project, quote.annotator)
        speaker_id = ensure_speaker(project, quote.speaker) if quote.speaker else None
        claim_id = ensure_claim(project, quote.claim) if quote.claim else None
        sp = quote.speaker_span or (None, None)
        cue = quote.cue_span or (None, None)
        cursor = db.conn.execute(
            'INSERT INTO quotes (id, article_id, annotator_id, start, "end", kind, speaker_id, speaker_start, '
            "speaker_end, cue_start, cue_end, stance, claim_id, note, origin, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                quote.id, quote.article_id, annotator_id, quote.start, quote.end, quote.kind, speaker_id, sp[0], sp[1],
                cue[0], cue[1], quote.stance, claim_id, quote.note, quote.origin,
                quote.created_at or stamp, quote.updated_at or stamp,
            ),
        )
        quote_id = cursor.lastrowid
        db.conn.executemany(
            "INSERT INTO quote_topics (quote_id, topic) VALUES (?, ?)", [(quote_id, t) for t in sorted(set(quote.topics))]
        )
        return quote_id


def insert_quotes(project: Project, quotes: Sequence[Quote]) -> list[dict]:
    """Store many quotes in one transaction (names created as needed); returns each one's snapshot, as
    ``snapshot_quote`` would read it back, in order. Quotes without an id take the next free ones.

    One statement per table instead of several per quote: accepting 5,000 unanimous quotes into gold
    spent most of its time on per-quote statements.
    """
    stamp = now()
    with project.atomic() as db:
        names: dict[tuple[str, str], int] = {}

        def known(kind: str, name: str, ensure) -> int:
            found = names.get((kind, name))
            if found is None:
                found = names[kind, name] = ensure(project, name)
            return found

        next_id = db.conn.execute(NEXT_QUOTE_ID.format(schema="")).fetchone()[0]
        snapshots = []
        for quote in quotes:
            if quote.id is None:
                quote_id, next_id = next_id, next_id + 1
            else:
                quote_id = quote.id
            sp = quote.speaker_span or (None, None)
            cue = quote.cue_span or (None, None)
            row = (
                quote_id, quote.article_id, known("annotator", quote.annotator, ensure_annotator), quote.start,
                quote.end, quote.kind, known("speaker", quote.speaker, ensure_speaker) if quote.speaker else None,
                sp[0], sp[1], cue[0], cue[1], quote.stance,
                known("claim", quote.claim, ensure_claim) if quote.claim else None, quote.note, quote.origin,
                quote.created_at or stamp, quote.updated_at or stamp,
            )
            snapshots.append({"row": row, "topics": sorted(set(quote.topics))})
        placeholders = ", ".join("?" for _ in _ROW_COLUMNS)
        db.conn.executemany(f"INSERT INTO quotes ({_QUOTED}) VALUES ({placeholders})", [s["row"] for s in snapshots])
        db.conn.executemany("INSERT INTO quote_topics (quote_id, topic) VALUES (?, ?)",
                            [(s["row"][0], topic) for s in snapshots for topic in s["topics"]])
        return snapshots


def get_quote(project: Project, quote_id: int) -> Quote:
    """One quote; KeyError if there is none."""
    found = _query(project, "WHERE q.id = ?", (quote_id,))
    if not found:
        raise KeyError(f"no quote {quote_id}")
    return found[0]


def quotes_for_article(project: Project, article_id: int, annotator: str | None = None) -> list[Quote]:
    """The quotes of one article, by start offset; all annotators unless one is named."""
    if annotator is None:
        return _query(project, 'WHERE q.article_id = ? ORDER BY q.start, q."end", q.id', (article_id,))
    return _query(
        project, 'WHERE q.article_id = ? AND n.name = ? ORDER BY q.start, q."end", q.id', (article_id, annotator)
    )


def all_quotes(project: Project, annotator: str | None = None) -> list[Quote]:
    """Every quote of the project (of one annotator if named), by article then offset."""
    if annotator is None:
        return _query(project, 'ORDER BY q.article_id, n.name, q.start, q."end", q.id')
    return _query(project, 'WHERE n.name = ? ORDER BY q.article_id, q.start, q."end", q.id', (annotator,))


def quotes_with_claims(project: Project) -> list[Quote]:
    """Every quote that has a claim, for the claims board."""
    return _query(project, "WHERE q.claim_id IS NOT NULL ORDER BY c.text, q.stance, s.name, q.article_id, q.start")


def quote_counts(project: Project) -> dict[str, int]:
    """How many quotes each annotator has."""
    rows = project.db.conn.execute(
        "SELECT n.name, count(q.id) FROM annotators n JOIN quotes q ON q.annotator_id = n.id GROUP BY n.name"
    )
    return dict(rows.fetchall())


def has_quotes_by(project: Project, annotator: str) -> bool:
    """Whether ``annotator`` has any quote, found through the article index without counting them."""
    conn = project.db.conn
    row = conn.execute("SELECT id FROM annotators WHERE name = ?", (annotator,)).fetchone()
    if row is None:
        return False
    # One probe of the (article, annotator) index per article: a scan of every quote for the usual answer
    # "none yet" would cost as much as counting them.
    found = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM articles a WHERE EXISTS "
        "(SELECT 1 FROM quotes q WHERE q.article_id = a.id AND q.annotator_id = ?))",
        (row[0],),
    ).fetchone()
    return bool(found[0])


def snapshot_quote(project: Project, quote_id: int) -> dict:
    """The raw rows of a quote (its row and topics), enough to bring it back with the same id."""
    conn = project.db.conn
    row = conn.execute(f"SELECT {_QUOTED} FROM quotes WHERE id = ?", (quote_id,)).fetchone()
    if row is None:
        raise KeyError(f"no quote {quote_id}")
    topics = [r[0] for r in conn.execute("SELECT topic FROM quote_topics WHERE quote_id = ? ORDER BY topic", (quote_id,))]
    return {"row": row, "topics": topics}


def restore_quote(project: Project, snapshot: dict) -> int:
    """Insert a quote exactly as snapshot_quote saw it."""
    placeholders = ", ".join("?" for _ in _ROW_COLUMNS)
    with project.atomic() as db:
        db.conn.execute(f"INSERT INTO quotes ({_QUOTED}) VALUES ({placeholders})", snapshot["row"])
        quote_id = snapshot["row"][0]
        db.conn.executemany(
            "INSERT INTO quote_topics (quote_id, topic) VALUES (?, ?)", [(quote_id, t) for t in snapshot["topics"]]
        )
        return quote_id


def delete_quote(project: Project, quote_id: int) -> None:
    """Remove a quote and its topics."""
    with project.atomic() as db:
        db.conn.execute("DELETE FROM quotes WHERE id = ?", (quote_id,))


def update_quote(project: Project, quote_id: int, **changes: Any) -> Quote:
    """Change some fields of a quote; names (speaker, claim) are resolved, created when new.

    Parameters
    ----------
    changes: any of start, end, kind, speaker, speaker_span, cue_span, stance, claim, topics, note, origin.
    """
    current = get_quote(project, quote_id)
    updated = replace(current, **changes)
    columns: dict[str, Any] = {}
    with project.atomic() as db:
        for name in changes:
            if name in ("start", "end", "kind", "stance", "note", "origin"):
                columns[name] = getattr(updated, name)
            elif name == "speaker":
                columns["speaker_id"] = ensure_speaker(project, updated.speaker) if updated.speaker else None
            elif name == "claim":
                columns["claim_id"] = ensure_claim(project, updated.claim) if updated.claim else None
            elif name in ("speaker_span", "cue_span"):
                prefix = name.split("_")[0]
                span = getattr(updated, name) or (None, None)
                columns[f"{prefix}_start"], columns[f"{prefix}_end"] = span
            elif name == "topics":
                db.conn.execute("DELETE FROM quote_topics WHERE quote_id = ?", (quote_id,))
                db.conn.executemany(
                    "INSERT INTO quote_topics (quote_id, topic) VALUES (?, ?)",
                    [(quote_id, t) for t in sorted(set(updated.topics))],
                )
            else:
                raise ValueError(f"quotes have no field '{name}'")
        columns["updated_at"] = now()
        assignments = ", ".join(f'"{name}" = ?' for name in columns)
        db.conn.execute(f"UPDATE quotes SET {assignments} WHERE id = ?", (*columns.values(), quote_id))
    return get_quote(project, quote_id)


def overwrite_quote(project: Project, snapshot: dict) -> None:
    """Put a quote's row and topics back exactly as a snapshot holds them (undo of an edit)."""
    row = dict(zip(_ROW_COLUMNS, snapshot["row"], strict=False))
    quote_id = row.pop("id")
    assignments = ", ".join(f'"{name}" = ?' for name in row)
    with project.atomic() as db:
        db.conn.execute(f"UPDATE quotes SET {assignments} WHERE id = ?", (*row.values(), quote_id))
        db.conn.execute("DELETE FROM quote_topics WHERE quote_id = ?", (quote_id,))
        db.conn.executemany(
            "INSERT INTO quote_topics (quote_id, topic) VALUES (?, ?)", [(quote_id, t) for t in snapshot["topics"]]
        )
