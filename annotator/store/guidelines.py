"""Annotation guidelines: each label's description and examples, and the project's guidelines document."""

from __future__ import annotations

import json

from annotator.core.model import Label
from annotator.store.project import Project

#: The settings key of the guidelines document (Markdown).
DOCUMENT_KEY = "guidelines"
_TABLES = {"stances": "stances", "topics": "topics", "kinds": "kind_guides"}


def label_guides(project: Project, section: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """(description, examples) of each label of a section (stances, topics or kinds), by name."""
    rows = project.db.conn.execute(f"SELECT name, description, examples FROM {_TABLES[section]}")
    return {name: (description, tuple(json.loads(examples))) for name, description, examples in rows}


def kind_labels(project: Project) -> tuple[Label, ...]:
    """The quote kinds that have a guideline, as labels carrying only description and examples."""
    guides = label_guides(project, "kinds")
    order = {"direct": 0, "indirect": 1, "mixed": 2}
    return tuple(
        Label(name, description=description, examples=examples)
        for name, (description, examples) in sorted(guides.items(), key=lambda item: order.get(item[0], 9))
    )


def set_label_guide(project: Project, section: str, name: str, description: str, examples: tuple[str, ...]) -> None:
    """Store one label's description and examples (a kind gets its row; a stance or topic must exist)."""
    with project.atomic() as db:
        if section == "kinds":
            db.conn.execute(
                "INSERT INTO kind_guides (name, description, examples) VALUES (?, ?, ?) ON CONFLICT(name) "
                "DO UPDATE SET description = excluded.description, examples = excluded.examples",
                (name, description, json.dumps(list(examples))),
            )
        else:
            db.conn.execute(
                f"UPDATE {_TABLES[section]} SET description = ?, examples = ? WHERE name = ?",
                (description, json.dumps(list(examples)), name),
            )


def guidelines_document(project: Project) -> str:
    """The project's guidelines document (Markdown), "" when it has none."""
    return project.get_setting(DOCUMENT_KEY, "") or ""


def set_guidelines_document(project: Project, text: str) -> None:
    """Replace the project's guidelines document."""
    with project.atomic():
        project.set_setting(DOCUMENT_KEY, text)
