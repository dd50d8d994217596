"""The project's label scheme: stances and topics with colours, keys and keywords."""

from __future__ import annotations

import json

from annotator.core.model import Label, LabelScheme
from annotator.store.project import Project


def scheme(project: Project) -> LabelScheme:
    """The scheme stored in the project."""
    conn = project.db.conn
    stances = tuple(
        Label(name, colour, key) for name, colour, key in conn.execute(
            "SELECT name, colour, key FROM stances ORDER BY position, name"
        )
    )
    topics = tuple(
        Label(name, colour, key, tuple(json.loads(keywords)))
        for name, colour, key, keywords in conn.execute(
            "SELECT name, colour, key, keywords FROM topics ORDER BY position, name"
        )
    )
    return LabelScheme(name=project.get_setting("scheme", "") or "", stances=stances, topics=topics)


def apply_scheme(project: Project, new: LabelScheme) -> None:
    """Add or update the scheme's labels; labels in use but absent from it are kept."""
    with project.atomic() as db:
        conn = db.conn
        for position, label in enumerate(new.stances):
            conn.execute(
                "INSERT INTO stances (name, colour, key, position) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE "
                "SET colour = excluded.colour, key = excluded.key, position = excluded.position",
                (label.name, label.colour, label.key, position),
            )
        for position, label in enumerate(new.topics):
            conn.execute(
                "INSERT INTO topics (name, colour, key, keywords, position) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET colour = excluded.colour, key = excluded.key, "
                "keywords = excluded.keywords, position = excluded.position",
                (label.name, label.colour, label.key, json.dumps(list(label.keywords)), position),
            )
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('scheme', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (new.name,),
        )


def ensure_stance(project: Project, name: str) -> bool:
    """Add a stance the scheme lacks (grey, no key, last); True if it was added."""
    with project.atomic() as db:
        cursor = db.conn.execute(
            "INSERT OR IGNORE INTO stances (name, position) VALUES (?, (SELECT coalesce(max(position), 0) + 1 "
            "FROM stances))",
            (name,),
        )
        return cursor.rowcount == 1


def ensure_topic(project: Project, name: str) -> bool:
    """Add a topic the scheme lacks (grey, no key, last); True if it was added."""
    with project.atomic() as db:
        cursor = db.conn.execute(
            "INSERT OR IGNORE INTO topics (name, position) VALUES (?, (SELECT coalesce(max(position), 0) + 1 "
            "FROM topics))",
            (name,),
        )
        return cursor.rowcount == 1
