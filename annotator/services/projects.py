"""Open or create a project with its label scheme in place."""

from __future__ import annotations

from pathlib import Path

from annotator.core.scheme import load_scheme
from annotator.paths import default_scheme_path
from annotator.store import labels
from annotator.store.project import Project, can_write


def open_project(
    path: str | Path | None = None,
    *,
    memory: bool = False,
    scheme_path: Path | None = None,
    read_only: bool = False,
    create: bool = True,
    private_copy: bool = False,
    fall_back_to_read_only: bool = False,
) -> Project:
    """Open (creating and migrating as needed) a project; a new one gets the default label scheme.

    Parameters
    ----------
    read_only: never write the file (read-only commands); a missing file is an error.
    create: make a new project when the file does not exist.
    private_copy: read the file into memory and write only there (commands that cache while reading).
    fall_back_to_read_only: open a file this process may not write read-only instead of failing (the window).
    """
    if memory:
        project = Project.memory()
    else:
        existing = Path(path).exists()
        if fall_back_to_read_only and existing and not can_write(path):
            read_only = True
        project = Project(path, read_only=read_only, create=create, private_copy=private_copy)
    if project.writable and (scheme_path is not None or not labels.scheme(project).stances):
        labels.apply_scheme(project, load_scheme(scheme_path or default_scheme_path()))
    return project
