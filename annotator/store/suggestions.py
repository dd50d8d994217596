"""Cached suggestions per article and pipeline version, and the annotators' decisions on them."""

from __future__ import annotations

import json

from annotator.core.model import Suggestion
from annotator.store.project import Project, now


def has_suggestions(project: Project, article_id: int, pipeline: str) -> bool:
    """Whether suggestions for this article and pipeline version are cached."""
    row = project.db.conn.execute(
        "SELECT 1 FROM suggestion_runs WHERE article_id = ? AND pipeline = ?", (article_id, pipeline)
    ).fetchone()
    return row is not None


def store_suggestions(project: Project, article_id: int, pipeline: str, suggestions: list[Suggestion]) -> None:
    """Replace the cached suggestions of one article for one pipeline version."""
    rows = [
        (
            article_id, pipeline, s.start, s.end, s.kind, s.speaker,
            *(s.speaker_span or (None, None)), *(s.cue_span or (None, None)), json.dumps(list(s.topics)), s.score,
            s.stance,
        )
        for s in suggestions
    ]
    with project.atomic() as db:
        conn = db.conn
        conn.execute("DELETE FROM suggestions WHERE article_id = ? AND pipeline = ?", (article_id, pipeline))
        conn.executemany(
            'INSERT OR IGNORE INTO suggestions (article_id, pipeline, start, "end", kind, speaker, speaker_start, '
            "speaker_end, cue_start, cue_end, topics, score, stance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute(
            "INSERT INTO suggestion_runs (article_id, pipeline, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT(article_id, pipeline) DO UPDATE SET created_at = excluded.created_at",
            (article_id, pipeline, now()),
        )


def _span(a: int | None, b: int | None) -> tuple[int, int] | None:
    return None if a is None or b is None else (a, b)


def cached_suggestions(project: Project, article_id: int, pipeline: str) -> list[Suggestion]:
    """Every cached suggestion of an article, decided or not, by offset."""
    rows = project.db.conn.execute(
        'SELECT start, "end", kind, speaker, speaker_start, speaker_end, cue_start, cue_end, topics, score, stance '
        'FROM suggestions WHERE article_id = ? AND pipeline = ? ORDER BY start, "end"',
        (article_id, pipeline),
    )
    return [
        Suggestion(r[0], r[1], r[2], r[3], _span(r[4], r[5]), _span(r[6], r[7]), tuple(json.loads(r[8])), r[9], r[10])
        for r in rows
    ]


def decided_spans(project: Project, article_id: int, annotator_id: int) -> dict[tuple[int, int], str]:
    """Spans an annotator already accepted or rejected in this article."""
    rows = project.db.conn.execute(
        'SELECT start, "end", decision FROM suggestion_decisions WHERE article_id = ? AND annotator_id = ?',
        (article_id, annotator_id),
    )
    return {(s, e): d for s, e, d in rows}


def record_decision(
    project: Project, article_id: int, annotator_id: int, span: tuple[int, int], decision: str, quote_id: int | None
) -> None:
    """Remember that a suggested span was accepted or rejected."""
    with project.atomic() as db:
        db.conn.execute(
            'INSERT INTO suggestion_decisions (article_id, annotator_id, start, "end", decision, quote_id, decided_at) '
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article_id, annotator_id, start, \"end\") DO UPDATE SET "
            "decision = excluded.decision, quote_id = excluded.quote_id, decided_at = excluded.decided_at",
            (article_id, annotator_id, span[0], span[1], decision, quote_id, now()),
        )


def forget_decision(project: Project, article_id: int, annotator_id: int, span: tuple[int, int]) -> None:
    """Drop a decision (undo of accept or reject)."""
    with project.atomic() as db:
        db.conn.execute(
            'DELETE FROM suggestion_decisions WHERE article_id = ? AND annotator_id = ? AND start = ? AND "end" = ?',
            (article_id, annotator_id, span[0], span[1]),
        )


def suggestion_count(project: Project) -> int:
    """How many suggestions are cached, all pipelines together."""
    return project.db.conn.execute("SELECT count(*) FROM suggestions").fetchone()[0]
