"""Edit a project's guidelines (not undoable: like the label scheme, they are project settings)."""

from __future__ import annotations

from annotator.core.model import KINDS
from annotator.store import guidelines as guideline_store
from annotator.store import labels
from annotator.store.project import Project


def save_guidelines_document(project: Project, text: str) -> None:
    """Replace the project's guidelines document (Markdown)."""
    guideline_store.set_guidelines_document(project, text)


def save_label_guide(project: Project, section: str, name: str, description: str, examples: tuple[str, ...]) -> None:
    """Replace one label's description and examples.

    Parameters
    ----------
    project: the open project.
    section: "stances", "topics" or "kinds".
    name: the label's name; it must be in the project's scheme (or be a quote kind).

    Raises
    ------
    ValueError: no such label; nothing is written.
    """
    scheme = labels.scheme(project)
    known = KINDS if section == "kinds" else [label.name for label in getattr(scheme, section, ())]
    if name not in known:
        raise ValueError(f"{section}: no label '{name}' in the project's scheme")
    guideline_store.set_label_guide(project, section, name, description, tuple(examples))
