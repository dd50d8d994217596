"""Open or create a project with its label scheme in place."""

from __future__ import annotations

from pathlib import Path

from annotator.core.scheme import load_scheme
from annotator.paths import default_scheme_path
from annotator.store import labels
from annotator.store.project import Project


def open_project(path: str | Path | None = None, *, memory: bool = False, scheme_path: Path | None = None) -> Project:
    """Open (creating and migrating as needed) a project; a new one gets the default label scheme."""
    project = Project.memory() if memory else Project(path)
    if scheme_path is not None or not labels.scheme(project).stances:
        labels.apply_scheme(project, load_scheme(scheme_path or default_scheme_path()))
    return project
