"""Classifiers trained on the project's quotes, stored in the project file."""

from __future__ import annotations

import json

from annotator.store.project import Project, now


def save_model(project: Project, name: str, pipeline: str, examples: int, labels: list[str], data: bytes, config: str) -> None:
    """Store (replacing) a trained model with its spaCy config."""
    with project.atomic() as db:
        db.conn.execute(
            "INSERT OR REPLACE INTO models (name, pipeline, trained_at, examples, labels, data) VALUES (?, ?, ?, ?, ?, ?)",
            (name, pipeline, now(), examples, json.dumps({"labels": labels, "config": config}), data),
        )


def load_model(project: Project, name: str) -> dict | None:
    """A stored model as a dict (name, trained_at, examples, labels, config, data), or None."""
    row = project.db.conn.execute(
        "SELECT name, pipeline, trained_at, examples, labels, data FROM models WHERE name = ?", (name,)
    ).fetchone()
    if row is None:
        return None
    extra = json.loads(row[4])
    return {"name": row[0], "pipeline": row[1], "trained_at": row[2], "examples": row[3],
            "labels": extra["labels"], "config": extra["config"], "data": row[5]}


def model_summaries(project: Project) -> list[tuple[str, str, int]]:
    """(name, trained_at, examples) of every stored model."""
    return project.db.conn.execute("SELECT name, trained_at, examples FROM models ORDER BY name").fetchall()
