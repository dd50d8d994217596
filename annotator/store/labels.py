"""The project's label scheme: stances and topics with colours, keys, keywords and guidelines."""

from __future__ import annotations

import json

from annotator.core.model import Label, LabelScheme
from annotator.store import guidelines
from annotator.store.project import Project


def scheme(project: Project) -> LabelScheme:
    """The scheme stored in the project."""
    conn = project.db.conn
    stances = tuple(
        Label(name, colour, key, description=description, examples=tuple(json.loads(examples)))
        for name, colour, key, description, examples in conn.execute(
            "SELECT name, colour, key, description, examples FROM stances ORDER BY position, name"
        )
    )
    topics = tuple(
        Label(name, colour, key, tuple(json.loads(keywords)), description, tuple(json.loads(examples)))
        for name, colour, key, keywords, description, examples in conn.execute(
            "SELECT name, colour, key, keywords, description, examples FROM topics ORDER BY position, name"
        )
    )
    return LabelScheme(name=project.get_setting("scheme", "") or "", stances=stances, topics=topics,
                       kinds=guidelines.kind_labels(project), guidelines=guidelines.guidelines_document(project))


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
        # A scheme file's guidelines replace the stored ones only where it gives some: a scheme without
        # descriptions must not wipe what the team wrote in the window.
        for section, group in (("stances", new.stances), ("topics", new.topics), ("kinds", new.kinds)):
            for label in group:
                if label.description or label.examples:
                    guidelines.set_label_guide(project, section, label.name, label.description, label.examples)
        if new.guidelines:
            guidelines.set_guidelines_document(project, new.guidelines)
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
